package dev.chorus.actors.history;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.room.RoomEvent;
import dev.chorus.persistence.ChorusDatabase;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The room history projection: one per cluster (a typed cluster singleton), it reads every event tagged
 * {@value RoomEvent#TAG} from the journal in journal order and applies it to the history tables, storing the
 * read-journal offset in the same transaction as the event's effect (exactly once; see {@link HistoryApplier}).
 *
 * <p>Stream: the stored offset is read, then {@code eventsByTag(room, Offset.sequence(offset))} (exclusive: it
 * continues after the stored offset) feeds {@code mapAsync(1)} on the blocking dispatcher. Any failure (database
 * down, ...) restarts the whole stream with exponential back-off ({@code chorus.history.restart-min-backoff} to
 * {@code restart-max-backoff}), which reads the offset afresh, so nothing is lost or applied twice.
 *
 * <p>Lag: the projection has its own instance of the JDBC read journal ({@value #READ_JOURNAL_ID}, the
 * {@code jdbc-read-journal} settings with {@code refresh-interval} and {@code journal-sequence-retrieval.query-delay}
 * set to {@code chorus.history.refresh-interval}, 500 ms by default), so a room event reaches the history about
 * 0.5 to 1 s after it was journaled, plus the time to apply it. Should the journal's ordering have a gap (an insert
 * that rolled back), the read journal waits up to 10 × the query delay before it passes over it.
 */
public final class HistoryProjection {

    private static final Logger log = LoggerFactory.getLogger(HistoryProjection.class);

    /** Name of the projection: its row in {@code history_offsets}, and the singleton's name. */
    public static final String NAME = "room-history";
    /** Plugin id of the projection's own read journal (see the class comment). */
    static final String READ_JOURNAL_ID = "chorus-history-read-journal";

    /** What the singleton understands. */
    public sealed interface Command {
    }

    /** Stops the projection (the singleton's stop message, used at hand-over). */
    public enum Stop implements Command {
        INSTANCE
    }

    private HistoryProjection() {
    }

    /**
     * Starts the projection's cluster singleton on this node (call it on every node; the oldest node runs it).
     *
     * @return the singleton's proxy
     */
    public static ActorRef<Command> init(ActorSystem<?> system) {
        return ClusterSingleton.get(system).init(
                SingletonActor.of(create(), NAME).withStopMessage(Stop.INSTANCE));
    }

    /** The projection as a plain actor (runs it wherever spawned; {@link #init} runs it once per cluster). */
    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> {
            ActorSystem<?> system = ctx.getSystem();
            Config config = system.settings().config().getConfig("chorus.history");
            RestartSettings restart = RestartSettings.create(config.getDuration("restart-min-backoff"),
                    config.getDuration("restart-max-backoff"), 0.2);
            HistoryApplier applier = new HistoryApplier(ChorusDatabase.dataSource(system), NAME);
            JdbcReadJournal journal = readJournal(system, config.getDuration("refresh-interval"));
            Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());

            UniqueKillSwitch killSwitch = RestartSource.withBackoff(restart, () -> events(journal, applier, blocking))
                    .viaMat(KillSwitches.single(), Keep.right())
                    .toMat(Sink.ignore(), Keep.left())
                    .run(system);
            log.info("Room history projection started");
            return Behaviors.receive(Command.class)
                    .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                    .onSignal(PostStop.class, signal -> {
                        killSwitch.shutdown();
                        log.info("Room history projection stopped");
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** One run of the stream: from the stored offset on, each event applied with its offset. */
    private static Source<Done, NotUsed> events(JdbcReadJournal journal, HistoryApplier applier, Executor blocking) {
        return Source.completionStageSource(CompletableFuture.supplyAsync(() -> {
                    long offset = unchecked(applier::readOffset);
                    log.info("Room history projection reading room events after offset {}", offset);
                    return journal.eventsByTag(RoomEvent.TAG, Offset.sequence(offset));
                }, blocking))
                .mapAsync(1, (EventEnvelope envelope) -> CompletableFuture.supplyAsync(() -> {
                    unchecked(() -> applier.apply(envelope));
                    return Done.getInstance();
                }, blocking))
                .mapMaterializedValue(m -> NotUsed.getInstance());
    }

    /**
     * The projection's read journal: {@code jdbc-read-journal} as configured (shared database and all), polling at
     * {@code refreshInterval}. A separate plugin id, so that it does not depend on who else uses the read journal
     * or on which reference.conf wins.
     */
    static JdbcReadJournal readJournal(ActorSystem<?> system, Duration refreshInterval) {
        String interval = refreshInterval.toMillis() + "ms";
        Config own = ConfigFactory.parseMap(Map.of("refresh-interval", interval,
                        "journal-sequence-retrieval.query-delay", interval))
                .withFallback(system.settings().config().getConfig(JdbcReadJournal.Identifier()));
        return PersistenceQuery.get(Adapter.toClassic(system))
                .getReadJournalFor(JdbcReadJournal.class, READ_JOURNAL_ID, own.atPath(READ_JOURNAL_ID));
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T unchecked(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            log.warn("Room history projection failed ({}); it restarts after a back-off", e.getMessage());
            throw new CompletionException(e);
        }
    }
}
