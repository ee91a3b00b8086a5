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

    /** A node configured by {@code hocon} over free ports over {@code application.conf}. */
    public static ChorusNode start(String hocon) {
        return ChorusNode.start(config(hocon));
    }

    static Config config(String hocon) {
        return ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.parseString(FREE_PORTS))
                .withFallback(ConfigFactory.load());
    }

    /** The node's cluster address, {@code pekko://chorus@127.0.0.1:<port>}. */
    public static String address(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().address().toString();
    }

    public static int clusterPort(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().address().getPort().orElseThrow();
    }
}
