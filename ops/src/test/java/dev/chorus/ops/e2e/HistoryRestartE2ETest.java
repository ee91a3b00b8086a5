package dev.chorus.ops.e2e;

import static dev.chorus.ops.e2e.PeerStats.audioPackets;
import static dev.chorus.ops.e2e.PeerStats.framesDecoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.ops.HttpProbe;
import dev.chorus.ops.LoopbackNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node restart keeps rooms and history: one node in its own JVM on an embedded H2 data directory, a room created
 * through the API, a real call of three Chromium participants in it (each decodes the others), who then leave one
 * by one. The node process is stopped and started again on the same data directory: the room is still open with
 * its settings, and its history lists the three participants in join order with their leave times in the order
 * they left — the same history as before the restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryRestartE2ETest {
    private static final String ROOM = "restart-room";
    private final HttpProbe http = new HttpProbe();
    private final String dataDir = LoopbackNode.freshDataDir();
    private NodeProcess node;
    private HarnessBrowser browser;

    @BeforeAll
    void start() throws Exception {
        node = NodeProcess.start("history-1", 0, Map.of("chorus.data-dir", dataDir));
        node.awaitReady(Duration.ofSeconds(60));
        browser = HarnessBrowser.launch();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private String api(String path) {
        return "http://localhost:" + node.httpPort + "/api" + path;
    }

    @Test
    void roomSettingsAndTheHistoryOfARealCallSurviveARestart() throws Exception {
        HttpProbe.Reply created = http.send("POST", api("/rooms"),
                "{\"id\":\"" + ROOM + "\",\"maxParticipants\":8,\"lastN\":5}");
        assertEquals(201, created.status(), created.body());

        List<String> names = List.of("ann", "ben", "cat");
        List<Tab> tabs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Tab tab = browser.harness(names.get(i), i == 0);
            tab.eval("window.harness.join({wsUrl: 'ws://localhost:" + node.httpPort + "/?roomId=" + ROOM
                    + "&peerId=" + names.get(i) + "', displayName: '" + names.get(i) + "', width: 320, height: 240})");
            tabs.add(tab);
            Thread.sleep(300); // distinct join times, so the join order is unambiguous
        }
        for (Tab rx : tabs) {
            for (Tab tx : tabs) {
                if (rx != tx) {
                    Await.until(Duration.ofSeconds(45), () -> {
                        JsonNode s = rx.eval("window.harness.stats()");
                        return framesDecoded(s, tx.name) >= 10 && audioPackets(s, tx.name) > 0 ? null
                                : rx.name + " does not decode " + tx.name + " yet: " + s;
                    });
                }
            }
        }
        // They leave in another order than they came: cat, then ann, then ben.
        List<String> leaveOrder = List.of("cat", "ann", "ben");
        for (String name : leaveOrder) {
            tabs.get(names.indexOf(name)).eval("window.harness.leave()");
            Thread.sleep(300);
        }

        JsonNode before = awaitMeetingEnded();
        JsonNode meeting = before.path("meetings").path(0);
        List<JsonNode> participants = new ArrayList<>();
        meeting.path("participants").forEach(participants::add);
        assertEquals(names, participants.stream().map(p -> p.path("peerId").asText()).toList(), "join order");
        for (int i = 1; i < participants.size(); i++) {
            assertTrue(Instant.parse(participants.get(i - 1).path("joinedAt").asText())
                    .isBefore(Instant.parse(participants.get(i).path("joinedAt").asText())), "join times in order");
        }
        List<String> byLeaveTime = participants.stream()
                .sorted(java.util.Comparator.comparing(p -> Instant.parse(p.path("leftAt").asText())))
                .map(p -> p.path("peerId").asText()).toList();
        assertEquals(leaveOrder, byLeaveTime, "leave order");
        for (JsonNode p : participants) {
            assertEquals("left", p.path("leaveReason").asText(), p.toString());
            assertTrue(p.path("durationMillis").asLong() > 0, p.toString());
            List<String> kinds = new ArrayList<>();
            p.path("published").forEach(t -> kinds.add(t.path("kind").asText()));
            assertEquals(List.of("audio", "video"), kinds.stream().sorted().toList(), "what each one published: " + p);
        }
        assertEquals(3, meeting.path("participantCount").asInt());
        assertEquals(3, meeting.path("peakConcurrency").asInt());

        // Stop the process and start it again on the same data directory.
        node.close();
        node = NodeProcess.start("history-2", 0, Map.of("chorus.data-dir", dataDir));
        node.awaitReady(Duration.ofSeconds(60));

        HttpProbe.Reply room = http.get(api("/rooms/" + ROOM));
        assertEquals(200, room.status(), room.body());
        assertEquals(8, room.json().path("settings").path("maxParticipants").asInt());
        assertEquals(5, room.json().path("settings").path("lastN").asInt());
        assertEquals("api", room.json().path("createdBy").asText());
        HttpProbe.Reply after = http.get(api("/rooms/" + ROOM + "/history"));
        assertEquals(200, after.status(), after.body());
        assertEquals(before.path("meetings"), after.json().path("meetings"), "the same history after the restart");
        assertTrue(http.get(api("/rooms")).body().contains("\"" + ROOM + "\""), "still listed as open");
    }

    /** The room's history once its meeting has ended (the projection trails the journal a little). */
    private JsonNode awaitMeetingEnded() {
        JsonNode[] last = new JsonNode[1];
        HttpProbe.await(Duration.ofSeconds(20), () -> {
            HttpProbe.Reply r = http.get(api("/rooms/" + ROOM + "/history"));
            if (r.status() != 200) {
                return "history answered " + r.status() + ": " + r.body();
            }
            last[0] = r.json();
            JsonNode m = last[0].path("meetings").path(0);
            return m.path("endedAt").isTextual() && m.path("participants").size() == 3 ? null
                    : "meeting not ended yet: " + r.body();
        });
        return last[0];
    }
}
