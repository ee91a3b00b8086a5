package dev.chorus.actors.state;

import dev.chorus.actors.media.MediaNode;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Whether a node is still a cluster member (not down, not removed), for entities that continue from saved state
 * after a node loss and must find out which of the nodes they knew are gone.
 */
public final class Liveness {
    private Liveness() {
    }

    public static boolean alive(ActorSystem<?> system, String nodeId) {
        for (var m : Cluster.get(system).state().getMembers()) {
            if (MediaNode.nodeId(m.address()).equals(nodeId) && m.status() != MemberStatus.down()
                    && m.status() != MemberStatus.removed()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the node of {@code address} is alive; a local address (no host) is this node. */
    public static boolean alive(ActorSystem<?> system, Address address) {
        return address.host().isEmpty() || alive(system, MediaNode.nodeId(address));
    }
}
