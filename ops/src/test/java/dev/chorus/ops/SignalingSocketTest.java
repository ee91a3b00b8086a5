package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node's HTTP surface over real sockets, without a browser: the protoo WebSocket handshake rules, the first
 * frames, replacing a connection by peerId, bad frames on a live socket, and the web client's static files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION_DATA = "{\"version\":\"3.14.16\"}";

    private ChorusNode node;
    private HttpClient http;

    @BeforeAll
    void start() {
        node = LoopbackNode.start("");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + node.httpPort() + "/" + query);
    }

    private HttpResponse<byte[]> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(15)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    // ---- handshake -----------------------------------------------------------------------------------------

    static Stream<Arguments> refusedHandshakes() {
        String tooLong = "r".repeat(129);
        return Stream.of(
                Arguments.of("no query", "", new String[] {"protoo"}, 400),
                Arguments.of("no peerId", "?roomId=room-a", new String[] {"protoo"}, 400),
                Arguments.of("no roomId", "?peerId=p1", new String[] {"protoo"}, 400),
                Arguments.of("empty roomId", "?roomId=&peerId=p1", new String[] {"protoo"}, 400),
                Arguments.of("blank peerId", "?roomId=room-a&peerId=%20%20", new String[] {"protoo"}, 400),
                Arguments.of("roomId of 129 characters", "?roomId=" + tooLong + "&peerId=p1",
                        new String[] {"protoo"}, 400),
                Arguments.of("peerId of 129 characters", "?roomId=room-a&peerId=" + tooLong,
                        new String[] {"protoo"}, 400),
                Arguments.of("no subprotocol", "?roomId=room-a&peerId=p1", new String[0], 403),
                Arguments.of("another subprotocol", "?roomId=room-a&peerId=p1", new String[] {"chat"}, 403),
                Arguments.of("two other subprotocols", "?roomId=room-a&peerId=p1", new String[] {"chat", "mqtt"},
                        403));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("refusedHandshakes")
    void refusedHandshakes(String name, String query, String[] subprotocols, int status) {
        assertEquals(status, WsProbe.refusedStatus(http, ws(query), subprotocols));
    }

    @Test
    void idsOf128CharactersAndAnExtraOfferedSubprotocolAreAccepted() {
        String id = "x".repeat(128);
        try (WsProbe p = WsProbe.open(http, ws("?roomId=" + id + "&peerId=" + id), "chat", "protoo")) {
            assertEquals("protoo", p.subprotocol());
            assertEquals("mediasoup-version", p.next().path("method").asText());
        }
    }

    @Test
    void theFirstFramesAreTheTwoVersionNotifications() throws IOException {
        try (WsProbe p = WsProbe.open(http, ws("?roomId=room-version&peerId=v1"), "protoo")) {
            assertEquals("protoo", p.subprotocol());
            assertEquals(json("{\"notification\":true,\"method\":\"mediasoup-version\",\"data\":" + VERSION_DATA + "}"),
                    p.next());
            assertEquals(json("{\"notification\":true,\"method\":\"mediasoupVersion\",\"data\":" + VERSION_DATA + "}"),
                    p.next());
            JsonNode caps = p.request(1, "getRouterRtpCapabilities", "{}");
            assertTrue(caps.path("ok").asBoolean(), caps.toString());
            assertTrue(caps.path("data").path("codecs").size() > 0, caps.toString());
        }
    }

    // ---- a second connection with the same peerId ---------------------------------------------------------

    @Test
    void aSecondConnectionWithTheSamePeerIdTakesOverAndRejoinsQuietly() {
        String room = "?roomId=room-replace&peerId=";
        try (WsProbe observer = WsProbe.open(http, ws(room + "observer"), "protoo");
             WsProbe first = WsProbe.open(http, ws(room + "dup"), "protoo")) {
            assertJoined(observer.request(1, "join", "{\"displayName\":\"Obs\",\"device\":{}}"), 0);
            assertJoined(first.request(1, "join", "{\"displayName\":\"Dup 1\",\"device\":{}}"), 1);
            JsonNode newPeer = observer.notification("newPeer");
            assertEquals("dup", newPeer.path("data").path("id").asText(), newPeer.toString());
            assertEquals("Dup 1", newPeer.path("data").path("displayName").asText(), newPeer.toString());

            try (WsProbe second = WsProbe.open(http, ws(room + "dup"), "protoo")) {
                int code = first.awaitClosedByServer();
                // protoo's final close is 4000; Pekko HTTP currently sends 1000 (docs/protocol.md, known limitation).
                assertTrue(Set.of(1000, 4000).contains(code), "close code " + code);
                // Within the grace period the new connection takes the peer over (a reload, or a reconnect that
                // beat the news of the old socket's loss); its join starts the peer afresh, quietly.
                assertEquals("mediasoup-version", second.next().path("method").asText());
                assertEquals("mediasoupVersion", second.next().path("method").asText());
                assertJoined(second.request(2, "join", "{\"displayName\":\"Dup 2\",\"device\":{}}"), 1);
                String seen = observer.drainFor(Duration.ofSeconds(1)).toString();
                assertFalse(seen.contains("peerClosed") || seen.contains("newPeer"),
                        "the others are not told the peer left or arrived: " + seen);
                assertFalse(second.isClosed(), "the replacing connection stays open");
                assertFalse(observer.isClosed(), "other peers are not affected");
            }
        }
    }

    private static void assertJoined(JsonNode response, int otherPeers) {
        assertTrue(response.path("ok").asBoolean(), "join failed: " + response);
        assertEquals(otherPeers, response.path("data").path("peers").size(), response.toString());
    }

    // ---- bad frames on a live socket -------------------------------------------------------------------------

    @Test
    void badFramesGetErrorResponsesAndTheSocketStaysUsable() {
        try (WsProbe p = WsProbe.open(http, ws("?roomId=room-bad&peerId=b1"), "protoo")) {
            p.send("{\"request\":true,\"id\":41,\"method\":\"join\",\"data\":{");
            assertError(p.responseTo(41), 400, "malformed JSON");
            p.send("[\"request\"]");
            assertError(p.responseTo(0), 400, "JSON object");
            p.send("{\"request\":true,\"id\":\"42\",\"method\":\"join\"}");
            assertError(p.responseTo(0), 400, "id must be");
            p.sendBinary(new byte[] {0x7b, 0x7d});
            String pad = "z".repeat(5_000_000); // far over the limit: buffered only up to the limit, then discarded
            p.send("{\"request\":true,\"id\":43,\"method\":\"join\",\"data\":{\"pad\":\"" + pad + "\"}}");
            assertError(p.responseTo(43), 400, "too large");
            assertError(p.request(44, "noSuchMethod", "{}"), 500, "unknown method");
            JsonNode caps = p.request(45, "getRouterRtpCapabilities", "{}");
            assertTrue(caps.path("ok").asBoolean(), caps.toString());
            assertFalse(p.isClosed(), "bad frames never close the socket");
        }
    }

    private static void assertError(JsonNode response, int code, String reasonPart) {
        assertFalse(response.path("ok").asBoolean(true), "expected an error: " + response);
        assertEquals(code, response.path("errorCode").asInt(), response.toString());
        assertTrue(response.path("errorReason").asText().contains(reasonPart),
                "reason should mention '" + reasonPart + "': " + response);
    }

    // ---- static web client -----------------------------------------------------------------------------------

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SignalingSocketTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, "classpath resource " + name);
            return in.readAllBytes();
        }
    }

    @Test
    void rootServesTheWebClientsIndexHtml() throws Exception {
        HttpResponse<byte[]> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"), r.headers().toString());
        assertEquals(new String(resource("web/index.html"), "UTF-8"), new String(r.body(), "UTF-8"));
    }

    @Test
    void aMeetingLinkWithoutUpgradeServesTheWebClientToo() throws Exception {
        HttpResponse<byte[]> r = get("/?roomId=standup&peerId=abc");
        assertEquals(200, r.statusCode());
        assertEquals(new String(resource("web/index.html"), "UTF-8"), new String(r.body(), "UTF-8"));
    }

    @Test
    void theBundleIsServed() throws Exception {
        HttpResponse<byte[]> r = get("/app.js");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").contains("javascript"), r.headers().toString());
        byte[] expected = resource("web/app.js");
        assertTrue(expected.length > 1000, "the bundle is not empty");
        assertEquals(expected.length, r.body().length);
        assertEquals(new String(expected, "UTF-8"), new String(r.body(), "UTF-8"));
    }

    static Stream<String> unknownPaths() {
        return Stream.of("/no-such-file.js", "/web/index.html", "/deep/er/path", "/..%2Fapplication.conf",
                "/%2e%2e/application.conf", "/application.conf", "/logback.xml");
    }

    @ParameterizedTest
    @MethodSource("unknownPaths")
    void unknownPathsAre404(String path) throws Exception {
        assertEquals(404, get(path).statusCode(), path);
    }
}
