package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.placement.LoadQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.chorus.actors.state.EntityStateStore;
import dev.chorus.actors.state.ReplicatedEntity;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * One meeting (sharded by room id): who is connected and joined, on which node each peer's media lives
 * (placement), the room's router on each of those nodes, and which producers exist. It tells joined peers to
 * consume new producers and keeps everyone informed of arrivals, departures and renames.
 */
public final class RoomEntity {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Room");

    public sealed interface Command extends CborSerializable {
    }

    /**
     * A peer's session opened: replies with the node that holds (or will hold) the peer's media, once the room's
     * router exists there. A peer that is already placed keeps its node.
     */
    public record Connect(String peerId, ActorRef<StatusReply<Placed>> replyTo) implements Command {
    }

    public record Placed(NodeRef node) implements CborSerializable {
    }

    /**
     * {@code rejoin}: a peer that resumed its session joins again from scratch (a reloaded page, or a client that
     * rebuilt its media after a reconnect); it is already a member, so nobody is told it arrived.
     */
    public record Join(String peerId, String displayName, JsonNode device, boolean consuming,
                       ActorRef<StatusReply<JoinResult>> replyTo, boolean rejoin) implements Command {
        public Join(String peerId, String displayName, JsonNode device, boolean consuming,
                    ActorRef<StatusReply<JoinResult>> replyTo) {
            this(peerId, displayName, device, consuming, replyTo, false);
        }
    }

    public record Leave(String peerId) implements Command {
    }

    public record ProducerAdded(String peerId, String producerId, String kind, JsonNode appData, String nodeId)
            implements Command {
    }

    public record ProducerRemoved(String peerId, String producerId) implements Command {
    }

    public record ChangeDisplayName(String peerId, String displayName) implements Command {
    }

    public record GetInfo(ActorRef<RoomInfo> replyTo) implements Command {
    }

    record RouterResult(String nodeId, boolean created, String error) implements Command {
    }

    /** A cluster member was removed (crashed and downed, or left): its node id. */
    record NodeRemoved(String nodeId) implements Command {
    }

    /** The saved state was loaded (null: none). Local. */
    record Loaded(State state) implements Command {
    }

    /** The replicated state (see {@code EntityStateStore}): members, producers, placements, ready routers. */
    public record State(Map<String, MemberState> members, Map<String, ProducerSummary> producers,
                        Map<String, NodeRef> placements, Map<String, NodeRef> routers) implements CborSerializable {
    }

    public record MemberState(String displayName, JsonNode device, boolean joined, boolean consuming)
            implements CborSerializable {
    }

    /** Timer: ask the nodes again (none answered yet, e.g. while the cluster starts). */
    record RetryPlacement() implements Command {
    }

    /** The loads of the media nodes, for the placement at the head of the queue. */
    record LoadsCollected(LoadQuery.Loads loads) implements Command {
    }

    /** Timer: passivate if the room is still empty. */
    record PassivateIfEmpty() implements Command {
    }

    /** The other joined peers, and the producers this peer should consume. */
    public record JoinResult(List<PeerSummary> peers, List<ProducerSummary> producers) implements CborSerializable {
    }

    public record PeerSummary(String id, String displayName, JsonNode device) implements CborSerializable {
    }

    public record ProducerSummary(String producerId, String peerId, String kind, JsonNode appData, String nodeId)
            implements CborSerializable {
    }

    /** A joined member and the node its media is placed on. */
    public record MemberInfo(String id, String displayName, JsonNode device, String nodeId)
            implements CborSerializable {

        public PeerSummary summary() {
            return new PeerSummary(id, displayName, device);
        }
    }

    /** Joined peers, producers, and the nodes where the room has a router. */
    public record RoomInfo(String roomId, List<MemberInfo> peers, List<ProducerSummary> producers,
                           List<String> routerNodes) implements CborSerializable {

        public boolean routerReady() {
            return !routerNodes.isEmpty();
        }
    }

    private RoomEntity() {
    }

    /**
     * @param capacity the target number of peers per node ({@code chorus.cluster.capacity}), see Placement
     */
    public static void init(ActorSystem<?> system, Duration askTimeout, int capacity) {
        // No idle passivation: a room lives while it has members (a call may go quiet for hours) and
        // passivates itself when the last one leaves.
        EntityStateStore<State> store = new EntityStateStore<>(system, "room", State.class);
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                        ctx -> create(ctx.getEntityId(), ctx.getShard(), askTimeout, capacity, store))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()
                        .withRememberEntities(true)));
    }

    public static Behavior<Command> create(String roomId, ActorRef<ClusterSharding.ShardCommand> shard,
                                           Duration askTimeout, int capacity, EntityStateStore<State> store) {
        return Behaviors.setup(ctx -> ReplicatedEntity.create(Command.class, store, roomId,
                s -> new Loaded(s.orElse(null)),
                c -> c instanceof Loaded l ? Optional.ofNullable(l.state()) : null,
                (state, handle) -> RoomBehavior.create(roomId, shard, askTimeout, capacity, state.orElse(null),
                        handle),
                msg -> ClusterSharding.get(ctx.getSystem()).entityRefFor(TYPE_KEY, roomId).tell(msg), shard));
    }
}
