package dev.chorus.actors.stream;

import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaOp.Verb;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.state.EntityStateStore;
import dev.chorus.actors.state.Liveness;
import dev.chorus.actors.state.ReplicatedEntity;
import java.util.Optional;
import dev.chorus.media.api.PipeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * One published track (sharded by producer id): where it lives (its home node), whether it is paused, which
 * consumers subscribe to it on which node, and the pipes that carry it to the other nodes that need it. A
 * subscriber on another node is acknowledged once the pipe to that node is open (the home node sends, the other
 * node re-injects it as a pipe producer); the pipe is torn down when that node's last subscriber goes. The
 * producer closes with its peer, and its pipe producers (and so their consumers) close with it.
 */
public final class ProducerEntity extends AbstractBehavior<ProducerEntity.Command> {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Producer");

    public sealed interface Command extends CborSerializable {
    }

    /** From the owning peer once the media producer exists on {@code home}. Acknowledged. */
    public record Open(String roomId, String peerEntityId, String kind, NodeRef home,
                       ActorRef<StatusReply<MediaReply>> replyTo) implements Command {
    }

    /** A consumer on {@code node} is about to be created: acknowledged once the producer is available there. */
    public record Subscribe(String consumerId, NodeRef node, ActorRef<StatusReply<MediaReply>> replyTo)
            implements Command {
    }

    public record Unsubscribe(String consumerId) implements Command {
    }

    public record SetPaused(boolean paused, ActorRef<StatusReply<MediaReply>> replyTo) implements Command {
    }

    /** The producer is gone (closed by its peer, its transport, or its peer leaving). */
    public record Close(String reason) implements Command {
    }

    public record GetInfo(ActorRef<Info> replyTo) implements Command {
    }

    /** What the entity knows: home node, paused, subscribers by node, and the nodes a pipe is open to. */
    public record Info(String producerId, String kind, String peerEntityId, String homeNodeId, boolean paused,
                       Map<String, List<String>> consumersByNode, List<String> pipedTo) implements CborSerializable {
    }

    /** The replicated state (see {@link EntityStateStore}); only open pipes are kept. */
    public record State(String roomId, String peerEntityId, String kind, NodeRef home, boolean paused,
                        Map<String, NodeRef> consumers, Map<String, OpenPipe> pipes) implements CborSerializable {
    }

    public record OpenPipe(NodeRef node, long key, boolean pausedThere) implements CborSerializable {
    }

    /** The saved state was loaded (null: none). Local. */
    record Loaded(State state) implements Command {
    }

    /** After a restart from saved state: whether the media producer still exists on its home node. Local. */
    record Checked(boolean exists) implements Command {
    }

    /** A pipe step finished (local; the media reply or the error). */
    record PipeStep(String nodeId, long key, boolean sending, MediaReply value, Throwable error) implements Command {
    }

    private enum PipeState { OPENING, OPEN }

    private static final class Pipe {
        final NodeRef node;
        final long key;
        PipeState state = PipeState.OPENING;
        boolean pausedThere;
        final List<ActorRef<StatusReply<MediaReply>>> waiters = new ArrayList<>();

        Pipe(NodeRef node, long key) {
            this.node = node;
            this.key = key;
        }
    }

    private final String producerId;
    private final Duration askTimeout;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private boolean ended;
    private String roomId;
    private String peerEntityId;
    private String kind;
    private NodeRef home;
    private boolean paused;
    private final Map<String, NodeRef> consumers = new LinkedHashMap<>();
    private final Map<String, Pipe> pipes = new HashMap<>();

    public static void init(ActorSystem<?> system, Duration askTimeout) {
        EntityStateStore<State> store = new EntityStateStore<>(system, "producer", State.class);
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                        ctx -> create(ctx.getEntityId(), askTimeout, ctx.getShard(), store))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()
                        .withRememberEntities(true)));
    }

    public static Behavior<Command> create(String producerId, Duration askTimeout,
                                           ActorRef<ClusterSharding.ShardCommand> shard, EntityStateStore<State> store) {
        return Behaviors.setup(outer -> ReplicatedEntity.create(Command.class, store, producerId, s -> new Loaded(s.orElse(null)),
                c -> c instanceof Loaded l ? Optional.ofNullable(l.state()) : null,
                (state, handle) -> Behaviors.setup(ctx -> {
                    ProducerEntity e = new ProducerEntity(ctx, producerId, askTimeout, shard, state.orElse(null));
                    handle.bind(e::snapshot, () -> e.ended);
                    return e;
                }),
                msg -> ClusterSharding.get(outer.getSystem()).entityRefFor(TYPE_KEY, producerId).tell(msg), shard));
    }

    private ProducerEntity(ActorContext<Command> ctx, String producerId, Duration askTimeout,
                           ActorRef<ClusterSharding.ShardCommand> shard, State s) {
        super(ctx);
        this.producerId = producerId;
        this.askTimeout = askTimeout;
        this.shard = shard;
        if (s != null) {
            roomId = s.roomId();
            peerEntityId = s.peerEntityId();
            kind = s.kind();
            home = s.home();
            paused = s.paused();
            consumers.putAll(s.consumers());
            s.pipes().forEach((nodeId, p) -> {
                Pipe pipe = new Pipe(p.node(), p.key());
                pipe.state = PipeState.OPEN;
                pipe.pausedThere = p.pausedThere();
                pipes.put(nodeId, pipe);
            });
            checkAfterRestart();
        }
    }

    /**
     * This entity continues from saved state on another node: a close sent while its node went away may be lost,
     * so it asks its home node whether the producer still exists, and closes if not (or if that node is gone).
     */
    private void checkAfterRestart() {
        if (!Liveness.alive(getContext().getSystem(), home.nodeId())) {
            getContext().getSelf().tell(new Checked(false));
            return;
        }
        getContext().askWithStatus(MediaReply.class, home.media(), askTimeout,
                r -> new MediaNode.Exec(new Verb(Verb.Target.PRODUCER, Verb.Action.STATS, producerId), r),
                (ok, err) -> new Checked(err == null));
    }

    private State snapshot() {
        if (home == null) {
            return null;
        }
        Map<String, OpenPipe> open = new java.util.TreeMap<>();
        pipes.forEach((n, p) -> {
            if (p.state == PipeState.OPEN) {
                open.put(n, new OpenPipe(p.node, p.key, p.pausedThere));
            }
        });
        return new State(roomId, peerEntityId, kind, home, paused, new java.util.TreeMap<>(consumers), open);
    }

    /** Ends this producer for good: its state is dropped and the shard stops it (not restarted). */
    private Behavior<Command> end() {
        ended = true;
        if (shard == null) {
            return Behaviors.stopped();
        }
        shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        return this;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Loaded.class, l -> this)
                .onMessage(Checked.class, c -> c.exists() || ended ? this : onClose(new Close("gone with its node")))
                .onMessage(Open.class, this::onOpen)
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(Unsubscribe.class, this::onUnsubscribe)
                .onMessage(SetPaused.class, this::onSetPaused)
                .onMessage(Close.class, this::onClose)
                .onMessage(GetInfo.class, this::onGetInfo)
                .onMessage(PipeStep.class, this::onPipeStep)
                .build();
    }

    private Behavior<Command> onOpen(Open o) {
        if (home == null && !ended) {
            roomId = o.roomId();
            peerEntityId = o.peerEntityId();
            kind = o.kind();
            home = o.home();
        }
        o.replyTo().tell(StatusReply.success(MediaReply.ACK));
        return this;
    }

    /** Not opened: this incarnation exists only because a late message arrived for a producer that is gone. */
    private boolean unknown() {
        return home == null;
    }

    private Behavior<Command> onSubscribe(Subscribe s) {
        if (unknown()) {
            s.replyTo().tell(StatusReply.error("producer " + producerId + " not found"));
            return ended ? this : end();
        }
        NodeRef node = s.node();
        consumers.put(s.consumerId(), node);
        if (node.nodeId().equals(home.nodeId())) {
            s.replyTo().tell(StatusReply.success(MediaReply.ACK));
            return this;
        }
        Pipe pipe = pipes.get(node.nodeId());
        if (pipe != null && pipe.state == PipeState.OPEN) {
            s.replyTo().tell(StatusReply.success(MediaReply.ACK));
            return this;
        }
        if (pipe == null) {
            if (node.pipeEndpoint() == null || home.pipeEndpoint() == null) {
                consumers.remove(s.consumerId());
                s.replyTo().tell(StatusReply.error("no data plane between " + home.nodeId() + " and " + node.nodeId()));
                return this;
            }
            pipe = new Pipe(node, ThreadLocalRandom.current().nextLong());
            pipes.put(node.nodeId(), pipe);
            long key = pipe.key;
            getContext().getLog().debug("producer {}: opening pipe {} -> {}", producerId, home.nodeId(), node.nodeId());
            exec(home, new MediaOp.PipeOut(producerId, key, node.pipeEndpoint(), node.nodeId()), node.nodeId(), key, true);
        }
        pipe.waiters.add(s.replyTo());
        return this;
    }

    private void exec(NodeRef target, MediaOp op, String nodeId, long key, boolean sending) {
        getContext().askWithStatus(MediaReply.class, target.media(), askTimeout, r -> new MediaNode.Exec(op, r),
                (v, e) -> new PipeStep(nodeId, key, sending, v, e));
    }

    private Behavior<Command> onPipeStep(PipeStep step) {
        Pipe pipe = pipes.get(step.nodeId());
        if (pipe == null || pipe.key != step.key() || pipe.state == PipeState.OPEN) {
            return this; // a step of a pipe that was torn down meanwhile
        }
        if (step.error() != null) {
            getContext().getLog().warn("producer {}: pipe to {} failed: {}", producerId, step.nodeId(),
                    step.error().getMessage());
            pipes.remove(step.nodeId());
            closePipe(pipe);
            consumers.values().removeIf(n -> n.nodeId().equals(step.nodeId()));
            pipe.waiters.forEach(w -> w.tell(StatusReply.error("cannot reach producer " + producerId + " from "
                    + step.nodeId() + ": " + step.error().getMessage())));
            return this;
        }
        if (step.sending()) {
            PipeSpec spec = ((MediaReply.Pipe) step.value()).spec();
            pipe.pausedThere = spec.paused();
            exec(pipe.node, new MediaOp.PipeIn(roomId, pipe.key, spec, home.pipeEndpoint(), home.nodeId()), step.nodeId(),
                    pipe.key, false);
            return this;
        }
        pipe.state = PipeState.OPEN;
        pipe.waiters.forEach(w -> w.tell(StatusReply.success(MediaReply.ACK)));
        pipe.waiters.clear();
        if (!hasConsumersOn(step.nodeId())) {
            teardown(pipe);
        } else if (pipe.pausedThere != paused) {
            pauseThere(pipe);
        }
        return this;
    }

    private boolean hasConsumersOn(String nodeId) {
        return consumers.values().stream().anyMatch(n -> n.nodeId().equals(nodeId));
    }

    private Behavior<Command> onUnsubscribe(Unsubscribe u) {
        if (unknown()) {
            return ended ? this : end();
        }
        NodeRef node = consumers.remove(u.consumerId());
        if (node != null && !hasConsumersOn(node.nodeId())) {
            Pipe pipe = pipes.get(node.nodeId());
            if (pipe != null && pipe.state == PipeState.OPEN) {
                teardown(pipe);
            }
        }
        return this;
    }

    private void teardown(Pipe pipe) {
        getContext().getLog().debug("producer {}: closing pipe to {}", producerId, pipe.node.nodeId());
        pipes.remove(pipe.node.nodeId());
        closePipe(pipe);
    }

    private void closePipe(Pipe pipe) {
        ActorRef<StatusReply<MediaReply>> ignore = getContext().getSystem().ignoreRef();
        pipe.node.media().tell(new MediaNode.Exec(new MediaOp.ClosePipe(pipe.key, false), ignore));
        home.media().tell(new MediaNode.Exec(new MediaOp.ClosePipe(pipe.key, true), ignore));
    }

    private Behavior<Command> onSetPaused(SetPaused p) {
        if (unknown()) {
            p.replyTo().tell(StatusReply.error("producer " + producerId + " not found"));
            return ended ? this : end();
        }
        paused = p.paused();
        Verb.Action action = paused ? Verb.Action.PAUSE : Verb.Action.RESUME;
        home.media().tell(new MediaNode.Exec(new Verb(Verb.Target.PRODUCER, action, producerId), p.replyTo()));
        for (Pipe pipe : pipes.values()) {
            if (pipe.state == PipeState.OPEN) {
                pauseThere(pipe);
            }
        }
        return this;
    }

    /** Pipe producers mirror the home producer's pause, so their consumers report it to their clients too. */
    private void pauseThere(Pipe pipe) {
        pipe.pausedThere = paused;
        Verb.Action action = paused ? Verb.Action.PAUSE : Verb.Action.RESUME;
        pipe.node.media().tell(new MediaNode.Exec(new Verb(Verb.Target.PRODUCER, action, producerId),
                getContext().getSystem().ignoreRef()));
    }

    private Behavior<Command> onClose(Close c) {
        if (unknown() || ended) {
            return ended ? this : end();
        }
        getContext().getLog().debug("producer {} closed: {}", producerId, c.reason());
        home.media().tell(new MediaNode.Exec(new Verb(Verb.Target.PRODUCER, Verb.Action.CLOSE, producerId),
                getContext().getSystem().ignoreRef()));
        for (Pipe pipe : pipes.values()) {
            closePipe(pipe);
            pipe.waiters.forEach(w -> w.tell(StatusReply.error("producer " + producerId + " closed")));
        }
        pipes.clear();
        return end();
    }

    private Behavior<Command> onGetInfo(GetInfo g) {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        consumers.forEach((c, n) -> byNode.computeIfAbsent(n.nodeId(), k -> new ArrayList<>()).add(c));
        List<String> pipedTo = new ArrayList<>();
        pipes.forEach((n, p) -> {
            if (p.state == PipeState.OPEN) {
                pipedTo.add(n);
            }
        });
        g.replyTo().tell(new Info(producerId, kind, peerEntityId, home == null ? null : home.nodeId(), paused, byNode,
                pipedTo));
        return unknown() && !ended ? end() : this;
    }
}
