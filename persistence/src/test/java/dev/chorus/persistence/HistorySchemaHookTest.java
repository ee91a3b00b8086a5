package dev.chorus.persistence;

import dev.chorus.persistence.history.HistorySchema;
import dev.chorus.persistence.history.HistoryWriter;
import dev.chorus.persistence.history.JdbcHistoryQueries;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Schema#createIfNotExists} creates the room history tables with the plugin's, in a fresh database (embedded
 * H2 file, local PostgreSQL), again harmlessly on the next start; {@link ChorusDatabase#dataSource} reaches them
 * through the plugins' pool.
 */
class HistorySchemaHookTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void oneCallCreatesJournalAndHistoryTablesAndCanBeRepeated(String kind, @TempDir Path tmp) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind, tmp)) {
            for (int start = 1; start <= 2; start++) {
                ActorTestKit kit = ActorTestKit.create("HistorySchemaHookTest", db.systemConfig());
                try {
                    Schema.createIfNotExists(kit.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    Set<String> tables = tables(db);
                    assertTrue(tables.containsAll(Schema.TABLES), "tables: " + tables);
                    assertTrue(tables.containsAll(HistorySchema.TABLES), "tables: " + tables);

                    DataSource pool = ChorusDatabase.dataSource(kit.system());
                    if (start == 1) {
                        try (Connection c = pool.getConnection()) {
                            c.setAutoCommit(false);
                            new HistoryWriter().roomOpened(c, new HistoryWriter.Fact("hook", 1, Instant.EPOCH),
                                    "api", "{}");
                            c.commit();
                        }
                    }
                    assertEquals("api", new JdbcHistoryQueries(pool).room("hook").orElseThrow().createdBy(),
                            "start " + start);
                } finally {
                    kit.shutdownTestKit();
                }
            }
        }
    }

    private static Set<String> tables(TestDatabase db) throws Exception {
        Set<String> names = new HashSet<>();
        try (Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
