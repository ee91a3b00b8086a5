package dev.chorus.actors;

import dev.chorus.actors.media.MediaEventRelay;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.media.api.MediaPlane;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The node's root actor: spawns the MediaNode, initialises sharding of rooms and peers, and (when no seed nodes
 * are configured) joins a cluster of its own. Only wiring lives here.
 */
public final class ChorusGuardian {
    /** Asks the guardian for the MediaNode once it exists. */
    public record GetMediaNode(ActorRef<ActorRef<MediaNode.Command>> replyTo) {
    }

    private ChorusGuardian() {
    }

    public static Behavior<GetMediaNode> create(MediaPlane media, MediaEventRelay relay, Duration askTimeout,
                                                boolean selfJoin) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            if (selfJoin) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            ActorRef<MediaNode.Command> mediaNode = ctx.spawn(MediaNode.create(media), "media-node");
            RoomEntity.init(ctx.getSystem(), mediaNode, askTimeout);
            PeerEntity.init(ctx.getSystem(), mediaNode, askTimeout);
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
