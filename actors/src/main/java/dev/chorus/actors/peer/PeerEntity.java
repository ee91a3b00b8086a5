package dev.chorus.actors.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.state.EntityStateStore;
import dev.chorus.actors.state.ReplicatedEntity;
import dev.chorus.media.ortc.RtpCapabilities;
import java.util.Map;
import java.util.Optional;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One participant of one room (sharded by {@code roomId|peerId}): its signaling session, transports, producers and
 * consumers, and the mediasoup-demo room protocol it speaks with its client. Lives while its session does.
 */
public final class PeerEntity {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Peer");

    public sealed interface Command extends CborSerializable {
    }

    /**
     * A WebSocket for this peer opened; a previous session of the same peer is replaced. {@code grant}: what the
     * connection's join token allows (null: {@link PeerGrant#OPEN}); it replaces the peer's grant.
     */
    public record Attach(ActorRef<SessionOut> session, String remoteAddress, boolean legacyHint, PeerGrant grant)
            implements Command {
        public Attach {
            grant = grant == null ? PeerGrant.OPEN : grant;
        }

        public Attach(ActorRef<SessionOut> session, String remoteAddress, boolean legacyHint) {
            this(session, remoteAddress, legacyHint, PeerGrant.OPEN);
        }
    }

    /** A protoo request ({@code id >= 0}) or notification ({@code id < 0}) from the client. */
    public record FromClient(ActorRef<SessionOut> session, long id, String method, JsonNode data) implements Command {
    }

    /** The client's answer to a server request. */
    public record ClientAnswer(long token, boolean ok, JsonNode data, String reason) implements Command {
    }

    /**
     * The session's socket closed. {@code graceful}: the client said goodbye (a close frame), so the peer leaves at
     * once; otherwise the connection was lost and the peer waits out its grace period for a reconnect.
     */
    public record SessionClosed(ActorRef<SessionOut> session, boolean graceful) implements Command {
        public SessionClosed(ActorRef<SessionOut> session) {
            this(session, true);
        }
    }

    /** From the room: the node holding this peer's media is gone (the peer must reconnect and be re-placed). */
    public record MediaNodeLost(String nodeId) implements Command {
    }

    /** The replicated state (see {@code EntityStateStore}); in-flight steps are not part of it. */
    public record State(ActorRef<SessionOut> session, NodeRef node, boolean joined, String displayName,
                        RtpCapabilities rtpCapabilities, boolean legacy, Map<String, Boolean> transports,
                        Map<String, String> producers, Map<String, String> consumers, boolean away,
                        long sessionNumber, Map<String, Long> transportSession, Map<String, String> onTransport,
                        String remoteAddress, boolean mayPublish, LastNState lastN, PeerGrant grant)
            implements CborSerializable {
    }

    /** From a room that recovered: answer whether this peer is joined ({@code RoomEntity.MembershipChecked}). */
    public record CheckMembership(ActorRef<dev.chorus.actors.room.RoomEntity.Command> replyTo) implements Command {
    }

    /**
     * From the room: this peer must go (an operator removed it, or closed the room). Its session is closed (code
     * 4000: the client does not reconnect) and it leaves with {@code reason}.
     */
    public record Kick(dev.chorus.actors.room.RoomEvent.LeaveReason reason, String message) implements Command {
    }

    /**
     * From a host peer in the same room: close this peer's producer (the client is told with {@code producerClosed}).
     */
    public record CloseProducerByHost(String producerId, String hostPeerId) implements Command {
    }

    /** From the room: the room's settings now let this peer publish, or not (new producers are refused). */
    public record PublishRights(boolean mayPublish) implements Command {
    }

    /** The saved state was loaded (null: none). Local. */
    record Loaded(State state) implements Command {
    }

    /** Timer: the grace period of drop number {@code epoch} may be over. Local only. */
    record GraceExpired(int epoch) implements Command {
    }

    /** From the room: consume this producer (a new one, or one that existed when this peer joined). */
    public record ConsumeProducer(String producerId, String producerPeerId, String kind, JsonNode appData)
            implements Command {
    }

    /** From the room: this producer closed (a peer forgets it if it had not consumed it yet, see PeerLastN). */
    public record ProducerGone(String producerId) implements Command {
    }

    /**
     * From the room: last-N, the peers whose audio and whose video this peer receives (null: everyone's). Consumers
     * of other peers are paused server-side ({@code consumerPaused} to the client) until they are selected again.
     */
    public record LastNSelection(java.util.List<String> audio, java.util.List<String> video) implements Command {
    }

    /** From the room: forward a notification to the client. */
    public record NotifyClient(String method, JsonNode data) implements Command {
    }

    /** From the media plane (through {@code MediaEventRelay}). */
    public record TransportClosed(String transportId, String reason) implements Command {
    }

    public record ConsumerClosed(String consumerId, String reason) implements Command {
    }

    public record ConsumerProducerPaused(String consumerId, boolean paused) implements Command {
    }

    public record ProducerClosed(String producerId, String reason) implements Command {
    }

    /** The layers a simulcast consumer forwards changed (null layers: none). */
    public record ConsumerLayersChanged(String consumerId, Integer spatialLayer, Integer temporalLayer)
            implements Command {
    }

    /** A subscriber transport's downlink bandwidth changed significantly (bits per second). */
    public record DownlinkBwe(String transportId, long desiredBitrate, long effectiveDesiredBitrate,
                              long availableBitrate) implements Command {
    }

    /** Result of an asynchronous step (media plane, room or client); local only. */
    record Continue(long token, Object value, Throwable error) implements Command {
    }

    private PeerEntity() {
    }

    public static void init(ActorSystem<?> system, Duration askTimeout) {
        // No idle passivation: a peer in a call may send nothing for a long time. It stops when its session ends.
        Duration grace = system.settings().config().getDuration("chorus.peer.grace-period");
        EntityStateStore<State> store = new EntityStateStore<>(system, "peer", State.class);
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(TYPE_KEY, ctx -> ReplicatedEntity.create(Command.class, store, ctx.getEntityId(),
                        s -> new Loaded(s.orElse(null)),
                        c -> c instanceof Loaded l ? Optional.ofNullable(l.state()) : null,
                        (state, handle) -> PeerBehavior.create(ctx.getEntityId(), askTimeout, grace, ctx.getShard(),
                                state.orElse(null), handle),
                        msg -> sharding.entityRefFor(TYPE_KEY, ctx.getEntityId()).tell(msg), ctx.getShard()))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()
                        .withRememberEntities(true)));
    }

    /** A peer outside sharding (tests): no replicated state, stops when it ends. */
    public static Behavior<Command> create(String entityId, Duration askTimeout, Duration gracePeriod) {
        return PeerBehavior.create(entityId, askTimeout, gracePeriod, null, null, new ReplicatedEntity.Handle<>());
    }

    public static String entityId(String roomId, String peerId) {
        return enc(roomId) + "|" + enc(peerId);
    }

    static String roomOf(String entityId) {
        return URLDecoder.decode(entityId.substring(0, entityId.indexOf('|')), StandardCharsets.UTF_8);
    }

    static String peerOf(String entityId) {
        return URLDecoder.decode(entityId.substring(entityId.indexOf('|') + 1), StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
