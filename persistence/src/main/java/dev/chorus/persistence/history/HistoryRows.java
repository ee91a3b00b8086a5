package dev.chorus.persistence.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The SQL behind {@link HistoryWriter}: reading and changing single rows of the history tables inside the
 * caller's transaction. Times are epoch milliseconds.
 */
final class HistoryRows {

    private HistoryRows() {
    }

    /** The part of a {@code history_rooms} row the writer decides with. */
    record RoomState(long lastSeqNr, int participants, String currentMeetingId, boolean closed) {
    }

    /** An open stay of a peer: its key and meeting. */
    record Stay(long joinSeqNr, String meetingId) {
    }

    /** The room's row, locked for the rest of the transaction, or null if the room is unknown. */
    static RoomState lockRoom(Connection c, String roomId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT last_seq_nr, participants, current_meeting_id, "
                + "closed_at FROM history_rooms WHERE room_id = ? FOR UPDATE")) {
            st.setString(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return null;
                long lastSeqNr = rs.getLong(1);
                int participants = rs.getInt(2);
                String meeting = rs.getString(3);
                rs.getLong(4);
                return new RoomState(lastSeqNr, participants, meeting, !rs.wasNull());
            }
        }
    }

    static void insertRoom(Connection c, String roomId, String createdBy, String settingsJson, long openedAt,
                           long seqNr) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO history_rooms (room_id, created_by, "
                + "settings_json, opened_at, closed_at, close_reason, participants, current_meeting_id, last_seq_nr) "
                + "VALUES (?, ?, ?, ?, NULL, NULL, 0, NULL, ?)")) {
            st.setString(1, roomId);
            st.setString(2, createdBy);
            st.setString(3, settingsJson);
            st.setLong(4, openedAt);
            st.setLong(5, seqNr);
            st.executeUpdate();
        }
    }

    /** Starts the room's record afresh (a room id opened again after it was closed). */
    static void reopenRoom(Connection c, String roomId, String createdBy, String settingsJson, long openedAt)
            throws SQLException {
        update(c, "UPDATE history_rooms SET created_by = ?, settings_json = ?, opened_at = ?, closed_at = NULL, "
                + "close_reason = NULL, participants = 0, current_meeting_id = NULL WHERE room_id = ?",
                createdBy, settingsJson, openedAt, roomId);
    }

    static void setSettings(Connection c, String roomId, String settingsJson) throws SQLException {
        update(c, "UPDATE history_rooms SET settings_json = ? WHERE room_id = ?", settingsJson, roomId);
    }

    static void setMembership(Connection c, String roomId, int participants, String currentMeetingId)
            throws SQLException {
        update(c, "UPDATE history_rooms SET participants = ?, current_meeting_id = ? WHERE room_id = ?",
                participants, currentMeetingId, roomId);
    }

    static void closeRoom(Connection c, String roomId, String reason, long closedAt) throws SQLException {
        update(c, "UPDATE history_rooms SET closed_at = ?, close_reason = ?, participants = 0, "
                + "current_meeting_id = NULL WHERE room_id = ?", closedAt, reason, roomId);
    }

    static void setLastSeqNr(Connection c, String roomId, long seqNr) throws SQLException {
        update(c, "UPDATE history_rooms SET last_seq_nr = ? WHERE room_id = ?", seqNr, roomId);
    }

    static void insertMeeting(Connection c, String meetingId, String roomId, long startSeqNr, long startedAt)
            throws SQLException {
        update(c, "INSERT INTO history_meetings (meeting_id, room_id, start_seq_nr, started_at, ended_at, "
                + "participant_count, peak_concurrency) VALUES (?, ?, ?, ?, NULL, 0, 0)",
                meetingId, roomId, startSeqNr, startedAt);
    }

    /** Counts a join into the meeting: a new distinct participant or not, and the concurrency after it. */
    static void countJoin(Connection c, String meetingId, boolean newParticipant, int concurrency)
            throws SQLException {
        update(c, "UPDATE history_meetings SET participant_count = participant_count + ?, "
                        + "peak_concurrency = CASE WHEN peak_concurrency < ? THEN ? ELSE peak_concurrency END "
                        + "WHERE meeting_id = ?",
                newParticipant ? 1 : 0, concurrency, concurrency, meetingId);
    }

    /** Ends every meeting of the room that is still going on. */
    static void endMeetings(Connection c, String roomId, long endedAt) throws SQLException {
        update(c, "UPDATE history_meetings SET ended_at = ? WHERE room_id = ? AND ended_at IS NULL",
                endedAt, roomId);
    }

    static boolean hasStayIn(Connection c, String meetingId, String peerId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT 1 FROM history_participations WHERE meeting_id = ? AND peer_id = ?")) {
            st.setString(1, meetingId);
            st.setString(2, peerId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The peer's open stay in the room (the latest, should there be more than one), or null. */
    static Stay openStay(Connection c, String roomId, String peerId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT join_seq_nr, meeting_id FROM history_participations "
                + "WHERE room_id = ? AND peer_id = ? AND left_at IS NULL ORDER BY join_seq_nr DESC")) {
            st.setString(1, roomId);
            st.setString(2, peerId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Stay(rs.getLong(1), rs.getString(2)) : null;
            }
        }
    }

    static void insertStay(Connection c, String roomId, long joinSeqNr, String meetingId, String peerId,
                           String displayName, String deviceJson, String nodeId, String remoteAddress,
                           long joinedAt) throws SQLException {
        update(c, "INSERT INTO history_participations (room_id, join_seq_nr, meeting_id, peer_id, display_name, "
                        + "device_json, node_id, remote_address, joined_at, left_at, leave_reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                roomId, joinSeqNr, meetingId, peerId, displayName, deviceJson, nodeId, remoteAddress, joinedAt);
    }

    static void setStayColumn(Connection c, String roomId, long joinSeqNr, String column, String value)
            throws SQLException {
        if (!column.equals("node_id") && !column.equals("display_name")) throw new IllegalArgumentException(column);
        update(c, "UPDATE history_participations SET " + column + " = ? WHERE room_id = ? AND join_seq_nr = ?",
                value, roomId, joinSeqNr);
    }

    /** Ends one stay and closes the tracks it still has open. */
    static void endStay(Connection c, String roomId, long joinSeqNr, String reason, long leftAt) throws SQLException {
        update(c, "UPDATE history_participations SET left_at = ?, leave_reason = ? "
                + "WHERE room_id = ? AND join_seq_nr = ? AND left_at IS NULL", leftAt, reason, roomId, joinSeqNr);
        update(c, "UPDATE history_tracks SET closed_at = ? WHERE room_id = ? AND join_seq_nr = ? "
                + "AND closed_at IS NULL", leftAt, roomId, joinSeqNr);
    }

    /** Ends every open stay of the room and closes every open track in it. */
    static void endAllStays(Connection c, String roomId, String reason, long at) throws SQLException {
        update(c, "UPDATE history_participations SET left_at = ?, leave_reason = ? "
                + "WHERE room_id = ? AND left_at IS NULL", at, reason, roomId);
        update(c, "UPDATE history_tracks SET closed_at = ? WHERE room_id = ? AND closed_at IS NULL", at, roomId);
    }

    static void insertTrack(Connection c, String roomId, long openSeqNr, Stay stay, String peerId,
                            String producerId, String kind, String source, long openedAt) throws SQLException {
        update(c, "INSERT INTO history_tracks (room_id, open_seq_nr, join_seq_nr, meeting_id, peer_id, producer_id, "
                        + "kind, source, opened_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                roomId, openSeqNr, stay.joinSeqNr(), stay.meetingId(), peerId, producerId, kind, source, openedAt);
    }

    /** Closes the producer's open track; false if it had none. */
    static boolean closeTrack(Connection c, String roomId, String producerId, long closedAt) throws SQLException {
        return update(c, "UPDATE history_tracks SET closed_at = ? WHERE room_id = ? AND producer_id = ? "
                + "AND closed_at IS NULL", closedAt, roomId, producerId) > 0;
    }

    /** Runs an update with positional parameters (String, Long, Integer or null). */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p == null) st.setNull(i + 1, Types.VARCHAR);
                else if (p instanceof String s) st.setString(i + 1, s);
                else if (p instanceof Long l) st.setLong(i + 1, l);
                else if (p instanceof Integer n) st.setInt(i + 1, n);
                else throw new IllegalArgumentException("unsupported parameter " + p.getClass());
            }
            return st.executeUpdate();
        }
    }
}
