package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.room.RoomSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Room settings in the REST API's JSON: {@code {"maxParticipants": 25, "lastN": 4, "lastNAudio": null,
 * "pinned": ["host"], "publish": "listed", "publishers": ["alice"]}}; {@code null} (or an absent field when
 * creating) means no limit for {@code maxParticipants} and automatic last-N for {@code lastN} / {@code lastNAudio}
 * ({@code -1}: last-N off for that kind).
 */
final class SettingsJson {
    static final Set<String> FIELDS = Set.of("maxParticipants", "lastN", "lastNAudio", "pinned", "publish",
            "publishers");

    private SettingsJson() {
    }

    static ObjectNode write(RoomSettings s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (s.maxParticipants() == null) {
            o.putNull("maxParticipants");
        } else {
            o.put("maxParticipants", s.maxParticipants());
        }
        optInt(o, "lastN", s.lastN());
        optInt(o, "lastNAudio", s.lastNAudio());
        o.put("publish", s.publish().name().toLowerCase(Locale.ROOT));
        s.publishers().forEach(o.putArray("publishers")::add);
        if (!o.has("publishers")) {
            o.putArray("publishers");
        }
        s.pinned().forEach(o.putArray("pinned")::add);
        if (!o.has("pinned")) {
            o.putArray("pinned");
        }
        return o;
    }

    /**
     * The settings in {@code body} over {@code base}: a field that is present replaces the base value (null clears
     * {@code maxParticipants}, and makes {@code lastN} / {@code lastNAudio} automatic); {@code allowed} are the other
     * fields the body may have.
     *
     * @throws IllegalArgumentException with a message for the client
     */
    static RoomSettings read(JsonNode body, RoomSettings base, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f) && !allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "'");
            }
        }
        Integer max = body.has("maxParticipants") ? optInt(body, "maxParticipants") : base.maxParticipants();
        Integer lastN = body.has("lastN") ? optInt(body, "lastN") : base.lastN();
        Integer lastNAudio = body.has("lastNAudio") ? optInt(body, "lastNAudio") : base.lastNAudio();
        List<String> pinned = body.has("pinned") ? peerIds(body, "pinned") : base.pinned();
        RoomSettings.Publish publish = base.publish();
        if (body.has("publish")) {
            JsonNode p = body.get("publish");
            if (!p.isTextual()) {
                throw new IllegalArgumentException("publish must be one of \"everyone\", \"listed\", \"nobody\"");
            }
            try {
                publish = RoomSettings.Publish.valueOf(p.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("publish must be one of \"everyone\", \"listed\", \"nobody\"");
            }
        }
        List<String> publishers = body.has("publishers") ? peerIds(body, "publishers") : base.publishers();
        return new RoomSettings(max, lastN, publish, publishers, lastNAudio, pinned);
    }

    private static List<String> peerIds(JsonNode body, String field) {
        JsonNode a = body.get(field);
        if (!a.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of peer ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : a) {
            if (!id.isTextual()) {
                throw new IllegalArgumentException(field + " must be an array of peer ids");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static void optInt(ObjectNode o, String field, Integer value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static Integer optInt(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer or null");
        }
        return v.asInt();
    }
}
