package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two real nodes in one JVM on 127.0.0.1, the second given the first as its seed node the way an operator does
 * ({@code chorus.cluster.seed-nodes = "host:port"}, i.e. CHORUS_SEED_NODES): both see both members Up.
 */
class ManagementTwoNodeTest {
    private static final Duration CONVERGE = Duration.ofSeconds(15);

    @Test
    void aNodeJoinsTheSeedAndBothListBothMembersUp() {
        HttpProbe http = new HttpProbe();
        String db = LoopbackNode.sharedDatabase("two-node");
        try (ChorusNode first = LoopbackNode.start(db)) {
            int seedPort = LoopbackNode.clusterPort(first.system());
            try (ChorusNode second = LoopbackNode.start(db + "chorus.cluster.seed-nodes = \"127.0.0.1:" + seedPort + "\"\n"
                    + "chorus.node.roles = \"media\"")) {
                List<String> nodes = List.of(LoopbackNode.address(first.system()),
                        LoopbackNode.address(second.system()));
                for (ChorusNode viewer : List.of(first, second)) {
                    for (String node : nodes) {
                        HttpProbe.await(CONVERGE,
                                () -> HttpProbe.upIn(http.get(viewer.managementUrl() + "/cluster/members"), node));
                    }
                    HttpProbe.Reply members = http.get(viewer.managementUrl() + "/cluster/members");
                    assertEquals(2, members.json().path("members").size(), members.body());
                    assertEquals(Set.of("media"), chorusRoles(members.json(), nodes.get(1)),
                            "the second node's roles: " + members.body());
                    assertEquals(Set.of("media", "signaling"), chorusRoles(members.json(), nodes.get(0)),
                            members.body());
                    HttpProbe.await(CONVERGE, () -> {
                        HttpProbe.Reply r = http.get(viewer.managementUrl() + "/health/ready");
                        return r.status() == 200 ? null : r.status() + " " + r.body();
                    });
                }
                assertTrue(first.managementPort() != second.managementPort());
            }
        }
    }

    /** The roles of {@code node} without Pekko's own data-center role ({@code dc-default}). */
    private static Set<String> chorusRoles(JsonNode members, String node) {
        Set<String> roles = new HashSet<>();
        for (JsonNode m : members.path("members")) {
            if (node.equals(m.path("node").asText())) {
                m.path("roles").forEach(r -> {
                    if (!r.asText().startsWith("dc-")) {
                        roles.add(r.asText());
                    }
                });
            }
        }
        return roles;
    }
}
