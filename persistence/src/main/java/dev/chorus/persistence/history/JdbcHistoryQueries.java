package dev.chorus.persistence.history;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link HistoryQueries} over the history tables ({@link HistorySchema}) through plain JDBC. Each call takes one
 * connection from the data source for its duration; SQL failures surface as {@link HistoryQueryException}.
 * A room's meetings take several selects: they run while holding the lock on the room's row that every change of
 * the room takes too, so they see whole transactions of the projection (the portable way: H2's REPEATABLE READ
 * is no snapshot across tables). The projection waits for such a read, which takes milliseconds.
 * Durations of stays still going on are measured to the clock's now.
 */
public final class JdbcHistoryQueries implements HistoryQueries {

    private static final String ROOM_COLUMNS =
            "room_id, created_by, settings_json, opened_at, closed_at, close_reason, participants";
    private static final String MEETING_COLUMNS =
            "meeting_id, room_id, started_at, ended_at, participant_count, peak_concurrency";

    private final DataSource dataSource;
    private final Clock clock;

    /** Queries on {@code dataSource}, durations measured with the system clock. */
    public JdbcHistoryQueries(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** Queries on {@code dataSource}, durations of ongoing stays measured to {@code clock}'s now. */
    public JdbcHistoryQueries(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A failed history query (the database could not be reached or refused the query). */
    public static final class HistoryQueryException extends RuntimeException {
        HistoryQueryException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public List<RoomRecord> openRooms() {
        return query("open rooms", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + ROOM_COLUMNS
                    + " FROM history_rooms WHERE closed_at IS NULL ORDER BY opened_at, room_id");
                 ResultSet rs = st.executeQuery()) {
                List<RoomRecord> rooms = new ArrayList<>();
                while (rs.next()) rooms.add(room(rs));
                return rooms;
            }
        });
    }

    @Override
    public Optional<RoomRecord> room(String roomId) {
        return query("room " + roomId, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + ROOM_COLUMNS
                    + " FROM history_rooms WHERE room_id = ?")) {
                st.setString(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(room(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Meeting> meetingsOfRoom(String roomId) {
        Instant now = clock.instant();
        return query("meetings of room " + roomId, c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (!lockRoom(c, roomId)) return List.of();
                return meetingsOfRoom(c, roomId, now);
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        });
    }

    /**
     * Locks the room's row until the end of the transaction, as the writer does for every change to the room: the
     * selects that follow then see no change half-applied. False if the room is unknown.
     */
    private static boolean lockRoom(Connection c, String roomId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT last_seq_nr FROM history_rooms WHERE room_id = ? FOR UPDATE")) {
            st.setString(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** One read of the room's meetings with stays and tracks. */
    private static List<Meeting> meetingsOfRoom(Connection c, String roomId, Instant now) throws SQLException {
        Map<Long, List<Track>> tracksByStay = tracks(c, roomId);
        Map<String, List<Participation>> staysByMeeting = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT meeting_id, join_seq_nr, peer_id, display_name, "
                + "device_json, node_id, remote_address, joined_at, left_at, leave_reason "
                + "FROM history_participations WHERE room_id = ? ORDER BY join_seq_nr")) {
            st.setString(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Instant joinedAt = instant(rs, "joined_at");
                    Instant leftAt = instant(rs, "left_at");
                    long duration = Math.max(0, (leftAt == null ? now : leftAt).toEpochMilli()
                            - joinedAt.toEpochMilli());
                    Participation p = new Participation(rs.getString("peer_id"), rs.getString("display_name"),
                            rs.getString("device_json"), rs.getString("node_id"), rs.getString("remote_address"),
                            joinedAt, leftAt, rs.getString("leave_reason"), duration,
                            tracksByStay.getOrDefault(rs.getLong("join_seq_nr"), List.of()));
                    staysByMeeting.computeIfAbsent(rs.getString("meeting_id"), k -> new ArrayList<>()).add(p);
                }
            }
        }
        List<Meeting> meetings = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT " + MEETING_COLUMNS
                + " FROM history_meetings WHERE room_id = ? ORDER BY start_seq_nr")) {
            st.setString(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<Participation> stays = staysByMeeting.getOrDefault(rs.getString(1), List.of());
                    meetings.add(meeting(rs, List.copyOf(stays)));
                }
            }
        }
        return meetings;
    }

    @Override
    public List<Meeting> meetings(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1) throw new IllegalArgumentException("limit must be positive, was " + limit);
        return query("meetings from " + from + " to " + to, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + MEETING_COLUMNS + " FROM history_meetings "
                    + "WHERE started_at < ? AND (ended_at IS NULL OR ended_at >= ?) "
                    + "ORDER BY started_at, room_id, start_seq_nr LIMIT ?")) {
                st.setLong(1, to.toEpochMilli());
                st.setLong(2, from.toEpochMilli());
                st.setInt(3, limit);
                try (ResultSet rs = st.executeQuery()) {
                    List<Meeting> meetings = new ArrayList<>();
                    while (rs.next()) meetings.add(meeting(rs, List.of()));
                    return meetings;
                }
            }
        });
    }

    /** The room's tracks grouped by the stay (join seqNr) that opened them, each list in opening order. */
    private static Map<Long, List<Track>> tracks(Connection c, String roomId) throws SQLException {
        Map<Long, List<Track>> byStay = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT join_seq_nr, producer_id, kind, source, opened_at, "
                + "closed_at FROM history_tracks WHERE room_id = ? ORDER BY open_seq_nr")) {
            st.setString(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    byStay.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Track(rs.getString(2),
                            rs.getString(3), rs.getString(4), instant(rs, "opened_at"), instant(rs, "closed_at")));
                }
            }
        }
        byStay.replaceAll((k, v) -> List.copyOf(v));
        return byStay;
    }

    private static RoomRecord room(ResultSet rs) throws SQLException {
        return new RoomRecord(rs.getString("room_id"), rs.getString("created_by"), rs.getString("settings_json"),
                instant(rs, "opened_at"), instant(rs, "closed_at"), rs.getString("close_reason"),
                rs.getInt("participants"));
    }

    private static Meeting meeting(ResultSet rs, List<Participation> participants) throws SQLException {
        return new Meeting(rs.getString("meeting_id"), rs.getString("room_id"), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getInt("participant_count"), rs.getInt("peak_concurrency"),
                participants);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new HistoryQueryException("history query failed (" + what + ")", e);
        }
    }
}
