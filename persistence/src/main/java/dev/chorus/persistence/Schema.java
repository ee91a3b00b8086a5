package dev.chorus.persistence;

import dev.chorus.persistence.history.HistorySchema;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.persistence.jdbc.db.SlickExtension$;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the Pekko Persistence JDBC tables (event journal, tags, snapshots, durable state) when they are missing,
 * so a fresh database needs no manual SQL. Safe to run on every start: the plugin's scripts only create what does
 * not exist yet. The room history tables ({@link HistorySchema}) are created and checked in the same call.
 *
 * <p>The plugin's script runner swallows SQL errors, so afterwards the tables are looked up and the returned stage
 * fails if one is missing.
 */
public final class Schema {

    private static final Logger log = LoggerFactory.getLogger(Schema.class);
    /** Tables the default (non-legacy) DAOs of journal, snapshot store and durable state store use. */
    static final List<String> TABLES = List.of("event_journal", "event_tag", "snapshot", "durable_state");

    private Schema() {
    }

    /**
     * Creates the tables in the database configured for {@code jdbc-journal} (the shared database of
     * {@link DatabaseSettings#pekkoConfig()}), first creating the embedded H2 data directory if needed.
     *
     * <p>On PostgreSQL the plugin's tables are created under {@link SchemaLock#PLUGIN_TABLES}, held on a connection
     * of its own outside the pool (so a pool of one connection still works): nodes of a cluster that start at the
     * same moment then create them one after the other instead of racing.
     *
     * @return completes when all tables (plugin and history) exist; fails if the database cannot be reached or a
     *         table is still missing
     */
    public static CompletionStage<Done> createIfNotExists(ActorSystem<?> system) {
        DatabaseSettings settings = DatabaseSettings.from(system.settings().config());
        if (settings.embeddedH2()) {
            try {
                Files.createDirectories(settings.dataDir());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(
                        new UncheckedIOException("cannot create data directory " + settings.dataDir(), e));
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            createPluginTables(system, settings);
            verify(system);
            HistorySchema.createIfNotExists(ChorusDatabase.dataSource(system));
            return Done.getInstance();
        }, system.dispatchers().lookup(DispatcherSelector.blocking()));
    }

    private static void createPluginTables(ActorSystem<?> system, DatabaseSettings settings) {
        if (!settings.url().startsWith("jdbc:postgresql:")) {
            awaitPluginScripts(system);
            return;
        }
        try (Connection lock = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            SchemaLock.holding(lock, SchemaLock.PLUGIN_TABLES, () -> {
                awaitPluginScripts(system);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock the database for schema creation: " + e.getMessage(), e);
        }
    }

    private static void awaitPluginScripts(ActorSystem<?> system) {
        try {
            SchemaUtils.createIfNotExists("jdbc-journal", system).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the persistence tables", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the persistence tables: " + e.getMessage(), e);
        }
    }

    private static Done verify(ActorSystem<?> system) {
        var database = ((SlickExtensionImpl) SlickExtension$.MODULE$.get(system.classicSystem()))
                .database(system.settings().config().getConfig("jdbc-journal")).database();
        List<String> missing = new ArrayList<>();
        try (Connection connection = database.source().createConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            for (String table : TABLES) {
                try (ResultSet rs = meta.getTables(null, null, table, new String[] {"TABLE"})) {
                    if (!rs.next()) missing.add(table);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the persistence schema: " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("persistence tables missing after schema creation: " + missing
                    + " (see DEBUG log of org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils)");
        }
        log.info("Persistence schema ready ({})", TABLES);
        return Done.getInstance();
    }
}
