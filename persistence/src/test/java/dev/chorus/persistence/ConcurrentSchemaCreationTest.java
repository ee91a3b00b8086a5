package dev.chorus.persistence;

import dev.chorus.persistence.history.HistorySchema;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes of a cluster start together and each creates the schema in the one PostgreSQL they share. Without
 * serialisation PostgreSQL refuses some of the simultaneous {@code CREATE TABLE IF NOT EXISTS} (a duplicate key in
 * {@code pg_type}), and the node that lost the race did not start. Here several "nodes" create it at once on a fresh
 * database, and every one of them must succeed.
 */
class ConcurrentSchemaCreationTest {

    private static final int NODES = 6;

    @RepeatedTest(3)
    void historyTablesCreatedBySeveralNodesAtOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            var dataSource = new org.postgresql.ds.PGSimpleDataSource();
            dataSource.setURL(db.settings().url());
            dataSource.setUser(db.settings().user());
            ExecutorService pool = Executors.newFixedThreadPool(NODES);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> nodes = new ArrayList<>();
                for (int i = 0; i < NODES; i++) {
                    nodes.add(pool.submit(() -> {
                        start.await();
                        HistorySchema.createIfNotExists(dataSource);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> node : nodes) {
                    node.get(60, TimeUnit.SECONDS);   // throws if that node's creation failed
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(tables(db).containsAll(HistorySchema.TABLES));
        }
    }

    @Test
    void wholeSchemaCreatedByThreeNodesAtOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            List<ActorTestKit> kits = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    kits.add(ActorTestKit.create("ConcurrentSchemaCreationTest" + i, db.systemConfig()));
                }
                List<CompletableFuture<?>> creations = new ArrayList<>();
                for (ActorTestKit kit : kits) {
                    creations.add(Schema.createIfNotExists(kit.system()).toCompletableFuture());
                }
                for (CompletableFuture<?> creation : creations) {
                    creation.get(60, TimeUnit.SECONDS);
                }
            } finally {
                kits.forEach(ActorTestKit::shutdownTestKit);
            }
            Set<String> tables = tables(db);
            assertTrue(tables.containsAll(Schema.TABLES), "tables: " + tables);
            assertTrue(tables.containsAll(HistorySchema.TABLES), "tables: " + tables);
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
