package dev.chorus.persistence.history;

import dev.chorus.persistence.history.HistoryQueries.Meeting;
import dev.chorus.persistence.history.HistoryQueries.Participation;
import dev.chorus.persistence.history.HistoryQueries.Track;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room's meetings read while the writer changes the room are still one consistent state (on H2 and PostgreSQL):
 * a stay that has ended never shows a track that is still open, since both change in one transaction.
 */
class HistoryConsistencyTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final int ROUNDS = 100;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void readsDuringWritesSeeWholeTransactions(String kind) throws Exception {
        try (HistoryDatabase db = HistoryDatabase.of(kind)) {
            HistorySchema.createIfNotExists(db.dataSource());
            RoomScript room = new RoomScript(db.dataSource(), "busy");
            room.opened(T0, "api");
            room.joined(T0, "host", "Host");                      // keeps one meeting going throughout
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    Instant at = T0.plusSeconds(i + 1);
                    room.joined(at, "guest", "Guest");
                    room.produced(at, "guest", "p" + i, "audio", "mic");
                    room.left(at, "guest", "left");
                }
            });
            JdbcHistoryQueries queries = new JdbcHistoryQueries(db.dataSource());
            int reads = 0;
            while (!writes.isDone() || reads == 0) {
                check(queries.meetingsOfRoom("busy").get(0));
                reads++;
            }
            writes.get(1, TimeUnit.MINUTES);
            Meeting last = queries.meetingsOfRoom("busy").get(0);
            check(last);
            assertEquals(ROUNDS + 1, last.participants().size());
            assertEquals(2, last.participantCount());
            assertEquals(2, last.peakConcurrency());
        }
    }

    private static void check(Meeting meeting) {
        for (Participation p : meeting.participants()) {
            if (p.leftAt() == null) continue;
            for (Track t : p.published()) {
                assertNotNull(t.closedAt(), () -> p.peerId() + " left at " + p.leftAt() + " with " + t + " open");
            }
        }
        assertTrue(meeting.participants().stream().filter(p -> p.leftAt() == null).count() <= 2);
    }
}
