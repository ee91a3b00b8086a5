package dev.chorus.actors.state;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Runs an entity behaviour over an {@link EntityStateStore}: at start the entity's saved state is loaded (messages
 * are stashed meanwhile) and handed to the behaviour; after a message, the behaviour's state snapshot is saved
 * if it changed, within {@link #SAVE_DELAY} (messages in between are saved together), and at once when the
 * entity stops; when the behaviour marks itself ended, its state is removed. A stop that is not an end (a shard
 * handing the entity over to another node) keeps the state, so the next incarnation continues from it.
 */
public final class ReplicatedEntity {
    private static final int STASH = 10_000;
    private static final java.time.Duration IDLE_CHECK = java.time.Duration.ofSeconds(10);
    /** How long a changed state may wait to be saved (a node lost meanwhile loses that change). */
    static final java.time.Duration SAVE_DELAY = java.time.Duration.ofMillis(100);

    private ReplicatedEntity() {
    }

    /** What a behaviour gives the wrapper: its current state, and whether it ended for good. */
    public static final class Handle<S> {
        private Supplier<S> snapshot = () -> null;
        private BooleanSupplier ended = () -> false;

        public void bind(Supplier<S> snapshot, BooleanSupplier ended) {
            this.snapshot = snapshot;
            this.ended = ended;
        }
    }

    /**
     * @param loaded  wraps the load result into one of the entity's commands (sent to itself)
     * @param unwrap  takes the load result out of that command, or returns null for any other command
     * @param start   builds the behaviour from the loaded state (empty: a new entity) and binds the handle
     */
    public static <C, S> Behavior<C> create(Class<C> commandClass, EntityStateStore<S> store, String entityId,
                                            Function<Optional<S>, C> loaded, Function<C, Optional<S>> unwrap,
                                            BiFunction<Optional<S>, Handle<S>, Behavior<C>> start) {
        return create(commandClass, store, entityId, loaded, unwrap, start, null, null);
    }

    /**
     * As above; {@code redeliver} (may be null) receives the messages that reach an ended entity before its shard
     * stops it. Sending them through the entity's {@code EntityRef} lets the shard buffer them for the next
     * incarnation (a reconnect must not land in a peer that is going away).
     */
    public static <C, S> Behavior<C> create(Class<C> commandClass, EntityStateStore<S> store, String entityId,
                                            Function<Optional<S>, C> loaded, Function<C, Optional<S>> unwrap,
                                            BiFunction<Optional<S>, Handle<S>, Behavior<C>> start,
                                            java.util.function.Consumer<C> redeliver,
                                            ActorRef<ClusterSharding.ShardCommand> shard) {
        return Behaviors.setup(ctx -> Behaviors.withStash(STASH, stash -> {
            ctx.pipeToSelf(store.load(entityId), (state, error) -> loaded.apply(
                    error == null && state != null ? state : Optional.empty()));
            return Behaviors.receive(commandClass)
                    .onAnyMessage(msg -> {
                        Optional<S> state = unwrap.apply(msg);
                        if (state == null) {
                            stash.stash(msg);
                            return Behaviors.same();
                        }
                        if (state.isEmpty() && shard != null && redeliver != null) {
                            // Possibly started by remember-entities with nothing saved (it ended while its node
                            // went away): if it still has nothing to keep after a while, it ends again.
                            ctx.scheduleOnce(IDLE_CHECK, ctx.getSelf(), loaded.apply(Optional.empty()));
                        }
                        Handle<S> handle = new Handle<>();
                        Behavior<C> inner = start.apply(state, handle);
                        @SuppressWarnings("unchecked")
                        Behavior<C> saving = (Behavior<C>) (Behavior<?>) Behaviors.intercept(
                                () -> new SaveOnChange<>(commandClass, store, entityId, handle, state.orElse(null),
                                        redeliver, unwrap, shard),
                                inner);
                        return stash.unstashAll(saving);
                    })
                    .build();
        }));
    }

    /** The private message that makes {@link SaveOnChange} compare and save (never leaves the actor). */
    private static final Object SAVE = new Object() {
        @Override
        public String toString() {
            return "ReplicatedEntity.SAVE";
        }
    };

    /**
     * Saves the behaviour's state when it changed, at most once per {@link #SAVE_DELAY}: the first message after a
     * save schedules the next comparison, so a burst of messages (a peer told of 100 new consumers in a second)
     * costs a few snapshots and writes instead of one per message. A stop that is not an end saves at once.
     * Intercepts {@code Object}, because its {@link #SAVE} message is not one of the entity's commands.
     */
    private static final class SaveOnChange<C, S> extends BehaviorInterceptor<Object, C> {
        private final Class<C> commandClass;
        private final EntityStateStore<S> store;
        private final String entityId;
        private final Handle<S> handle;
        private final java.util.function.Consumer<C> redeliver;
        private final Function<C, Optional<S>> unwrap;
        private final ActorRef<ClusterSharding.ShardCommand> shard;
        private S saved;
        private boolean removed;
        private boolean saveScheduled;

        SaveOnChange(Class<C> commandClass, EntityStateStore<S> store, String entityId, Handle<S> handle, S saved,
                     java.util.function.Consumer<C> redeliver, Function<C, Optional<S>> unwrap,
                     ActorRef<ClusterSharding.ShardCommand> shard) {
            super(Object.class);
            this.commandClass = commandClass;
            this.store = store;
            this.entityId = entityId;
            this.handle = handle;
            this.saved = saved;
            this.redeliver = redeliver;
            this.unwrap = unwrap;
            this.shard = shard;
        }

        @Override
        public Behavior<C> aroundReceive(TypedActorContext<Object> ctx, Object message, ReceiveTarget<C> target) {
            if (message == SAVE) {
                saveScheduled = false;
                saveIfChanged();
                return Behaviors.same();
            }
            C msg = commandClass.cast(message);
            if (removed && redeliver != null && unwrap.apply(msg) == null) {
                redeliver.accept(msg);
                return Behaviors.same();
            }
            if (unwrap.apply(msg) != null) {
                // The idle check: nothing ever happened to this incarnation, so it has no reason to exist.
                if (!removed && shard != null && saved == null && handle.snapshot.get() == null) {
                    removed = true;
                    shard.tell(new ClusterSharding.Passivate<>(ctx.asJava().getSelf().unsafeUpcast()));
                }
                return Behaviors.same();
            }
            Behavior<C> next = target.apply(ctx, msg);
            if (removed) {
                return next;
            }
            if (handle.ended.getAsBoolean()) {
                removed = true;
                if (saved != null) {
                    store.remove(entityId);
                }
                return next;
            }
            if (!saveScheduled) {
                saveScheduled = true;
                ctx.asJava().scheduleOnce(SAVE_DELAY, ctx.asJava().getSelf(), SAVE);
            }
            return next;
        }

        @Override
        public Behavior<C> aroundSignal(TypedActorContext<Object> ctx, Signal signal, SignalTarget<C> target) {
            if (signal instanceof PostStop) {
                saveIfChanged();
            }
            return target.apply(ctx, signal);
        }

        private void saveIfChanged() {
            if (removed) {
                return;
            }
            S now = handle.snapshot.get();
            if (now != null && !Objects.equals(now, saved)) {
                saved = now;
                store.save(entityId, now);
            }
        }

        @Override
        public Behavior<C> aroundStart(TypedActorContext<Object> ctx, PreStartTarget<C> target) {
            return target.start(ctx);
        }
    }
}
