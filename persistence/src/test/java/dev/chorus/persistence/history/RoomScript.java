package dev.chorus.persistence.history;

import dev.chorus.persistence.history.HistoryWriter.Fact;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one room's facts through {@link HistoryWriter} the way the projection does (one transaction per fact,
 * committed), numbering them 1, 2, 3... like the room's journal, and remembers them so that a test can apply them
 * all again.
 */
final class RoomScript {

    /** One writer call. */
    interface Step {
        boolean apply(HistoryWriter writer, Connection c, Fact fact) throws SQLException;
    }

    private record Applied(Fact fact, Step step) {
    }

    private final DataSource dataSource;
    private final String roomId;
    private final HistoryWriter writer = new HistoryWriter();
    private final List<Applied> applied = new ArrayList<>();
    private long seqNr;

    RoomScript(DataSource dataSource, String roomId) {
        this.dataSource = dataSource;
        this.roomId = roomId;
    }

    boolean opened(Instant at, String createdBy) {
        return next(at, (w, c, f) -> w.roomOpened(c, f, createdBy, "{\"publish\":\"EVERYONE\"}"));
    }

    boolean settings(Instant at, String json) {
        return next(at, (w, c, f) -> w.settingsChanged(c, f, json));
    }

    boolean joined(Instant at, String peerId, String name) {
        return next(at, (w, c, f) -> w.peerJoined(c, f, peerId, name, "{\"name\":\"Firefox\"}", "node-a",
                "10.0.0.1:5000"));
    }

    boolean moved(Instant at, String peerId, String nodeId) {
        return next(at, (w, c, f) -> w.peerMoved(c, f, peerId, nodeId));
    }

    boolean renamed(Instant at, String peerId, String name) {
        return next(at, (w, c, f) -> w.peerRenamed(c, f, peerId, name));
    }

    boolean left(Instant at, String peerId, String reason) {
        return next(at, (w, c, f) -> w.peerLeft(c, f, peerId, reason));
    }

    boolean produced(Instant at, String peerId, String producerId, String kind, String source) {
        return next(at, (w, c, f) -> w.producerOpened(c, f, peerId, producerId, kind, source));
    }

    boolean unproduced(Instant at, String peerId, String producerId) {
        return next(at, (w, c, f) -> w.producerClosed(c, f, peerId, producerId));
    }

    boolean closed(Instant at, String reason) {
        return next(at, (w, c, f) -> w.roomClosed(c, f, reason));
    }

    /** The seqNr the last fact got. */
    long seqNr() {
        return seqNr;
    }

    /** Applies every fact written so far again, in order; the writer's answers. */
    List<Boolean> replayAll() {
        List<Boolean> results = new ArrayList<>();
        for (Applied a : List.copyOf(applied)) results.add(apply(a.fact(), a.step()));
        return results;
    }

    private boolean next(Instant at, Step step) {
        Fact fact = new Fact(roomId, ++seqNr, at);
        applied.add(new Applied(fact, step));
        return apply(fact, step);
    }

    /** One transaction: the writer call, then commit (rollback and rethrow on failure). */
    private boolean apply(Fact fact, Step step) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean result = step.apply(writer, c, fact);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AssertionError("applying " + fact + " failed", e);
        }
    }
}
