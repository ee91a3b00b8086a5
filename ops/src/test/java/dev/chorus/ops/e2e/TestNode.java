package dev.chorus.ops.e2e;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.ops.ChorusNode;

/** Starts a real Chorus node on loopback with ephemeral HTTP, media and cluster ports. */
final class TestNode {
    private TestNode() {
    }

    static ChorusNode start() {
        Config cfg = ConfigFactory.parseString("""
                chorus.http.port = 0
                chorus.media.udp-port = 0
                chorus.aeron.port = 0
                chorus.media.tcp-port = 0
                chorus.media.workers = 2
                chorus.management.port = 0
                pekko.remote.artery.canonical.port = 0
                """).withFallback(ConfigFactory.load());
        return ChorusNode.start(cfg);
    }
}
