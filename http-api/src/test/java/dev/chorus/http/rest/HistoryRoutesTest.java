package dev.chorus.http.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.chorus.persistence.history.HistorySchema;
import dev.chorus.persistence.history.HistoryWriter;
import dev.chorus.persistence.history.HistoryWriter.Fact;
import dev.chorus.persistence.history.JdbcHistoryQueries;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The history endpoints on a real HTTP server (ephemeral port) over an in-memory H2 database filled through
 * {@link HistoryWriter}: the JSON of each endpoint, 404, bad input (400) and a database without the history tables
 * (503). "Now" is a fixed clock, 2025-03-01T12:00:00Z.
 */
class HistoryRoutesTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ActorTestKit kit;
    private static JdbcDataSource filled;
    private static JdbcDataSource empty;
    private static String base;
    private static String broken;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @BeforeAll
    static void start() throws Exception {
        kit = ActorTestKit.create("HistoryRoutesTest",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        filled = h2();
        HistorySchema.createIfNotExists(filled);
        fill(filled);
        empty = h2();                                   // no history tables: every query fails
        base = bind(filled);
        broken = bind(empty);
    }

    @AfterAll
    static void stop() throws SQLException {
        kit.shutdownTestKit();
        for (JdbcDataSource ds : new JdbcDataSource[] {filled, empty}) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
    }

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:routes_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false");
        return ds;
    }

    private static String bind(JdbcDataSource ds) throws Exception {
        Route route = ApiRoutes.of(new HistoryRoutes(new JdbcHistoryQueries(ds, Clock.fixed(NOW, ZoneOffset.UTC)),
                kit.system().dispatchers().lookup(DispatcherSelector.blocking()), Clock.fixed(NOW, ZoneOffset.UTC))
                .route());
        ServerBinding binding = Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(route)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + binding.localAddress().getPort();
    }

    /** Room "demo": a finished meeting (alice, bob) and an ongoing one (carol); room "other": one short meeting. */
    private static void fill(JdbcDataSource ds) throws SQLException {
        HistoryWriter w = new HistoryWriter();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            w.roomOpened(c, new Fact("demo", 1, t(0)), "api", "{\"lastN\":4,\"publish\":\"EVERYONE\"}");
            w.peerJoined(c, new Fact("demo", 2, t(10)), "alice", "Alice", "{\"name\":\"Firefox\"}", "node-a",
                    "10.0.0.1:4000");
            w.peerJoined(c, new Fact("demo", 3, t(20)), "bob", "Bob", null, "node-b", "10.0.0.2:4000");
            w.producerOpened(c, new Fact("demo", 4, t(30)), "alice", "p1", "audio", "mic");
            w.peerLeft(c, new Fact("demo", 5, t(70)), "alice", "left");
            w.peerLeft(c, new Fact("demo", 6, t(80)), "bob", "grace_expired");
            w.peerJoined(c, new Fact("demo", 7, t(3600)), "carol", "Carol", null, "node-a", "10.0.0.3:4000");
            w.roomOpened(c, new Fact("other", 1, t(0)), "client", "{}");
            w.peerJoined(c, new Fact("other", 2, t(40)), "dave", "Dave", null, "node-a", "10.0.0.4:4000");
            w.peerLeft(c, new Fact("other", 3, t(50)), "dave", "kicked");
            c.commit();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return MAPPER.readTree(response.body());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aRoomsHistoryHasItsRecordAndMeetingsWithParticipants() throws Exception {
        JsonNode body = json(get(base + "/api/rooms/demo/history"), 200);
        JsonNode room = body.get("room");
        assertEquals("demo", room.get("roomId").asText());
        assertEquals("api", room.get("createdBy").asText());
        assertEquals(4, room.get("settings").get("lastN").asInt(), "settings are embedded as JSON");
        assertEquals("2025-03-01T10:00:00Z", room.get("openedAt").asText());
        assertTrue(room.get("closedAt").isNull());
        assertTrue(room.get("closeReason").isNull());
        assertEquals(1, room.get("participants").asInt());

        JsonNode meetings = body.get("meetings");
        assertEquals(2, meetings.size());
        JsonNode first = meetings.get(0);
        assertEquals("demo/2", first.get("meetingId").asText());
        assertEquals("2025-03-01T10:00:10Z", first.get("startedAt").asText());
        assertEquals("2025-03-01T10:01:20Z", first.get("endedAt").asText());
        assertEquals(70_000, first.get("durationMillis").asLong());
        assertEquals(2, first.get("participantCount").asInt());
        assertEquals(2, first.get("peakConcurrency").asInt());
        JsonNode alice = first.get("participants").get(0);
        assertEquals("alice", alice.get("peerId").asText());
        assertEquals("Firefox", alice.get("device").get("name").asText());
        assertEquals("left", alice.get("leaveReason").asText());
        assertEquals(60_000, alice.get("durationMillis").asLong());
        assertEquals("node-a", alice.get("nodeId").asText());
        assertEquals("10.0.0.1:4000", alice.get("remoteAddress").asText());
        JsonNode track = alice.get("published").get(0);
        assertEquals("p1", track.get("producerId").asText());
        assertEquals("audio", track.get("kind").asText());
        assertEquals("mic", track.get("source").asText());
        assertEquals("2025-03-01T10:00:30Z", track.get("openedAt").asText());
        assertEquals("2025-03-01T10:01:10Z", track.get("closedAt").asText());
        JsonNode bob = first.get("participants").get(1);
        assertTrue(bob.get("device").isNull());
        assertEquals("grace_expired", bob.get("leaveReason").asText());

        JsonNode ongoing = meetings.get(1);
        assertTrue(ongoing.get("endedAt").isNull());
        assertEquals(3_600_000, ongoing.get("durationMillis").asLong(), "to now");
        JsonNode carol = ongoing.get("participants").get(0);
        assertTrue(carol.get("leftAt").isNull());
        assertTrue(carol.get("leaveReason").isNull());
        assertEquals(3_600_000, carol.get("durationMillis").asLong());
    }

    @Test
    void aRoomNeverOpenedIsNotFoundAndAnOverlongIdIsRefused() throws Exception {
        assertEquals("room 'nope' was never opened",
                json(get(base + "/api/rooms/nope/history"), 404).get("error").asText());
        JsonNode tooLong = json(get(base + "/api/rooms/" + "x".repeat(129) + "/history"), 400);
        assertTrue(tooLong.get("error").asText().contains("128"), tooLong::toString);
    }

    @Test
    void meetingsInARangeComeWithoutParticipants() throws Exception {
        JsonNode body = json(get(base + "/api/history?from=" + q("2025-03-01T10:00:00Z")
                + "&to=" + q("2025-03-01T10:01:00Z")), 200);
        assertEquals("2025-03-01T10:00:00Z", body.get("from").asText());
        assertEquals("2025-03-01T10:01:00Z", body.get("to").asText());
        assertEquals(100, body.get("limit").asInt());
        JsonNode meetings = body.get("meetings");
        assertEquals(2, meetings.size(), body::toString);
        assertEquals("demo/2", meetings.get(0).get("meetingId").asText());
        assertEquals("other/2", meetings.get(1).get("meetingId").asText());
        assertEquals("other", meetings.get(1).get("roomId").asText());
        assertEquals(10_000, meetings.get(1).get("durationMillis").asLong());
        assertFalse(meetings.get(0).has("participants"));

        JsonNode limited = json(get(base + "/api/history?from=" + q("2025-03-01T09:00:00Z") + "&limit=1"), 200);
        assertEquals(1, limited.get("meetings").size());
        assertEquals("demo/2", limited.get("meetings").get(0).get("meetingId").asText());
        assertEquals("2025-03-01T12:00:00Z", limited.get("to").asText(), "to defaults to now");

        // an offset instead of Z is understood; the range 11:00Z-12:00Z only overlaps the ongoing meeting
        JsonNode offset = json(get(base + "/api/history?from=" + q("2025-03-01T12:00:00+01:00")), 200);
        assertEquals("2025-03-01T11:00:00Z", offset.get("from").asText());
        assertEquals(1, offset.get("meetings").size());
        assertEquals("demo/7", offset.get("meetings").get(0).get("meetingId").asText());
    }

    @Test
    void theRangeDefaultsToTheLast24Hours() throws Exception {
        JsonNode body = json(get(base + "/api/history"), 200);
        assertEquals("2025-02-28T12:00:00Z", body.get("from").asText());
        assertEquals("2025-03-01T12:00:00Z", body.get("to").asText());
        assertEquals(3, body.get("meetings").size());
        JsonNode before = json(get(base + "/api/history?to=" + q("2025-03-01T09:00:00Z")), 200);
        assertEquals(0, before.get("meetings").size());
    }

    @Test
    void badInputIsRefusedWithAJsonError() throws Exception {
        String[] bad = {
            "from=yesterday",
            "to=2025-03-01",
            "from=" + q("2025-03-01T10:00:00Z") + "&to=" + q("2025-03-01T10:00:00Z"),
            "from=" + q("2025-03-01T11:00:00Z") + "&to=" + q("2025-03-01T10:00:00Z"),
            "from=" + q("2025-03-02T00:00:00Z"),
            "limit=0",
            "limit=1001",
            "limit=ten",
        };
        for (String query : bad) {
            JsonNode body = json(get(base + "/api/history?" + query), 400);
            assertFalse(body.get("error").asText().isBlank(), query);
        }
        assertTrue(json(get(base + "/api/history?limit=1001"), 400).get("error").asText().contains("limit"));
        assertTrue(json(get(base + "/api/history?from=yesterday"), 400).get("error").asText().contains("from"));
    }

    @Test
    void aFailingDatabaseAnswers503() throws Exception {
        assertTrue(json(get(broken + "/api/rooms/demo/history"), 503).has("error"));
        assertTrue(json(get(broken + "/api/history"), 503).has("error"));
    }
}
