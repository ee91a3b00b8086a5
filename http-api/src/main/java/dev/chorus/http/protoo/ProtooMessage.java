package dev.chorus.http.protoo;

import com.fasterxml.jackson.databind.JsonNode;

/** One parsed protoo frame (JSON text): a request, a response, a notification, or something invalid. */
public sealed interface ProtooMessage {

    record Request(long id, String method, JsonNode data) implements ProtooMessage {
    }

    record Response(long id, boolean ok, JsonNode data, int errorCode, String errorReason) implements ProtooMessage {
    }

    record Notification(String method, JsonNode data) implements ProtooMessage {
    }

    /** Not a valid protoo message; {@code id} is the request id if one could be read (else -1). */
    record Invalid(String reason, long id) implements ProtooMessage {
    }
}
