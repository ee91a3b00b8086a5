package dev.chorus.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.HttpProbe;
import dev.chorus.ops.WsProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * Node loss with the journal on the machine's real PostgreSQL: three nodes in three JVMs share one database (created
 * for the test and dropped after). Three participants (protoo clients, one placed per node) join a room through the
 * nodes that do not hold the room's entity; then the node holding the room entity is killed (SIGKILL). The room's
 * entity restarts on a survivor from the journal: it still knows the members whose nodes survived, and the one whose
 * media was on the dead node is recorded as left with reason node_lost. Every journal row written before the kill is
 * still there, unchanged, with no gap in the room's sequence numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomFailoverPostgresE2ETest {
    private static final String ROOM = "failover-room";
    private TestPostgres database;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final HttpProbe http = new HttpProbe();
    private final HttpClient ws = HttpClient.newHttpClient();
    private final List<WsProbe> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        database = new TestPostgres("failover");
        Map<String, String> conf = new HashMap<>(database.nodeSettings());
        conf.putAll(Map.of(
                "chorus.cluster.capacity", "1",
                "pekko.cluster.split-brain-resolver.stable-after", "3s",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause", "2s",
                "pekko.cluster.failure-detector.heartbeat-interval", "500ms"));
        NodeProcess seed = NodeProcess.start("pg-a", 0, conf);
        nodes.add(seed);
        nodes.add(NodeProcess.start("pg-b", seed.clusterPort, conf));
        nodes.add(NodeProcess.start("pg-c", seed.clusterPort, conf));
        for (NodeProcess n : nodes) {
            n.awaitReady(Duration.ofSeconds(90));
        }
        for (NodeProcess viewer : nodes) {
            for (NodeProcess member : nodes) {
                HttpProbe.await(Duration.ofSeconds(30), () -> HttpProbe.upIn(
                        http.get(viewer.managementUrl() + "/cluster/members"), "pekko://chorus@" + member.nodeId()));
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        clients.forEach(WsProbe::close);
        for (NodeProcess n : nodes) {
            n.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theRoomRecoveredOnASurvivorKnowsItsMembersAndNoEventIsLost() throws Exception {
        NodeProcess any = nodes.get(0);
        assertEquals(201, http.send("POST", "http://127.0.0.1:" + any.httpPort + "/api/rooms",
                "{\"id\":\"" + ROOM + "\",\"maxParticipants\":10}").status());
        NodeProcess host = roomHost();
        List<NodeProcess> others = nodes.stream().filter(n -> n != host).toList();

        // Three participants, signaling through the nodes that survive; capacity 1 puts each one's media on its own node.
        List<String> names = List.of("p1", "p2", "p3");
        for (int i = 0; i < names.size(); i++) {
            NodeProcess via = others.get(i % others.size());
            WsProbe c = WsProbe.open(ws, URI.create("ws://127.0.0.1:" + via.httpPort + "/?roomId=" + ROOM
                    + "&peerId=" + names.get(i)), "protoo");
            clients.add(c);
            JsonNode joined = c.request(1, "join", "{\"displayName\":\"" + names.get(i) + "\",\"device\":{}}");
            assertTrue(joined.path("ok").asBoolean(), joined.toString());
        }
        JsonNode view = http.get("http://127.0.0.1:" + others.get(0).httpPort + "/api/rooms/" + ROOM).json();
        Map<String, String> mediaNode = new HashMap<>();
        view.path("peers").forEach(p -> mediaNode.put(p.path("id").asText(), p.path("node").asText()));
        assertEquals(3, mediaNode.size(), view.toString());
        assertEquals(3, new java.util.HashSet<>(mediaNode.values()).size(), "one participant per node: " + view);
        String onHost = mediaNode.entrySet().stream().filter(e -> e.getValue().equals(host.nodeId()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();

        List<List<Object>> journalBefore = journal();
        assertTrue(journalBefore.size() >= 4, "RoomOpened and three PeerJoined: " + journalBefore);

        host.kill();
        nodes.remove(host);
        long killedAt = System.nanoTime();

        // The room restarts on a survivor and answers from the journal: the two whose nodes survived are members;
        // the one whose media node died is recorded as gone.
        NodeProcess survivor = nodes.get(0);
        List<String> expected = names.stream().filter(n -> !n.equals(onHost)).toList();
        HttpProbe.await(Duration.ofSeconds(60), () -> {
            HttpProbe.Reply r;
            try {
                r = http.get("http://127.0.0.1:" + survivor.httpPort + "/api/rooms/" + ROOM);
            } catch (java.io.UncheckedIOException e) {
                return "no answer yet (the room's shard moves to a survivor): " + e.getCause();
            }
            if (r.status() != 200) {
                return "room answered " + r.status() + ": " + r.body();
            }
            List<String> members = new ArrayList<>();
            r.json().path("peers").forEach(p -> members.add(p.path("id").asText()));
            return members.equals(expected) ? null : "members " + members + ", expected " + expected;
        });
        System.out.printf("room failover: the room answered from a survivor with its members %.1f s after the kill%n",
                (System.nanoTime() - killedAt) / 1e9);
        assertEquals(10, http.get("http://127.0.0.1:" + survivor.httpPort + "/api/rooms/" + ROOM).json()
                .path("settings").path("maxParticipants").asInt(), "settings recovered");

        List<List<Object>> journalAfter = journal();
        assertEquals(journalBefore, journalAfter.subList(0, journalBefore.size()),
                "every event written before the kill is still there, unchanged");
        for (int i = 0; i < journalAfter.size(); i++) {
            assertEquals((long) (i + 1), journalAfter.get(i).get(0), "no gap in the sequence numbers");
        }
        boolean recordedGone = journalAfter.subList(journalBefore.size(), journalAfter.size()).stream()
                .anyMatch(row -> row.get(1).toString().endsWith("PeerLeft"));
        assertTrue(recordedGone, "the participant of the dead node is recorded as left: " + journalAfter);
        HttpProbe.await(Duration.ofSeconds(20), () -> {
            HttpProbe.Reply h = http.get("http://127.0.0.1:" + survivor.httpPort + "/api/rooms/" + ROOM + "/history");
            for (JsonNode p : h.json().path("meetings").path(0).path("participants")) {
                if (p.path("peerId").asText().equals(onHost)) {
                    return "node_lost".equals(p.path("leaveReason").asText()) ? null : "history: " + p;
                }
            }
            return "history does not list " + onHost + ": " + h.body();
        });
    }

    /** The node whose shard region holds the room entity. */
    private NodeProcess roomHost() {
        NodeProcess[] found = new NodeProcess[1];
        HttpProbe.await(Duration.ofSeconds(20), () -> {
            for (NodeProcess n : nodes) {
                JsonNode regions = http.get(n.managementUrl() + "/cluster/shards/Room").json().path("regions");
                for (JsonNode r : regions) {
                    if (r.path("numEntities").asInt() > 0) {
                        found[0] = n;
                        return null;
                    }
                }
            }
            return "no node holds the room entity yet";
        });
        return found[0];
    }

    /** The room's journal rows: sequence number, event class (manifest), payload size and bytes' hash. */
    private List<List<Object>> journal() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = database.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequence_number, event_ser_manifest, event_payload FROM event_journal"
                     + " WHERE persistence_id = 'Room|" + ROOM + "' ORDER BY sequence_number")) {
            while (rs.next()) {
                byte[] payload = rs.getBytes(3);
                rows.add(List.of(rs.getLong(1), rs.getString(2), java.util.Arrays.hashCode(payload)));
            }
        }
        return rows;
    }
}
