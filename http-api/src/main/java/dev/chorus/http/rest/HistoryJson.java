package dev.chorus.http.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.persistence.history.HistoryQueries.Meeting;
import dev.chorus.persistence.history.HistoryQueries.Participation;
import dev.chorus.persistence.history.HistoryQueries.RoomRecord;
import dev.chorus.persistence.history.HistoryQueries.Track;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of the history endpoints: times as ISO-8601 UTC strings (null while something goes on), durations in
 * milliseconds, leave and close reasons lower-case, the stored settings and device JSON embedded as JSON values.
 * Absent values are written as {@code null}, never left out.
 */
final class HistoryJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HistoryJson() {
    }

    /** {@code GET /api/rooms/{id}/history}: the room and its meetings with participants. */
    static ObjectNode roomHistory(RoomRecord room, List<Meeting> meetings, Instant now) {
        ObjectNode out = JSON.objectNode();
        out.set("room", room(room));
        ArrayNode list = out.putArray("meetings");
        meetings.forEach(m -> list.add(meeting(m, now, true)));
        return out;
    }

    /** {@code GET /api/history}: the range asked for and the meetings overlapping it, without participants. */
    static ObjectNode meetings(Instant from, Instant to, int limit, List<Meeting> meetings, Instant now) {
        ObjectNode out = JSON.objectNode();
        out.put("from", from.toString()).put("to", to.toString()).put("limit", limit);
        ArrayNode list = out.putArray("meetings");
        meetings.forEach(m -> list.add(meeting(m, now, false)));
        return out;
    }

    static ObjectNode error(String message) {
        return JSON.objectNode().put("error", message);
    }

    private static ObjectNode room(RoomRecord r) {
        ObjectNode out = JSON.objectNode();
        out.put("roomId", r.roomId()).put("createdBy", r.createdBy());
        out.set("settings", embedded(r.settingsJson()));
        out.put("openedAt", time(r.openedAt())).put("closedAt", time(r.closedAt()))
                .put("closeReason", r.closeReason()).put("participants", r.participants());
        return out;
    }

    private static ObjectNode meeting(Meeting m, Instant now, boolean withParticipants) {
        ObjectNode out = JSON.objectNode();
        out.put("meetingId", m.meetingId()).put("roomId", m.roomId())
                .put("startedAt", time(m.startedAt())).put("endedAt", time(m.endedAt()))
                .put("durationMillis", millisBetween(m.startedAt(), m.endedAt() == null ? now : m.endedAt()))
                .put("participantCount", m.participantCount()).put("peakConcurrency", m.peakConcurrency());
        if (withParticipants) {
            ArrayNode list = out.putArray("participants");
            m.participants().forEach(p -> list.add(participation(p)));
        }
        return out;
    }

    private static ObjectNode participation(Participation p) {
        ObjectNode out = JSON.objectNode();
        out.put("peerId", p.peerId()).put("displayName", p.displayName());
        out.set("device", embedded(p.deviceJson()));
        out.put("nodeId", p.nodeId()).put("remoteAddress", p.remoteAddress())
                .put("joinedAt", time(p.joinedAt())).put("leftAt", time(p.leftAt()))
                .put("leaveReason", p.leaveReason()).put("durationMillis", p.durationMillis());
        ArrayNode published = out.putArray("published");
        for (Track t : p.published()) {
            published.addObject().put("producerId", t.producerId()).put("kind", t.kind()).put("source", t.source())
                    .put("openedAt", time(t.openedAt())).put("closedAt", time(t.closedAt()));
        }
        return out;
    }

    private static long millisBetween(Instant from, Instant to) {
        return Math.max(0, to.toEpochMilli() - from.toEpochMilli());
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Stored JSON as a JSON value (null stays null; text that is not JSON is kept as a string). */
    private static JsonNode embedded(String json) {
        if (json == null) return JSON.nullNode();
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.textNode(json);
        }
    }
}
