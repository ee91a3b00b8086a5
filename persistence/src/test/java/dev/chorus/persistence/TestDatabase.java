package dev.chorus.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty database for one test: an embedded H2 file database in a new data directory, or a new database
 * on the local PostgreSQL server (127.0.0.1:5432, user postgres, trust auth) dropped again on {@link #close()}.
 * There is no fallback: if PostgreSQL is not running, {@link #postgres()} throws and the test fails.
 */
final class TestDatabase implements AutoCloseable {

    static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String POSTGRES_USER = "postgres";

    private final String kind;
    private final Map<String, String> chorusSettings;
    private final String postgresName;

    private TestDatabase(String kind, Map<String, String> chorusSettings, String postgresName) {
        this.kind = kind;
        this.chorusSettings = chorusSettings;
        this.postgresName = postgresName;
    }

    static TestDatabase of(String kind, Path tempDir) throws SQLException {
        return switch (kind) {
            case "h2" -> h2(tempDir.resolve("node-data"));
            case "postgres" -> postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Embedded H2 (empty url) under a data directory that does not exist yet. */
    static TestDatabase h2(Path dataDir) {
        return new TestDatabase("h2", Map.of("chorus.data-dir", dataDir.toString()), null);
    }

    static TestDatabase postgres() throws SQLException {
        String name = "chorus_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(POSTGRES_SERVER + "postgres", POSTGRES_USER, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase("postgres", Map.of("chorus.db.url", POSTGRES_SERVER + name,
                "chorus.db.user", POSTGRES_USER), name);
    }

    /** The settings this database is reached with, as the node would read them. */
    DatabaseSettings settings() {
        return DatabaseSettings.from(ConfigFactory.parseMap(chorusSettings).withFallback(ConfigFactory.load()));
    }

    /** Full ActorSystem config: single node, local provider, persistence on this database. */
    Config systemConfig() {
        return ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(settings().pekkoConfig())
                .withFallback(ConfigFactory.parseMap(chorusSettings))
                .withFallback(ConfigFactory.load());
    }

    /** A plain JDBC connection to inspect the tables. */
    Connection connect() throws SQLException {
        DatabaseSettings s = settings();
        return DriverManager.getConnection(s.url(), s.user(), s.password());
    }

    @Override
    public void close() throws SQLException {
        if (postgresName == null) return;
        try (Connection c = DriverManager.getConnection(POSTGRES_SERVER + "postgres", POSTGRES_USER, "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
        }
    }

    @Override
    public String toString() {
        return kind;
    }
}
