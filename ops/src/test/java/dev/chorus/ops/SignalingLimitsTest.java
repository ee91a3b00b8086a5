package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.Refusals;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The signaling limits on a real node with small limits, over real sockets: a flood of requests gets 429s and then
 * the socket is closed (4000, "too many requests") while another peer's connection is unaffected; the client's
 * answers are never limited; an oversized frame is answered 400 and the socket stays open; the transport and room
 * limits refuse with the limit in the reason; the Origin allow-list refuses other sites at the handshake. Every
 * refusal is counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingLimitsTest {
    private ChorusNode node;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WsProbe> sockets = new ArrayList<>();

    @BeforeAll
    void start() {
        node = LoopbackNode.start("""
                chorus.limits.requests-per-second = 2
                chorus.limits.request-burst = 5
                chorus.limits.excess-before-close = 5
                chorus.limits.excess-window = 60s
                chorus.limits.max-message-size = 4k
                chorus.limits.max-transports-per-peer = 2
                chorus.limits.max-peers-per-room = 2
                chorus.http.allowed-origins = ["https://meet.example.com"]
                """);
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WsProbe::close);
        sockets.clear();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private URI uri(String room, String peer) {
        return URI.create("ws://127.0.0.1:" + node.httpPort() + "/?roomId=" + room + "&peerId=" + peer);
    }

    private WsProbe connect(String room, String peer) {
        WsProbe p = WsProbe.open(http, uri(room, peer), "protoo");
        sockets.add(p);
        return p;
    }

    private long refusals(Refusal r) {
        return Refusals.get(node.system()).count(r);
    }

    private static JsonNode join(WsProbe p, long id) {
        JsonNode r = p.request(id, "join", "{\"displayName\":\"x\",\"device\":{}}");
        assertTrue(r.path("ok").asBoolean(), r::toString);
        return r;
    }

    private static void assertError(JsonNode response, int code, String part) {
        assertFalse(response.path("ok").asBoolean(true), () -> "expected an error: " + response);
        assertEquals(code, response.path("errorCode").asInt(), response::toString);
        assertTrue(response.path("errorReason").asText().contains(part),
                () -> "reason should mention '" + part + "': " + response);
    }

    @Test
    void aFloodGets429sThenTheSocketIsClosedAndAnotherPeerGoesOn() {
        WsProbe calm = connect("flood", "calm");
        join(calm, 1);
        WsProbe flood = connect("flood", "flood");
        join(flood, 1); // the first of its budget of 5
        long limited = refusals(Refusal.RATE_LIMITED);
        long closed = refusals(Refusal.RATE_LIMIT_CLOSED);

        for (int id = 2; id <= 40 && !flood.isClosed(); id++) {
            flood.send("{\"request\":true,\"id\":" + id + ",\"method\":\"getRouterRtpCapabilities\",\"data\":{}}");
        }
        assertEquals(4000, flood.awaitClosedByServer(), "4000: protoo-client does not reconnect");
        assertEquals("too many requests", flood.closeReason());
        List<JsonNode> answers = flood.drainFor(Duration.ofMillis(200));
        // (Answers to the requests that passed may be lost with the session: only the refusals are certain.)
        List<JsonNode> errors = answers.stream().filter(a -> a.path("response").asBoolean()
                && !a.path("ok").asBoolean(true)).toList();
        assertEquals(5, errors.size(), "five refusals, then the close: " + answers);
        errors.forEach(e -> assertError(e, 429, "rate limited: at most 2 requests per second (bursts of 5)"));
        assertEquals(limited + 5, refusals(Refusal.RATE_LIMITED));
        assertEquals(closed + 1, refusals(Refusal.RATE_LIMIT_CLOSED));

        // The closed peer left the room; the other one is served as before.
        assertEquals("flood", calm.notification("peerClosed").path("data").path("peerId").asText());
        assertTrue(calm.request(2, "getRouterRtpCapabilities", "{}").path("ok").asBoolean());
        assertFalse(calm.isClosed());
    }

    @Test
    void theClientsAnswersAreNotLimited() {
        WsProbe p = connect("answers", "a1");
        long limited = refusals(Refusal.RATE_LIMITED);
        for (int i = 1; i <= 30; i++) {
            p.send("{\"response\":true,\"id\":" + (1000 + i) + ",\"ok\":true,\"data\":{}}");
        }
        assertTrue(p.request(1, "getRouterRtpCapabilities", "{}").path("ok").asBoolean());
        assertEquals(limited, refusals(Refusal.RATE_LIMITED));
        assertFalse(p.isClosed());
    }

    @Test
    void anOversizedFrameIsAnsweredAndTheSocketStaysOpen() {
        WsProbe p = connect("size", "s1");
        long before = refusals(Refusal.MESSAGE_TOO_LARGE);
        p.send("{\"request\":true,\"id\":7,\"method\":\"join\",\"data\":{\"pad\":\"" + "z".repeat(5000) + "\"}}");
        assertError(p.responseTo(7), 400, "message too large (at most 4096 characters)");
        p.send("{\"request\":true,\"id\":8,\"method\":\"join\",\"data\":{\"pad\":\"" + "z".repeat(300_000) + "\"}}");
        assertError(p.responseTo(8), 400, "message too large");
        assertEquals(before + 2, refusals(Refusal.MESSAGE_TOO_LARGE));
        assertTrue(p.request(9, "getRouterRtpCapabilities", "{}").path("ok").asBoolean());
    }

    @Test
    void theTransportAndRoomLimitsRefuseWithTheLimit() {
        WsProbe p = connect("caps", "c1");
        String create = "{\"producing\":true,\"consuming\":false}";
        assertTrue(p.request(1, "createWebRtcTransport", create).path("ok").asBoolean());
        assertTrue(p.request(2, "createWebRtcTransport", create).path("ok").asBoolean());
        assertError(p.request(3, "createWebRtcTransport", create), 403, "too many transports for this peer (at most 2)");
        join(p, 4);
        join(connect("caps", "c2"), 1);
        long full = refusals(Refusal.ROOM_FULL);
        assertError(connect("caps", "c3").request(1, "join", "{\"displayName\":\"x\",\"device\":{}}"), 403,
                "the room is full (2 participants)");
        assertEquals(full + 1, refusals(Refusal.ROOM_FULL));
    }

    @Test
    void theOriginAllowListRefusesOtherSitesAtTheHandshake() {
        long before = refusals(Refusal.ORIGIN_NOT_ALLOWED);
        assertEquals(403, WsProbe.refusedStatus(http, uri("origins", "o1"), Map.of("Origin", "https://evil.example"),
                "protoo"));
        assertEquals(before + 1, refusals(Refusal.ORIGIN_NOT_ALLOWED));
        for (String allowed : new String[] {"https://meet.example.com", "http://127.0.0.1:" + node.httpPort()}) {
            WsProbe p = WsProbe.open(http, uri("origins", "o2"), Map.of("Origin", allowed), "protoo");
            sockets.add(p);
            assertEquals("mediasoup-version", p.next().path("method").asText(), allowed);
            p.close();
        }
        connect("origins", "o3").next(); // no Origin header: not a browser
    }
}
