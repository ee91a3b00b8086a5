package dev.chorus.persistence;

import dev.chorus.persistence.CborEvent;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Small event-sourced test entity: a list of strings, one {@link Added} event per {@link Add}, a snapshot every
 * 5 events. Reports to a probe what recovery found (state, and how many events were replayed on top of the
 * snapshot) and each completed snapshot.
 */
final class TestLog extends EventSourcedBehavior<TestLog.Command, TestLog.Added, TestLog.State> {

    sealed interface Command {
    }

    record Add(String item, ActorRef<Done> replyTo) implements Command {
    }

    record Get(ActorRef<List<String>> replyTo) implements Command {
    }

    /** The persisted event. */
    record Added(String item) implements CborEvent {
    }

    /** The state, also the snapshot. */
    record State(List<String> items) implements CborEvent {
    }

    /** What the probe is told. */
    sealed interface Report {
    }

    record Recovered(List<String> items, int eventsReplayed) implements Report {
    }

    record Snapshotted(long sequenceNr) implements Report {
    }

    private final ActorRef<Report> probe;
    private boolean recovering = true;
    private int replayed;

    private TestLog(String id, ActorRef<Report> probe) {
        super(PersistenceId.ofUniqueId(id));
        this.probe = probe;
    }

    static Behavior<Command> create(String id, ActorRef<Report> probe) {
        return new TestLog(id, probe);
    }

    @Override
    public State emptyState() {
        return new State(List.of());
    }

    @Override
    public CommandHandler<Command, Added, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Add.class, (state, add) -> Effect().persist(new Added(add.item()))
                        .thenReply(add.replyTo(), s -> Done.getInstance()))
                .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state.items()))
                .build();
    }

    @Override
    public EventHandler<State, Added> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onEvent(Added.class, (state, added) -> {
            if (recovering) replayed++;
            List<String> items = new ArrayList<>(state.items());
            items.add(added.item());
            return new State(List.copyOf(items));
        }).build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    recovering = false;
                    probe.tell(new Recovered(state.items(), replayed));
                })
                .onSignal(SnapshotCompleted.class, (state, done) ->
                        probe.tell(new Snapshotted(done.metadata().sequenceNr())))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(5, 2);
    }
}
