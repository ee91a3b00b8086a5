package dev.chorus.actors.room;

import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.placement.LoadQuery;
import dev.chorus.actors.room.RoomEntity.Command;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * The live side of a room's footprint (not journaled): placing each connecting peer's media on a node, one at a
 * time so the room's own placements count, and the room's router on every node it uses. After a recovery it starts
 * from the members' node ids and learns the nodes' references from the next load query.
 */
final class RoomPlacement {
    /** How long a placement waits for the nodes' loads: a node that does not answer is not a candidate. */
    private static final Duration LOAD_QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** With no media node known yet (the Receptionist fills in as nodes start), placement asks again a few times. */
    private static final Duration PLACEMENT_RETRY = Duration.ofMillis(250);
    private static final int PLACEMENT_ATTEMPTS = 20;

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final String roomId;
    private final Duration askTimeout;
    private final int capacity;
    /** Whether a peer is still in the room (connected or joined). */
    private final Predicate<String> present;
    final RoomNodes nodes = new RoomNodes();
    /** Connects waiting for a placement; the head one is being placed when {@link #placing} is set. */
    private final ArrayDeque<RoomEntity.Connect> toPlace = new ArrayDeque<>();
    private boolean placing;
    private int attempts;

    RoomPlacement(ActorContext<Command> ctx, TimerScheduler<Command> timers, String roomId, Duration askTimeout,
                  int capacity, Predicate<String> present) {
        this.ctx = ctx;
        this.timers = timers;
        this.roomId = roomId;
        this.askTimeout = askTimeout;
        this.capacity = capacity;
        this.present = present;
    }

    /** Replies with the peer's node once the room's router is there; places the peer first if needed. */
    void connect(RoomEntity.Connect c) {
        NodeRef placed = nodes.ref(nodes.placementOf(c.peerId()));
        if (placed != null) {
            withRouter(placed, c.replyTo());
            return;
        }
        toPlace.add(c);
        placeNext();
    }

    private void placeNext() {
        if (placing || toPlace.isEmpty()) {
            return;
        }
        placing = true;
        ActorRef<LoadQuery.Loads> reply = ctx.messageAdapter(LoadQuery.Loads.class, RoomEntity.LoadsCollected::new);
        ctx.spawnAnonymous(LoadQuery.create(reply, LOAD_QUERY_TIMEOUT));
    }

    void retry() {
        placing = false;
        placeNext();
    }

    void onLoads(RoomEntity.LoadsCollected l) {
        RoomEntity.Connect head = toPlace.peek();
        if (l.loads().loads().isEmpty() && head != null && present.test(head.peerId())
                && ++attempts < PLACEMENT_ATTEMPTS) {
            timers.startSingleTimer(new RoomEntity.RetryPlacement(), PLACEMENT_RETRY);
            return;
        }
        l.loads().loads().forEach(load -> nodes.learn(load.node()));
        attempts = 0;
        placing = false;
        RoomEntity.Connect c = toPlace.poll();
        if (c != null) {
            NodeRef placed = nodes.ref(nodes.placementOf(c.peerId()));
            boolean answered = placed != null && l.loads().loads().stream()
                    .anyMatch(load -> load.node().nodeId().equals(placed.nodeId()));
            if (!present.test(c.peerId())) {
                c.replyTo().tell(StatusReply.error("peer left before it was placed"));
            } else if (answered) {
                withRouter(placed, c.replyTo());
            } else {
                // Not placed yet, or placed on a node that no longer answers (a recovered member): place anew.
                var chosen = nodes.choose(l.loads().loads(), capacity);
                if (chosen.isEmpty()) {
                    c.replyTo().tell(StatusReply.error("no media node is available"));
                } else {
                    ctx.getLog().debug("room {}: peer {} placed on {}", roomId, c.peerId(), chosen.get().nodeId());
                    nodes.unplace(c.peerId());
                    nodes.place(c.peerId(), chosen.get());
                    withRouter(chosen.get(), c.replyTo());
                }
            }
        }
        placeNext();
    }

    /** Replies {@code Placed(node)} once the room's router exists on {@code node}, creating it if needed. */
    private void withRouter(NodeRef node, ActorRef<StatusReply<RoomEntity.Placed>> replyTo) {
        RoomNodes.RouterOnNode r = nodes.router(node.nodeId());
        if (r != null && r.state == RoomNodes.RouterState.READY) {
            replyTo.tell(StatusReply.success(new RoomEntity.Placed(node)));
            return;
        }
        if (r == null) {
            // Creating a router is idempotent on the node: a recovered room asks again for one that may exist.
            r = nodes.newRouter(node);
            String nodeId = node.nodeId();
            ctx.askWithStatus(MediaReply.class, node.media(), askTimeout,
                    ref -> new MediaNode.Exec(new MediaOp.CreateRouter(roomId), ref),
                    (ok, err) -> new RoomEntity.RouterResult(nodeId, err == null,
                            err == null ? null : err.getMessage()));
        }
        r.waiting.add(replyTo);
    }

    void onRouterResult(RoomEntity.RouterResult res) {
        RoomNodes.RouterOnNode r = nodes.router(res.nodeId());
        if (r == null || r.state == RoomNodes.RouterState.READY) {
            return;
        }
        if (!res.created()) {
            nodes.removeRouter(res.nodeId());
            r.waiting.forEach(w -> w.tell(StatusReply.error("cannot create the room's router: " + res.error())));
            return;
        }
        r.state = RoomNodes.RouterState.READY;
        r.waiting.forEach(w -> w.tell(StatusReply.success(new RoomEntity.Placed(r.node))));
        r.waiting.clear();
        if (nodes.peersOn(res.nodeId()) == 0) {
            closeRouter(res.nodeId());
        }
    }

    /** The peer is gone: its placement goes, and the router of its node if nobody else of the room is there. */
    void release(String peerId) {
        nodes.unplace(peerId).ifPresent(this::closeRouter);
    }

    /** A member known from the journal (after a recovery), on the node it joined on. */
    void restore(String peerId, String nodeId) {
        if (nodeId != null) {
            nodes.place(peerId, nodeId);
        }
    }

    /** The peer's media is on {@code node} (its join says so). */
    void confirm(String peerId, NodeRef node) {
        if (node != null && !node.nodeId().equals(nodes.placementOf(peerId))) {
            nodes.unplace(peerId);
            nodes.place(peerId, node);
        } else {
            nodes.learn(node);
        }
    }

    Optional<String> nodeOf(String peerId) {
        return Optional.ofNullable(nodes.placementOf(peerId));
    }

    /**
     * Closes the room's router on a node. A router the room does not know as ready (a recovered room) is closed
     * too when the node is known: closing a router that does not exist is harmless.
     */
    void closeRouter(String nodeId) {
        RoomNodes.RouterOnNode r = nodes.router(nodeId);
        if (r != null && r.state != RoomNodes.RouterState.READY) {
            return; // still being created: closed when it is ready, if nobody needs it then
        }
        nodes.removeRouter(nodeId);
        NodeRef ref = r != null ? r.node : nodes.ref(nodeId);
        if (ref != null) {
            ref.media().tell(new MediaNode.Exec(new MediaOp.CloseRouter(roomId), ctx.getSystem().ignoreRef()));
        }
    }

    /** The room closed: its router goes from every node, and queued placements are refused. */
    void closeAll() {
        for (String nodeId : nodes.nodesInUse()) {
            closeRouter(nodeId);
        }
        toPlace.forEach(c -> c.replyTo().tell(StatusReply.error("the room was closed")));
        toPlace.clear();
        nodes.clear();
    }

    /** A node is gone: the peers placed there (who must reconnect), after the room forgets the node. */
    List<String> onNodeRemoved(String nodeId) {
        List<String> affected = nodes.peersOnNode(nodeId);
        nodes.forgetNode(nodeId);
        return affected;
    }

    boolean uses(String nodeId) {
        return nodes.nodesInUse().contains(nodeId);
    }

    boolean hasRouters() {
        return nodes.hasRouters();
    }

    List<String> routerNodes() {
        return nodes.routerNodes();
    }

    java.util.Set<String> nodesInUse() {
        return nodes.nodesInUse();
    }
}
