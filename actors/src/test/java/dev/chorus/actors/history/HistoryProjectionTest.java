package dev.chorus.actors.history;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.Json;
import dev.chorus.actors.room.RoomEvent;
import dev.chorus.actors.room.RoomEvent.LeaveReason;
import dev.chorus.actors.room.RoomSettings;
import dev.chorus.persistence.ChorusDatabase;
import dev.chorus.persistence.DatabaseSettings;
import dev.chorus.persistence.Schema;
import dev.chorus.persistence.history.HistoryQueries;
import dev.chorus.persistence.history.HistoryQueries.Meeting;
import dev.chorus.persistence.history.HistoryQueries.Participation;
import dev.chorus.persistence.history.HistoryQueries.Track;
import dev.chorus.persistence.history.HistoryWriter;
import dev.chorus.persistence.history.JdbcHistoryQueries;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.function.Creator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history projection on a single-node cluster over an in-memory H2 database: room events journaled by a
 * stand-in room entity reach the history tables; a database failure restarts the stream, which then goes on; a
 * second actor system on the same database continues after the stored offset and applies nothing twice.
 */
class HistoryProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final String url = "jdbc:h2:mem:projection_" + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false";
    private ActorTestKit kit;

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @AfterEach
    void stop() {
        if (kit != null) kit.shutdownTestKit();
    }

    @Test
    void roomEventsBecomeHistoryExactlyOnceAcrossFailuresAndRestarts() throws Exception {
        kit = startNode();
        HistoryQueries queries = new JdbcHistoryQueries(ChorusDatabase.dataSource(kit.system()));
        ActorRef<JournalingRoom.Journal> r1 = kit.spawn(JournalingRoom.create("r1"));
        journal(r1, new RoomEvent.RoomOpened("r1", RoomSettings.DEFAULT, "api", t(0)));
        journal(r1, new RoomEvent.PeerJoined("alice", "Alice", Json.obj("{'name':'Firefox'}"), "node-a",
                "10.0.0.1:4000", t(1)));
        journal(r1, new RoomEvent.PeerJoined("bob", "Bob", null, "node-a", "10.0.0.2:4000", t(2)));
        journal(r1, new RoomEvent.ProducerOpened("alice", "p1", "audio", "mic", null, "n1", t(3)));
        journal(r1, new RoomEvent.PeerLeft("alice", LeaveReason.LEFT, t(4)));

        Meeting first = await(() -> {
            List<Meeting> meetings = queries.meetingsOfRoom("r1");
            assertEquals(1, meetings.size(), meetings::toString);
            assertEquals(List.of("alice", "bob"), peers(meetings.get(0)));
            assertEquals(t(4), meetings.get(0).participants().get(0).leftAt());
            return meetings.get(0);
        });
        assertEquals("r1/2", first.meetingId());
        Participation alice = first.participants().get(0);
        assertEquals("left", alice.leaveReason());
        assertEquals("{\"name\":\"Firefox\"}", alice.deviceJson());
        assertEquals("10.0.0.1:4000", alice.remoteAddress());
        assertEquals(List.of(new Track("p1", "audio", "mic", t(3), t(4))), alice.published());
        assertNull(first.participants().get(1).deviceJson());
        assertTrue(queries.room("r1").orElseThrow().settingsJson().contains("\"publish\":\"everyone\""));
        assertProcessedEverythingOnce(5);

        // the database refuses the next event: the stream fails, backs off, restarts and then applies it
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            sql("ALTER TABLE history_tracks RENAME TO history_tracks_away");
            journal(r1, new RoomEvent.ProducerOpened("bob", "p2", "video", "camera", null, "n1", t(5)));
            await(() -> {
                List<ILoggingEvent> seen;
                synchronized (logs) { // the appender appends under its own lock
                    seen = List.copyOf(logs.list);
                }
                assertTrue(seen.stream().anyMatch(e -> e.getLevel() == Level.WARN
                        && e.getFormattedMessage().contains("failed")), "a failure was logged");
                return null;
            });
            sql("ALTER TABLE history_tracks_away RENAME TO history_tracks");
        } finally {
            releaseLogs(logs);
        }
        await(() -> {
            List<Track> bobs = queries.meetingsOfRoom("r1").get(0).participants().get(1).published();
            assertEquals(List.of(new Track("p2", "video", "camera", t(5), null)), bobs);
            return null;
        });
        assertProcessedEverythingOnce(6);

        // a new actor system on the same database continues after the stored offset
        kit.shutdownTestKit();
        kit = startNode();
        HistoryQueries again = new JdbcHistoryQueries(ChorusDatabase.dataSource(kit.system()));
        r1 = kit.spawn(JournalingRoom.create("r1"));
        journal(r1, new RoomEvent.PeerLeft("bob", LeaveReason.GRACE_EXPIRED, t(10)));
        journal(r1, new RoomEvent.PeerJoined("carol", "Carol", null, "node-b", "10.0.0.3:4000", t(20)));
        journal(r1, new RoomEvent.RoomClosed("deleted", t(30)));
        ActorRef<JournalingRoom.Journal> r2 = kit.spawn(JournalingRoom.create("r2"));
        journal(r2, new RoomEvent.RoomOpened("r2", RoomSettings.DEFAULT, "client", t(40)));
        journal(r2, new RoomEvent.PeerJoined("dave", "Dave", null, "node-a", "10.0.0.4:4000", t(41)));

        await(() -> {
            assertEquals(t(30), again.room("r1").orElseThrow().closedAt());
            assertEquals(1, again.meetingsOfRoom("r2").size());
            return null;
        });
        assertProcessedEverythingOnce(11);
        List<Meeting> meetings = again.meetingsOfRoom("r1");
        assertEquals(List.of("r1/2", "r1/8"), meetings.stream().map(Meeting::meetingId).toList());
        Participation bob = meetings.get(0).participants().get(1);
        assertEquals("grace_expired", bob.leaveReason());
        assertEquals(t(10), bob.published().get(0).closedAt(), "a leave closes the peer's tracks");
        assertEquals(t(10), meetings.get(0).endedAt());
        assertEquals(2, meetings.get(0).participantCount());
        Participation carol = meetings.get(1).participants().get(0);
        assertEquals("room_closed", carol.leaveReason());
        assertEquals(List.of("r2"), again.openRooms().stream().map(HistoryQueries.RoomRecord::roomId).toList());
        assertEquals(List.of("dave"), peers(again.meetingsOfRoom("r2").get(0)));
        assertEquals(List.of("r1/2", "r1/8", "r2/2"),
                again.meetings(t(0), t(100), 10).stream().map(Meeting::meetingId).toList());
    }

    /** A single-node cluster on the test database, with the schema and the projection started. */
    private ActorTestKit startNode() throws Exception {
        Config base = ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.coordinated-shutdown.exit-jvm = off
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.cluster.log-info = off
                chorus.history.restart-min-backoff = 100ms
                chorus.history.restart-max-backoff = 500ms
                """).withFallback(ConfigFactory.parseMap(Map.of("chorus.db.url", url)));
        Config loaded = base.withFallback(ConfigFactory.parseResources("chorus-actors.conf"))
                .withFallback(ConfigFactory.load());
        Config config = DatabaseSettings.from(loaded).pekkoConfig().withFallback(loaded);
        ActorTestKit node = ActorTestKit.create("HistoryProjectionTest", config);
        Cluster cluster = Cluster.get(node.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        Schema.createIfNotExists(node.system()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HistoryProjection.init(node.system());
        return node;
    }

    private void journal(ActorRef<JournalingRoom.Journal> room, RoomEvent event) {
        TestProbe<Done> done = kit.createTestProbe();
        room.tell(new JournalingRoom.Journal(event, done.ref()));
        done.expectMessage(WAIT, Done.getInstance());
    }

    private <T> T await(Creator<T> check) {
        return kit.createTestProbe().awaitAssert(WAIT, Duration.ofMillis(100), check);
    }

    /** Every journaled room event was processed, each exactly once, and the offset is the journal's last. */
    private void assertProcessedEverythingOnce(long events) throws SQLException {
        DataSource db = ChorusDatabase.dataSource(kit.system());
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(ordering) FROM event_journal")) {
            rs.next();
            assertEquals(events, rs.getLong(1), "events in the journal");
            HistoryWriter writer = new HistoryWriter();
            assertEquals(rs.getLong(2), writer.readOffset(c, HistoryProjection.NAME), "stored offset");
            assertEquals(events, writer.processed(c, HistoryProjection.NAME), "envelopes processed");
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = ChorusDatabase.dataSource(kit.system()).getConnection();
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(HistoryProjection.class)).addAppender(appender);
        return appender;
    }

    private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(HistoryProjection.class)).detachAppender(appender);
        appender.stop();
    }

    private static List<String> peers(Meeting meeting) {
        return meeting.participants().stream().map(Participation::peerId).toList();
    }
}
