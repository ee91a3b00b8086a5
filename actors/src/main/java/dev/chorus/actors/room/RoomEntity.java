package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.placement.LoadQuery;
import dev.chorus.media.speaker.LevelSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * One meeting (sharded by room id): who is connected and joined, on which node each peer's media lives
 * (placement), the room's router on each of those nodes, and which producers exist. It tells joined peers to
 * consume new producers and keeps everyone informed of arrivals, departures, renames and who is speaking.
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
     * rebuilt its media after a reconnect); it is already a member, so nobody is told it arrived. {@code node}: the
     * node holding the peer's media (null: as placed); {@code remoteAddress}: where its signaling came from.
     */
    public record Join(String peerId, String displayName, JsonNode device, boolean consuming,
                       ActorRef<StatusReply<JoinResult>> replyTo, boolean rejoin, NodeRef node,
                       String remoteAddress) implements Command {
        public Join(String peerId, String displayName, JsonNode device, boolean consuming,
                    ActorRef<StatusReply<JoinResult>> replyTo) {
            this(peerId, displayName, device, consuming, replyTo, false, null, null);
        }
    }

    /** The peer is gone (its session ended), for {@code reason}. */
    public record Leave(String peerId, RoomEvent.LeaveReason reason) implements Command {
        public Leave(String peerId) {
            this(peerId, RoomEvent.LeaveReason.LEFT);
        }
    }

    /** Operator: open the room with these settings (CONFLICT if it is open already). */
    public record Create(RoomSettings settings, ActorRef<AdminResult> replyTo) implements Command {
    }

    /** Operator: change the open room's settings (NOT_FOUND if it is not open). */
    public record UpdateSettings(RoomSettings settings, ActorRef<AdminResult> replyTo) implements Command {
    }

    /** Operator: close the room: every peer is told and leaves, the media is torn down, {@code RoomClosed} recorded. */
    public record Close(ActorRef<AdminResult> replyTo) implements Command {
    }

    /**
     * Operator or host: remove one joined peer (its session is closed with {@code message}, default "removed by an
     * operator"; it leaves with reason KICKED).
     */
    public record Kick(String peerId, ActorRef<AdminResult> replyTo, String message) implements Command {
        public Kick(String peerId, ActorRef<AdminResult> replyTo) {
            this(peerId, replyTo, null);
        }
    }

    /** The answer to an operator command, with the room as it is afterwards ({@code room} null if not found). */
    public record AdminResult(Outcome outcome, String message, RoomInfo room) implements CborSerializable {
        public enum Outcome { OK, NOT_FOUND, CONFLICT }
    }

    /** From a peer asked after the room recovered: whether it still considers itself joined. */
    public record MembershipChecked(String peerId, boolean joined, boolean consuming) implements Command {
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

    /**
     * Audio-level summaries of the room's audio producers whose media enters one node, by producer id: sent by that
     * node's {@code MediaNode} every ~200 ms while any producer there has something to report. Feeds the room's
     * active-speaker detection; never journaled.
     */
    public record AudioLevels(Map<String, LevelSummary> levels) implements Command {
        public AudioLevels {
            levels = levels == null ? Map.of() : Map.copyOf(levels);
        }
    }

    /** Timer: evaluate the active speaker (runs only while levels arrive or a speaker is still on the floor). */
    record EvaluateSpeakers() implements Command {
    }

    record RouterResult(String nodeId, boolean created, String error) implements Command {
    }

    /** A cluster member was removed (crashed and downed, or left): its node id. */
    record NodeRemoved(String nodeId) implements Command {
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

    /**
     * The other joined peers, the producers this peer should consume, whether the room's settings let it publish,
     * and its last-N selection as of the join (null: not known; it is also sent as a message, which may arrive
     * first), so that its first consumers already start in or out of the selection.
     */
    public record JoinResult(List<PeerSummary> peers, List<ProducerSummary> producers, boolean mayPublish,
                             PeerEntity.LastNSelection lastN)
            implements CborSerializable {
        public JoinResult(List<PeerSummary> peers, List<ProducerSummary> producers) {
            this(peers, producers, true, null);
        }
    }

    public record PeerSummary(String id, String displayName, JsonNode device) implements CborSerializable {
    }

    public record ProducerSummary(String producerId, String peerId, String kind, JsonNode appData, String nodeId)
            implements CborSerializable {
    }

    /** A joined member and the node its media is placed on. */
    public record MemberInfo(String id, String displayName, JsonNode device, String nodeId, String remoteAddress,
                             java.time.Instant joinedAt) implements CborSerializable {

        public PeerSummary summary() {
            return new PeerSummary(id, displayName, device);
        }
    }

    /**
     * Joined peers, producers, and the nodes where the room has a router; whether the room is open, its settings,
     * who created it ({@code api} or {@code client}) and when.
     */
    public record RoomInfo(String roomId, List<MemberInfo> peers, List<ProducerSummary> producers,
                           List<String> routerNodes, boolean open, RoomSettings settings, String createdBy,
                           java.time.Instant openedAt) implements CborSerializable {

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
        // passivates itself when the last one leaves. Remembered, so a room of a lost node restarts elsewhere at
        // once and finds out which of its members are still there.
        int snapshotEvery = system.settings().config().getInt("chorus.room.snapshot-every");
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                        ctx -> RoomBehavior.create(ctx.getEntityId(), ctx.getShard(), askTimeout, capacity,
                                snapshotEvery))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()
                        .withRememberEntities(true)));
    }

    /** The persistence id of a room's journal: {@code Room|<roomId>}. */
    public static PersistenceId persistenceId(String roomId) {
        return PersistenceId.of(TYPE_KEY.name(), roomId);
    }
}
