package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.management.NodeReadiness;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pekko Management on a real node: its own port, the cluster routes (members, typed shard regions) and the
 * health routes. The readiness check on its own is covered by {@link ManagementReadinessTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementTest {
    private static final Duration CONVERGE = Duration.ofSeconds(15);

    private ChorusNode node;
    private final HttpProbe http = new HttpProbe();

    @BeforeAll
    void start() {
        node = LoopbackNode.start("");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private HttpProbe.Reply get(String path) {
        return http.get(node.managementUrl() + path);
    }

    @Test
    void managementIsBoundOnItsOwnLoopbackPort() {
        int port = node.managementPort();
        assertTrue(port > 0, "bound port " + port);
        assertNotEquals(node.httpPort(), port);
        assertEquals("http://127.0.0.1:" + port, node.managementUrl());
    }

    @Test
    void membersListsThisNodeUpWithItsRoles() {
        String self = LoopbackNode.address(node.system());
        HttpProbe.await(CONVERGE, () -> HttpProbe.upIn(get("/cluster/members"), self));
        HttpProbe.Reply r = get("/cluster/members");
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonNode json = r.json();
        assertEquals(self, json.path("selfNode").asText(), r.body());
        assertEquals(1, json.path("members").size(), r.body());
        Set<String> roles = new HashSet<>();
        json.path("members").get(0).path("roles").forEach(role -> roles.add(role.asText()));
        assertTrue(roles.containsAll(Set.of("media", "signaling")), "chorus.node.roles reach Pekko: " + roles);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Room", "Peer"})
    void typedShardRegionsAnswerWithTheirStats(String type) {
        HttpProbe.await(CONVERGE, () -> {
            HttpProbe.Reply r = get("/cluster/shards/" + type);
            return r.status() == 200 ? null : r.status() + " " + r.body();
        });
        HttpProbe.Reply r = get("/cluster/shards/" + type);
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        assertTrue(r.json().path("regions").isArray(), r.body());
    }

    @Test
    void anEntityTypeThatWasNeverStartedIs404() {
        HttpProbe.Reply r = get("/cluster/shards/NoSuchEntity");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.body().contains("not started"), r.body());
    }

    @Test
    void aliveAnswers200() {
        HttpProbe.Reply r = get("/health/alive");
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void readyAnswers200OnceTheNodeIsStartedAndUp() {
        assertTrue(NodeReadiness.get(node.system()).isReady(), "ChorusNode.start marks the node ready");
        HttpProbe.await(CONVERGE, () -> {
            HttpProbe.Reply r = get("/health/ready");
            return r.status() == 200 ? null : r.status() + " " + r.body();
        });
    }

    @Test
    void pekkoDefaultHealthPathsAreNotServed() {
        assertEquals(404, get("/ready").status());
        assertEquals(404, get("/alive").status());
    }
}
