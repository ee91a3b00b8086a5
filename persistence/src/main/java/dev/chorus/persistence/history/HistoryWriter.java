package dev.chorus.persistence.history;

import dev.chorus.persistence.history.HistoryRows.RoomState;
import dev.chorus.persistence.history.HistoryRows.Stay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Applies room facts to the history tables, one fact per call, inside a transaction the caller owns (the
 * projection applies a journal event and stores its offset in one transaction, then commits). Parameters are plain
 * Java values: this module knows nothing of the actor layer's event classes.
 *
 * <p>Semantics (see {@link HistoryQueries.Meeting}):
 * <ul>
 *   <li>a meeting starts at a join into a room with no joined peer, with the deterministic id
 *       {@code <roomId>/<seqNr of that join>}, and ends at the last leave or when the room closes;</li>
 *   <li>every join is a new stay (a peer that leaves and joins again has two); the meeting counts distinct peers
 *       and its peak of peers joined at once;</li>
 *   <li>a leave ends the peer's stay and closes its open tracks; a room close ends every open stay (reason
 *       {@code room_closed}), track and meeting, even though the room sends a PeerLeft for each peer first.</li>
 * </ul>
 *
 * <p>Idempotent per event: each room row keeps the seqNr of the last event applied to it, and a fact whose seqNr
 * is not newer is ignored (the method returns false). Facts that do not fit the state (a leave of a peer that is
 * not joined, a producer of a peer that is not joined) are logged and otherwise ignored, so one odd event cannot
 * stop the projection. Every method throws {@link SQLException} for the caller to roll back.
 */
public final class HistoryWriter {

    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    /** Leave reason recorded for stays a {@code RoomClosed} ends. */
    public static final String ROOM_CLOSED = "room_closed";

    /**
     * Where a fact comes from: the room (the persistence id {@code Room|<roomId>} without its prefix), the event's
     * sequence number in that room's journal, and the time it happened.
     */
    public record Fact(String roomId, long seqNr, Instant at) {
        /** Checks the values. */
        public Fact {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(at, "at");
            if (seqNr < 1) throw new IllegalArgumentException("seqNr must be positive, was " + seqNr);
        }

        long millis() {
            return at.toEpochMilli();
        }
    }

    /**
     * The room came into being (or a closed room id was opened again: its record starts afresh, its past meetings
     * stay). {@code createdBy}: {@code api} or {@code client}; {@code settingsJson}: its settings as JSON.
     */
    public boolean roomOpened(Connection c, Fact fact, String createdBy, String settingsJson) throws SQLException {
        RoomState room = HistoryRows.lockRoom(c, fact.roomId());
        if (room == null) {
            HistoryRows.insertRoom(c, fact.roomId(), createdBy, settingsJson, fact.millis(), fact.seqNr());
            return true;
        }
        if (stale(room, fact)) return false;
        if (room.currentMeetingId() != null || room.participants() > 0) {
            log.warn("Room {} opened again at seqNr {} while it had joined peers; ending their stays",
                    fact.roomId(), fact.seqNr());
            HistoryRows.endAllStays(c, fact.roomId(), null, fact.millis());
            HistoryRows.endMeetings(c, fact.roomId(), fact.millis());
        }
        HistoryRows.reopenRoom(c, fact.roomId(), createdBy, settingsJson, fact.millis());
        return done(c, fact);
    }

    /** The room's settings changed. */
    public boolean settingsChanged(Connection c, Fact fact, String settingsJson) throws SQLException {
        RoomState room = room(c, fact);
        if (stale(room, fact)) return false;
        HistoryRows.setSettings(c, fact.roomId(), settingsJson);
        return done(c, fact);
    }

    /** A peer joined: a new stay, and a new meeting if nobody was joined. {@code deviceJson} may be null. */
    public boolean peerJoined(Connection c, Fact fact, String peerId, String displayName, String deviceJson,
                              String nodeId, String remoteAddress) throws SQLException {
        RoomState room = room(c, fact);
        if (stale(room, fact)) return false;
        int participants = room.participants();
        Stay previous = HistoryRows.openStay(c, fact.roomId(), peerId);
        if (previous != null) {
            log.warn("Peer {} joined room {} again (seqNr {}) without having left; ending its earlier stay",
                    peerId, fact.roomId(), fact.seqNr());
            HistoryRows.endStay(c, fact.roomId(), previous.joinSeqNr(), null, fact.millis());
            participants = Math.max(0, participants - 1);
        }
        String meetingId = room.currentMeetingId();
        if (meetingId == null) {
            meetingId = fact.roomId() + "/" + fact.seqNr();
            HistoryRows.insertMeeting(c, meetingId, fact.roomId(), fact.seqNr(), fact.millis());
            participants = 0;
        }
        boolean newParticipant = !HistoryRows.hasStayIn(c, meetingId, peerId);
        HistoryRows.insertStay(c, fact.roomId(), fact.seqNr(), meetingId, peerId, displayName, deviceJson, nodeId,
                remoteAddress, fact.millis());
        participants++;
        HistoryRows.countJoin(c, meetingId, newParticipant, participants);
        HistoryRows.setMembership(c, fact.roomId(), participants, meetingId);
        return done(c, fact);
    }

    /** A joined peer's media moved to another node. */
    public boolean peerMoved(Connection c, Fact fact, String peerId, String nodeId) throws SQLException {
        return changeStay(c, fact, peerId, "node_id", nodeId);
    }

    /** A joined peer took another display name. */
    public boolean peerRenamed(Connection c, Fact fact, String peerId, String displayName) throws SQLException {
        return changeStay(c, fact, peerId, "display_name", displayName);
    }

    /**
     * A joined peer left (its open tracks close with it); the last one to leave ends the meeting.
     * {@code reason}: the lower-case leave reason ({@code left}, {@code grace_expired}, ...), stored lower-cased.
     */
    public boolean peerLeft(Connection c, Fact fact, String peerId, String reason) throws SQLException {
        RoomState room = room(c, fact);
        if (stale(room, fact)) return false;
        Stay stay = HistoryRows.openStay(c, fact.roomId(), peerId);
        if (stay == null) {
            log.warn("Peer {} left room {} (seqNr {}) but was not joined; ignored", peerId, fact.roomId(),
                    fact.seqNr());
            return done(c, fact);
        }
        HistoryRows.endStay(c, fact.roomId(), stay.joinSeqNr(), lower(reason), fact.millis());
        int participants = Math.max(0, room.participants() - 1);
        String meetingId = room.currentMeetingId();
        if (participants == 0) {
            HistoryRows.endMeetings(c, fact.roomId(), fact.millis());
            meetingId = null;
        }
        HistoryRows.setMembership(c, fact.roomId(), participants, meetingId);
        return done(c, fact);
    }

    /** A joined peer opened a producer ({@code kind} audio or video; {@code source} may be null). */
    public boolean producerOpened(Connection c, Fact fact, String peerId, String producerId, String kind,
                                  String source) throws SQLException {
        RoomState room = room(c, fact);
        if (stale(room, fact)) return false;
        Stay stay = HistoryRows.openStay(c, fact.roomId(), peerId);
        if (stay == null) {
            log.warn("Producer {} of peer {} opened in room {} (seqNr {}) but the peer is not joined; ignored",
                    producerId, peerId, fact.roomId(), fact.seqNr());
        } else {
            HistoryRows.insertTrack(c, fact.roomId(), fact.seqNr(), stay, peerId, producerId, kind, source,
                    fact.millis());
        }
        return done(c, fact);
    }

    /** A producer closed. */
    public boolean producerClosed(Connection c, Fact fact, String peerId, String producerId) throws SQLException {
        RoomState room = room(c, fact);
        if (stale(room, fact)) return false;
        if (!HistoryRows.closeTrack(c, fact.roomId(), producerId, fact.millis())) {
            log.debug("Producer {} of peer {} closed in room {} but had no open track", producerId, peerId,
                    fact.roomId());
        }
        return done(c, fact);
    }

    /**
     * The room closed ({@code reason} {@code empty} or {@code deleted}): every stay, track and meeting still open
     * ends now.
     */
    public boolean roomClosed(Connection c, Fact fact, String reason) throws SQLException {
        RoomState room = room(c, fact);
        if (stale(room, fact)) return false;
        HistoryRows.endAllStays(c, fact.roomId(), ROOM_CLOSED, fact.millis());
        HistoryRows.endMeetings(c, fact.roomId(), fact.millis());
        HistoryRows.closeRoom(c, fact.roomId(), lower(reason), fact.millis());
        return done(c, fact);
    }

    /** The offset the projection {@code projection} stored last; 0 if it has none yet. */
    public long readOffset(Connection c, String projection) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT last_offset FROM history_offsets WHERE projection_name = ?")) {
            st.setString(1, projection);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** How many envelopes the projection has processed in all (each counted in the transaction that stored it). */
    public long processed(Connection c, String projection) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT processed FROM history_offsets WHERE projection_name = ?")) {
            st.setString(1, projection);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /** Stores the projection's offset after one more processed envelope. */
    public void writeOffset(Connection c, String projection, long offset) throws SQLException {
        long now = System.currentTimeMillis();
        int updated = HistoryRows.update(c, "UPDATE history_offsets SET last_offset = ?, processed = processed + 1, "
                + "updated_at = ? WHERE projection_name = ?", offset, now, projection);
        if (updated == 0) {
            HistoryRows.update(c, "INSERT INTO history_offsets (projection_name, last_offset, processed, updated_at) "
                    + "VALUES (?, ?, 1, ?)", projection, offset, now);
        }
    }

    private boolean changeStay(Connection c, Fact fact, String peerId, String column, String value)
            throws SQLException {
        RoomState room = room(c, fact);
        if (stale(room, fact)) return false;
        Stay stay = HistoryRows.openStay(c, fact.roomId(), peerId);
        if (stay == null) {
            log.warn("Peer {} of room {} changed {} (seqNr {}) but is not joined; ignored", peerId, fact.roomId(),
                    column, fact.seqNr());
        } else {
            HistoryRows.setStayColumn(c, fact.roomId(), stay.joinSeqNr(), column, value);
        }
        return done(c, fact);
    }

    /**
     * The room's locked row; a room the history has no RoomOpened for gets a row here (opened at this fact, creator
     * and settings unknown), so that its later facts still have a place and a seqNr guard.
     */
    private static RoomState room(Connection c, Fact fact) throws SQLException {
        RoomState room = HistoryRows.lockRoom(c, fact.roomId());
        if (room != null) return room;
        log.warn("Room {} has events (seqNr {}) but the history saw no RoomOpened; recording it as opened then",
                fact.roomId(), fact.seqNr());
        HistoryRows.insertRoom(c, fact.roomId(), null, null, fact.millis(), 0L);
        return new RoomState(0L, 0, null, false);
    }

    private static boolean stale(RoomState room, Fact fact) {
        if (fact.seqNr() > room.lastSeqNr()) return false;
        log.debug("Room {} event seqNr {} already applied (last {}); ignored", fact.roomId(), fact.seqNr(),
                room.lastSeqNr());
        return true;
    }

    private static boolean done(Connection c, Fact fact) throws SQLException {
        HistoryRows.setLastSeqNr(c, fact.roomId(), fact.seqNr());
        return true;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
