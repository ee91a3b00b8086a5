package dev.chorus.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Serialises schema creation between nodes that share one database.
 *
 * <p>PostgreSQL does not make {@code CREATE TABLE IF NOT EXISTS} safe under concurrency: two sessions creating the
 * same table at the same moment can both pass the existence check, and the loser fails with a duplicate key in
 * {@code pg_type}. Nodes of a cluster start together, so on PostgreSQL the creation runs under a session-level
 * advisory lock, held on the given connection for the duration of the work; the other nodes wait for it and then
 * find everything there. On H2 (one process per file database, or one JVM for an in-memory one) the work simply
 * runs.
 *
 * <p>Waiters poll with {@code pg_try_advisory_lock} rather than block in {@code pg_advisory_lock}: a blocked call is
 * an open transaction, and the persistence plugin's script builds an index {@code CONCURRENTLY}, which waits for
 * every open transaction to end. Blocking waiters would deadlock with the holder.
 */
public final class SchemaLock {

    /** The advisory lock key of the persistence plugin's tables. */
    public static final long PLUGIN_TABLES = 0x43686f7275730001L;
    /** The advisory lock key of the room history tables. */
    public static final long HISTORY_TABLES = 0x43686f7275730002L;

    private static final long POLL_MILLIS = 100;

    /** Work that may throw SQL errors. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private SchemaLock() {
    }

    /**
     * Runs {@code work} while {@code lockConnection} holds the advisory lock {@code key}, if the database is
     * PostgreSQL. The work may use the same connection or others.
     *
     * @throws SQLException if the lock cannot be taken, or as {@code work} throws
     */
    public static <T> T holding(Connection lockConnection, long key, Work<T> work) throws SQLException {
        if (!isPostgres(lockConnection)) {
            return work.run();
        }
        lockConnection.setAutoCommit(true);
        while (!call(lockConnection, "SELECT pg_try_advisory_lock(?)", key)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the schema lock", e);
            }
        }
        try {
            return work.run();
        } finally {
            call(lockConnection, "SELECT pg_advisory_unlock(?)", key);
        }
    }

    static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres");
    }

    private static boolean call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
