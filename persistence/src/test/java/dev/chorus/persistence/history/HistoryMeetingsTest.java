package dev.chorus.persistence.history;

import dev.chorus.persistence.history.HistoryQueries.Meeting;
import dev.chorus.persistence.history.HistoryQueries.Participation;
import dev.chorus.persistence.history.HistoryQueries.RoomRecord;
import dev.chorus.persistence.history.HistoryQueries.Track;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meeting semantics of {@link HistoryWriter} as {@link JdbcHistoryQueries} answers them, on embedded H2 and on the
 * local PostgreSQL server: stays in join order with times, durations, leave reasons, names and nodes, tracks,
 * distinct participants and peak concurrency, a rejoin, a room close that ends everything, a second meeting.
 */
class HistoryMeetingsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static HistoryDatabase fresh(String kind) throws Exception {
        HistoryDatabase db = HistoryDatabase.of(kind);
        HistorySchema.createIfNotExists(db.dataSource());
        return db;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aMeetingWithStaysTracksRejoinAndReasons(String kind) throws Exception {
        try (HistoryDatabase db = fresh(kind)) {
            RoomScript room = new RoomScript(db.dataSource(), "demo");
            assertTrue(room.opened(t(0), "api"));
            room.joined(t(1), "alice", "Alice");                   // seq 2 starts the meeting
            room.joined(t(2), "bob", "Bob");
            room.produced(t(3), "alice", "p-mic", "audio", "mic");
            room.produced(t(3), "alice", "p-cam", "video", "camera");
            room.unproduced(t(4), "alice", "p-cam");
            room.renamed(t(5), "bob", "Bobby");
            room.moved(t(6), "bob", "node-b");
            room.left(t(10), "alice", "left");                     // closes p-mic
            room.joined(t(12), "alice", "Alice");                  // a second stay in the same meeting
            room.joined(t(13), "carol", "Carol");                  // three at once now
            room.produced(t(14), "carol", "p-screen", "video", "screen");
            room.left(t(20), "bob", "grace_expired");
            room.left(t(21), "carol", "KICKED");                   // stored lower-case
            room.left(t(22), "alice", "left");                     // the last one: the meeting ends

            JdbcHistoryQueries queries = new JdbcHistoryQueries(db.dataSource());
            List<Meeting> meetings = queries.meetingsOfRoom("demo");
            assertEquals(1, meetings.size(), meetings::toString);
            Meeting m = meetings.get(0);
            assertEquals("demo/2", m.meetingId());
            assertEquals("demo", m.roomId());
            assertEquals(t(1), m.startedAt());
            assertEquals(t(22), m.endedAt());
            assertEquals(3, m.participantCount(), "alice, bob and carol");
            assertEquals(3, m.peakConcurrency());

            List<Participation> stays = m.participants();
            assertEquals(List.of("alice", "bob", "alice", "carol"), stays.stream().map(Participation::peerId).toList());
            Participation alice1 = stays.get(0);
            assertEquals(t(1), alice1.joinedAt());
            assertEquals(t(10), alice1.leftAt());
            assertEquals("left", alice1.leaveReason());
            assertEquals(9_000, alice1.durationMillis());
            assertEquals("{\"name\":\"Firefox\"}", alice1.deviceJson());
            assertEquals("10.0.0.1:5000", alice1.remoteAddress());
            assertEquals(List.of(new Track("p-mic", "audio", "mic", t(3), t(10)),
                    new Track("p-cam", "video", "camera", t(3), t(4))), alice1.published());

            Participation bob = stays.get(1);
            assertEquals("Bobby", bob.displayName());
            assertEquals("node-b", bob.nodeId());
            assertEquals("grace_expired", bob.leaveReason());
            assertEquals(18_000, bob.durationMillis());
            assertEquals(List.of(), bob.published());

            Participation alice2 = stays.get(2);
            assertEquals(t(12), alice2.joinedAt());
            assertEquals(t(22), alice2.leftAt());
            assertEquals("node-a", alice2.nodeId());
            assertEquals(List.of(), alice2.published(), "tracks belong to the stay that opened them");

            Participation carol = stays.get(3);
            assertEquals("kicked", carol.leaveReason());
            assertEquals(List.of(new Track("p-screen", "video", "screen", t(14), t(21))), carol.published());

            RoomRecord record = queries.room("demo").orElseThrow();
            assertEquals(new RoomRecord("demo", "api", "{\"publish\":\"EVERYONE\"}", t(0), null, null, 0), record);
            assertEquals(List.of(record), queries.openRooms());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void ongoingStaysAreMeasuredToNow(String kind) throws Exception {
        try (HistoryDatabase db = fresh(kind)) {
            RoomScript room = new RoomScript(db.dataSource(), "live");
            room.opened(t(0), "client");
            room.joined(t(1), "alice", "Alice");
            room.produced(t(2), "alice", "p1", "audio", null);
            room.settings(t(3), "{\"lastN\":4}");

            JdbcHistoryQueries queries = new JdbcHistoryQueries(db.dataSource(), Clock.fixed(t(61), ZoneOffset.UTC));
            Meeting m = queries.meetingsOfRoom("live").get(0);
            assertNull(m.endedAt());
            Participation alice = m.participants().get(0);
            assertNull(alice.leftAt());
            assertNull(alice.leaveReason());
            assertEquals(60_000, alice.durationMillis());
            assertEquals(List.of(new Track("p1", "audio", null, t(2), null)), alice.published());
            RoomRecord record = queries.room("live").orElseThrow();
            assertEquals(1, record.participants());
            assertEquals("client", record.createdBy());
            assertEquals("{\"lastN\":4}", record.settingsJson());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aRoomCloseEndsEverythingStillOpen(String kind) throws Exception {
        try (HistoryDatabase db = fresh(kind)) {
            RoomScript room = new RoomScript(db.dataSource(), "gone");
            room.opened(t(0), "api");
            room.joined(t(1), "alice", "Alice");
            room.joined(t(2), "bob", "Bob");
            room.produced(t(3), "bob", "p1", "video", "camera");
            room.closed(t(30), "DELETED");                          // no PeerLeft first: be robust

            JdbcHistoryQueries queries = new JdbcHistoryQueries(db.dataSource());
            Meeting m = queries.meetingsOfRoom("gone").get(0);
            assertEquals(t(30), m.endedAt());
            for (Participation p : m.participants()) {
                assertEquals(t(30), p.leftAt(), p.peerId());
                assertEquals("room_closed", p.leaveReason(), p.peerId());
            }
            assertEquals(t(30), m.participants().get(1).published().get(0).closedAt());
            RoomRecord record = queries.room("gone").orElseThrow();
            assertEquals(t(30), record.closedAt());
            assertEquals("deleted", record.closeReason());
            assertEquals(0, record.participants());
            assertEquals(List.of(), queries.openRooms());
            assertTrue(queries.room("never-opened").isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void anEmptiedRoomStartsASecondMeeting(String kind) throws Exception {
        try (HistoryDatabase db = fresh(kind)) {
            RoomScript room = new RoomScript(db.dataSource(), "daily");
            room.opened(t(0), "api");
            room.joined(t(10), "alice", "Alice");                  // seq 2
            room.joined(t(11), "bob", "Bob");
            room.left(t(20), "alice", "left");
            room.left(t(21), "bob", "left");                       // meeting 1 ends
            room.joined(t(100), "bob", "Bob");                     // seq 6: meeting 2
            room.left(t(160), "bob", "node_lost");
            room.closed(t(161), "empty");

            List<Meeting> meetings = new JdbcHistoryQueries(db.dataSource()).meetingsOfRoom("daily");
            assertEquals(List.of("daily/2", "daily/6"), meetings.stream().map(Meeting::meetingId).toList());
            Meeting first = meetings.get(0);
            assertEquals(t(21), first.endedAt());
            assertEquals(2, first.participantCount());
            assertEquals(2, first.peakConcurrency());
            Meeting second = meetings.get(1);
            assertEquals(t(100), second.startedAt());
            assertEquals(t(160), second.endedAt());
            assertEquals(1, second.participantCount());
            assertEquals(1, second.peakConcurrency());
            assertEquals("node_lost", second.participants().get(0).leaveReason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aClosedRoomIdCanBeOpenedAgain(String kind) throws Exception {
        try (HistoryDatabase db = fresh(kind)) {
            RoomScript room = new RoomScript(db.dataSource(), "again");
            room.opened(t(0), "client");
            room.joined(t(1), "alice", "Alice");
            room.left(t(2), "alice", "left");
            room.closed(t(2), "empty");
            room.opened(t(50), "api");
            room.joined(t(51), "bob", "Bob");

            JdbcHistoryQueries queries = new JdbcHistoryQueries(db.dataSource());
            RoomRecord record = queries.room("again").orElseThrow();
            assertEquals(t(50), record.openedAt());
            assertNull(record.closedAt());
            assertNull(record.closeReason());
            assertEquals("api", record.createdBy());
            assertEquals(1, record.participants());
            assertEquals(2, queries.meetingsOfRoom("again").size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void factsThatDoNotFitAreIgnoredWithoutStoppingTheHistory(String kind) throws Exception {
        try (HistoryDatabase db = fresh(kind)) {
            RoomScript room = new RoomScript(db.dataSource(), "odd");
            assertTrue(room.joined(t(1), "alice", "Alice"), "a room seen without RoomOpened still gets a record");
            assertTrue(room.left(t(2), "ghost", "left"));
            assertTrue(room.produced(t(3), "ghost", "p1", "audio", "mic"));
            assertTrue(room.unproduced(t(4), "ghost", "p1"));
            assertTrue(room.renamed(t(5), "ghost", "Boo"));
            assertTrue(room.joined(t(6), "alice", "Alice again"));  // joined twice without leaving

            JdbcHistoryQueries queries = new JdbcHistoryQueries(db.dataSource());
            RoomRecord record = queries.room("odd").orElseThrow();
            assertEquals(t(1), record.openedAt());
            assertNull(record.createdBy());
            assertEquals(1, record.participants());
            Meeting m = queries.meetingsOfRoom("odd").get(0);
            assertEquals(2, m.participants().size());
            assertEquals(t(6), m.participants().get(0).leftAt(), "the earlier stay ends at the second join");
            assertNull(m.participants().get(1).leftAt());
            assertEquals(1, m.participantCount());
            assertEquals(1, m.peakConcurrency());
            assertFalse(m.participants().stream().anyMatch(p -> p.peerId().equals("ghost")));
        }
    }
}
