package dev.chorus.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Starts real Chorus nodes on 127.0.0.1 with every port (HTTP, media, cluster, management) chosen freely, so
 * several can run in one JVM and next to other builds.
 */
public final class LoopbackNode {
    private static final String FREE_PORTS = """
            chorus.http.port = 0
            chorus.media.udp-port = 0
            chorus.aeron.port = 0
            chorus.media.tcp-port = 0
            chorus.media.workers = 1
            chorus.management.port = 0
            pekko.remote.artery.canonical.port = 0
            """;

    private LoopbackNode() {
    }

    /**
     * A node configured by {@code hocon} over free ports over {@code application.conf}. Unless {@code hocon} sets
     * {@code chorus.data-dir} or {@code chorus.db.url}, the node gets a fresh data directory (its own embedded H2
     * database) under {@code target/}.
     */
    public static ChorusNode start(String hocon) {
        return ChorusNode.start(config(hocon));
    }

    static Config config(String hocon) {
        Config given = ConfigFactory.parseString(hocon);
        Config ports = ConfigFactory.parseString(FREE_PORTS);
        if (!given.hasPath("chorus.data-dir")) {
            ports = ports.withFallback(ConfigFactory.parseMap(java.util.Map.of("chorus.data-dir", freshDataDir())));
        }
        return given.withFallback(ports).withFallback(ConfigFactory.load());
    }

    /**
     * HOCON pointing a node at an in-memory H2 journal named after {@code name} (plus a random suffix): give the
     * same string to every node of an in-process cluster, so they share one journal as a real cluster shares its
     * PostgreSQL database.
     */
    public static String sharedDatabase(String name) {
        return "chorus.db.url = \"jdbc:h2:mem:" + name + "-" + java.util.UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false\"\n";
    }

    /** A new, empty data directory under {@code target/node-data/}. */
    public static String freshDataDir() {
        try {
            java.nio.file.Path base = java.nio.file.Path.of("target", "node-data");
            java.nio.file.Files.createDirectories(base);
            return java.nio.file.Files.createTempDirectory(base, "node-").toAbsolutePath().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The node's cluster address, {@code pekko://chorus@127.0.0.1:<port>}. */
    public static String address(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().address().toString();
    }

    public static int clusterPort(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().address().getPort().orElseThrow();
    }
}
