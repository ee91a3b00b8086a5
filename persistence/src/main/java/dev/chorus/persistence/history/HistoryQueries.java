package dev.chorus.persistence.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read side of room history: answers from the history tables that the history projection builds from the room
 * journal (so it trails the journal by the projection's polling delay, about a second). Methods block on JDBC: call
 * them on a blocking dispatcher.
 */
public interface HistoryQueries {

    /** Rooms that are open now (opened and not closed), oldest first. */
    List<RoomRecord> openRooms();

    /** The room's record (open or closed), if it was ever opened. */
    Optional<RoomRecord> room(String roomId);

    /** The room's meetings, oldest first, each with its participants (in join order) and what they published. */
    List<Meeting> meetingsOfRoom(String roomId);

    /**
     * Meetings of any room that overlap {@code [from, to)} (started before {@code to}, and not ended before
     * {@code from}), oldest first, without participant details ({@link Meeting#participants()} empty).
     */
    List<Meeting> meetings(Instant from, Instant to, int limit);

    /**
     * A room as the history knows it. A room id that is opened again after it was closed keeps one record, started
     * afresh (opening time, creator, settings; no longer closed); its earlier meetings stay.
     *
     * @param settingsJson the room's current settings as JSON (the actor layer's RoomSettings); null if unknown
     * @param createdBy    {@code api} or {@code client}; null if the history never saw the room's RoomOpened (it
     *                     then counts the room as opened at its first event)
     * @param closedAt     null while open
     * @param closeReason  {@code empty} or {@code deleted}; null while open
     * @param participants peers joined now
     */
    record RoomRecord(String roomId, String createdBy, String settingsJson, Instant openedAt, Instant closedAt,
                      String closeReason, int participants) {
    }

    /**
     * A meeting: a stretch of time in which a room had at least one joined peer (from the first join into an empty
     * room to the last leave, or to the room's close).
     *
     * @param meetingId        {@code <roomId>/<seqNr of the join that started it>} (stable across rebuilds)
     * @param endedAt          null while it goes on
     * @param participantCount distinct peers that joined during it
     * @param peakConcurrency  most peers joined at the same time
     */
    record Meeting(String meetingId, String roomId, Instant startedAt, Instant endedAt, int participantCount,
                   int peakConcurrency, List<Participation> participants) {
    }

    /**
     * One stay of a peer in a meeting (a peer that leaves and joins again has two).
     *
     * @param deviceJson     the client's device description as JSON, or null
     * @param leftAt         null while still joined
     * @param leaveReason    lower-case {@code RoomEvent.LeaveReason} ({@code left}, {@code grace_expired}, ...), or null
     * @param durationMillis time joined (to now while still joined)
     */
    record Participation(String peerId, String displayName, String deviceJson, String nodeId, String remoteAddress,
                         Instant joinedAt, Instant leftAt, String leaveReason, long durationMillis,
                         List<Track> published) {
    }

    /**
     * A producer a participant opened during that stay. {@code closedAt}: null while open; a producer closes at the
     * latest when its peer leaves or the room closes.
     */
    record Track(String producerId, String kind, String source, Instant openedAt, Instant closedAt) {
    }
}
