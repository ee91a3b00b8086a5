package dev.chorus.persistence.history;

import dev.chorus.persistence.history.HistoryQueries.Meeting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history tables on embedded H2 and on the local PostgreSQL server: the schema from nothing (twice), meetings
 * by time range, applying the same events again, and the projection offset.
 */
class HistoryStorageTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void theSchemaIsCreatedFromNothingAndCreatingItAgainIsHarmless(String kind) throws Exception {
        try (HistoryDatabase db = HistoryDatabase.of(kind)) {
            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> HistorySchema.verify(db.dataSource()));
            assertTrue(missing.getMessage().contains("history_rooms"), missing.getMessage());
            HistorySchema.createIfNotExists(db.dataSource());
            new RoomScript(db.dataSource(), "kept").opened(T0, "api");
            HistorySchema.createIfNotExists(db.dataSource());
            HistorySchema.verify(db.dataSource());
            assertTrue(new JdbcHistoryQueries(db.dataSource()).room("kept").isPresent(), "data survives a re-run");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void meetingsOverlappingARange(String kind) throws Exception {
        try (HistoryDatabase db = HistoryDatabase.of(kind)) {
            HistorySchema.createIfNotExists(db.dataSource());
            RoomScript a = new RoomScript(db.dataSource(), "a");
            a.opened(minute(0), "api");
            a.joined(minute(0), "x", "X");                          // a/2: [0, 30]
            a.left(minute(30), "x", "left");
            a.joined(minute(60), "x", "X");                         // a/4: [60, 120]
            a.left(minute(120), "x", "left");
            a.joined(minute(180), "x", "X");                        // a/6: [180, ...)
            RoomScript b = new RoomScript(db.dataSource(), "b");
            b.opened(minute(0), "client");
            b.joined(minute(60), "y", "Y");                         // b/2: [60, 61]
            b.joined(minute(60), "z", "Z");
            b.left(minute(61), "y", "left");
            b.left(minute(61), "z", "left");

            JdbcHistoryQueries q = new JdbcHistoryQueries(db.dataSource());
            assertEquals(List.of("a/2", "a/4", "b/2", "a/6"), ids(q.meetings(minute(-60), minute(600), 100)));
            // ended exactly at 'from' still counts (not ended before it); started exactly at 'to' does not
            assertEquals(List.of("a/2"), ids(q.meetings(minute(30), minute(60), 100)));
            assertEquals(List.of("a/4", "b/2"), ids(q.meetings(minute(31), minute(61), 100)));
            // the ongoing meeting overlaps any range after its start
            assertEquals(List.of("a/6"), ids(q.meetings(minute(500), minute(600), 100)));
            assertEquals(List.of(), ids(q.meetings(minute(-60), minute(0), 100)));
            assertEquals(List.of(), ids(q.meetings(minute(121), minute(180), 100)));
            assertEquals(List.of("a/2", "a/4"), ids(q.meetings(minute(-60), minute(600), 2)));

            Meeting b2 = q.meetings(minute(60), minute(61), 100).stream()
                    .filter(m -> m.meetingId().equals("b/2")).findFirst().orElseThrow();
            assertEquals(2, b2.participantCount());
            assertEquals(2, b2.peakConcurrency());
            assertEquals(minute(61), b2.endedAt());
            assertEquals(List.of(), b2.participants(), "ranges come without participant details");
            assertThrows(IllegalArgumentException.class, () -> q.meetings(minute(0), minute(1), 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void applyingTheSameEventsAgainChangesNothing(String kind) throws Exception {
        try (HistoryDatabase db = HistoryDatabase.of(kind)) {
            HistorySchema.createIfNotExists(db.dataSource());
            RoomScript room = new RoomScript(db.dataSource(), "twice");
            room.opened(minute(0), "api");
            room.joined(minute(1), "alice", "Alice");
            room.joined(minute(2), "bob", "Bob");
            room.produced(minute(3), "alice", "p1", "audio", "mic");
            room.left(minute(4), "alice", "left");
            room.joined(minute(5), "alice", "Alice");
            room.renamed(minute(6), "bob", "Bobby");
            room.left(minute(7), "bob", "left");
            room.left(minute(8), "alice", "left");
            room.closed(minute(8), "empty");

            JdbcHistoryQueries q = new JdbcHistoryQueries(db.dataSource());
            List<Meeting> before = q.meetingsOfRoom("twice");
            var recordBefore = q.room("twice").orElseThrow();

            List<Boolean> again = room.replayAll();
            assertEquals(Collections.nCopies(again.size(), false), again, "every event was applied already");
            assertEquals(before, q.meetingsOfRoom("twice"));
            assertEquals(recordBefore, q.room("twice").orElseThrow());
            assertEquals(2, before.get(0).participantCount());
            assertEquals(3, before.get(0).participants().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void theProjectionOffsetIsStoredAndCounted(String kind) throws Exception {
        try (HistoryDatabase db = HistoryDatabase.of(kind)) {
            HistorySchema.createIfNotExists(db.dataSource());
            HistoryWriter writer = new HistoryWriter();
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                assertEquals(0, writer.readOffset(c, "p"));
                writer.writeOffset(c, "p", 5);
                c.commit();
                writer.writeOffset(c, "p", 9);
                writer.writeOffset(c, "other", 1);
                c.commit();
                writer.writeOffset(c, "p", 12);
                c.rollback();                                        // not committed: not stored
                assertEquals(9, writer.readOffset(c, "p"));
                assertEquals(2, writer.processed(c, "p"));
                assertEquals(1, writer.readOffset(c, "other"));
                c.commit();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aFailedTransactionLeavesNoTrace(String kind) throws Exception {
        try (HistoryDatabase db = HistoryDatabase.of(kind)) {
            HistorySchema.createIfNotExists(db.dataSource());
            HistoryWriter writer = new HistoryWriter();
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                writer.roomOpened(c, new HistoryWriter.Fact("r", 1, minute(0)), "api", "{}");
                writer.writeOffset(c, "p", 1);
                c.rollback();
                // after the rollback the same event applies again, as the projection's retry would
                assertTrue(writer.roomOpened(c, new HistoryWriter.Fact("r", 1, minute(0)), "api", "{}"));
                c.commit();
                assertEquals(0, writer.readOffset(c, "p"));
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            assertTrue(new JdbcHistoryQueries(db.dataSource()).room("r").isPresent());
        }
    }

    private static List<String> ids(List<Meeting> meetings) {
        return meetings.stream().map(Meeting::meetingId).toList();
    }
}
