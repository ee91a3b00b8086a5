package dev.chorus.actors.peer;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads required fields from a request's {@code data}, failing with a clear 400 reason. */
final class Fields {
    private Fields() {
    }

    static String str(JsonNode data, String field) {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            throw new BadRequest(400, "missing field '" + field + "'");
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw new BadRequest(400, "field '" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    static JsonNode obj(JsonNode data, String field) {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            throw new BadRequest(400, "missing field '" + field + "'");
        }
        if (!n.isObject()) {
            throw new BadRequest(400, "field '" + field + "' must be an object");
        }
        return n;
    }

    static String optStr(JsonNode data, String field, String dflt) {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isTextual()) {
            throw new BadRequest(400, "field '" + field + "' must be a string");
        }
        return n.asText();
    }
}
