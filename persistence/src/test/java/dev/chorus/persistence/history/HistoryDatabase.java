package dev.chorus.persistence.history;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty database for one history test, reached through a plain {@link DataSource}: an in-memory H2
 * database (with the options the node uses), or a new database on the local PostgreSQL server (127.0.0.1:5432, user
 * postgres, trust auth) that {@link #close()} drops. No fallback: without PostgreSQL the postgres cases fail.
 */
final class HistoryDatabase implements AutoCloseable {

    private static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String POSTGRES_USER = "postgres";

    private final String kind;
    private final DataSource dataSource;
    private final String postgresName;

    private HistoryDatabase(String kind, DataSource dataSource, String postgresName) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.postgresName = postgresName;
    }

    static HistoryDatabase of(String kind) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "");
        switch (kind) {
            case "h2" -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:mem:history_" + suffix + ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false");
                return new HistoryDatabase(kind, h2, null);
            }
            case "postgres" -> {
                String name = "chorus_test_history_" + suffix;
                try (Connection c = DriverManager.getConnection(POSTGRES_SERVER + "postgres", POSTGRES_USER, "");
                     Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + name);
                }
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(POSTGRES_SERVER + name);
                pg.setUser(POSTGRES_USER);
                return new HistoryDatabase(kind, pg, name);
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        if (postgresName == null) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
            return;
        }
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
