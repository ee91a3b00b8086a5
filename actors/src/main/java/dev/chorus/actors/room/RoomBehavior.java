package dev.chorus.actors.room;

import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.Refusals;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.room.RoomEntity.AdminResult;
import dev.chorus.actors.room.RoomEntity.Command;
import dev.chorus.actors.state.Liveness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Behaviour of {@link RoomEntity}: an event-sourced room. Membership, producers and settings are journaled as
 * {@link RoomEvent}s ({@link RoomState}); who is connected but not joined yet, placements and routers are live
 * ({@link RoomPlacement}) and rebuilt after a recovery. A recovered room asks each member whether it is still there
 * and records those that are not as having left.
 */
final class RoomBehavior extends EventSourcedBehavior<Command, RoomEvent, RoomState> {

    private final String roomId;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final Duration askTimeout;
    private final int snapshotEvery;
    /** How long an empty room waits before it closes or passivates (a reconnecting lone peer finds it there). */
    private final Duration emptyLinger;
    /** {@code chorus.limits.max-peers-per-room}: the limit of a room whose settings set none (null: no limit). */
    private final Integer nodeMaxPeers;
    private final RoomPlacement placement;
    /** Peers whose session connected to the room (joined or not). */
    private final Set<String> connected = new HashSet<>();
    /** Whether each joined peer consumes (a recovered member counts as consuming until it says otherwise). */
    private final Map<String, Boolean> consuming = new HashMap<>();
    private RoomState current = RoomState.EMPTY;
    /** Active speaker and last-N: live only, never journaled. */
    private final RoomFloor floor;
    private final RoomOutbox out;

    static Behavior<Command> create(String roomId, ActorRef<ClusterSharding.ShardCommand> shard, Duration askTimeout,
                                    int capacity, int snapshotEvery) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new RoomBehavior(ctx, timers, roomId, shard, askTimeout, capacity, snapshotEvery)));
    }

    private RoomBehavior(ActorContext<Command> ctx, TimerScheduler<Command> timers, String roomId,
                         ActorRef<ClusterSharding.ShardCommand> shard, Duration askTimeout, int capacity,
                         int snapshotEvery) {
        // A failed write (the database unreachable) restarts the room with backoff: it recovers from the journal,
        // and its live fields (connected peers, placements) carry over.
        super(RoomEntity.persistenceId(roomId),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
        this.ctx = ctx;
        this.timers = timers;
        this.roomId = roomId;
        this.shard = shard;
        this.askTimeout = askTimeout;
        this.snapshotEvery = snapshotEvery;
        this.emptyLinger = ctx.getSystem().settings().config().getDuration("chorus.room.empty-linger");
        int maxPeers = ctx.getSystem().settings().config().getInt("chorus.limits.max-peers-per-room");
        this.nodeMaxPeers = maxPeers > 0 ? maxPeers : null;
        this.out = new RoomOutbox(roomId, ClusterSharding.get(ctx.getSystem()));
        this.floor = new RoomFloor(LastNConfig.from(ctx.getSystem().settings().config()), out, timers);
        this.placement = new RoomPlacement(ctx, timers, roomId, askTimeout, capacity,
                peerId -> connected.contains(peerId) || current.joined(peerId));
    }

    @Override
    public RoomState emptyState() {
        return RoomState.EMPTY;
    }

    @Override
    public EventHandler<RoomState, RoomEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            RoomState next = state.apply(event);
            current = next;
            return next;
        });
    }

    @Override
    public Set<String> tagsFor(RoomEvent event) {
        return Set.of(RoomEvent.TAG);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }

    @Override
    public SignalHandler<RoomState> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
    }

    /** Continues from the journal: placements of the members, a check of who is still there, lost nodes. */
    private void onRecovered(RoomState state) {
        current = state;
        ActorRef<ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                e -> new RoomEntity.NodeRemoved(MediaNode.nodeId(e.member().address())));
        Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
        if (!state.members().isEmpty()) {
            ctx.getLog().info("room {} continues with {} member(s); checking they are still there", roomId,
                    state.members().size());
        }
        state.members().forEach((peerId, m) -> {
            placement.restore(peerId, m.nodeId());
            consuming.put(peerId, true);
            out.peer(peerId).tell(new PeerEntity.CheckMembership(ctx.getSelf()));
        });
        for (String nodeId : placement.nodesInUse()) {
            if (!Liveness.alive(ctx.getSystem(), nodeId)) {
                ctx.getSelf().tell(new RoomEntity.NodeRemoved(nodeId));
            }
        }
        floor.changed(state);
        passivateIfEmpty(state);
    }

    @Override
    public CommandHandler<Command, RoomEvent, RoomState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(RoomEntity.Connect.class, this::onConnect)
                .onCommand(RoomEntity.Join.class, this::onJoin)
                .onCommand(RoomEntity.Leave.class, this::onLeave)
                .onCommand(RoomEntity.ProducerAdded.class, this::onProducerAdded)
                .onCommand(RoomEntity.ProducerRemoved.class, (s, p) -> {
                    floor.producerRemoved(s, p.producerId());
                    return s.producers().containsKey(p.producerId())
                            ? Effect().persist(new RoomEvent.ProducerClosed(p.peerId(), p.producerId(), Instant.now()))
                                    .thenRun(n -> {
                                        if ("audio".equals(s.producers().get(p.producerId()).kind())) {
                                            out.producerGone(n, p.peerId(), p.producerId());
                                        }
                                        floor.changed(n);
                                    })
                            : Effect().none();
                })
                .onCommand(RoomEntity.ChangeDisplayName.class, this::onChangeDisplayName)
                .onCommand(RoomEntity.AudioLevels.class, (s, a) -> {
                    floor.onLevels(s, a);
                    return Effect().none();
                })
                .onCommand(RoomEntity.EvaluateSpeakers.class, (s, e) -> {
                    floor.evaluate(s);
                    return Effect().none();
                })
                .onCommand(RoomEntity.GetInfo.class, (s, g) -> {
                    g.replyTo().tell(out.info(s, placement));
                    return Effect().none();
                })
                .onCommand(RoomEntity.Create.class, this::onCreate)
                .onCommand(RoomEntity.UpdateSettings.class, this::onUpdateSettings)
                .onCommand(RoomEntity.Close.class, this::onClose)
                .onCommand(RoomEntity.Kick.class, this::onKick)
                .onCommand(RoomEntity.MembershipChecked.class, this::onMembershipChecked)
                .onCommand(RoomEntity.LoadsCollected.class, (s, l) -> {
                    placement.onLoads(l);
                    return Effect().none();
                })
                .onCommand(RoomEntity.RetryPlacement.class, (s, r) -> {
                    placement.retry();
                    return Effect().none();
                })
                .onCommand(RoomEntity.RouterResult.class, (s, r) -> {
                    placement.onRouterResult(r);
                    passivateIfEmpty(s);
                    return Effect().none();
                })
                .onCommand(RoomEntity.PassivateIfEmpty.class, this::onPassivateIfEmpty)
                .onCommand(RoomEntity.NodeRemoved.class, this::onNodeRemoved)
                .build();
    }

    // ---- sessions, joins and leaves ------------------------------------------------------------------------

    private Effect<RoomEvent, RoomState> onConnect(RoomState s, RoomEntity.Connect c) {
        connected.add(c.peerId());
        if (!s.open()) {
            return Effect().persist(new RoomEvent.RoomOpened(roomId, RoomSettings.DEFAULT, "client", Instant.now()))
                    .thenRun(n -> placement.connect(c));
        }
        placement.connect(c);
        return Effect().none();
    }

    private Effect<RoomEvent, RoomState> onJoin(RoomState s, RoomEntity.Join j) {
        Instant now = Instant.now();
        boolean member = s.joined(j.peerId());
        Integer max = s.settings().maxParticipants() != null ? s.settings().maxParticipants() : nodeMaxPeers;
        if (!member && max != null && s.members().size() >= max) {
            Refusals.get(ctx.getSystem()).refused(Refusal.ROOM_FULL);
            j.replyTo().tell(StatusReply.error("the room is full (" + max + " participants)"));
            return Effect().none();
        }
        connected.add(j.peerId());
        placement.confirm(j.peerId(), j.node());
        consuming.put(j.peerId(), j.consuming());
        String nodeId = j.node() != null ? j.node().nodeId() : placement.nodeOf(j.peerId()).orElse(null);
        List<RoomEvent> events = new ArrayList<>();
        if (!s.open()) {
            events.add(new RoomEvent.RoomOpened(roomId, RoomSettings.DEFAULT, "client", now));
        }
        if (member && j.rejoin()) {
            if (nodeId != null && !nodeId.equals(s.members().get(j.peerId()).nodeId())) {
                events.add(new RoomEvent.PeerMoved(j.peerId(), nodeId, now));
            }
            if (events.isEmpty()) {
                replyJoined(s, j);
                return Effect().none();
            }
            return Effect().persist(events).thenRun(n -> replyJoined(n, j));
        }
        if (member) {
            // The peer joins from a fresh session while the room still lists it (its leave was lost with a node):
            // the old membership ends here, and it joins anew.
            ctx.getLog().info("room {}: peer {} joins again; dropping its stale membership", roomId, j.peerId());
            events.add(new RoomEvent.PeerLeft(j.peerId(), RoomEvent.LeaveReason.NODE_LOST, now));
        }
        events.add(new RoomEvent.PeerJoined(j.peerId(), j.displayName(), j.device(), nodeId, j.remoteAddress(), now));
        return Effect().persist(events).thenRun(n -> {
            if (member) {
                out.peerClosed(n, j.peerId());
            }
            floor.changed(n);
            replyJoined(n, j);
            out.newPeer(n, j);
        });
    }

    /**
     * Answers a successful join (with the peer's last-N selection); a speaker already on the floor is made known to
     * the newcomer right after.
     */
    private void replyJoined(RoomState s, RoomEntity.Join j) {
        j.replyTo().tell(StatusReply.success(RoomOutbox.joinResult(s, j, floor.selectionOf(j.peerId()))));
        floor.catchUp(j.peerId());
    }

    private Effect<RoomEvent, RoomState> onLeave(RoomState s, RoomEntity.Leave l) {
        connected.remove(l.peerId());
        if (!s.joined(l.peerId())) {
            placement.release(l.peerId());
            passivateIfEmpty(s);
            return Effect().none();
        }
        return Effect().persist(new RoomEvent.PeerLeft(l.peerId(), l.reason(), Instant.now())).thenRun(n -> left(n,
                l.peerId()));
    }

    /** After a member's PeerLeft: the others are told, its placement goes. */
    private void left(RoomState n, String peerId) {
        consuming.remove(peerId);
        out.peerClosed(n, peerId);
        floor.peerLeft(n, peerId);
        if (!connected.contains(peerId)) {
            placement.release(peerId);
        }
        passivateIfEmpty(n);
    }

    private Effect<RoomEvent, RoomState> onMembershipChecked(RoomState s, RoomEntity.MembershipChecked m) {
        if (m.joined() || !s.joined(m.peerId()) || connected.contains(m.peerId())) {
            consuming.computeIfPresent(m.peerId(), (k, v) -> m.consuming());
            return Effect().none();
        }
        ctx.getLog().info("room {}: member {} did not survive (its node went away); it left", roomId, m.peerId());
        return Effect().persist(new RoomEvent.PeerLeft(m.peerId(), RoomEvent.LeaveReason.NODE_LOST, Instant.now()))
                .thenRun(n -> left(n, m.peerId()));
    }

    /** An empty room goes away after a while (sharding starts a fresh one on the next message). */
    private void passivateIfEmpty(RoomState s) {
        if (shard != null && s.members().isEmpty() && connected.isEmpty()) {
            timers.startSingleTimer("passivate", new RoomEntity.PassivateIfEmpty(), emptyLinger);
        }
    }

    private Effect<RoomEvent, RoomState> onPassivateIfEmpty(RoomState s, RoomEntity.PassivateIfEmpty p) {
        if (shard == null || !s.members().isEmpty() || !connected.isEmpty() || placement.hasRouters()) {
            return Effect().none();
        }
        if (s.open() && "client".equals(s.createdBy())) {
            // A room that came with its first client ends with its last one; one created through the API stays
            // open (only its actor goes away until it is needed again).
            return Effect().persist(new RoomEvent.RoomClosed("empty", Instant.now()))
                    .thenRun(n -> shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf())));
        }
        shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
        return Effect().none();
    }

    private Effect<RoomEvent, RoomState> onNodeRemoved(RoomState s, RoomEntity.NodeRemoved r) {
        if (!placement.uses(r.nodeId())) {
            return Effect().none();
        }
        List<String> affected = placement.onNodeRemoved(r.nodeId());
        ctx.getLog().warn("room {}: node {} is gone; {} peer(s) must reconnect", roomId, r.nodeId(), affected.size());
        for (String peerId : affected) {
            out.peer(peerId).tell(new PeerEntity.MediaNodeLost(r.nodeId()));
        }
        return Effect().none();
    }

    // ---- producers and names -------------------------------------------------------------------------------

    private Effect<RoomEvent, RoomState> onProducerAdded(RoomState s, RoomEntity.ProducerAdded p) {
        if (!s.joined(p.peerId())) {
            return Effect().none();
        }
        return Effect().persist(new RoomEvent.ProducerOpened(p.peerId(), p.producerId(), p.kind(),
                RoomEvent.ProducerOpened.sourceOf(p.appData()), p.appData(), p.nodeId(), Instant.now())).thenRun(n -> {
                    n.members().keySet().forEach(id -> {
                        if (!id.equals(p.peerId()) && consuming.getOrDefault(id, true)) {
                            out.peer(id).tell(new PeerEntity.ConsumeProducer(p.producerId(), p.peerId(), p.kind(),
                                    p.appData()));
                        }
                    });
                    floor.changed(n);
                });
    }

    private Effect<RoomEvent, RoomState> onChangeDisplayName(RoomState s, RoomEntity.ChangeDisplayName c) {
        RoomState.Member m = s.members().get(c.peerId());
        if (m == null) {
            return Effect().none();
        }
        return Effect().persist(new RoomEvent.PeerRenamed(c.peerId(), c.displayName(), Instant.now())).thenRun(n -> {
            out.displayNameChanged(n, c.peerId(), c.displayName(), m.displayName());
        });
    }

    // ---- operator commands ---------------------------------------------------------------------------------

    private Effect<RoomEvent, RoomState> onCreate(RoomState s, RoomEntity.Create c) {
        if (s.open()) {
            c.replyTo().tell(new AdminResult(AdminResult.Outcome.CONFLICT, "room '" + roomId + "' exists", out.info(s, placement)));
            return Effect().none();
        }
        return Effect().persist(new RoomEvent.RoomOpened(roomId, c.settings(), "api", Instant.now()))
                .thenRun(n -> {
                    c.replyTo().tell(new AdminResult(AdminResult.Outcome.OK, null, out.info(n, placement)));
                    passivateIfEmpty(n);
                });
    }

    private Effect<RoomEvent, RoomState> onUpdateSettings(RoomState s, RoomEntity.UpdateSettings u) {
        if (!s.open()) {
            u.replyTo().tell(out.notFound());
            return Effect().none();
        }
        return Effect().persist(new RoomEvent.SettingsChanged(u.settings(), Instant.now())).thenRun(n -> {
            n.members().keySet().forEach(id ->
                    out.peer(id).tell(new PeerEntity.PublishRights(n.settings().mayPublish(id))));
            floor.changed(n);
            u.replyTo().tell(new AdminResult(AdminResult.Outcome.OK, null, out.info(n, placement)));
        });
    }

    private Effect<RoomEvent, RoomState> onKick(RoomState s, RoomEntity.Kick k) {
        if (!s.joined(k.peerId())) {
            k.replyTo().tell(new AdminResult(AdminResult.Outcome.NOT_FOUND,
                    "peer '" + k.peerId() + "' is not in room '" + roomId + "'", s.open() ? out.info(s, placement) : null));
            return Effect().none();
        }
        // The peer closes its session and leaves with reason KICKED (its Leave is journaled then).
        out.peer(k.peerId()).tell(new PeerEntity.Kick(RoomEvent.LeaveReason.KICKED,
                k.message() == null ? "removed by an operator" : k.message()));
        k.replyTo().tell(new AdminResult(AdminResult.Outcome.OK, null, out.info(s, placement)));
        return Effect().none();
    }

    private Effect<RoomEvent, RoomState> onClose(RoomState s, RoomEntity.Close c) {
        if (!s.open()) {
            c.replyTo().tell(out.notFound());
            return Effect().none();
        }
        Instant now = Instant.now();
        List<RoomEvent> events = new ArrayList<>();
        List<String> told = new ArrayList<>(s.members().keySet());
        connected.forEach(id -> {
            if (!told.contains(id)) {
                told.add(id);
            }
        });
        s.members().keySet().forEach(id -> events.add(new RoomEvent.PeerLeft(id, RoomEvent.LeaveReason.ROOM_CLOSED,
                now)));
        events.add(new RoomEvent.RoomClosed("deleted", now));
        RoomEntity.RoomInfo before = out.info(s, placement);
        return Effect().persist(events).thenRun(n -> {
            ctx.getLog().info("room {} closed by an operator; {} peer(s) told", roomId, told.size());
            told.forEach(id -> out.peer(id).tell(new PeerEntity.Kick(RoomEvent.LeaveReason.ROOM_CLOSED,
                    "the room was closed")));
            connected.clear();
            consuming.clear();
            floor.clear();
            placement.closeAll();
            c.replyTo().tell(new AdminResult(AdminResult.Outcome.OK, null, before));
            passivateIfEmpty(n);
        });
    }
}
