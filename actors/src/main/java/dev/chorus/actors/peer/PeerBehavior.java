package dev.chorus.actors.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.actors.state.Liveness;
import dev.chorus.actors.state.ReplicatedEntity;
import dev.chorus.actors.peer.PeerEntity.Command;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.media.ortc.RtpCapabilities;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** What the peer owns, by id. */
    static final class Owned {
        final Map<String, Boolean> transports = new LinkedHashMap<>(); // id -> consuming
        final Map<String, String> producers = new LinkedHashMap<>();   // id -> kind
        final Map<String, String> consumers = new LinkedHashMap<>();   // id -> producer id
        final Map<String, Long> transportSession = new HashMap<>();    // transport id -> session number
        final Map<String, String> onTransport = new HashMap<>();       // producer/consumer id -> transport id
    }

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
    private final StashBuffer<Command> stash;
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextToken = 1;
    /** Bumped when a session is replaced or ends: results of older steps are cleaned up, never answered. */
    private long generation;
    private boolean stopWhenIdle;

    /** {@code node}: where a media step ran, so a stale result is cleaned up there. */
    private record Pending(long generation, BiConsumer<Object, Throwable> continuation, NodeRef node) {
    }
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
    Owned owned = new Owned();

    private static final String GRACE_TIMER = "grace";
    private static final int MAX_HELD = 256;

    final GracePeriod grace;
    private final TimerScheduler<Command> timers;
    /** Notifications for the client while it is away within its grace period, delivered when it resumes. */
    private final ArrayDeque<SessionOut> held = new ArrayDeque<>();
    /** Producers offered while the client was away, offered again when it resumes. */
    final List<PeerEntity.ConsumeProducer> deferredConsumes = new ArrayList<>();
    /** A leave (closing media, then telling the room) is in progress; a new session connects after it. */
    private boolean leaving;
    private Runnable afterLeave;

    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private boolean ended;
    /** The node holding this peer's media is gone: nothing is asked of it any more. */
    private boolean nodeLost;

    static Behavior<Command> create(String entityId, Duration askTimeout, Duration gracePeriod,
                                    ActorRef<ClusterSharding.ShardCommand> shard, PeerEntity.State state,
                                    ReplicatedEntity.Handle<PeerEntity.State> handle) {
        return Behaviors.withStash(256, stash -> Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            PeerBehavior peer = new PeerBehavior(ctx, stash, timers, entityId, askTimeout, gracePeriod, shard);
            handle.bind(peer::snapshot, () -> peer.ended);
            peer.restore(state);
            return peer;
        })));
    }

    private PeerEntity.State snapshot() {
        if (session == null && node == null && !joined && owned.transports.isEmpty()) {
            return null;
        }
        return new PeerEntity.State(session, node, joined, displayName, rtpCapabilities, legacy,
                new LinkedHashMap<>(owned.transports), new LinkedHashMap<>(owned.producers),
                new LinkedHashMap<>(owned.consumers), session == null && grace.active(), sessionNumber,
                new java.util.TreeMap<>(owned.transportSession), new java.util.TreeMap<>(owned.onTransport));
    }

    /** Continues from a saved state (this entity was restarted on another node). */
    private void restore(PeerEntity.State s) {
        if (s == null) {
            return;
        }
        session = s.session();
        node = s.node();
        roomReady = node != null;
        joined = s.joined();
        displayName = s.displayName();
        rtpCapabilities = s.rtpCapabilities();
        legacy = s.legacy();
        owned.transports.putAll(s.transports());
        owned.producers.putAll(s.producers());
        owned.consumers.putAll(s.consumers());
        owned.transportSession.putAll(s.transportSession());
        owned.onTransport.putAll(s.onTransport());
        sessionNumber = s.sessionNumber();
        getContext().getLog().info("peer {} of room {} continues on this node (session {}, media on {})", peerId, roomId,
                session, node == null ? null : node.nodeId());
        if (session != null && !Liveness.alive(getContext().getSystem(), session.path().address())) {
            session = null; // the node holding the client's socket is gone too: the client will come back elsewhere
        }
        if (s.away() || session == null) {
            int epoch = grace.start(System.currentTimeMillis());
            timers.startSingleTimer(GRACE_TIMER, new PeerEntity.GraceExpired(epoch), Duration.ofMillis(grace.graceMs()));
        }
        if (node != null && !alive(node.nodeId())) {
            getContext().getSelf().tell(new PeerEntity.MediaNodeLost(node.nodeId()));
        } else if (node != null) {
            reconcileAfterRestart();
        }
    }

    /**
     * Media events sent to this entity while its node went away may be lost: ask the media node about each
     * transport, producer and consumer this peer owns, and handle the ones that are gone as if their event had
     * arrived (a consumer closed, a producer closed, a transport closed).
     */
    private void reconcileAfterRestart() {
        for (String c : new ArrayList<>(owned.consumers.keySet())) {
            media(new MediaOp.Verb(MediaOp.Verb.Target.CONSUMER, MediaOp.Verb.Action.STATS, c), (v, e) -> {
                if (e != null) {
                    onConsumerClosed(new PeerEntity.ConsumerClosed(c, "gone"));
                }
            });
        }
        for (String p : new ArrayList<>(owned.producers.keySet())) {
            media(new MediaOp.Verb(MediaOp.Verb.Target.PRODUCER, MediaOp.Verb.Action.STATS, p), (v, e) -> {
                if (e != null) {
                    onProducerClosed(new PeerEntity.ProducerClosed(p, "gone"));
                }
            });
        }
        for (String t : new ArrayList<>(owned.transports.keySet())) {
            media(new MediaOp.Verb(MediaOp.Verb.Target.TRANSPORT, MediaOp.Verb.Action.STATS, t), (v, e) -> {
                if (e != null && owned.transports.containsKey(t)) {
                    getContext().getSelf().tell(new PeerEntity.TransportClosed(t, "gone"));
                }
            });
        }
    }

    private boolean alive(String nodeId) {
        return Liveness.alive(getContext().getSystem(), nodeId);
    }

    /**
     * The node holding this peer's media is gone: its transports, producers and consumers there are lost. The
     * client is told to reconnect (its socket is closed; protoo-client reconnects and the new session is placed on
     * a live node), and the peer leaves without asking anything of the lost node.
     */
    private Behavior<Command> onMediaNodeLost(PeerEntity.MediaNodeLost m) {
        if (node == null || !node.nodeId().equals(m.nodeId()) || nodeLost) {
            return orphanCheck();
        }
        nodeLost = true;
        getContext().getLog().warn("peer {} of room {}: its media node {} is gone; asking the client to reconnect",
                peerId, roomId, m.nodeId());
        timers.cancel(GRACE_TIMER);
        grace.resume(System.currentTimeMillis());
        if (session != null) {
            session.tell(new SessionOut.Close(4001, "media node lost, reconnect"));
        }
        endSession();
        return pending.isEmpty() ? end() : this;
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
        this.sharding = ClusterSharding.get(ctx.getSystem());
        this.requests = new PeerRequests(this);
    }

    /** An incarnation that exists only because a late event arrived for a peer that already left: stop it. */
    private Behavior<Command> orphanCheck() {
        return session == null && !stopWhenIdle && pending.isEmpty() && owned.transports.isEmpty()
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
                .onMessage(PeerEntity.MediaNodeLost.class, this::onMediaNodeLost)
                .onMessage(PeerEntity.Loaded.class, l -> this)
                .onMessage(PeerEntity.ConsumeProducer.class, c -> {
                    if (session == null && grace.active()) {
                        deferredConsumes.add(c);
                    } else if (joining) {
                        pendingConsumes.add(c);
                    } else {
                        requests.consume(c.producerId(), c.producerPeerId(), c.kind(), c.appData());
                    }
                    return orphanCheck();
                })
                .onMessage(PeerEntity.NotifyClient.class, n -> {
                    notifyClient(n.method(), n.data());
                    return orphanCheck();
                })
                .onMessage(PeerEntity.TransportClosed.class, this::onTransportClosed)
                .onMessage(PeerEntity.ConsumerClosed.class, c -> {
                    onConsumerClosed(c);
                    return orphanCheck();
                })
                .onMessage(PeerEntity.ConsumerProducerPaused.class, c -> {
                    onConsumerProducerPaused(c);
                    return orphanCheck();
                })
                .onMessage(PeerEntity.ProducerClosed.class, c -> {
                    onProducerClosed(c);
                    return orphanCheck();
                })
                .build();
    }

    // ---- session lifecycle ---------------------------------------------------------------------------------

    private Behavior<Command> onAttach(PeerEntity.Attach a) {
        stopWhenIdle = false;
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
            generation++;
            session = a.session();
            legacy = a.legacyHint();
            roomReady = false;
            leaveRoom(() -> connect());
            return this;
        }
        generation++;
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
        while (!held.isEmpty()) {
            session.tell(held.poll());
        }
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
            int epoch = grace.start(System.currentTimeMillis());
            timers.startSingleTimer(GRACE_TIMER, new PeerEntity.GraceExpired(epoch),
                    Duration.ofMillis(grace.graceMs()));
            getContext().getLog().info("peer {} of room {} lost its connection; kept for {} ms", peerId, roomId,
                    grace.graceMs());
            return this;
        }
        endSession();
        return pending.isEmpty() ? end() : this;
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
        held.clear();
        deferredConsumes.clear();
        endSession();
        return pending.isEmpty() ? end() : this;
    }

    /** The session is over: leave the room, then stop once the teardown steps have run. */
    private void endSession() {
        generation++;
        session = null;
        stopWhenIdle = true;
        leaveRoom(() -> { });
    }

    /**
     * Closes everything this peer owns in the media plane, waits for that (so the others get their
     * consumerClosed before peerClosed), then tells the room it left and runs {@code then}.
     */
    void leaveRoom(Runnable then) {
        java.util.List<String> transports = nodeLost ? java.util.List.of()
                : new java.util.ArrayList<>(owned.transports.keySet());
        owned.producers.keySet().forEach(id -> producer(id).tell(new ProducerEntity.Close("peer left")));
        owned.consumers.forEach((id, producerId) -> consumer(id).tell(new ConsumerEntity.Close(producerId)));
        NodeRef mediaNode = node;
        owned = new Owned();
        joined = false;
        joining = false;
        pendingConsumes.clear();
        rtpCapabilities = null;
        int[] left = {transports.size()};
        leaving = true;
        Runnable finish = () -> {
            room().tell(new RoomEntity.Leave(peerId));
            leaving = false;
            then.run();
            Runnable next = afterLeave;
            afterLeave = null;
            if (next != null) {
                next.run();
            }
        };
        if (transports.isEmpty()) {
            finish.run();
            return;
        }
        for (String t : transports) {
            long token = registerAlways((v, e) -> {
                if (--left[0] == 0) {
                    finish.run();
                }
            });
            getContext().askWithStatus(MediaReply.class, mediaNode.media(), askTimeout,
                    r -> new MediaNode.Exec(new MediaOp.CloseTransport(t), r),
                    (v, e) -> new PeerEntity.Continue(token, v, e));
        }
    }

    // ---- media-plane events --------------------------------------------------------------------------------

    private Behavior<Command> onTransportClosed(PeerEntity.TransportClosed t) {
        if (owned.transports.remove(t.transportId()) == null) {
            return orphanCheck();
        }
        getContext().getLog().info("peer {} transport {} closed: {}", peerId, t.transportId(), t.reason());
        // As the mediasoup demo does: a dead transport (ICE consent lost, DTLS failure) ends the peer.
        if (session != null) {
            session.tell(new SessionOut.Close(4000, "transport closed: " + t.reason()));
        }
        endSession();
        return pending.isEmpty() ? end() : this;
    }

    private Behavior<Command> onConsumerClosed(PeerEntity.ConsumerClosed c) {
        String producerId = owned.consumers.remove(c.consumerId());
        if (producerId != null) {
            consumer(c.consumerId()).tell(new ConsumerEntity.Close(producerId));
            notifyClient("consumerClosed", JSON.objectNode().put("consumerId", c.consumerId()));
        }
        return this;
    }

    private Behavior<Command> onConsumerProducerPaused(PeerEntity.ConsumerProducerPaused c) {
        if (owned.consumers.containsKey(c.consumerId())) {
            notifyClient(c.paused() ? "consumerPaused" : "consumerResumed",
                    JSON.objectNode().put("consumerId", c.consumerId()));
        }
        return this;
    }

    private Behavior<Command> onProducerClosed(PeerEntity.ProducerClosed p) {
        if (owned.producers.remove(p.producerId()) != null) {
            producer(p.producerId()).tell(new ProducerEntity.Close(p.reason()));
            room().tell(new RoomEntity.ProducerRemoved(peerId, p.producerId()));
        }
        return this;
    }

    // ---- helpers used by PeerRequests ----------------------------------------------------------------------

    long register(BiConsumer<Object, Throwable> continuation) {
        return register(continuation, null);
    }

    private long register(BiConsumer<Object, Throwable> continuation, NodeRef on) {
        long token = nextToken++;
        pending.put(token, new Pending(generation, continuation, on));
        return token;
    }

    /** Registers a step that must run even if the session is replaced meanwhile (teardown steps). */
    private long registerAlways(BiConsumer<Object, Throwable> continuation) {
        long token = nextToken++;
        pending.put(token, new Pending(-1, continuation, null));
        return token;
    }

    private Behavior<Command> onContinue(PeerEntity.Continue c) {
        Pending p = pending.remove(c.token());
        if (p != null) {
            if (p.generation() < 0 || p.generation() == generation) {
                p.continuation().accept(c.value(), c.error());
            } else {
                StaleResults.cleanUp(c.value(), p.node() == null ? null : p.node().media(), getContext().getSystem());
            }
        }
        return stopWhenIdle && pending.isEmpty() ? end() : this;
    }

    /** Runs a media operation on this peer's node; {@code k} runs inside the actor with its value or error. */
    void media(MediaOp op, BiConsumer<Object, Throwable> k) {
        NodeRef on = node;
        long token = register(k, on);
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

    /** Sends a server request to the client; {@code k} gets the {@link PeerEntity.ClientAnswer}. */
    void requestClient(String method, JsonNode data, BiConsumer<PeerEntity.ClientAnswer, Throwable> k) {
        if (session == null) {
            k.accept(null, new IllegalStateException("the client is not connected"));
            return;
        }
        long token = register((v, e) -> k.accept((PeerEntity.ClientAnswer) v, e));
        session.tell(new SessionOut.Request(method, data, token, getContext().getSelf()));
    }

    void respond(long id, JsonNode data) {
        if (id >= 0 && session != null) {
            session.tell(new SessionOut.Response(id, data == null ? JSON.objectNode() : data));
        }
    }

    void fail(long id, int code, String reason) {
        if (id >= 0 && session != null) {
            session.tell(new SessionOut.ErrorResponse(id, code, reason));
        } else {
            getContext().getLog().debug("peer {}: notification failed: {}", peerId, reason);
        }
    }

    void notifyClient(String method, JsonNode data) {
        if (session != null) {
            session.tell(new SessionOut.Notification(method, data));
        } else if (grace.active()) {
            if (held.size() == MAX_HELD) {
                held.poll();
            }
            held.add(new SessionOut.Notification(method, data));
        }
    }

    /**
     * A resumed session joins from scratch: the media of earlier sessions (transports, and the producers and
     * consumers on them) is closed; what this session created stays. Others see those producers go, not the peer.
     */
    void dropEarlierMedia() {
        List<String> old = new ArrayList<>();
        owned.transports.keySet().forEach(t -> {
            if (owned.transportSession.getOrDefault(t, 0L) < sessionNumber) {
                old.add(t);
            }
        });
        for (String t : old) {
            new ArrayList<>(owned.producers.keySet()).forEach(p -> {
                if (t.equals(owned.onTransport.get(p))) {
                    owned.producers.remove(p);
                    producer(p).tell(new ProducerEntity.Close("replaced by a new session"));
                    room().tell(new RoomEntity.ProducerRemoved(peerId, p));
                }
            });
            new ArrayList<>(owned.consumers.keySet()).forEach(c -> {
                if (t.equals(owned.onTransport.get(c))) {
                    consumer(c).tell(new ConsumerEntity.Close(owned.consumers.remove(c)));
                }
            });
            owned.transports.remove(t);
            owned.transportSession.remove(t);
            if (node != null && !nodeLost) {
                node.media().tell(new MediaNode.Exec(new MediaOp.CloseTransport(t), getContext().getSystem().ignoreRef()));
            }
        }
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

    ArrayList<String> consumersOf(String producerId) {
        ArrayList<String> list = new ArrayList<>();
        owned.consumers.forEach((c, p) -> {
            if (p.equals(producerId)) {
                list.add(c);
            }
        });
        return list;
    }
}
