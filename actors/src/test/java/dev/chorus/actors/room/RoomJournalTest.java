package dev.chorus.actors.room;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.TestSession;
import dev.chorus.actors.peer.SessionOut;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event-sourced room against a real JDBC journal (H2; the restart also on the machine's PostgreSQL): what it
 * journals, what it enforces from its settings,
 * and what a room recovered after its node restarted on the same database knows.
 */
class RoomJournalTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final JsonNode DEVICE = obj("{'flag':'chrome','name':'Chrome'}");
    /** Snapshots every 4 events, and an empty room goes quickly. */
    private static final String CONFIG = """
            chorus.room.snapshot-every = 4
            chorus.room.empty-linger = 1s
            chorus.peer.grace-period = 0s
            """;

    private static List<RoomEvent> journal(ChorusTestNode node, String roomId) throws Exception {
        JdbcReadJournal journal = PersistenceQuery.get(node.testKit().system().classicSystem())
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        return journal.currentEventsByPersistenceId(RoomEntity.persistenceId(roomId).id(), 0, Long.MAX_VALUE)
                .map(EventEnvelope::event).map(RoomEvent.class::cast)
                .runWith(Sink.seq(), node.testKit().system()).toCompletableFuture().get();
    }

    private static List<Class<?>> kinds(List<RoomEvent> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }

    private static RoomEntity.AdminResult admin(ChorusTestNode node, String roomId,
                                                java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<RoomEntity.AdminResult>, RoomEntity.Command> cmd) {
        TestProbe<RoomEntity.AdminResult> probe = node.testKit().createTestProbe();
        node.room(roomId).tell(cmd.apply(probe.ref()));
        return probe.receiveMessage(ChorusTestNode.WAIT);
    }

    private static StatusReply<RoomEntity.JoinResult> join(ChorusTestNode node, String roomId, String peerId) {
        TestProbe<StatusReply<RoomEntity.JoinResult>> probe = node.testKit().createTestProbe();
        node.room(roomId).tell(new RoomEntity.Join(peerId, peerId.toUpperCase(), DEVICE, true, probe.ref()));
        return probe.receiveMessage(ChorusTestNode.WAIT);
    }

    private static RoomEntity.RoomInfo info(ChorusTestNode node, String roomId) {
        TestProbe<RoomEntity.RoomInfo> probe = node.testKit().createTestProbe();
        node.room(roomId).tell(new RoomEntity.GetInfo(probe.ref()));
        return probe.receiveMessage(ChorusTestNode.WAIT);
    }

    @Test
    void settingsAreEnforcedAndEveryFactIsJournaledInOrder() throws Exception {
        try (ChorusTestNode node = ChorusTestNode.start("RoomJournalFacts", CONFIG, true)) {
            String r = "facts";
            RoomSettings settings = new RoomSettings(2, 3, RoomSettings.Publish.LISTED, List.of("a"));
            assertEquals(RoomEntity.AdminResult.Outcome.OK, admin(node, r, p -> new RoomEntity.Create(settings, p))
                    .outcome());
            assertEquals(RoomEntity.AdminResult.Outcome.CONFLICT,
                    admin(node, r, p -> new RoomEntity.Create(RoomSettings.DEFAULT, p)).outcome());

            assertTrue(join(node, r, "a").getValue().mayPublish(), "a is a listed publisher");
            assertFalse(join(node, r, "b").getValue().mayPublish(), "b is not listed");
            StatusReply<RoomEntity.JoinResult> third = join(node, r, "c");
            assertTrue(third.isError(), "a third participant exceeds maxParticipants 2");
            assertTrue(third.getError().getMessage().contains("full"), third.getError().getMessage());

            node.room(r).tell(new RoomEntity.ProducerAdded("a", "prod-a", "video", obj("{'source':'webcam'}"), "n"));
            node.room(r).tell(new RoomEntity.ChangeDisplayName("b", "Bee"));
            node.room(r).tell(new RoomEntity.Leave("b", RoomEvent.LeaveReason.GRACE_EXPIRED));
            RoomSettings open = new RoomSettings(null, null, RoomSettings.Publish.EVERYONE, List.of());
            assertEquals(RoomEntity.AdminResult.Outcome.OK,
                    admin(node, r, p -> new RoomEntity.UpdateSettings(open, p)).outcome());
            node.room(r).tell(new RoomEntity.ProducerRemoved("a", "prod-a"));
            assertEquals(RoomEntity.AdminResult.Outcome.OK, admin(node, r, RoomEntity.Close::new).outcome());
            assertEquals(RoomEntity.AdminResult.Outcome.NOT_FOUND, admin(node, r, RoomEntity.Close::new).outcome());

            List<RoomEvent> events = journal(node, r);
            assertEquals(List.of(RoomEvent.RoomOpened.class, RoomEvent.PeerJoined.class, RoomEvent.PeerJoined.class,
                    RoomEvent.ProducerOpened.class, RoomEvent.PeerRenamed.class, RoomEvent.PeerLeft.class,
                    RoomEvent.SettingsChanged.class, RoomEvent.ProducerClosed.class, RoomEvent.PeerLeft.class,
                    RoomEvent.RoomClosed.class), kinds(events));
            RoomEvent.RoomOpened opened = (RoomEvent.RoomOpened) events.get(0);
            assertEquals(settings, opened.settings());
            assertEquals("api", opened.createdBy());
            assertEquals("camera", ((RoomEvent.ProducerOpened) events.get(3)).source());
            assertEquals(new RoomEvent.PeerLeft("b", RoomEvent.LeaveReason.GRACE_EXPIRED, events.get(5).at()),
                    events.get(5));
            assertEquals(RoomEvent.LeaveReason.ROOM_CLOSED, ((RoomEvent.PeerLeft) events.get(8)).reason());
            assertEquals("deleted", ((RoomEvent.RoomClosed) events.get(9)).reason());
            for (int i = 1; i < events.size(); i++) {
                assertFalse(events.get(i).at().isBefore(events.get(i - 1).at()), "times never go back");
            }
            assertFalse(info(node, r).open());
        }
    }

    @Test
    void closingARoomTellsItsPeersAndAnEmptyClientRoomClosesByItself() throws Exception {
        try (ChorusTestNode node = ChorusTestNode.start("RoomJournalClose", CONFIG, true)) {
            String r = "closing";
            TestSession alice = node.session(r, "alice").attach(true);
            alice.ok("join", obj("{'displayName':'Alice'}"));
            TestSession bob = node.session(r, "bob").attach(true);
            bob.ok("join", obj("{'displayName':'Bob'}"));
            assertEquals(RoomEntity.AdminResult.Outcome.OK, admin(node, r, RoomEntity.Close::new).outcome());
            for (TestSession s : List.of(alice, bob)) {
                SessionOut.Close close = s.closeMessage();
                assertEquals(4000, close.code(), "a closed room's clients do not reconnect");
            }
            node.awaitCounter("routers", 0);
            List<RoomEvent> events = journal(node, r);
            assertEquals("client", ((RoomEvent.RoomOpened) events.get(0)).createdBy());
            assertEquals(RoomEvent.RoomClosed.class, events.get(events.size() - 1).getClass());

            // A room a client opened closes by itself once its last peer left and the linger passed.
            String r2 = "by-itself";
            TestSession carol = node.session(r2, "carol").attach(true);
            carol.ok("join", obj("{'displayName':'Carol'}"));
            carol.close();
            node.testKit().createTestProbe().awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
                List<RoomEvent> e = journal(node, r2);
                assertEquals(List.of(RoomEvent.RoomOpened.class, RoomEvent.PeerJoined.class, RoomEvent.PeerLeft.class,
                        RoomEvent.RoomClosed.class), kinds(e));
                assertEquals(RoomEvent.LeaveReason.LEFT, ((RoomEvent.PeerLeft) e.get(2)).reason());
                assertEquals("empty", ((RoomEvent.RoomClosed) e.get(3)).reason());
                return null;
            });
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aRestartedNodeRecoversSettingsFromSnapshotAndLaterEventsAndDropsMembersThatAreGone(String kind)
            throws Exception {
        String pgName = "chorus_test_room_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String dbUrl = kind.equals("h2")
                ? "jdbc:h2:mem:room-restart-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false"
                : PG + pgName;
        String config = CONFIG + (kind.equals("h2") ? "" : "chorus.db.user = postgres\n");
        if (!kind.equals("h2")) {
            try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
                c.createStatement().execute("CREATE DATABASE " + pgName);
            }
        }
        try {
            restartScenario(dbUrl, config);
        } finally {
            if (!kind.equals("h2")) {
                try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
                    c.createStatement().execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
                }
            }
        }
    }

    private static void restartScenario(String dbUrl, String config) throws Exception {
        String r = "recovered";
        RoomSettings settings = new RoomSettings(50, 6, RoomSettings.Publish.EVERYONE, List.of());
        try (ChorusTestNode node = ChorusTestNode.restart("RoomJournalRestart", config, dbUrl)) {
            admin(node, r, p -> new RoomEntity.Create(settings, p));
            for (String peer : List.of("p1", "p2", "p3")) {
                assertTrue(join(node, r, peer).isSuccess());
            }
            node.room(r).tell(new RoomEntity.ProducerAdded("p1", "m1", "audio", obj("{'source':'mic'}"), "n"));
            node.room(r).tell(new RoomEntity.ChangeDisplayName("p2", "Two"));
            node.room(r).tell(new RoomEntity.Leave("p3"));
            assertEquals(List.of("p1", "p2"), info(node, r).peers().stream().map(RoomEntity.MemberInfo::id).toList());
            assertTrue(snapshots(dbUrl) > 0, "7 events with snapshot-every 4 leave a snapshot");
        }
        try (ChorusTestNode node = ChorusTestNode.restart("RoomJournalRestart", config, dbUrl)) {
            RoomEntity.RoomInfo info = info(node, r);
            assertTrue(info.open());
            assertEquals(settings, info.settings());
            assertEquals("api", info.createdBy());
            // The members' sessions died with the old node: the recovered room asks them, and records them as gone.
            node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(50), () -> {
                assertTrue(info(node, r).peers().isEmpty());
                return null;
            });
            List<RoomEvent> events = journal(node, r);
            List<RoomEvent> tail = events.subList(events.size() - 2, events.size());
            for (RoomEvent e : tail) {
                assertEquals(RoomEvent.LeaveReason.NODE_LOST, ((RoomEvent.PeerLeft) e).reason());
            }
            assertEquals(List.of("p1", "p2"), tail.stream().map(e -> ((RoomEvent.PeerLeft) e).peerId()).sorted()
                    .toList());
            assertTrue(info(node, r).open(), "a room created through the API stays open when empty");
            assertNull(info(node, r).producers().stream().findAny().orElse(null), "their producers went with them");
        }
    }

    private static int snapshots(String dbUrl) throws Exception {
        try (Connection c = dbUrl.startsWith("jdbc:h2:") ? DriverManager.getConnection(dbUrl)
                : DriverManager.getConnection(dbUrl, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from \"snapshot\" where \"persistence_id\" like 'Room|%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
