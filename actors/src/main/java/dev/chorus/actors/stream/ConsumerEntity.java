package dev.chorus.actors.stream;

import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.MediaOp.Verb;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.state.EntityStateStore;
import dev.chorus.actors.state.Liveness;
import dev.chorus.actors.state.ReplicatedEntity;
import java.util.Optional;
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
 * One subscription (sharded by consumer id): which producer it consumes, for which peer, on which node, and the
 * subscriber's choices — paused, preferred spatial/temporal layers, priority — and the room's last-N choice
 * (deselected: paused server-side, independent of the subscriber's pause). Pause, resume, last-N, preferred layers
 * and priority reach the media plane through here. On close it tells its producer, which tears down a pipe that no longer has subscribers.
 */
public final class ConsumerEntity extends AbstractBehavior<ConsumerEntity.Command> {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Consumer");

    public sealed interface Command extends CborSerializable {
    }

    /** From the consuming peer once the media consumer exists on {@code node} (server-paused if deselected). */
    public record Open(String producerId, String peerEntityId, NodeRef node, boolean paused, boolean deselected)
            implements Command {
        public Open(String producerId, String peerEntityId, NodeRef node, boolean paused) {
            this(producerId, peerEntityId, node, paused, false);
        }
    }

    /** From the consuming peer: last-N, whether the consumer's producer peer is in its selection. */
    public record SetSelected(boolean selected) implements Command {
    }

    public record SetPaused(boolean paused, ActorRef<StatusReply<MediaReply>> replyTo) implements Command {
    }

    /** The subscriber's preferred layers ({@code temporalLayer} null: the highest). */
    public record SetPreferredLayers(int spatialLayer, Integer temporalLayer,
                                     ActorRef<StatusReply<MediaReply>> replyTo) implements Command {
    }

    public record SetPriority(int priority, ActorRef<StatusReply<MediaReply>> replyTo) implements Command {
    }

    /** The consumer is gone (the subscriber left, the producer or transport closed). */
    public record Close(String producerId) implements Command {
    }

    public record GetInfo(ActorRef<Info> replyTo) implements Command {
    }

    public record Info(String consumerId, String producerId, String peerEntityId, String nodeId, boolean paused,
                       int preferredSpatialLayer, Integer preferredTemporalLayer, int priority)
            implements CborSerializable {
    }

    /** The replicated state (see {@link EntityStateStore}). */
    public record State(String producerId, String peerEntityId, NodeRef node, boolean paused, int spatial,
                        Integer temporal, int priority, boolean deselected) implements CborSerializable {
    }

    /** The saved state was loaded (null: none). Local. */
    record Loaded(State state) implements Command {
    }

    /** After a restart from saved state: whether the media consumer still exists. Local. */
    record Checked(boolean exists) implements Command {
    }

    private final String consumerId;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private boolean ended;
    private String producerId;
    private String peerEntityId;
    private NodeRef node;
    private boolean paused;
    private boolean deselected;
    private int spatial = Integer.MAX_VALUE;
    private Integer temporal;
    private int priority = 1;

    public static void init(ActorSystem<?> system) {
        EntityStateStore<State> store = new EntityStateStore<>(system, "consumer", State.class);
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), store))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()
                        .withRememberEntities(true)));
    }

    public static Behavior<Command> create(String consumerId, ActorRef<ClusterSharding.ShardCommand> shard,
                                           EntityStateStore<State> store) {
        return Behaviors.setup(outer -> ReplicatedEntity.create(Command.class, store, consumerId, s -> new Loaded(s.orElse(null)),
                c -> c instanceof Loaded l ? Optional.ofNullable(l.state()) : null,
                (state, handle) -> Behaviors.setup(ctx -> {
                    ConsumerEntity e = new ConsumerEntity(ctx, consumerId, shard, state.orElse(null));
                    handle.bind(e::snapshot, () -> e.ended);
                    return e;
                }),
                msg -> ClusterSharding.get(outer.getSystem()).entityRefFor(TYPE_KEY, consumerId).tell(msg), shard));
    }

    private ConsumerEntity(ActorContext<Command> ctx, String consumerId, ActorRef<ClusterSharding.ShardCommand> shard,
                           State s) {
        super(ctx);
        this.consumerId = consumerId;
        this.shard = shard;
        if (s != null) {
            producerId = s.producerId();
            peerEntityId = s.peerEntityId();
            node = s.node();
            paused = s.paused();
            spatial = s.spatial();
            temporal = s.temporal();
            priority = s.priority();
            deselected = s.deselected();
            checkAfterRestart();
        }
    }

    /**
     * This entity continues from saved state on another node: messages sent to it while its node went away may be
     * lost, so it asks the media plane whether its consumer still exists, and ends if not (or if that node is gone).
     */
    private void checkAfterRestart() {
        if (!Liveness.alive(getContext().getSystem(), node.nodeId())) {
            getContext().getSelf().tell(new Checked(false));
            return;
        }
        getContext().askWithStatus(MediaReply.class, node.media(), java.time.Duration.ofSeconds(5),
                r -> new MediaNode.Exec(new Verb(Verb.Target.CONSUMER, Verb.Action.STATS, consumerId), r),
                (ok, err) -> new Checked(err == null));
    }

    private State snapshot() {
        return node == null ? null
                : new State(producerId, peerEntityId, node, paused, spatial, temporal, priority, deselected);
    }

    /** Ends this consumer for good: its state is dropped and the shard stops it (not restarted). */
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
                .onMessage(Checked.class, c -> c.exists() || ended ? this : onClose(new Close(producerId)))
                .onMessage(Open.class, o -> {
                    if (node == null && !ended) {
                        producerId = o.producerId();
                        peerEntityId = o.peerEntityId();
                        node = o.node();
                        paused = o.paused();
                        deselected = o.deselected();
                    }
                    return this;
                })
                .onMessage(SetPaused.class, this::onSetPaused)
                .onMessage(SetSelected.class, this::onSetSelected)
                .onMessage(SetPreferredLayers.class, s -> {
                    if (s.spatialLayer() < 0 || (s.temporalLayer() != null && s.temporalLayer() < 0)) {
                        s.replyTo().tell(StatusReply.error("layers must be >= 0"));
                        return unknownOrSame();
                    }
                    if (node == null) {
                        return ack(s.replyTo());
                    }
                    spatial = s.spatialLayer();
                    temporal = s.temporalLayer();
                    node.media().tell(new MediaNode.Exec(
                            new MediaOp.ConsumerPreferredLayers(consumerId, spatial, temporal), s.replyTo()));
                    return this;
                })
                .onMessage(SetPriority.class, s -> {
                    if (s.priority() < 1 || s.priority() > 255) {
                        s.replyTo().tell(StatusReply.error("priority must be 1..255"));
                        return unknownOrSame();
                    }
                    if (node == null) {
                        return ack(s.replyTo());
                    }
                    priority = s.priority();
                    node.media().tell(new MediaNode.Exec(new MediaOp.ConsumerPriority(consumerId, priority),
                            s.replyTo()));
                    return this;
                })
                .onMessage(Close.class, this::onClose)
                .onMessage(GetInfo.class, g -> {
                    g.replyTo().tell(new Info(consumerId, producerId, peerEntityId, node == null ? null : node.nodeId(),
                            paused, spatial, temporal, priority));
                    return unknownOrSame();
                })
                .build();
    }

    /** An incarnation that was never opened exists only because a late message arrived: it stops. */
    private Behavior<Command> unknownOrSame() {
        return node == null && !ended ? end() : this;
    }

    private Behavior<Command> ack(ActorRef<StatusReply<MediaReply>> replyTo) {
        if (node == null) {
            replyTo.tell(StatusReply.error("consumer " + consumerId + " not found"));
            return unknownOrSame();
        }
        replyTo.tell(StatusReply.success(MediaReply.ACK));
        return this;
    }

    private Behavior<Command> onSetPaused(SetPaused s) {
        if (node == null) {
            s.replyTo().tell(StatusReply.error("consumer " + consumerId + " not found"));
            return unknownOrSame();
        }
        paused = s.paused();
        Verb.Action action = paused ? Verb.Action.PAUSE : Verb.Action.RESUME;
        node.media().tell(new MediaNode.Exec(new Verb(Verb.Target.CONSUMER, action, consumerId), s.replyTo()));
        return this;
    }

    private Behavior<Command> onSetSelected(SetSelected s) {
        if (node == null) {
            return unknownOrSame();
        }
        deselected = !s.selected(); // passed on even when unchanged: the media plane ignores a repeat
        node.media().tell(new MediaNode.Exec(new MediaOp.ConsumerSelected(consumerId, s.selected()),
                getContext().getSystem().ignoreRef()));
        return this;
    }

    private Behavior<Command> onClose(Close c) {
        if (ended) {
            return this;
        }
        String producer = producerId != null ? producerId : c.producerId();
        if (node != null) {
            node.media().tell(new MediaNode.Exec(new Verb(Verb.Target.CONSUMER, Verb.Action.CLOSE, consumerId),
                    getContext().getSystem().ignoreRef()));
        }
        if (producer != null) {
            ClusterSharding.get(getContext().getSystem()).entityRefFor(ProducerEntity.TYPE_KEY, producer)
                    .tell(new ProducerEntity.Unsubscribe(consumerId));
        }
        return end();
    }
}
