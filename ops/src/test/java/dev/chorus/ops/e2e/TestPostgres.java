package dev.chorus.ops.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust authentication) for the nodes
 * of one test cluster, dropped again by {@link #close()}.
 */
final class TestPostgres implements AutoCloseable {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";
    final String database;

    TestPostgres(String purpose) throws SQLException {
        this.database = "chorus_test_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    String url() {
        return SERVER + database;
    }

    /** The node settings that point a node at this database. */
    Map<String, String> nodeSettings() {
        return Map.of("chorus.db.url", url(), "chorus.db.user", USER);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
