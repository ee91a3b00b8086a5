package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rooms REST API on a real node (embedded H2 journal, history projection): create, list, show, change, kick
 * and close, with protoo clients in the room, and a JSON 4xx answer for each kind of bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiTest {
    private ChorusNode node;
    private final HttpProbe http = new HttpProbe();
    private final HttpClient ws = HttpClient.newHttpClient();
    private final List<WsProbe> sockets = new ArrayList<>();

    @BeforeAll
    void start() {
        node = LoopbackNode.start("chorus.room.empty-linger = 1s");
    }

    @AfterAll
    void stop() {
        sockets.forEach(WsProbe::close);
        if (node != null) {
            node.close();
        }
    }

    private String api(String path) {
        return "http://127.0.0.1:" + node.httpPort() + "/api" + path;
    }

    /** A protoo client that joined {@code roomId} as {@code peerId} (no media); returns the join response. */
    private WsProbe client(String roomId, String peerId) {
        WsProbe p = WsProbe.open(ws, URI.create("ws://127.0.0.1:" + node.httpPort() + "/?roomId=" + roomId
                + "&peerId=" + peerId), "protoo");
        sockets.add(p);
        return p;
    }

    private static JsonNode join(WsProbe p, String name) {
        return p.request(1, "join", "{\"displayName\":\"" + name + "\",\"device\":{\"name\":\"test\"}}");
    }

    private static void assertJsonError(HttpProbe.Reply r, int status, String part) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        String error = r.json().path("error").asText();
        assertTrue(error.contains(part), () -> "error '" + error + "' should mention '" + part + "'");
    }

    @Test
    void createShowListChangeAndClose() {
        HttpProbe.Reply created = http.send("POST", api("/rooms"),
                "{\"id\":\"board\",\"maxParticipants\":10,\"lastN\":4,\"publish\":\"listed\",\"publishers\":[\"ceo\"]}");
        assertEquals(201, created.status(), created.body());
        assertEquals("/api/rooms/board", http.lastLocation());
        JsonNode room = created.json();
        assertEquals("board", room.path("id").asText());
        assertEquals("api", room.path("createdBy").asText());
        assertEquals(10, room.path("settings").path("maxParticipants").asInt());
        assertEquals("listed", room.path("settings").path("publish").asText());
        assertEquals("ceo", room.path("settings").path("publishers").path(0).asText());

        assertJsonError(http.send("POST", api("/rooms"), "{\"id\":\"board\"}"), 409, "already open");

        HttpProbe.Reply shown = http.get(api("/rooms/board"));
        assertEquals(200, shown.status(), shown.body());
        assertEquals(4, shown.json().path("settings").path("lastN").asInt());
        assertEquals(0, shown.json().path("peers").size());

        HttpProbe.await(Duration.ofSeconds(10), () -> {
            JsonNode rooms = http.get(api("/rooms")).json().path("rooms");
            for (JsonNode r : rooms) {
                if ("board".equals(r.path("id").asText())) {
                    return r.path("settings").path("maxParticipants").asInt() == 10
                            && "listed".equals(r.path("settings").path("publish").asText()) ? null : "settings: " + r;
                }
            }
            return "board not listed yet: " + rooms;
        });

        HttpProbe.Reply changed = http.send("PATCH", api("/rooms/board"), "{\"maxParticipants\":null}");
        assertEquals(200, changed.status(), changed.body());
        assertTrue(changed.json().path("settings").path("maxParticipants").isNull());
        assertEquals(4, changed.json().path("settings").path("lastN").asInt(), "fields not given are kept");
        assertTrue(changed.json().path("settings").path("lastNAudio").isNull(), "automatic audio last-N");
        assertEquals(0, changed.json().path("settings").path("pinned").size());

        HttpProbe.Reply lastN = http.send("PATCH", api("/rooms/board"),
                "{\"lastN\":-1,\"lastNAudio\":3,\"pinned\":[\"ceo\",\"cfo\"]}");
        assertEquals(200, lastN.status(), lastN.body());
        JsonNode s = lastN.json().path("settings");
        assertEquals(-1, s.path("lastN").asInt(), "video last-N switched off");
        assertEquals(3, s.path("lastNAudio").asInt());
        assertEquals("cfo", s.path("pinned").path(1).asText());
        assertEquals(3, http.get(api("/rooms/board")).json().path("settings").path("lastNAudio").asInt());
        HttpProbe.Reply automatic = http.send("PATCH", api("/rooms/board"), "{\"lastN\":null}");
        assertTrue(automatic.json().path("settings").path("lastN").isNull(), automatic.body());
        assertEquals(2, automatic.json().path("settings").path("pinned").size(), "fields not given are kept");

        HttpProbe.Reply closed = http.send("DELETE", api("/rooms/board"), null);
        assertEquals(200, closed.status(), closed.body());
        assertTrue(closed.json().path("closed").asBoolean());
        assertJsonError(http.get(api("/rooms/board")), 404, "not found");
        assertJsonError(http.send("DELETE", api("/rooms/board"), null), 404, "not found");
        HttpProbe.await(Duration.ofSeconds(10), () -> http.get(api("/rooms")).body().contains("\"board\"")
                ? "a closed room is still listed" : null);
    }

    @Test
    void settingsGovernJoinsAndOperatorsRemovePeopleAndRooms() {
        assertEquals(201, http.send("POST", api("/rooms"), "{\"id\":\"small\",\"maxParticipants\":2}").status());
        WsProbe alice = client("small", "alice");
        assertTrue(join(alice, "Alice").path("ok").asBoolean());
        WsProbe bob = client("small", "bob");
        assertTrue(join(bob, "Bob").path("ok").asBoolean());
        WsProbe carol = client("small", "carol");
        JsonNode refused = join(carol, "Carol");
        assertFalse(refused.path("ok").asBoolean(), "a third participant exceeds maxParticipants: " + refused);
        assertTrue(refused.path("errorReason").asText().contains("full"), refused.toString());

        JsonNode peers = http.get(api("/rooms/small")).json().path("peers");
        assertEquals(List.of("alice", "bob"), List.of(peers.path(0).path("id").asText(), peers.path(1).path("id").asText()));
        assertTrue(peers.path(0).path("remoteAddress").asText().startsWith("127.0.0.1"), peers.toString());
        assertFalse(peers.path(0).path("joinedAt").asText().isEmpty());

        assertEquals(204, http.send("DELETE", api("/rooms/small/peers/bob"), null).status());
        assertEquals(4000, bob.awaitClosedByServer(), "a removed peer is told not to reconnect");
        assertEquals("bob", alice.notification("peerClosed").path("data").path("peerId").asText());
        assertJsonError(http.send("DELETE", api("/rooms/small/peers/bob"), null), 404, "not in room");

        assertEquals(200, http.send("DELETE", api("/rooms/small"), null).status());
        assertEquals(4000, alice.awaitClosedByServer(), "everyone in a closed room is told");
        assertJsonError(http.get(api("/rooms/small")), 404, "not found");
    }

    @Test
    void aRoomWithoutIdGetsOneAndAClientOpensRoomsToo() {
        HttpProbe.Reply created = http.send("POST", api("/rooms"), "{}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertTrue(id.matches("[a-z0-9]{12}"), id);
        assertEquals("everyone", created.json().path("settings").path("publish").asText());
        assertEquals(200, http.get(api("/rooms/" + id)).status());

        WsProbe dan = client("walk-in", "dan");
        assertTrue(join(dan, "Dan").path("ok").asBoolean());
        JsonNode walkIn = http.get(api("/rooms/walk-in")).json();
        assertEquals("client", walkIn.path("createdBy").asText());
        assertEquals(1, walkIn.path("participants").asInt());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "POST  | /rooms          | {not json                          | 400 | not valid JSON",
            "POST  | /rooms          | [1,2]                              | 400 | JSON object",
            "POST  | /rooms          | {\"color\":\"red\"}                | 400 | unknown field 'color'",
            "POST  | /rooms          | {\"maxParticipants\":0}            | 400 | maxParticipants",
            "POST  | /rooms          | {\"maxParticipants\":\"ten\"}      | 400 | maxParticipants must be an integer",
            "POST  | /rooms          | {\"lastN\":-2}                     | 400 | lastN must be between 0 and 10000, -1 (off) or null",
            "POST  | /rooms          | {\"lastNAudio\":\"all\"}           | 400 | lastNAudio must be an integer",
            "POST  | /rooms          | {\"pinned\":\"host\"}              | 400 | pinned must be an array",
            "PATCH | /rooms/nowhere  | {\"pinned\":[\"host\"]}            | 404 | not found",
            "POST  | /rooms          | {\"publish\":\"some\"}             | 400 | publish must be one of",
            "POST  | /rooms          | {\"publishers\":\"alice\"}         | 400 | publishers must be an array",
            "POST  | /rooms          | {\"id\":\"has space\"}             | 400 | id must be",
            "POST  | /rooms          | {\"id\":42}                        | 400 | id must be",
            "PATCH | /rooms/nowhere  | {\"lastN\":3}                      | 404 | not found",
            "GET   | /rooms/nowhere  |                                    | 404 | not found",
            "PUT   | /rooms          | {}                                 | 405 | HTTP method not allowed",
            "DELETE| /rooms/nowhere/peers/x |                             | 404 | not in room",
    })
    void badInputGetsAJsonError(String method, String path, String body, int status, String part) {
        assertJsonError(http.send(method.trim(), api(path.trim()), body == null ? null : body.trim()), status,
                part.trim());
    }

    @Test
    void tooLongIdsAreRefused() {
        String longId = "x".repeat(129);
        assertJsonError(http.get(api("/rooms/" + longId)), 400, "at most 128");
        assertJsonError(http.send("POST", api("/rooms"), "{\"id\":\"" + longId + "\"}"), 400, "id must be");
        assertJsonError(http.send("DELETE", api("/rooms/r/peers/" + longId), null), 400, "at most 128");
    }
}
