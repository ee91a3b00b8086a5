package dev.chorus.actors.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.chorus.actors.room.RoomEvent;
import dev.chorus.actors.room.RoomSettings;
import dev.chorus.persistence.history.HistoryWriter;
import dev.chorus.persistence.history.HistoryWriter.Fact;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Sequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns room journal envelopes into {@link HistoryWriter} calls: each envelope is applied and its offset stored in
 * one JDBC transaction, so an envelope counts exactly once however the projection stops and restarts. Blocking:
 * call it on a blocking dispatcher.
 */
final class HistoryApplier {

    private static final Logger log = LoggerFactory.getLogger(HistoryApplier.class);
    /** Prefix of a room's persistence id ({@code Room|<roomId>}). */
    static final String ROOM_PREFIX = "Room|";

    private final DataSource dataSource;
    private final String projection;
    private final HistoryWriter writer = new HistoryWriter();
    private final ObjectMapper json = JsonMapper.builder().build();

    HistoryApplier(DataSource dataSource, String projection) {
        this.dataSource = dataSource;
        this.projection = projection;
    }

    /** The stored offset to continue after (0: from the start of the journal). */
    long readOffset() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return writer.readOffset(c, projection);
        }
    }

    /**
     * Applies one envelope and stores its offset, in one transaction.
     *
     * @return true if the event changed the history, false if it was skipped (applied before, or not a room event)
     */
    boolean apply(EventEnvelope envelope) throws SQLException {
        long offset = ((Sequence) envelope.offset()).value();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean applied = applyEvent(c, envelope);
                writer.writeOffset(c, projection, offset);
                c.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private boolean applyEvent(Connection c, EventEnvelope envelope) throws SQLException {
        String pid = envelope.persistenceId();
        if (!pid.startsWith(ROOM_PREFIX) || !(envelope.event() instanceof RoomEvent event)) {
            log.warn("Skipping {} seqNr {} tagged '{}': not a room event ({})", pid, envelope.sequenceNr(),
                    RoomEvent.TAG, envelope.event() == null ? null : envelope.event().getClass().getName());
            return false;
        }
        Fact fact = new Fact(pid.substring(ROOM_PREFIX.length()), envelope.sequenceNr(), event.at());
        boolean applied = write(c, fact, event);
        log.debug("{} {} seqNr {} at offset {}", applied ? "Applied" : "Skipped (applied before)",
                event.getClass().getSimpleName(), fact.seqNr(), envelope.offset());
        return applied;
    }

    private boolean write(Connection c, Fact f, RoomEvent event) throws SQLException {
        if (event instanceof RoomEvent.RoomOpened e) {
            return writer.roomOpened(c, f, e.createdBy(), settings(e.settings()));
        } else if (event instanceof RoomEvent.SettingsChanged e) {
            return writer.settingsChanged(c, f, settings(e.settings()));
        } else if (event instanceof RoomEvent.PeerJoined e) {
            return writer.peerJoined(c, f, e.peerId(), e.displayName(), device(e.device()), e.nodeId(),
                    e.remoteAddress());
        } else if (event instanceof RoomEvent.PeerMoved e) {
            return writer.peerMoved(c, f, e.peerId(), e.nodeId());
        } else if (event instanceof RoomEvent.PeerRenamed e) {
            return writer.peerRenamed(c, f, e.peerId(), e.displayName());
        } else if (event instanceof RoomEvent.PeerLeft e) {
            String reason = e.reason() == null ? null : e.reason().name().toLowerCase(Locale.ROOT);
            return writer.peerLeft(c, f, e.peerId(), reason);
        } else if (event instanceof RoomEvent.ProducerOpened e) {
            return writer.producerOpened(c, f, e.peerId(), e.producerId(), e.kind(), e.source());
        } else if (event instanceof RoomEvent.ProducerClosed e) {
            return writer.producerClosed(c, f, e.peerId(), e.producerId());
        } else if (event instanceof RoomEvent.RoomClosed e) {
            return writer.roomClosed(c, f, e.reason());
        }
        // a room event added later without a history mapping: skip it rather than stall the projection
        log.warn("Room event {} has no history mapping; skipped", event.getClass().getName());
        return false;
    }

    private String settings(RoomSettings settings) {
        if (settings == null) return null;
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write room settings as JSON", e);
        }
    }

    private static String device(JsonNode device) {
        return device == null || device.isNull() || device.isMissingNode() ? null : device.toString();
    }
}
