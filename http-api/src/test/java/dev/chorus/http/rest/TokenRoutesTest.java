package dev.chorus.http.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.guard.RefusalCounts;
import dev.chorus.actors.peer.PeerGrant;
import dev.chorus.http.auth.AuthSettings;
import dev.chorus.http.auth.JoinTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin credential and {@code POST /api/tokens} on real HTTP servers (ephemeral ports): 401 without the admin
 * token, a token that checks out for its room, peer, role and name, JSON 400s for bad input, and the clear refusals
 * of a node that cannot (501) or may not (403) issue tokens. "Now" is fixed.
 */
class TokenRoutesTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final String SECRET = "a-32-byte-or-longer-secret-for-the-tests";
    private static final String ADMIN = "admin-token-for-the-tests";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static ActorTestKit kit;
    private static JoinTokens tokens;
    private static final RefusalCounts REFUSALS = new RefusalCounts();
    private static String secured;
    private static String noKey;
    private static String noAdmin;

    @BeforeAll
    static void start() throws Exception {
        kit = ActorTestKit.create("TokenRoutesTest",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        tokens = new JoinTokens(auth(Map.of("secret", SECRET, "admin-token", ADMIN)));
        secured = bind(tokens);
        noKey = bind(new JoinTokens(AuthSettings.open()));
        noAdmin = bind(new JoinTokens(auth(Map.of("secret", SECRET))));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static AuthSettings auth(Map<String, String> settings) {
        return AuthSettings.from(ConfigFactory.parseMap(settings).atPath("chorus.auth")
                .withFallback(ConfigFactory.defaultReference()).resolve());
    }

    private static String bind(JoinTokens t) throws Exception {
        Route route = ApiRoutes.of(t.settings().adminToken(), REFUSALS,
                new TokenRoutes(t, Clock.fixed(NOW, ZoneOffset.UTC)).route());
        ServerBinding binding = Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(route)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + binding.localAddress().getPort() + "/api";
    }

    private static HttpResponse<String> send(String method, String url, String body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r::toString);
        return MAPPER.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String part) throws Exception {
        String error = json(r, status).path("error").asText();
        assertTrue(error.contains(part), () -> "'" + error + "' should mention '" + part + "'");
    }

    static Stream<Arguments> unauthorised() {
        return Stream.of(Arguments.of("no header", null, "needs 'Authorization: Bearer"),
                Arguments.of("wrong token", "Bearer not-the-admin-token", "not valid"),
                Arguments.of("another scheme", "Basic " + ADMIN, "must be 'Bearer"),
                Arguments.of("the token without a scheme", ADMIN, "must be 'Bearer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthorised")
    void everyRequestNeedsTheAdminToken(String name, String authorization, String part) throws Exception {
        long before = REFUSALS.count(Refusal.ADMIN_UNAUTHORIZED);
        HttpResponse<String> r = send("POST", secured + "/tokens",
                "{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"host\"}", authorization);
        assertError(r, 401, part);
        assertEquals("Bearer realm=\"chorus\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
        assertError(send("GET", secured + "/no-such-path", null, authorization), 401, part);
        assertEquals(before + 2, REFUSALS.count(Refusal.ADMIN_UNAUTHORIZED));
    }

    @Test
    void anIssuedTokenChecksOutForItsRoomPeerRoleAndName() throws Exception {
        JsonNode out = json(send("POST", secured + "/tokens", "{\"roomId\":\"stand up\",\"peerId\":\"ann\","
                + "\"displayName\":\"Ann\",\"role\":\"viewer\",\"ttlSeconds\":600}", "Bearer " + ADMIN), 200);
        assertEquals("stand up", out.get("roomId").asText());
        assertEquals("viewer", out.get("role").asText());
        assertEquals(NOW.plusSeconds(600).toString(), out.get("expiresAt").asText());
        String token = out.get("token").asText();
        assertEquals("/?roomId=stand+up&peerId=ann&token=" + token, out.get("url").asText());

        var g = assertInstanceOf(JoinTokens.Granted.class, tokens.check(token, "stand up", "ann", NOW));
        assertEquals(new PeerGrant(PeerGrant.Role.VIEWER, "Ann"), g.grant());
        assertInstanceOf(JoinTokens.Refused.class, tokens.check(token, "stand up", "bob", NOW));
        assertInstanceOf(JoinTokens.Refused.class, tokens.check(token, "stand up", "ann", NOW.plusSeconds(631)));
    }

    @Test
    void theDefaultLifetimeIsAnHour() throws Exception {
        JsonNode out = json(send("POST", secured + "/tokens", "{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\"}",
                "Bearer " + ADMIN), 200);
        assertEquals(NOW.plusSeconds(3600).toString(), out.get("expiresAt").asText());
        assertTrue(out.get("displayName").isNull());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{", "not valid JSON"),
                Arguments.of("[1]", "JSON object"),
                Arguments.of("", "JSON object"),
                Arguments.of("{\"peerId\":\"p\",\"role\":\"guest\"}", "roomId is required"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\" \",\"role\":\"guest\"}", "peerId is required"),
                Arguments.of("{\"roomId\":\"" + "r".repeat(129) + "\",\"peerId\":\"p\",\"role\":\"guest\"}",
                        "1 to 128 characters"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\"}", "role is required"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"admin\"}", "'host', 'guest' or 'viewer'"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\",\"ttlSeconds\":0}",
                        "from 1 to 86400"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\",\"ttlSeconds\":86401}",
                        "from 1 to 86400"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\",\"ttlSeconds\":\"ten\"}",
                        "ttlSeconds must be"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\",\"ttlSeconds\":1.5}",
                        "ttlSeconds must be"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\",\"displayName\":5}",
                        "displayName must be"),
                Arguments.of("{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\",\"admin\":true}",
                        "unknown field 'admin'"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badInputIsA400WithTheReason(String body, String part) throws Exception {
        assertError(send("POST", secured + "/tokens", body, "Bearer " + ADMIN), 400, part);
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        assertEquals(405, send("GET", secured + "/tokens", null, "Bearer " + ADMIN).statusCode());
    }

    @Test
    void aNodeWithoutASigningKeyCannotIssue() throws Exception {
        assertError(send("POST", noKey + "/tokens", "{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"guest\"}", null),
                501, "CHORUS_AUTH_SECRET");
    }

    @Test
    void aNodeWithoutAnAdminTokenDoesNotIssue() throws Exception {
        assertError(send("POST", noAdmin + "/tokens", "{\"roomId\":\"r\",\"peerId\":\"p\",\"role\":\"host\"}", null),
                403, "CHORUS_ADMIN_TOKEN");
    }
}
