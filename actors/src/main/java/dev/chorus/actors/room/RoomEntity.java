package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.media.MediaNode;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * One meeting (sharded by room id): who is connected and joined, which producers exist, and the room's router.
 * It tells joined peers to consume new producers and keeps everyone informed of arrivals, departures and renames.
 */
public final class RoomEntity {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Room");

    public sealed interface Command extends CborSerializable {
    }

    /** A peer's session opened: replies once the room's router exists. */
    public record Connect(String peerId, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record Join(String peerId, String displayName, JsonNode device, boolean consuming,
                       ActorRef<StatusReply<JoinResult>> replyTo) implements Command {
    }

    public record Leave(String peerId) implements Command {
    }

    public record ProducerAdded(String peerId, String producerId, String kind, JsonNode appData) implements Command {
    }

    public record ProducerRemoved(String peerId, String producerId) implements Command {
    }

    public record ChangeDisplayName(String peerId, String displayName) implements Command {
    }

    public record GetInfo(ActorRef<RoomInfo> replyTo) implements Command {
    }

    record RouterResult(boolean created, String error) implements Command {
    }

    /** Timer: passivate if the room is still empty. */
    record PassivateIfEmpty() implements Command {
    }

    /** The other joined peers, and the producers this peer should consume. */
    public record JoinResult(List<PeerSummary> peers, List<ProducerSummary> producers) implements CborSerializable {
    }

    public record PeerSummary(String id, String displayName, JsonNode device) implements CborSerializable {
    }

    public record ProducerSummary(String producerId, String peerId, String kind, JsonNode appData)
            implements CborSerializable {
    }

    public record RoomInfo(String roomId, List<PeerSummary> peers, List<ProducerSummary> producers, boolean routerReady)
            implements CborSerializable {
    }

    private RoomEntity() {
    }

    public static void init(ActorSystem<?> system, ActorRef<MediaNode.Command> mediaNode, Duration askTimeout) {
        // No idle passivation: a room lives while it has members (a call may go quiet for hours) and
        // passivates itself when the last one leaves.
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                        ctx -> create(ctx.getEntityId(), ctx.getShard(), mediaNode, askTimeout))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    }

    public static Behavior<Command> create(String roomId,
                                           ActorRef<ClusterSharding.ShardCommand> shard,
                                           ActorRef<MediaNode.Command> mediaNode, Duration askTimeout) {
        return RoomBehavior.create(roomId, shard, mediaNode, askTimeout);
    }
}
