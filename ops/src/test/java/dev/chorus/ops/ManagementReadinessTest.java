package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.ops.management.NodeReadiness;
import dev.chorus.ops.management.NodeReadinessCheck;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.junit.jupiter.api.Test;

/**
 * The readiness check and {@code /health/ready} on bare actor systems (no media plane, no signaling server), so
 * "not ready" can be observed: the check is false until {@link NodeReadiness#markReady()}, per actor system, and
 * the endpoint answers 503 until both the cluster member is Up and the node is marked ready.
 */
class ManagementReadinessTest {

    private static boolean run(NodeReadinessCheck check) throws Exception {
        return check.get().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static void terminate(ActorSystem system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    @Test
    void theCheckIsFalseUntilMarkReadyAndEachActorSystemHasItsOwnFlag() throws Exception {
        Config local = ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.defaultReference());
        ActorSystem a = ActorSystem.create("bare-a", local);
        ActorSystem b = ActorSystem.create("bare-b", local);
        try {
            NodeReadinessCheck checkA = new NodeReadinessCheck(a);
            NodeReadinessCheck checkB = new NodeReadinessCheck(b);
            assertFalse(run(checkA));
            assertFalse(run(checkB));
            NodeReadiness.get(a).markReady();
            assertTrue(run(checkA));
            assertTrue(run(new NodeReadinessCheck(a)), "a check created later sees the same flag");
            assertFalse(run(checkB), "marking one actor system leaves the other not ready");
        } finally {
            terminate(a);
            terminate(b);
        }
    }

    @Test
    void readyIs503UntilTheMemberIsUpAndTheNodeIsMarkedReady() throws Exception {
        Config cfg = LoopbackNode.config("");
        Config effective = NodeSettings.from(cfg).pekkoOverrides().withFallback(cfg);
        ActorSystem system = ActorSystem.create(NodeSettings.SYSTEM_NAME, effective);
        HttpProbe http = new HttpProbe();
        try {
            Uri uri = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            String base = uri.toString();

            HttpProbe.Reply notJoined = http.get(base + "/health/ready");
            assertEquals(503, notJoined.status(), "not a member yet: " + notJoined.body());
            assertEquals(200, http.get(base + "/health/alive").status(), "alive even before joining");

            Cluster cluster = Cluster.get(system);
            cluster.join(cluster.selfAddress());
            String self = cluster.selfAddress().toString();
            HttpProbe.await(Duration.ofSeconds(15), () -> HttpProbe.upIn(http.get(base + "/cluster/members"), self));

            HttpProbe.Reply upButNotMarked = http.get(base + "/health/ready");
            assertEquals(503, upButNotMarked.status(), "Up but not marked ready: " + upButNotMarked.body());
            assertTrue(upButNotMarked.body().startsWith("Not Healthy"), upButNotMarked.body());

            NodeReadiness.get(system).markReady();
            HttpProbe.Reply ready = http.get(base + "/health/ready");
            assertEquals(200, ready.status(), ready.body());
        } finally {
            terminate(system);
        }
    }
}
