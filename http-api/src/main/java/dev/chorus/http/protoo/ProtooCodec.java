package dev.chorus.http.protoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * protoo wire format (MEDIASOUP_COMPAT §1.2): JSON objects flagged {@code request}, {@code response} or
 * {@code notification}, numeric ids, {@code data} defaulting to {@code {}}.
 */
public final class ProtooCodec {
    public static final int MAX_MESSAGE_BYTES = 960_000;
    // One JSON value per frame, as JSON.parse in protoo: trailing content makes the frame malformed.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d{1,15})(?![\\d.eE])");

    private ProtooCodec() {
    }

    public static ProtooMessage parse(String text) {
        if (text.length() > MAX_MESSAGE_BYTES) {
            return new ProtooMessage.Invalid("message too large", guessId(text));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new ProtooMessage.Invalid("malformed JSON: " + e.getOriginalMessage(), guessId(text));
        }
        if (root == null || !root.isObject()) {
            return new ProtooMessage.Invalid("a protoo message must be a JSON object", -1);
        }
        JsonNode data = root.has("data") && !root.get("data").isNull() ? root.get("data") : JSON.objectNode();
        if (root.path("request").asBoolean(false)) {
            JsonNode id = root.get("id");
            if (id == null || !id.isIntegralNumber() || id.asLong() < 0) {
                return new ProtooMessage.Invalid("request id must be a non-negative number", -1);
            }
            JsonNode method = root.get("method");
            if (method == null || !method.isTextual() || method.asText().isEmpty()) {
                return new ProtooMessage.Invalid("request method must be a string", id.asLong());
            }
            return new ProtooMessage.Request(id.asLong(), method.asText(), data);
        }
        if (root.path("response").asBoolean(false)) {
            JsonNode id = root.get("id");
            if (id == null || !id.isIntegralNumber()) {
                return new ProtooMessage.Invalid("response id must be a number", -1);
            }
            boolean ok = root.path("ok").asBoolean(false);
            return new ProtooMessage.Response(id.asLong(), ok, data, root.path("errorCode").asInt(0),
                    root.path("errorReason").asText(""));
        }
        if (root.path("notification").asBoolean(false)) {
            JsonNode method = root.get("method");
            if (method == null || !method.isTextual()) {
                return new ProtooMessage.Invalid("notification method must be a string", -1);
            }
            return new ProtooMessage.Notification(method.asText(), data);
        }
        JsonNode id = root.get("id");
        return new ProtooMessage.Invalid("not a protoo request, response or notification",
                id != null && id.isIntegralNumber() && id.asLong() >= 0 ? id.asLong() : -1);
    }

    private static long guessId(String text) {
        Matcher m = ID.matcher(text.length() > 4096 ? text.substring(0, 4096) : text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    public static String response(long id, JsonNode data) {
        ObjectNode o = JSON.objectNode();
        o.put("response", true).put("id", id).put("ok", true);
        o.set("data", data == null ? JSON.objectNode() : data);
        return o.toString();
    }

    public static String errorResponse(long id, int code, String reason) {
        ObjectNode o = JSON.objectNode();
        o.put("response", true).put("id", id).put("ok", false).put("errorCode", code).put("errorReason", reason);
        return o.toString();
    }

    public static String request(long id, String method, JsonNode data) {
        ObjectNode o = JSON.objectNode();
        o.put("request", true).put("id", id).put("method", method);
        o.set("data", data == null ? JSON.objectNode() : data);
        return o.toString();
    }

    public static String notification(String method, JsonNode data) {
        ObjectNode o = JSON.objectNode();
        o.put("notification", true).put("method", method);
        o.set("data", data == null ? JSON.objectNode() : data);
        return o.toString();
    }
}
