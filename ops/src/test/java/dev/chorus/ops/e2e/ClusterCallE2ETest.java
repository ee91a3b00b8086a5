package dev.chorus.ops.e2e;

import static dev.chorus.ops.e2e.PeerStats.audioPackets;
import static dev.chorus.ops.e2e.PeerStats.framesDecoded;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.HttpProbe;
import dev.chorus.ops.LoopbackNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One meeting across a three-node cluster in headless Chromium: with a per-node capacity of 1, three
 * mediasoup-client participants (each signaling through a different node than the one its media lands on, as
 * behind a load balancer) are placed on three different nodes, and each decodes video and receives audio from the
 * other two through the Aeron pipes. Operators see the placement through REST and Pekko Management.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCallE2ETest {
    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final String NODE_CONF = """
            chorus.cluster.capacity = 1
            chorus.media.workers = 1
            """;
    private final List<ChorusNode> nodes = new ArrayList<>();
    private final HttpProbe http = new HttpProbe();
    private HarnessBrowser browser;

    @BeforeAll
    void start() throws Exception {
        String db = LoopbackNode.sharedDatabase("cluster-call");
        ChorusNode seed = LoopbackNode.start(NODE_CONF + db);
        nodes.add(seed);
        String seedConf = db + "chorus.cluster.seed-nodes = \"127.0.0.1:" + LoopbackNode.clusterPort(seed.system())
                + "\"\n";
        nodes.add(LoopbackNode.start(NODE_CONF + seedConf));
        nodes.add(LoopbackNode.start(NODE_CONF + seedConf));
        for (ChorusNode viewer : nodes) {
            for (ChorusNode member : nodes) {
                String address = LoopbackNode.address(member.system());
                HttpProbe.await(CONVERGE, () -> HttpProbe.upIn(http.get(viewer.managementUrl() + "/cluster/members"),
                        address));
            }
        }
        browser = HarnessBrowser.launch();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    @Test
    void threeParticipantsOnThreeNodesSeeAndHearEachOther() {
        String room = "cluster-room";
        List<Tab> tabs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "p" + i;
            ChorusNode via = nodes.get((i + 1) % 3);
            String ws = HarnessBrowser.wsUrl(via.httpPort(), room, name);
            Tab tab = browser.harness(name, i == 0);
            tab.eval("window.harness.join({wsUrl: '" + ws + "', displayName: '" + name + "', width: 320,"
                    + " height: 240})");
            tabs.add(tab);
        }
        for (Tab rx : tabs) {
            for (Tab tx : tabs) {
                if (rx == tx) {
                    continue;
                }
                Await.until(Duration.ofSeconds(60), () -> {
                    JsonNode s = rx.eval("window.harness.stats()");
                    return framesDecoded(s, tx.name) > 10 && audioPackets(s, tx.name) > 20 ? null
                            : rx.name + " does not decode " + tx.name + " yet: " + s;
                });
            }
        }

        // Placement, as operators see it: three peers on three nodes; every producer piped to the two others.
        JsonNode view = http.get("http://localhost:" + nodes.get(0).httpPort() + "/api/rooms/" + room).json();
        Set<String> peerNodes = new HashSet<>();
        view.path("peers").forEach(p -> peerNodes.add(p.path("node").asText()));
        assertEquals(3, view.path("peers").size(), view.toString());
        assertEquals(3, peerNodes.size(), "one peer per node: " + view);
        assertEquals(6, view.path("producers").size(), view.toString());
        for (JsonNode p : view.path("producers")) {
            assertEquals(2, p.path("pipedTo").size(), "piped to both other nodes: " + p);
            assertEquals(2, p.path("consumers").size(), "consumed by the two others: " + p);
        }

        // Pekko Management: the entities of this meeting, summed over the nodes' shard regions.
        Map<String, Integer> expected = Map.of("Room", 1, "Peer", 3, "Producer", 6, "Consumer", 12);
        HttpProbe.await(CONVERGE, () -> {
            Map<String, Integer> seen = new HashMap<>();
            for (ChorusNode n : nodes) {
                for (String type : expected.keySet()) {
                    HttpProbe.Reply r = http.get(n.managementUrl() + "/cluster/shards/" + type);
                    if (r.status() != 200) {
                        return type + " on " + n.managementUrl() + ": " + r.status() + " " + r.body();
                    }
                    int entities = 0;
                    for (JsonNode region : r.json().path("regions")) {
                        entities += region.path("numEntities").asInt();
                    }
                    seen.merge(type, entities, Integer::sum);
                }
            }
            return seen.equals(expected) ? null : "entities by type " + seen + ", expected " + expected;
        });
        HttpProbe.Reply none = http.get("http://localhost:" + nodes.get(1).httpPort() + "/api/rooms/nobody-here");
        assertEquals(404, none.status(), none.body());
        assertEquals("room 'nobody-here' not found", none.json().path("error").asText());
        tabs.forEach(t -> t.eval("window.harness.leave()"));
    }
}
