package dev.chorus.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the event journal lives and how Pekko Persistence JDBC reaches it.
 *
 * <p>Read from {@code chorus.db.*} and {@code chorus.data-dir} (see this module's reference.conf; each has an
 * environment override). An empty url means an embedded H2 file database under the data directory, so a single
 * node needs no database server; a {@code jdbc:postgresql:} url selects PostgreSQL for real deployments.
 * {@link #pekkoConfig()} turns this into the plugin configuration, with every persistence plugin on one pool.
 *
 * @param url      effective JDBC url (never empty)
 * @param user     database user
 * @param password database password (not shown by {@link #toString()})
 * @param profile  Slick profile class name of the database kind
 * @param driver   JDBC driver class name
 * @param poolSize connections (and Slick threads) shared by all persistence plugins
 * @param dataDir  absolute data directory; the embedded H2 database lives there
 */
public record DatabaseSettings(String url, String user, String password, String profile, String driver,
                               int poolSize, Path dataDir) {

    /** Name of the Slick database that journal, snapshot store, durable state and read journal share. */
    public static final String SHARED_DB = "chorus";

    static final String H2_PROFILE = "slick.jdbc.H2Profile$";
    static final String POSTGRES_PROFILE = "slick.jdbc.PostgresProfile$";
    static final String H2_DRIVER = "org.h2.Driver";
    static final String POSTGRES_DRIVER = "org.postgresql.Driver";
    /* DATABASE_TO_UPPER=false: the plugin's H2 scripts and Slick quote lower-case identifiers (as the plugin's own
       H2 set-up does). DB_CLOSE_DELAY=-1: the database stays open while the JVM runs, between pool restarts. */
    private static final String H2_OPTIONS = ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false";

    /** Checks the values; prefer {@link #from(Config)}. */
    public DatabaseSettings {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("database url must not be empty");
        if (poolSize < 1) throw new IllegalArgumentException("chorus.db.pool-size must be at least 1, was " + poolSize);
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Reads {@code chorus.db} and {@code chorus.data-dir} from a resolved config.
     *
     * @throws IllegalArgumentException if the url is neither empty, {@code jdbc:postgresql:} nor {@code jdbc:h2:}
     */
    public static DatabaseSettings from(Config config) {
        Config db = config.getConfig("chorus.db");
        Path dataDir = Path.of(config.getString("chorus.data-dir")).toAbsolutePath().normalize();
        String url = db.getString("url").trim();
        String user = db.getString("user");
        String password = db.getString("password");
        int poolSize = db.getInt("pool-size");
        if (url.isEmpty()) {
            String h2 = "jdbc:h2:file:" + dataDir.resolve("chorus") + H2_OPTIONS;
            return new DatabaseSettings(h2, user, password, H2_PROFILE, H2_DRIVER, poolSize, dataDir);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseSettings(url, user, password, POSTGRES_PROFILE, POSTGRES_DRIVER, poolSize, dataDir);
        }
        if (url.startsWith("jdbc:h2:")) {
            return new DatabaseSettings(url, user, password, H2_PROFILE, H2_DRIVER, poolSize, dataDir);
        }
        throw new IllegalArgumentException("chorus.db.url (CHORUS_DB_URL) must be empty (embedded H2) or a "
                + "jdbc:postgresql: or jdbc:h2: url, was: " + url);
    }

    /** True if this is the embedded H2 file database under {@link #dataDir()} (the empty-url default). */
    public boolean embeddedH2() {
        return url.startsWith("jdbc:h2:file:" + dataDir.resolve("chorus") + ";");
    }

    /**
     * The configuration overlay for Pekko Persistence JDBC: one shared Slick database {@value #SHARED_DB} used by
     * {@code jdbc-journal}, {@code jdbc-snapshot-store}, {@code jdbc-durable-state-store} and
     * {@code jdbc-read-journal}, and those plugins selected as Pekko's journal, snapshot store and state store.
     * Put it in front of the application config ({@code overlay.withFallback(config)}).
     */
    public Config pekkoConfig() {
        String shared = "pekko-persistence-jdbc.shared-databases." + SHARED_DB + ".";
        Map<String, Object> map = new HashMap<>();
        map.put(shared + "profile", profile);
        map.put(shared + "db.connectionPool", "HikariCP");
        map.put(shared + "db.url", url);
        map.put(shared + "db.user", user);
        map.put(shared + "db.password", password);
        map.put(shared + "db.driver", driver);
        map.put(shared + "db.numThreads", poolSize);
        map.put(shared + "db.maxConnections", poolSize);
        map.put(shared + "db.minConnections", 1);
        for (String plugin : new String[] {"jdbc-journal", "jdbc-snapshot-store", "jdbc-durable-state-store",
                "jdbc-read-journal"}) {
            map.put(plugin + ".use-shared-db", SHARED_DB);
        }
        map.put("pekko.persistence.journal.plugin", "jdbc-journal");
        map.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
        map.put("pekko.persistence.state.plugin", "jdbc-durable-state-store");
        return ConfigFactory.parseMap(map, "chorus persistence (DatabaseSettings)");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", profile=" + profile + ", poolSize=" + poolSize + ", dataDir=" + dataDir + "]";
    }
}
