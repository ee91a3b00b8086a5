package dev.chorus.persistence;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.db.SlickExtension$;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import slick.jdbc.JdbcDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Plain JDBC access to the database the persistence plugins share (the Slick database of {@code jdbc-journal},
 * see {@link DatabaseSettings#pekkoConfig()}), for code that runs its own SQL, such as the room history.
 *
 * <p>Connections come from the plugins' pool ({@code chorus.db.pool-size} connections in all): borrow one for a
 * short unit of work, on a blocking dispatcher, and close it to give it back.
 */
public final class ChorusDatabase {

    private ChorusDatabase() {
    }

    /**
     * The shared pool as a {@link DataSource}. The pool is created on first use and closed when the actor system
     * terminates; a connection taken after that fails.
     */
    public static DataSource dataSource(ActorSystem<?> system) {
        JdbcDataSource source = ((SlickExtensionImpl) SlickExtension$.MODULE$.get(system.classicSystem()))
                .database(system.settings().config().getConfig("jdbc-journal")).database().source();
        return new PoolDataSource(source);
    }

    /** A {@link DataSource} over Slick's pool: only {@link #getConnection()} is supported. */
    private static final class PoolDataSource implements DataSource {
        private final JdbcDataSource source;

        PoolDataSource(JdbcDataSource source) {
            this.source = source;
        }

        @Override
        public Connection getConnection() {
            return source.createConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the shared pool has fixed credentials (chorus.db.*)");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(source)) return iface.cast(source);
            throw new SQLException("not a wrapper for " + iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(source);
        }
    }
}
