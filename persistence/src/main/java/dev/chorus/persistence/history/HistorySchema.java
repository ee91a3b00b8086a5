package dev.chorus.persistence.history;

import dev.chorus.persistence.SchemaLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The room history tables, created when missing (H2 and PostgreSQL, portable DDL; times are BIGINT epoch
 * milliseconds). Safe to run on every start and from several nodes at once.
 *
 * <ul>
 *   <li>{@code history_rooms}: one row per room id, with the seqNr of the last room event applied (the
 *       projection's idempotency guard), the current meeting and how many peers are joined now;</li>
 *   <li>{@code history_meetings}: id {@code <roomId>/<seqNr of the join that started it>};</li>
 *   <li>{@code history_participations}: one row per stay, keyed by room and the seqNr of its PeerJoined;</li>
 *   <li>{@code history_tracks}: one row per producer, keyed by room and the seqNr of its ProducerOpened;</li>
 *   <li>{@code history_offsets}: how far each projection has read the journal (read-journal ordering).</li>
 * </ul>
 */
public final class HistorySchema {

    private static final Logger log = LoggerFactory.getLogger(HistorySchema.class);

    /** The history tables. */
    public static final List<String> TABLES = List.of("history_rooms", "history_meetings",
            "history_participations", "history_tracks", "history_offsets");

    private static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS history_rooms (
              room_id VARCHAR(255) NOT NULL PRIMARY KEY,
              created_by VARCHAR(32),
              settings_json VARCHAR,
              opened_at BIGINT NOT NULL,
              closed_at BIGINT,
              close_reason VARCHAR(32),
              participants INT NOT NULL,
              current_meeting_id VARCHAR(300),
              last_seq_nr BIGINT NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS history_meetings (
              meeting_id VARCHAR(300) NOT NULL PRIMARY KEY,
              room_id VARCHAR(255) NOT NULL,
              start_seq_nr BIGINT NOT NULL,
              started_at BIGINT NOT NULL,
              ended_at BIGINT,
              participant_count INT NOT NULL,
              peak_concurrency INT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS history_meetings_room ON history_meetings (room_id, start_seq_nr)",
            "CREATE INDEX IF NOT EXISTS history_meetings_started ON history_meetings (started_at)",
            """
            CREATE TABLE IF NOT EXISTS history_participations (
              room_id VARCHAR(255) NOT NULL,
              join_seq_nr BIGINT NOT NULL,
              meeting_id VARCHAR(300) NOT NULL,
              peer_id VARCHAR(255) NOT NULL,
              display_name VARCHAR,
              device_json VARCHAR,
              node_id VARCHAR(255),
              remote_address VARCHAR(255),
              joined_at BIGINT NOT NULL,
              left_at BIGINT,
              leave_reason VARCHAR(32),
              PRIMARY KEY (room_id, join_seq_nr)
            )""",
            "CREATE INDEX IF NOT EXISTS history_participations_meeting ON history_participations (meeting_id)",
            "CREATE INDEX IF NOT EXISTS history_participations_peer ON history_participations (room_id, peer_id)",
            """
            CREATE TABLE IF NOT EXISTS history_tracks (
              room_id VARCHAR(255) NOT NULL,
              open_seq_nr BIGINT NOT NULL,
              join_seq_nr BIGINT NOT NULL,
              meeting_id VARCHAR(300) NOT NULL,
              peer_id VARCHAR(255) NOT NULL,
              producer_id VARCHAR(255) NOT NULL,
              kind VARCHAR(32),
              source VARCHAR(64),
              opened_at BIGINT NOT NULL,
              closed_at BIGINT,
              PRIMARY KEY (room_id, open_seq_nr)
            )""",
            "CREATE INDEX IF NOT EXISTS history_tracks_producer ON history_tracks (room_id, producer_id)",
            "CREATE INDEX IF NOT EXISTS history_tracks_stay ON history_tracks (room_id, join_seq_nr)",
            """
            CREATE TABLE IF NOT EXISTS history_offsets (
              projection_name VARCHAR(255) NOT NULL PRIMARY KEY,
              last_offset BIGINT NOT NULL,
              processed BIGINT NOT NULL,
              updated_at BIGINT NOT NULL
            )""");

    private HistorySchema() {
    }

    /**
     * Creates the missing tables and indexes, then checks that every table can be read.
     *
     * <p>Nodes that start together against one PostgreSQL would otherwise race on the same {@code CREATE TABLE}
     * (PostgreSQL then refuses one of them): the statements run under {@link SchemaLock#HISTORY_TABLES}.
     *
     * @throws IllegalStateException if the tables cannot be created or are still missing afterwards
     */
    public static void createIfNotExists(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            SchemaLock.holding(connection, SchemaLock.HISTORY_TABLES, () -> createAll(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the history tables: " + e.getMessage(), e);
        }
        verify(dataSource);
        log.info("History schema ready ({})", TABLES);
    }

    private static Void createAll(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            for (String ddl : DDL) {
                st.execute(ddl);
            }
        }
        return null;
    }

    /**
     * Checks that every history table exists and can be read (by selecting nothing from it, which works whatever
     * case the database gives unquoted names).
     *
     * @throws IllegalStateException naming the tables that are missing
     */
    public static void verify(DataSource dataSource) {
        List<String> missing = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (String table : TABLES) {
                try (Statement st = connection.createStatement()) {
                    st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0").close();
                } catch (SQLException e) {
                    missing.add(table);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the history schema: " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("history tables missing: " + missing);
        }
    }
}
