package dev.chorus.actors;

import dev.chorus.actors.media.MediaEventRelay;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.media.api.MediaPlane;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The node's root actor: spawns the MediaNode (offered to placement when the node has the {@code media} role, or
 * no roles at all), initialises sharding of rooms, peers, producers and consumers, and (when no seed nodes are
 * configured) joins a cluster of its own. Only wiring lives here.
 */
public final class ChorusGuardian {
    /** Asks the guardian for the MediaNode once it exists. */
    public record GetMediaNode(ActorRef<ActorRef<MediaNode.Command>> replyTo) {
    }

    private ChorusGuardian() {
    }

    /** A node takes media if it has the {@code media} role, or no roles of its own (Pekko adds {@code dc-*}). */
    public static boolean takesMedia(Cluster cluster) {
        var roles = cluster.selfMember().getRoles();
        return roles.contains("media") || roles.stream().allMatch(r -> r.startsWith("dc-"));
    }

    public static Behavior<GetMediaNode> create(MediaPlane media, MediaEventRelay relay, Duration askTimeout,
                                                boolean selfJoin) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            if (selfJoin) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            ActorRef<MediaNode.Command> mediaNode = ctx.spawn(MediaNode.create(media, takesMedia(cluster)),
                    "media-node");
            int capacity = ctx.getSystem().settings().config().getInt("chorus.cluster.capacity");
            RoomEntity.init(ctx.getSystem(), askTimeout, capacity);
            PeerEntity.init(ctx.getSystem(), askTimeout);
            ProducerEntity.init(ctx.getSystem(), askTimeout);
            ConsumerEntity.init(ctx.getSystem());
            relay.bind(ClusterSharding.get(ctx.getSystem()));
            return Behaviors.receive(GetMediaNode.class)
                    .onMessage(GetMediaNode.class, m -> {
                        m.replyTo().tell(mediaNode);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
