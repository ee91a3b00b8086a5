package dev.chorus.actors.peer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.actors.state.ReplicatedEntity;
import dev.chorus.actors.peer.PeerEntity.Command;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.room.RoomEvent;
import dev.chorus.media.ortc.RtpCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Behaviour of {@link PeerEntity}. Asynchronous steps (media plane, room, client answers) are registered as
 * continuations under a token and resumed inside the actor when their {@link PeerEntity.Continue} arrives, so the
 * peer keeps handling other requests while one waits (a pending newConsumer never blocks connectWebRtcTransport).
 * The peer's media lives on the node the room placed it on ({@link #node}); its producers and consumers are
 * {@link ProducerEntity} and {@link ConsumerEntity} entities, which it opens and closes.
 */
final class PeerBehavior extends AbstractBehavior<Command> {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Counts the sessions this peer has had; media created by a session carries its number. */
    long sessionNumber;
    /** The current session took over a live peer (a reconnect): a join from it starts the peer's media afresh. */
    boolean resumedSession;

    final String entityId;
    final String roomId;
    final String peerId;
    final Duration askTimeout;
    final ClusterSharding sharding;
    final PeerRequests requests;
    final PeerClient client;
    private final StashBuffer<Command> stash;
    private final PeerSteps steps = new PeerSteps();
    private boolean stopWhenIdle;

    ActorRef<SessionOut> session;
    /** The node holding this peer's media (set by the room when the session connects). */
    NodeRef node;
    boolean roomReady;
    boolean joined;
    /** A join is on its way to the room: ConsumeProducer messages wait for its result. */
    boolean joining;
    final java.util.List<PeerEntity.ConsumeProducer> pendingConsumes = new java.util.ArrayList<>();
    boolean legacy = true;
    String displayName = "";
    RtpCapabilities rtpCapabilities;
    OwnedMedia owned = new OwnedMedia();
    /** Last-N: whose media the room selected for this peer, and the server-side pause of its consumers. */
    final PeerLastN lastN = new PeerLastN(this);

    private static final String GRACE_TIMER = "grace";

    final GracePeriod grace;
    private final TimerScheduler<Command> timers;
    /** Producers offered while the client was away, offered again when it resumes. */
    final List<PeerEntity.ConsumeProducer> deferredConsumes = new ArrayList<>();
    /** A leave (closing media, then telling the room) is in progress; a new session connects after it. */
    boolean leaving;
    private Runnable afterLeave;

    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private boolean ended;
    /** The node holding this peer's media is gone: nothing is asked of it any more. */
    boolean nodeLost;
    /** Where the current session's signaling connection came from (as this node saw it). */
    String remoteAddress;
    /** Whether the room's settings let this peer publish (from its join, updated when the settings change). */
    boolean mayPublish = true;
    /** What the peer's join token allows (its role); from the latest session's Attach. */
    PeerGrant grant = PeerGrant.OPEN;
    /** How many transports, producers and consumers the peer may own ({@code chorus.limits}). */
    final PeerLimits limits;
    /** Why the peer leaves, told to the room with its leave. */
    RoomEvent.LeaveReason leaveReason = RoomEvent.LeaveReason.LEFT;

    static Behavior<Command> create(String entityId, Duration askTimeout, Duration gracePeriod,
                                    ActorRef<ClusterSharding.ShardCommand> shard, PeerEntity.State state,
                                    ReplicatedEntity.Handle<PeerEntity.State> handle) {
        return Behaviors.withStash(256, stash -> Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            PeerBehavior peer = new PeerBehavior(ctx, stash, timers, entityId, askTimeout, gracePeriod, shard);
            handle.bind(() -> PeerContinuity.snapshot(peer), () -> peer.ended);
            PeerContinuity.restore(peer, state);
            return peer;
        })));
    }

    /** Starts the grace period (the client is gone, perhaps for a moment). */
    void startGrace() {
        int epoch = grace.start(System.currentTimeMillis());
        timers.startSingleTimer(GRACE_TIMER, new PeerEntity.GraceExpired(epoch), Duration.ofMillis(grace.graceMs()));
    }

    /** Ends this peer for good: its state is dropped and the shard stops it (not restarted). */
    private Behavior<Command> end() {
        if (shard == null) {
            return Behaviors.stopped();
        }
        if (!ended) {
            ended = true;
            shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        }
        return this;
    }

    private PeerBehavior(ActorContext<Command> ctx, StashBuffer<Command> stash, TimerScheduler<Command> timers,
                         String entityId, Duration askTimeout, Duration gracePeriod,
                         ActorRef<ClusterSharding.ShardCommand> shard) {
        super(ctx);
        this.shard = shard;
        this.timers = timers;
        this.grace = new GracePeriod(gracePeriod);
        this.stash = stash;
        this.entityId = entityId;
        this.roomId = PeerEntity.roomOf(entityId);
        this.peerId = PeerEntity.peerOf(entityId);
        this.askTimeout = askTimeout;
        this.limits = PeerLimits.from(ctx.getSystem().settings().config());
        this.sharding = ClusterSharding.get(ctx.getSystem());
        this.requests = new PeerRequests(this);
        this.client = new PeerClient(this);
    }

    /** An incarnation that exists only because a late event arrived for a peer that already left: stop it. */
    Behavior<Command> orphanCheck() {
        return session == null && !stopWhenIdle && steps.isEmpty() && owned.transports.isEmpty()
                ? end() : this;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PeerEntity.Attach.class, this::onAttach)
                .onMessage(PeerEntity.FromClient.class, this::onFromClient)
                .onMessage(PeerEntity.Continue.class, this::onContinue)
                .onMessage(PeerEntity.ClientAnswer.class, a -> onContinue(
                        new PeerEntity.Continue(a.token(), a, null)))
                .onMessage(PeerEntity.SessionClosed.class, this::onSessionClosed)
                .onMessage(PeerEntity.GraceExpired.class, this::onGraceExpired)
                .onMessage(PeerEntity.MediaNodeLost.class, m -> PeerMediaEvents.mediaNodeLost(this, m))
                .onMessage(PeerEntity.CheckMembership.class, c -> {
                    c.replyTo().tell(new RoomEntity.MembershipChecked(peerId, joined || joining,
                            rtpCapabilities != null));
                    return orphanCheck();
                })
                .onMessage(PeerEntity.PublishRights.class, r -> {
                    mayPublish = r.mayPublish();
                    return orphanCheck();
                })
                .onMessage(PeerEntity.Kick.class, this::onKick)
                .onMessage(PeerEntity.CloseProducerByHost.class, c -> mediaEvent(
                        () -> PeerModeration.closedByHost(this, c)))
                .onMessage(PeerEntity.Loaded.class, l -> this)
                .onMessage(PeerEntity.ConsumeProducer.class, c -> mediaEvent(() -> PeerConsumes.offered(this, c)))
                .onMessage(PeerEntity.LastNSelection.class, s -> mediaEvent(() -> lastN.onSelection(s)))
                .onMessage(PeerEntity.ProducerGone.class, g -> mediaEvent(() -> lastN.producerGone(g.producerId())))
                .onMessage(PeerEntity.NotifyClient.class, n -> {
                    client.notify(n.method(), n.data());
                    return orphanCheck();
                })
                .onMessage(PeerEntity.TransportClosed.class, t -> PeerMediaEvents.transportClosed(this, t))
                .onMessage(PeerEntity.ConsumerClosed.class, c -> mediaEvent(
                        () -> PeerMediaEvents.consumerClosed(this, c.consumerId())))
                .onMessage(PeerEntity.ConsumerProducerPaused.class, c -> mediaEvent(
                        () -> PeerMediaEvents.producerPaused(this, c.consumerId(), c.paused())))
                .onMessage(PeerEntity.ConsumerLayersChanged.class, c -> mediaEvent(() -> PeerMediaEvents
                        .layersChanged(this, c.consumerId(), c.spatialLayer(), c.temporalLayer())))
                .onMessage(PeerEntity.ProducerClosed.class, c -> mediaEvent(
                        () -> PeerMediaEvents.producerClosed(this, c.producerId(), c.reason())))
                .onMessage(PeerEntity.DownlinkBwe.class, c -> mediaEvent(() -> PeerMediaEvents.downlinkBwe(this, c)))
                .build();
    }

    /** An event about this peer's media: a media-plane report ({@link PeerMediaEvents}) or a producer offered. */
    private Behavior<Command> mediaEvent(Runnable handle) {
        handle.run();
        return orphanCheck();
    }

    // ---- session lifecycle ---------------------------------------------------------------------------------

    private Behavior<Command> onAttach(PeerEntity.Attach a) {
        stopWhenIdle = false;
        remoteAddress = a.remoteAddress();
        grant = a.grant();
        leaveReason = RoomEvent.LeaveReason.LEFT;
        if (session == null && grace.active()) {
            timers.cancel(GRACE_TIMER);
            if (grace.resume(System.currentTimeMillis())) {
                resume(a);
                return this;
            }
        }
        if (session != null && !session.equals(a.session()) && grace.enabled() && roomReady && !stopWhenIdle
                && !leaving) {
            // Same peerId again while the old socket still looks alive: usually a reconnect that beat the news of
            // the old socket's loss. Take over; if the client starts from scratch, its join rebuilds the media.
            session.tell(new SessionOut.Close(4000, "replaced by a new connection"));
            resume(a);
            return this;
        }
        if (session != null && !session.equals(a.session())) {
            // Same peerId again (a reload or a reconnect from scratch): the old incarnation leaves first.
            session.tell(new SessionOut.Close(4000, "replaced by a new connection"));
            steps.newGeneration();
            session = a.session();
            legacy = a.legacyHint();
            roomReady = false;
            leaveRoom(() -> connect());
            return this;
        }
        steps.newGeneration();
        session = a.session();
        legacy = a.legacyHint();
        sessionNumber++;
        resumedSession = false;
        roomReady = false;
        if (leaving) {
            afterLeave = this::connect; // the previous incarnation is still leaving: join after it
        } else if (joined || !owned.transports.isEmpty()) {
            leaveRoom(this::connect); // came back too late: what was kept goes first
        } else {
            connect();
        }
        return this;
    }

    /**
     * The client is back within its grace period: the new session takes over the peer as it is (transports,
     * producers, consumers, membership), gets the notifications it missed, and is offered what was produced
     * meanwhile. Nobody else notices anything. In-flight steps of the old session still complete.
     */
    private void resume(PeerEntity.Attach a) {
        session = a.session();
        legacy = a.legacyHint();
        sessionNumber++;
        resumedSession = true;
        getContext().getLog().info("peer {} of room {} resumed within its grace period", peerId, roomId);
        client.deliverHeld();
        List<PeerEntity.ConsumeProducer> offers = new ArrayList<>(deferredConsumes);
        deferredConsumes.clear();
        offers.forEach(c -> requests.consume(c.producerId(), c.producerPeerId(), c.kind(), c.appData()));
    }

    /**
     * Tells the room this peer is here; the room answers with the node for its media once the room's router
     * exists there. Client requests are stashed until then.
     */
    private void connect() {
        long token = register((placed, err) -> {
            if (err != null) {
                session.tell(new SessionOut.Close(4000, "room unavailable: " + err.getMessage()));
                return;
            }
            node = ((RoomEntity.Placed) placed).node();
            roomReady = true;
            stash.unstashAll(this);
        });
        getContext().askWithStatus(RoomEntity.Placed.class, room(), askTimeout,
                r -> new RoomEntity.Connect(peerId, r),
                (ok, err) -> new PeerEntity.Continue(token, ok, err));
    }

    private Behavior<Command> onFromClient(PeerEntity.FromClient m) {
        if (session == null || !session.equals(m.session())) {
            if (m.id() >= 0) {
                m.session().tell(new SessionOut.ErrorResponse(m.id(), 410, "session is no longer current"));
            }
            return this;
        }
        if (!roomReady) {
            stash.stash(m);
            return this;
        }
        requests.handle(m.id(), m.method(), m.data() == null ? JSON.objectNode() : m.data());
        return this;
    }

    private Behavior<Command> onSessionClosed(PeerEntity.SessionClosed s) {
        if (session == null || !session.equals(s.session())) {
            return this;
        }
        if (!s.graceful() && grace.enabled() && roomReady && !stopWhenIdle) {
            session = null;
            startGrace();
            getContext().getLog().info("peer {} of room {} lost its connection; kept for {} ms", peerId, roomId,
                    grace.graceMs());
            return this;
        }
        endSession();
        return steps.isEmpty() ? end() : this;
    }

    /** The room removes this peer: the client is told not to come back, and the peer leaves for {@code reason}. */
    private Behavior<Command> onKick(PeerEntity.Kick k) {
        if (!joined && !joining && session == null && !grace.active()) {
            return orphanCheck();
        }
        getContext().getLog().info("peer {} of room {} must go: {}", peerId, roomId, k.message());
        leaveReason = k.reason();
        return endWith(4000, k.message());
    }

    private Behavior<Command> onGraceExpired(PeerEntity.GraceExpired t) {
        long left = grace.onTimer(t.epoch(), System.currentTimeMillis());
        if (left > 0) {
            timers.startSingleTimer(GRACE_TIMER, t, Duration.ofMillis(left));
            return this;
        }
        if (left < 0 || session != null) {
            return this;
        }
        getContext().getLog().info("peer {} of room {} did not come back within its grace period", peerId, roomId);
        leaveReason = nodeLost ? RoomEvent.LeaveReason.NODE_LOST : RoomEvent.LeaveReason.GRACE_EXPIRED;
        client.dropHeld();
        deferredConsumes.clear();
        endSession();
        return steps.isEmpty() ? end() : this;
    }

    /**
     * The server ends the session: no grace period (a pending one is cancelled), the client's socket is closed
     * with the protoo {@code code} (4000: do not reconnect; 4001: reconnect), and the peer leaves.
     */
    Behavior<Command> endWith(int code, String message) {
        timers.cancel(GRACE_TIMER);
        grace.resume(System.currentTimeMillis());
        if (session != null) {
            session.tell(new SessionOut.Close(code, message));
        }
        endSession();
        return steps.isEmpty() ? end() : this;
    }

    /** The session is over: leave the room, then stop once the teardown steps have run. */
    private void endSession() {
        steps.newGeneration();
        session = null;
        stopWhenIdle = true;
        leaveRoom(() -> { });
    }

    /** Leaves the room (see {@link PeerContinuity#leave}) and runs {@code then}. */
    void leaveRoom(Runnable then) {
        PeerContinuity.leave(this, then);
    }

    /** A leave finished: {@code then} runs, and a session that arrived meanwhile connects now. */
    void leaveDone(Runnable then) {
        leaving = false;
        then.run();
        Runnable next = afterLeave;
        afterLeave = null;
        if (next != null) {
            next.run();
        }
    }

    // ---- helpers used by PeerRequests ----------------------------------------------------------------------

    long register(BiConsumer<Object, Throwable> continuation) {
        return steps.register(continuation, null);
    }

    long registerAlways(BiConsumer<Object, Throwable> continuation) {
        return steps.registerAlways(continuation);
    }

    private Behavior<Command> onContinue(PeerEntity.Continue c) {
        steps.complete(c, getContext().getSystem());
        return stopWhenIdle && steps.isEmpty() ? end() : this;
    }

    /** Runs a media operation on this peer's node; {@code k} runs inside the actor with its value or error. */
    void media(MediaOp op, BiConsumer<Object, Throwable> k) {
        NodeRef on = node;
        long token = steps.register(k, on);
        getContext().askWithStatus(MediaReply.class, on.media(), askTimeout, r -> new MediaNode.Exec(op, r),
                (v, e) -> new PeerEntity.Continue(token, v, e));
    }

    /** Asks a producer or consumer entity; {@code k} runs inside the actor with the reply or error. */
    <C> void ask(EntityRef<C> entity, Function<ActorRef<StatusReply<MediaReply>>, C> message,
                 BiConsumer<Object, Throwable> k) {
        long token = register(k);
        getContext().askWithStatus(MediaReply.class, entity, askTimeout, message::apply,
                (v, e) -> new PeerEntity.Continue(token, v, e));
    }

    EntityRef<ProducerEntity.Command> producer(String producerId) {
        return sharding.entityRefFor(ProducerEntity.TYPE_KEY, producerId);
    }

    EntityRef<ConsumerEntity.Command> consumer(String consumerId) {
        return sharding.entityRefFor(ConsumerEntity.TYPE_KEY, consumerId);
    }

    /** The client is away but may come back (within its grace period). */
    boolean away() {
        return session == null && grace.active();
    }

    EntityRef<RoomEntity.Command> room() {
        return sharding.entityRefFor(RoomEntity.TYPE_KEY, roomId);
    }

    ActorContext<Command> context() {
        return getContext();
    }
}
