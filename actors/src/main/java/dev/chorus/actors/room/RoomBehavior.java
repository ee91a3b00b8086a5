package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.placement.LoadQuery;
import dev.chorus.actors.state.ReplicatedEntity;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.room.RoomEntity.Command;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * Behaviour of {@link RoomEntity}: in-memory membership and producers; placement of each peer's media on a node
 * (one at a time, so the room's own placements count), and the room's router on every node it uses.
 */
final class RoomBehavior extends AbstractBehavior<Command> {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** How long a placement waits for the nodes' loads: a node that does not answer is not a candidate. */
    private static final Duration LOAD_QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** With no media node known yet (the Receptionist fills in as nodes start), placement asks again a few times. */
    private static final Duration PLACEMENT_RETRY = Duration.ofMillis(250);
    private static final int PLACEMENT_ATTEMPTS = 20;

    private static final class Member {
        String displayName;
        JsonNode device;
        boolean joined;
        boolean consuming;
    }

    private final String roomId;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final TimerScheduler<Command> timers;
    /** How long an empty room waits before it passivates (a reconnecting lone peer finds it still there). */
    static final Duration EMPTY_ROOM_LINGER = Duration.ofMinutes(2);
    private final Duration askTimeout;
    private final int capacity;
    private final ClusterSharding sharding;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, RoomEntity.ProducerSummary> producers = new LinkedHashMap<>();
    private final RoomNodes nodes = new RoomNodes();
    /** Connects waiting for a placement; the head one is being placed when {@link #placing} is set. */
    private final ArrayDeque<RoomEntity.Connect> toPlace = new ArrayDeque<>();
    private boolean placing;
    private int attempts;

    static Behavior<Command> create(String roomId, ActorRef<ClusterSharding.ShardCommand> shard, Duration askTimeout,
                                    int capacity, RoomEntity.State state,
                                    ReplicatedEntity.Handle<RoomEntity.State> handle) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            RoomBehavior room = new RoomBehavior(ctx, timers, roomId, shard, askTimeout, capacity);
            handle.bind(room::snapshot, () -> room.ended);
            room.restore(state);
            return room;
        }));
    }

    private boolean ended;

    /** Continues from a saved state (after a node loss or a rebalance), then checks which nodes are gone. */
    private void restore(RoomEntity.State s) {
        ActorRef<ClusterEvent.MemberRemoved> removed = getContext().messageAdapter(ClusterEvent.MemberRemoved.class,
                e -> new RoomEntity.NodeRemoved(MediaNode.nodeId(e.member().address())));
        Cluster.get(getContext().getSystem()).subscriptions().tell(Subscribe.create(removed,
                ClusterEvent.MemberRemoved.class));
        if (s == null) {
            return;
        }
        s.members().forEach((id, m) -> {
            Member member = new Member();
            member.displayName = m.displayName();
            member.device = m.device();
            member.joined = m.joined();
            member.consuming = m.consuming();
            members.put(id, member);
        });
        producers.putAll(s.producers());
        nodes.restore(s.placements(), s.routers());
        getContext().getLog().info("room {} continues with {} member(s)", roomId, members.size());
        java.util.Set<String> alive = new java.util.HashSet<>();
        Cluster.get(getContext().getSystem()).state().getMembers().forEach(m -> {
            if (m.status() != MemberStatus.down() && m.status() != MemberStatus.removed()) {
                alive.add(MediaNode.nodeId(m.address()));
            }
        });
        for (String nodeId : nodes.nodesInUse()) {
            if (!alive.contains(nodeId)) {
                getContext().getSelf().tell(new RoomEntity.NodeRemoved(nodeId));
            }
        }
        if (members.isEmpty()) {
            passivateIfEmpty();
        }
    }

    private RoomEntity.State snapshot() {
        Map<String, RoomEntity.MemberState> ms = new LinkedHashMap<>();
        members.forEach((id, m) -> ms.put(id, new RoomEntity.MemberState(m.displayName, m.device, m.joined,
                m.consuming)));
        return new RoomEntity.State(ms, new LinkedHashMap<>(producers), nodes.placements(), nodes.readyRouters());
    }

    /**
     * A node is gone: the peers whose media it held are told (they close their session with a reconnect and are
     * placed again when they come back), and the room forgets its router there.
     */
    private Behavior<Command> onNodeRemoved(RoomEntity.NodeRemoved r) {
        List<String> affected = nodes.peersOnNode(r.nodeId());
        if (affected.isEmpty() && nodes.router(r.nodeId()) == null) {
            return this;
        }
        getContext().getLog().warn("room {}: node {} is gone; {} peer(s) must reconnect", roomId, r.nodeId(),
                affected.size());
        nodes.removeRouter(r.nodeId());
        for (String peerId : affected) {
            peer(peerId).tell(new PeerEntity.MediaNodeLost(r.nodeId()));
        }
        return this;
    }

    private RoomBehavior(ActorContext<Command> ctx, TimerScheduler<Command> timers, String roomId,
                         ActorRef<ClusterSharding.ShardCommand> shard, Duration askTimeout, int capacity) {
        super(ctx);
        this.timers = timers;
        this.roomId = roomId;
        this.shard = shard;
        this.askTimeout = askTimeout;
        this.capacity = capacity;
        this.sharding = ClusterSharding.get(ctx.getSystem());
        passivateIfEmpty(); // a room started by a mere query (or a late message) does not stay forever
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RoomEntity.Connect.class, this::onConnect)
                .onMessage(RoomEntity.Join.class, this::onJoin)
                .onMessage(RoomEntity.Leave.class, this::onLeave)
                .onMessage(RoomEntity.ProducerAdded.class, this::onProducerAdded)
                .onMessage(RoomEntity.ProducerRemoved.class, this::onProducerRemoved)
                .onMessage(RoomEntity.ChangeDisplayName.class, this::onChangeDisplayName)
                .onMessage(RoomEntity.GetInfo.class, this::onGetInfo)
                .onMessage(RoomEntity.LoadsCollected.class, this::onLoadsCollected)
                .onMessage(RoomEntity.RetryPlacement.class, r -> {
                    placing = false;
                    placeNext();
                    return this;
                })
                .onMessage(RoomEntity.RouterResult.class, this::onRouterResult)
                .onMessage(RoomEntity.PassivateIfEmpty.class, this::onPassivateIfEmpty)
                .onMessage(RoomEntity.NodeRemoved.class, this::onNodeRemoved)
                .onMessage(RoomEntity.Loaded.class, l -> this)
                .build();
    }

    // ---- placement and routers ------------------------------------------------------------------------------

    private Behavior<Command> onConnect(RoomEntity.Connect c) {
        members.putIfAbsent(c.peerId(), new Member());
        NodeRef placed = nodes.placementOf(c.peerId());
        if (placed != null) {
            withRouter(placed, c.replyTo());
            return this;
        }
        toPlace.add(c);
        placeNext();
        return this;
    }

    private void placeNext() {
        if (placing || toPlace.isEmpty()) {
            return;
        }
        placing = true;
        ActorRef<LoadQuery.Loads> reply = getContext().messageAdapter(LoadQuery.Loads.class,
                RoomEntity.LoadsCollected::new);
        getContext().spawnAnonymous(LoadQuery.create(reply, LOAD_QUERY_TIMEOUT));
    }

    private Behavior<Command> onLoadsCollected(RoomEntity.LoadsCollected l) {
        RoomEntity.Connect head = toPlace.peek();
        if (l.loads().loads().isEmpty() && head != null && members.containsKey(head.peerId())
                && ++attempts < PLACEMENT_ATTEMPTS) {
            timers.startSingleTimer(new RoomEntity.RetryPlacement(), PLACEMENT_RETRY);
            return this;
        }
        attempts = 0;
        placing = false;
        RoomEntity.Connect c = toPlace.poll();
        if (c != null) {
            if (!members.containsKey(c.peerId())) {
                c.replyTo().tell(StatusReply.error("peer left before it was placed"));
            } else if (nodes.placementOf(c.peerId()) != null) {
                withRouter(nodes.placementOf(c.peerId()), c.replyTo());
            } else {
                var chosen = nodes.choose(l.loads().loads(), capacity);
                if (chosen.isEmpty()) {
                    c.replyTo().tell(StatusReply.error("no media node is available"));
                } else {
                    getContext().getLog().debug("room {}: peer {} placed on {}", roomId, c.peerId(),
                            chosen.get().nodeId());
                    nodes.place(c.peerId(), chosen.get());
                    withRouter(chosen.get(), c.replyTo());
                }
            }
        }
        placeNext();
        return this;
    }

    /** Replies {@code Placed(node)} once the room's router exists on {@code node}, creating it if needed. */
    private void withRouter(NodeRef node, ActorRef<StatusReply<RoomEntity.Placed>> replyTo) {
        RoomNodes.RouterOnNode r = nodes.router(node.nodeId());
        if (r != null && r.state == RoomNodes.RouterState.READY) {
            replyTo.tell(StatusReply.success(new RoomEntity.Placed(node)));
            return;
        }
        if (r == null) {
            r = nodes.newRouter(node);
            String nodeId = node.nodeId();
            getContext().askWithStatus(MediaReply.class, node.media(), askTimeout,
                    ref -> new MediaNode.Exec(new MediaOp.CreateRouter(roomId), ref),
                    (ok, err) -> new RoomEntity.RouterResult(nodeId, err == null, err == null ? null : err.getMessage()));
        }
        r.waiting.add(replyTo);
    }

    private Behavior<Command> onRouterResult(RoomEntity.RouterResult res) {
        RoomNodes.RouterOnNode r = nodes.router(res.nodeId());
        if (r == null || r.state == RoomNodes.RouterState.READY) {
            return this;
        }
        if (!res.created()) {
            nodes.removeRouter(res.nodeId());
            r.waiting.forEach(w -> w.tell(StatusReply.error("cannot create the room's router: " + res.error())));
            return this;
        }
        r.state = RoomNodes.RouterState.READY;
        r.waiting.forEach(w -> w.tell(StatusReply.success(new RoomEntity.Placed(r.node))));
        r.waiting.clear();
        if (nodes.peersOn(res.nodeId()) == 0) {
            closeRouter(res.nodeId());
        }
        passivateIfEmpty();
        return this;
    }

    private void closeRouter(String nodeId) {
        RoomNodes.RouterOnNode r = nodes.router(nodeId);
        if (r != null && r.state == RoomNodes.RouterState.READY) {
            nodes.removeRouter(nodeId);
            r.node.media().tell(new MediaNode.Exec(new MediaOp.CloseRouter(roomId),
                    getContext().getSystem().ignoreRef()));
        }
    }

    private Behavior<Command> onJoin(RoomEntity.Join j) {
        Member m = members.computeIfAbsent(j.peerId(), k -> new Member());
        boolean again = m.joined && j.rejoin();
        if (m.joined && !again) {
            // The peer joins from a fresh session while the room still lists it (its leave was lost with a node):
            // the old membership ends here, and it joins anew.
            getContext().getLog().info("room {}: peer {} joins again; dropping its stale membership", roomId, j.peerId());
            producers.values().removeIf(p -> p.peerId().equals(j.peerId()));
            m.joined = false;
            notifyJoined(j.peerId(), "peerClosed", JSON.objectNode().put("peerId", j.peerId()));
        }
        m.joined = true;
        m.displayName = j.displayName();
        m.device = j.device();
        m.consuming = j.consuming();
        List<RoomEntity.PeerSummary> others = new ArrayList<>();
        members.forEach((id, o) -> {
            if (o.joined && !id.equals(j.peerId())) {
                others.add(new RoomEntity.PeerSummary(id, o.displayName, o.device));
            }
        });
        List<RoomEntity.ProducerSummary> toConsume = new ArrayList<>();
        if (j.consuming()) {
            producers.values().forEach(p -> {
                if (!p.peerId().equals(j.peerId())) {
                    toConsume.add(p);
                }
            });
        }
        j.replyTo().tell(StatusReply.success(new RoomEntity.JoinResult(others, toConsume)));
        if (again) {
            return this;
        }
        ObjectNode newPeer = JSON.objectNode();
        newPeer.put("id", j.peerId()).put("displayName", j.displayName()).set("device", j.device());
        ObjectNode nested = JSON.objectNode();
        nested.put("peerId", j.peerId()).put("displayName", j.displayName()).set("device", j.device());
        newPeer.set("peer", nested);
        notifyJoined(j.peerId(), "newPeer", newPeer);
        return this;
    }

    private Behavior<Command> onLeave(RoomEntity.Leave l) {
        Member m = members.remove(l.peerId());
        producers.values().removeIf(p -> p.peerId().equals(l.peerId()));
        if (m != null && m.joined) {
            notifyJoined(l.peerId(), "peerClosed", JSON.objectNode().put("peerId", l.peerId()));
        }
        nodes.unplace(l.peerId()).ifPresent(n -> closeRouter(n.nodeId()));
        passivateIfEmpty();
        return this;
    }

    /** An empty room goes away after a while (sharding starts a fresh one on the next message). */
    private void passivateIfEmpty() {
        if (shard != null && members.isEmpty()) {
            timers.startSingleTimer("passivate", new RoomEntity.PassivateIfEmpty(), EMPTY_ROOM_LINGER);
        }
    }

    private Behavior<Command> onPassivateIfEmpty(RoomEntity.PassivateIfEmpty p) {
        if (shard != null && members.isEmpty() && !nodes.hasRouters()) {
            ended = true;
            shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        }
        return this;
    }

    private Behavior<Command> onProducerAdded(RoomEntity.ProducerAdded p) {
        Member owner = members.get(p.peerId());
        if (owner == null || !owner.joined) {
            return this;
        }
        RoomEntity.ProducerSummary s = new RoomEntity.ProducerSummary(p.producerId(), p.peerId(), p.kind(), p.appData(),
                p.nodeId());
        producers.put(p.producerId(), s);
        members.forEach((id, m) -> {
            if (m.joined && m.consuming && !id.equals(p.peerId())) {
                peer(id).tell(new PeerEntity.ConsumeProducer(p.producerId(), p.peerId(), p.kind(), p.appData()));
            }
        });
        return this;
    }

    private Behavior<Command> onProducerRemoved(RoomEntity.ProducerRemoved p) {
        producers.remove(p.producerId());
        return this;
    }

    private Behavior<Command> onChangeDisplayName(RoomEntity.ChangeDisplayName c) {
        Member m = members.get(c.peerId());
        if (m == null || !m.joined) {
            return this;
        }
        String old = m.displayName;
        m.displayName = c.displayName();
        ObjectNode data = JSON.objectNode();
        data.put("peerId", c.peerId()).put("displayName", c.displayName()).put("oldDisplayName", old);
        notifyJoined(c.peerId(), "peerDisplayNameChanged", data);
        return this;
    }

    private Behavior<Command> onGetInfo(RoomEntity.GetInfo g) {
        List<RoomEntity.MemberInfo> peers = new ArrayList<>();
        members.forEach((id, m) -> {
            if (m.joined) {
                NodeRef node = nodes.placementOf(id);
                peers.add(new RoomEntity.MemberInfo(id, m.displayName, m.device, node == null ? null : node.nodeId()));
            }
        });
        g.replyTo().tell(new RoomEntity.RoomInfo(roomId, peers, new ArrayList<>(producers.values()),
                nodes.routerNodes()));
        return this;
    }

    private void notifyJoined(String exceptPeerId, String method, JsonNode data) {
        members.forEach((id, m) -> {
            if (m.joined && !id.equals(exceptPeerId)) {
                peer(id).tell(new PeerEntity.NotifyClient(method, data));
            }
        });
    }

    private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<PeerEntity.Command> peer(String peerId) {
        return sharding.entityRefFor(PeerEntity.TYPE_KEY, PeerEntity.entityId(roomId, peerId));
    }
}
