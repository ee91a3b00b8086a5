package dev.chorus.ops.e2e;

import static dev.chorus.ops.e2e.PeerStats.audioPackets;
import static dev.chorus.ops.e2e.PeerStats.framesDecoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.HttpProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Node loss with real processes and real browsers: three nodes in three JVMs, capacity 1, three Chromium
 * participants (signaling through the first node). The node holding one participant's media is killed
 * (SIGKILL). The two others keep decoding each other throughout; the affected participant is told to reconnect,
 * rejoins on a surviving node, and media flows again both ways; Pekko Management on the survivors still counts
 * every entity of the meeting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeKillE2ETest {
    private static final Map<String, String> CONF = Map.of(
            "chorus.cluster.capacity", "1",
            "pekko.cluster.split-brain-resolver.stable-after", "3s",
            "pekko.cluster.failure-detector.acceptable-heartbeat-pause", "2s",
            "pekko.cluster.failure-detector.heartbeat-interval", "500ms");
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final HttpProbe http = new HttpProbe();
    private HarnessBrowser browser;

    private TestPostgres database;

    @BeforeAll
    void start() throws Exception {
        // The nodes share one journal, as a production cluster does (the room's entity may be on the killed node).
        database = new TestPostgres("nodekill");
        Map<String, String> conf = new HashMap<>(CONF);
        conf.putAll(database.nodeSettings());
        NodeProcess seed = NodeProcess.start("a", 0, conf);
        nodes.add(seed);
        nodes.add(NodeProcess.start("b", seed.clusterPort, conf));
        nodes.add(NodeProcess.start("c", seed.clusterPort, conf));
        for (NodeProcess n : nodes) {
            n.awaitReady(Duration.ofSeconds(60));
        }
        for (NodeProcess viewer : nodes) {
            for (NodeProcess member : nodes) {
                HttpProbe.await(Duration.ofSeconds(30), () -> HttpProbe.upIn(
                        http.get(viewer.managementUrl() + "/cluster/members"),
                        "pekko://chorus@" + member.nodeId()));
            }
        }
        browser = HarnessBrowser.launch();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        for (NodeProcess n : nodes) {
            n.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void survivorsKeepDecodingAndTheAffectedParticipantRejoins() throws Exception {
        String room = "kill-room";
        NodeProcess front = nodes.get(0);
        Map<String, Tab> tabs = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String name = "k" + i;
            Tab tab = browser.harness(name, i == 0);
            tab.eval("window.harness.join({wsUrl: 'ws://localhost:" + front.httpPort + "/?roomId=" + room
                    + "&peerId=" + name + "', displayName: '" + name + "', width: 320, height: 240,"
                    + " resume: true, retries: 12})");
            tabs.put(name, tab);
        }
        for (Tab rx : tabs.values()) {
            for (Tab tx : tabs.values()) {
                if (rx != tx) {
                    decodes(rx, tx.name, 10);
                }
            }
        }
        JsonNode view = http.get("http://localhost:" + front.httpPort + "/api/rooms/" + room).json();
        Map<String, String> placed = new HashMap<>();
        view.path("peers").forEach(p -> placed.put(p.path("id").asText(), p.path("node").asText()));
        assertEquals(3, new java.util.HashSet<>(placed.values()).size(), "one participant per node: " + view);
        String victim = placed.entrySet().stream().filter(e -> !e.getValue().equals(front.nodeId()))
                .map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
        NodeProcess doomed = nodes.stream().filter(n -> n.nodeId().equals(placed.get(victim))).findFirst()
                .orElseThrow();
        List<Tab> survivors = tabs.values().stream().filter(t -> !t.name.equals(victim)).toList();
        Tab v = tabs.get(victim);

        doomed.kill();
        nodes.remove(doomed);
        long killedAt = System.nanoTime();

        // The survivors decode each other throughout: every half second, both directions have new frames.
        Map<String, Long> last = new HashMap<>();
        for (int sample = 0; sample < 20; sample++) {
            for (Tab rx : survivors) {
                for (Tab tx : survivors) {
                    if (rx == tx) {
                        continue;
                    }
                    long frames = framesDecoded(rx.eval("window.harness.stats()"), tx.name);
                    String key = rx.name + "<-" + tx.name;
                    if (last.containsKey(key)) {
                        assertTrue(frames > last.get(key), key + " stalled at sample " + sample + " (" + frames
                                + " frames)");
                    }
                    last.put(key, frames);
                }
            }
            Thread.sleep(500);
        }

        // The affected participant is told to reconnect and joins again on a surviving node.
        Await.until(Duration.ofSeconds(30), () -> v.eval("window.harness.rejoins").asInt() == 1 ? null
                : "the affected participant has not rejoined; errors " + v.eval("window.harness.errors"));
        long rejoinedAt = System.nanoTime();
        for (Tab s : survivors) {
            decodes(s, victim, framesDecoded(s.eval("window.harness.stats()"), victim) + 10);
            decodes(v, s.name, 10);
        }
        long flowingAt = System.nanoTime();
        System.out.printf("node kill: the affected participant rejoined %.1f s after the kill; media flowed again"
                + " both ways %.1f s after its rejoin%n", (rejoinedAt - killedAt) / 1e9, (flowingAt - rejoinedAt) / 1e9);
        JsonNode after = http.get("http://localhost:" + front.httpPort + "/api/rooms/" + room).json();
        String newNode = "";
        for (JsonNode p : after.path("peers")) {
            if (p.path("id").asText().equals(victim)) {
                newNode = p.path("node").asText();
            }
        }
        assertTrue(!newNode.isEmpty() && !newNode.equals(doomed.nodeId()), "re-placed on a survivor: " + after);

        // No entity of the meeting is lost: the survivors' shard regions hold all of them. (Counted, not listed:
        // an entity that outlived its purpose would show as one more; see the issue notes.)
        Map<String, Integer> expected = Map.of("Room", 1, "Peer", 3, "Producer", 6, "Consumer", 12);
        HttpProbe.await(Duration.ofSeconds(30), () -> {
            Map<String, Integer> seen = new HashMap<>();
            for (NodeProcess n : nodes) {
                for (String type : expected.keySet()) {
                    HttpProbe.Reply r = http.get(n.managementUrl() + "/cluster/shards/" + type);
                    if (r.status() != 200) {
                        return type + ": " + r.status() + " " + r.body();
                    }
                    int count = 0;
                    for (JsonNode region : r.json().path("regions")) {
                        count += region.path("numEntities").asInt();
                    }
                    seen.merge(type, count, Integer::sum);
                }
            }
            boolean complete = expected.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), 0) >= e.getValue());
            boolean exact = seen.equals(expected);
            if (complete) {
                System.out.println("node kill: entities after the rejoin " + seen + (exact ? "" : ", expected " + expected));
            }
            return complete ? null : "entities " + seen + ", expected at least " + expected;
        });
        tabs.values().forEach(t -> t.eval("window.harness.leave()"));
    }

    private static void decodes(Tab rx, String from, long frames) {
        Await.until(Duration.ofSeconds(45), () -> {
            JsonNode s = rx.eval("window.harness.stats()");
            return framesDecoded(s, from) >= frames && audioPackets(s, from) > 0 ? null
                    : rx.name + " does not decode " + from + " (" + frames + " frames) yet: " + s;
        });
    }
}
