package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.Refusals;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Join tokens, roles and the REST admin credential on a real node configured with an HS256 secret, an ES256 public
 * key and an admin token, over real sockets: refused handshakes (missing, expired, forged, misdirected tokens) with
 * their status and reason, valid HS256 and ES256 tokens joining, and the roles as protoo clients live them (a viewer
 * cannot produce, a guest cannot close another peer's producer, a host closes one and removes a peer). Producers
 * are real: produced through the protoo API with Chrome's Opus parameters (no media flows, none is needed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinTokenTest {
    private static final String SECRET = "join-token-test-secret-of-at-least-32-bytes";
    private static final String ADMIN = "join-token-test-admin-token";
    private static final String OPUS = "{\"mid\":\"0\",\"codecs\":[{\"mimeType\":\"audio/opus\",\"payloadType\":111,"
            + "\"clockRate\":48000,\"channels\":2,\"parameters\":{\"useinbandfec\":1},\"rtcpFeedback\":[]}],"
            + "\"headerExtensions\":[{\"uri\":\"urn:ietf:params:rtp-hdrext:sdes:mid\",\"id\":4}],"
            + "\"encodings\":[{\"ssrc\":%d}],\"rtcp\":{\"cname\":\"jt\",\"reducedSize\":true}}";
    private static final KeyPair EC = TestTokens.ecP256();

    private ChorusNode node;
    private final HttpProbe http = new HttpProbe();
    private final HttpClient ws = HttpClient.newHttpClient();
    private final List<WsProbe> sockets = new ArrayList<>();

    @BeforeAll
    void start() {
        node = LoopbackNode.start("chorus.auth.secret = \"" + SECRET + "\"\n"
                + "chorus.auth.public-key-file = \"" + TestTokens.publicKeyFile(EC) + "\"\n"
                + "chorus.auth.admin-token = \"" + ADMIN + "\"\n");
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

    private static String query(String room, String peer, String token) {
        return "/?roomId=" + room + "&peerId=" + peer
                + (token == null ? "" : "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private WsProbe connect(String room, String peer, String token) {
        WsProbe p = WsProbe.open(ws, URI.create("ws://127.0.0.1:" + node.httpPort() + query(room, peer, token)),
                "protoo");
        sockets.add(p);
        return p;
    }

    /** Connects with an HS256 token for {@code role} and joins; returns the join response. */
    private WsProbe joined(String room, String peer, String role) {
        WsProbe p = connect(room, peer, TestTokens.hs256(SECRET, TestTokens.claims(room, peer, role).build()));
        JsonNode r = p.request(1, "join", "{\"displayName\":\"" + peer + "\",\"device\":{}}");
        assertTrue(r.path("ok").asBoolean(), r::toString);
        assertEquals(role, r.path("data").path("role").asText(), r::toString);
        return p;
    }

    private static String transport(WsProbe p, long id) {
        JsonNode t = p.request(id, "createWebRtcTransport", "{\"producing\":true,\"consuming\":false}");
        assertTrue(t.path("ok").asBoolean(), t::toString);
        return t.path("data").path("id").asText();
    }

    private static JsonNode produce(WsProbe p, long id, String transportId, long ssrc) {
        return p.request(id, "produce", "{\"transportId\":\"" + transportId + "\",\"kind\":\"audio\",\"appData\":{},"
                + "\"rtpParameters\":" + String.format(OPUS, ssrc) + "}");
    }

    private long refusals(Refusal r) {
        return Refusals.get(node.system()).count(r);
    }

    private JsonNode room(String roomId) {
        HttpProbe.Reply r = http.send("GET", "http://127.0.0.1:" + node.httpPort() + "/api/rooms/" + roomId, null,
                ADMIN);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void assertError(JsonNode response, int code, String part) {
        assertFalse(response.path("ok").asBoolean(true), () -> "expected an error: " + response);
        assertEquals(code, response.path("errorCode").asInt(), response::toString);
        assertTrue(response.path("errorReason").asText().contains(part),
                () -> "reason should mention '" + part + "': " + response);
    }

    // ---- refused handshakes ----------------------------------------------------------------------------------

    static Stream<Arguments> refused() {
        Supplier<JWTClaimsSet.Builder> ok = () -> TestTokens.claims("hall", "pat", "guest");
        String good = TestTokens.hs256(SECRET, ok.get().build());
        Instant past = Instant.now().minusSeconds(3600);
        return Stream.of(
                Arguments.of("no token", null, 401, Refusal.TOKEN_MISSING, "token is required"),
                Arguments.of("expired", TestTokens.hs256(SECRET, ok.get().issueTime(Date.from(past))
                        .expirationTime(Date.from(past.plusSeconds(60))).build()), 401, Refusal.TOKEN_EXPIRED,
                        "expired at"),
                Arguments.of("forged: another secret", TestTokens.hs256(SECRET + "!", ok.get().build()), 401,
                        Refusal.TOKEN_INVALID, "signature is not valid"),
                Arguments.of("forged: alg none", TestTokens.unsigned(ok.get().build()), 401, Refusal.TOKEN_INVALID,
                        "alg 'none'"),
                Arguments.of("forged: role changed to host", TestTokens.withPayload(good,
                        ok.get().claim("role", "host").build()), 401, Refusal.TOKEN_INVALID, "signature is not valid"),
                Arguments.of("forged: ES256 by another key", TestTokens.es256(TestTokens.ecP256(), ok.get().build()),
                        401, Refusal.TOKEN_INVALID, "signature is not valid"),
                Arguments.of("another room", TestTokens.hs256(SECRET, ok.get().claim("room", "board").build()), 403,
                        Refusal.TOKEN_MISMATCH, "for room 'board', not 'hall'"),
                Arguments.of("another peer", TestTokens.hs256(SECRET, ok.get().subject("sam").build()), 403,
                        Refusal.TOKEN_MISMATCH, "for peer 'sam', not 'pat'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedTokensGetTheirStatusAndReasonAndAreCounted(String name, String token, int status, Refusal reason,
                                                          String part) {
        long before = refusals(reason);
        URI uri = URI.create("ws://127.0.0.1:" + node.httpPort() + query("hall", "pat", token));
        assertEquals(status, WsProbe.refusedStatus(ws, uri, "protoo"), "the JDK client's handshake");
        HttpProbe.Reply raw = WsProbe.rawHandshake(node.httpPort(), query("hall", "pat", token));
        assertEquals(status, raw.status());
        assertTrue(raw.body().contains(part), () -> "the refusal should say '" + part + "': " + raw.body());
        assertEquals(before + 2, refusals(reason));

        // What a browser asks when its socket failed: the same verdict, as JSON.
        HttpProbe.Reply check = http.get("http://127.0.0.1:" + node.httpPort() + "/join-check"
                + query("hall", "pat", token).substring(1));
        assertEquals(status, check.status(), check.body());
        assertFalse(check.json().path("ok").asBoolean(true));
        assertEquals(reason.label(), check.json().path("reason").asText());
        assertTrue(check.json().path("error").asText().contains(part), check.body());
    }

    @Test
    void validHs256AndEs256TokensJoinWithTheirRoleAndName() {
        WsProbe first = joined("lobby", "hal", "host");
        String es = TestTokens.es256(EC, TestTokens.claims("lobby", "eve", "viewer").claim("name", "Eve E.").build());
        HttpProbe.Reply check = http.get("http://127.0.0.1:" + node.httpPort() + "/join-check"
                + query("lobby", "eve", es).substring(1));
        assertEquals(200, check.status(), check.body());
        assertEquals("viewer", check.json().path("role").asText());
        WsProbe second = connect("lobby", "eve", es);
        JsonNode r = second.request(1, "join", "{\"displayName\":\"chosen by the client\",\"device\":{}}");
        assertEquals("viewer", r.path("data").path("role").asText(), r::toString);
        assertEquals("hal", r.path("data").path("peers").path(0).path("id").asText(), r::toString);
        JsonNode newPeer = first.notification("newPeer");
        assertEquals("Eve E.", newPeer.path("data").path("displayName").asText(), "the token's name wins");
    }

    // ---- roles -----------------------------------------------------------------------------------------------

    @Test
    void aViewerCannotProduce() {
        WsProbe viewer = joined("theatre", "vic", "viewer");
        String t = transport(viewer, 2);
        long before = refusals(Refusal.ROLE_FORBIDDEN);
        assertError(produce(viewer, 3, t, 1001), 403, "viewer");
        assertEquals(before + 1, refusals(Refusal.ROLE_FORBIDDEN));
        assertEquals(0, room("theatre").path("producers").size());
        assertFalse(viewer.isClosed(), "a refused request does not end the session");
    }

    @Test
    void aGuestCannotCloseAnotherPeersProducer() {
        WsProbe owner = joined("studio", "olive", "guest");
        String producerId = produce(owner, 3, transport(owner, 2), 2002).path("data").path("id").asText();
        WsProbe guest = joined("studio", "gary", "guest");

        assertError(guest.request(2, "closeProducer", "{\"producerId\":\"" + producerId + "\"}"), 404, "not found");
        assertError(guest.request(3, "kickPeer", "{\"peerId\":\"olive\"}"), 403, "only a host");

        JsonNode producers = room("studio").path("producers");
        assertEquals(1, producers.size(), producers::toString);
        assertEquals(producerId, producers.path(0).path("id").asText());
        assertTrue(owner.request(4, "getProducerStats", "{\"producerId\":\"" + producerId + "\"}").path("ok")
                .asBoolean(), "the owner still has its producer");
    }

    @Test
    void aHostClosesAnotherPeersProducerAndRemovesAPeer() {
        WsProbe owner = joined("court", "otto", "guest");
        String producerId = produce(owner, 3, transport(owner, 2), 3003).path("data").path("id").asText();
        WsProbe host = joined("court", "hedy", "host");
        WsProbe observer = joined("court", "obi", "viewer");

        JsonNode closed = host.request(2, "closeProducer", "{\"producerId\":\"" + producerId + "\"}");
        assertTrue(closed.path("ok").asBoolean(), closed::toString);
        JsonNode told = owner.notification("producerClosed");
        assertEquals(producerId, told.path("data").path("producerId").asText());
        HttpProbe.await(Duration.ofSeconds(10), () -> room("court").path("producers").isEmpty() ? null
                : "still listed: " + room("court").path("producers"));

        JsonNode kicked = host.request(3, "kickPeer", "{\"peerId\":\"otto\"}");
        assertTrue(kicked.path("ok").asBoolean(), kicked::toString);
        assertEquals(4000, owner.awaitClosedByServer(), "a removed peer must not reconnect");
        assertTrue(owner.closeReason().contains("removed by host 'hedy'"), owner.closeReason());
        assertEquals("otto", observer.nextMatching("peerClosed of otto", m -> "peerClosed".equals(
                m.path("method").asText()) && "otto".equals(m.path("data").path("peerId").asText()))
                .path("data").path("peerId").asText());
        assertFalse(observer.isClosed());
    }

    // ---- REST ------------------------------------------------------------------------------------------------

    @Test
    void theApiNeedsTheAdminToken() {
        String url = "http://127.0.0.1:" + node.httpPort() + "/api/rooms";
        HttpProbe.Reply none = http.send("GET", url, null, null);
        assertEquals(401, none.status(), none.body());
        assertTrue(none.json().path("error").asText().contains("Bearer"), none.body());
        assertEquals(401, http.send("GET", url, null, "not-the-token").status());
        assertEquals(200, http.send("GET", url, null, ADMIN).status());
    }

    @Test
    void aTokenFromTheApiJoins() {
        HttpProbe.Reply issued = http.send("POST", "http://127.0.0.1:" + node.httpPort() + "/api/tokens",
                "{\"roomId\":\"annex\",\"peerId\":\"ida\",\"displayName\":\"Ida\",\"role\":\"host\","
                        + "\"ttlSeconds\":120}", ADMIN);
        assertEquals(200, issued.status(), issued.body());
        WsProbe p = connect("annex", "ida", issued.json().path("token").asText());
        JsonNode r = p.request(1, "join", "{\"displayName\":\"x\",\"device\":{}}");
        assertEquals("host", r.path("data").path("role").asText(), r::toString);
        assertEquals("Ida", room("annex").path("peers").path(0).path("displayName").asText());

        HttpProbe.Reply bad = http.send("POST", "http://127.0.0.1:" + node.httpPort() + "/api/tokens",
                "{\"roomId\":\"annex\",\"peerId\":\"ida\",\"role\":\"owner\"}", ADMIN);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().path("error").asText().contains("'host', 'guest' or 'viewer'"), bad.body());
    }
}
