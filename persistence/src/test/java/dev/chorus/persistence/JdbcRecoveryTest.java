package dev.chorus.persistence;

import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event sourcing over Pekko Persistence JDBC against real databases: embedded H2 (file, fresh data directory) and
 * the local PostgreSQL server (a new database per test). Each case starts from an empty database, lets
 * {@link Schema} create the tables, and restarts the ActorSystem on the same database to check recovery.
 */
class JdbcRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void schemaIsCreatedInAFreshDatabase(String kind, @TempDir Path tmp) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind, tmp)) {
            if (kind.equals("h2")) {
                assertFalse(Files.exists(db.settings().dataDir()), "the H2 data directory must not exist yet");
            } else {
                assertEquals(Set.of(), tables(db), "a new PostgreSQL database has no tables");
            }
            withSystem(db, kit -> {
                try {
                    assertTrue(tables(db).containsAll(Schema.TABLES), "tables: " + tables(db));
                    ActorRef<TestLog.Command> log = spawn(kit, "fresh", kit.createTestProbe());
                    add(kit, log, "first");
                    assertEquals(1, count(db, "SELECT count(*) FROM \"event_journal\""));
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
            // a second start on the existing schema is fine too
            withSystem(db, kit -> assertRecovers(kit, "fresh", List.of("first"), 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void eventsSurviveARestart(String kind, @TempDir Path tmp) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind, tmp)) {
            withSystem(db, kit -> {
                ActorRef<TestLog.Command> log = spawn(kit, "restart", kit.createTestProbe());
                for (String item : List.of("a", "b", "c")) add(kit, log, item);
            });
            withSystem(db, kit -> assertRecovers(kit, "restart", List.of("a", "b", "c"), 3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void recoveryStartsFromTheLatestSnapshot(String kind, @TempDir Path tmp) throws Exception {
        List<String> items = IntStream.rangeClosed(1, 12).mapToObj(i -> "item-" + i).toList();
        try (TestDatabase db = TestDatabase.of(kind, tmp)) {
            withSystem(db, kit -> {
                TestProbe<TestLog.Report> reports = kit.createTestProbe();
                ActorRef<TestLog.Command> log = spawn(kit, "snapshots", reports);
                for (String item : items) add(kit, log, item);
                Set<Long> snapshots = new HashSet<>();
                for (int i = 0; i < 2; i++) {
                    snapshots.add(reports.expectMessageClass(TestLog.Snapshotted.class, WAIT).sequenceNr());
                }
                assertEquals(Set.of(5L, 10L), snapshots);
            });
            // 10 events come from the snapshot, the last 2 are replayed on top of it
            withSystem(db, kit -> assertRecovers(kit, "snapshots", items, 2));
            try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                    "SELECT \"sequence_number\" FROM \"snapshot\" WHERE \"persistence_id\" = ? ORDER BY 1")) {
                st.setString(1, "snapshots");
                List<Long> seqNrs = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) seqNrs.add(rs.getLong(1));
                }
                assertEquals(List.of(5L, 10L), seqNrs);
            }
        }
    }

    /** Starts a single-node ActorSystem on the database, creates the schema, runs the body, shuts down. */
    private static void withSystem(TestDatabase db, Consumer<ActorTestKit> body) throws Exception {
        ActorTestKit kit = ActorTestKit.create("JdbcRecoveryTest", db.systemConfig());
        try {
            Schema.createIfNotExists(kit.system()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            body.accept(kit);
        } finally {
            kit.shutdownTestKit();
        }
    }

    private static ActorRef<TestLog.Command> spawn(ActorTestKit kit, String id, TestProbe<TestLog.Report> reports) {
        ActorRef<TestLog.Command> log = kit.spawn(TestLog.create(id, reports.getRef()));
        reports.expectMessage(WAIT, new TestLog.Recovered(List.of(), 0));
        return log;
    }

    private static void add(ActorTestKit kit, ActorRef<TestLog.Command> log, String item) {
        TestProbe<Done> done = kit.createTestProbe();
        log.tell(new TestLog.Add(item, done.getRef()));
        done.expectMessage(WAIT, Done.getInstance());
    }

    private static void assertRecovers(ActorTestKit kit, String id, List<String> items, int replayed) {
        TestProbe<TestLog.Report> reports = kit.createTestProbe();
        ActorRef<TestLog.Command> log = kit.spawn(TestLog.create(id, reports.getRef()));
        assertEquals(new TestLog.Recovered(items, replayed), reports.expectMessageClass(TestLog.Recovered.class, WAIT));
        TestProbe<List<String>> state = kit.createTestProbe();
        log.tell(new TestLog.Get(state.getRef()));
        assertEquals(items, state.receiveMessage(WAIT));
    }

    private static Set<String> tables(TestDatabase db) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
