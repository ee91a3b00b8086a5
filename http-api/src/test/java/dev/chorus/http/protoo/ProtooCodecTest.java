package dev.chorus.http.protoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The protoo wire format (MEDIASOUP_COMPAT §1.2): what {@link ProtooCodec} accepts, rejects and writes. */
class ProtooCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("bad test JSON: " + text, e);
        }
    }

    private static ProtooMessage request(long id, String method, String data) {
        return new ProtooMessage.Request(id, method, json(data));
    }

    private static ProtooMessage response(long id, boolean ok, String data, int code, String reason) {
        return new ProtooMessage.Response(id, ok, json(data), code, reason);
    }

    private static ProtooMessage notification(String method, String data) {
        return new ProtooMessage.Notification(method, json(data));
    }

    static Stream<Arguments> validFrames() {
        return Stream.of(
                Arguments.of("request with object data",
                        "{\"request\":true,\"id\":1,\"method\":\"join\",\"data\":{\"displayName\":\"Ann\"}}",
                        request(1, "join", "{\"displayName\":\"Ann\"}")),
                Arguments.of("request without data gets {}",
                        "{\"request\":true,\"id\":2,\"method\":\"getRouterRtpCapabilities\"}",
                        request(2, "getRouterRtpCapabilities", "{}")),
                Arguments.of("request with null data gets {}",
                        "{\"request\":true,\"id\":3,\"method\":\"m\",\"data\":null}", request(3, "m", "{}")),
                Arguments.of("request with array data",
                        "{\"request\":true,\"id\":4,\"method\":\"m\",\"data\":[1,\"two\",{}]}",
                        request(4, "m", "[1,\"two\",{}]")),
                Arguments.of("request id 0", "{\"request\":true,\"id\":0,\"method\":\"m\",\"data\":{}}",
                        request(0, "m", "{}")),
                Arguments.of("request id as large as JS numbers go",
                        "{\"request\":true,\"id\":9007199254740991,\"method\":\"m\"}",
                        request(9_007_199_254_740_991L, "m", "{}")),
                Arguments.of("fields in any order, whitespace, extra fields",
                        " {\n \"data\" : {\"a\":[1]} , \"method\":\"produce\", \"extra\":5, \"id\" : 7,"
                                + " \"request\" : true }\n",
                        request(7, "produce", "{\"a\":[1]}")),
                Arguments.of("request with non-ASCII method and data",
                        "{\"request\":true,\"id\":8,\"method\":\"ch\u00e4nge\",\"data\":{\"n\":\"\u00c5sa \u263a\"}}",
                        request(8, "ch\u00e4nge", "{\"n\":\"\u00c5sa \u263a\"}")),
                Arguments.of("success response",
                        "{\"response\":true,\"id\":11,\"ok\":true,\"data\":{\"x\":1}}",
                        response(11, true, "{\"x\":1}", 0, "")),
                Arguments.of("success response without data gets {}", "{\"response\":true,\"id\":12,\"ok\":true}",
                        response(12, true, "{}", 0, "")),
                Arguments.of("success response with array data (legacy stats)",
                        "{\"response\":true,\"id\":13,\"ok\":true,\"data\":[{\"type\":\"inbound-rtp\"}]}",
                        response(13, true, "[{\"type\":\"inbound-rtp\"}]", 0, "")),
                Arguments.of("error response",
                        "{\"response\":true,\"id\":14,\"ok\":false,\"errorCode\":403,\"errorReason\":\"refused\"}",
                        response(14, false, "{}", 403, "refused")),
                Arguments.of("response without ok is not ok", "{\"response\":true,\"id\":15}",
                        response(15, false, "{}", 0, "")),
                Arguments.of("notification with data",
                        "{\"notification\":true,\"method\":\"closeProducer\",\"data\":{\"producerId\":\"p1\"}}",
                        notification("closeProducer", "{\"producerId\":\"p1\"}")),
                Arguments.of("notification without data gets {}", "{\"notification\":true,\"method\":\"n\"}",
                        notification("n", "{}")),
                Arguments.of("notification with scalar data", "{\"notification\":true,\"method\":\"n\",\"data\":5}",
                        notification("n", "5")),
                Arguments.of("notification ignores an id", "{\"notification\":true,\"id\":99,\"method\":\"n\"}",
                        notification("n", "{}")),
                Arguments.of("request flag wins over response and notification",
                        "{\"notification\":true,\"response\":true,\"request\":true,\"id\":21,\"method\":\"m\","
                                + "\"ok\":true}",
                        request(21, "m", "{}")),
                Arguments.of("response flag wins over notification",
                        "{\"notification\":true,\"response\":true,\"id\":22,\"ok\":true,\"method\":\"m\"}",
                        response(22, true, "{}", 0, "")),
                Arguments.of("false flags are skipped: response",
                        "{\"request\":false,\"response\":true,\"id\":23,\"ok\":true}",
                        response(23, true, "{}", 0, "")),
                Arguments.of("false flags are skipped: notification",
                        "{\"request\":false,\"response\":false,\"notification\":true,\"id\":24,\"method\":\"m\"}",
                        notification("m", "{}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFrames")
    void parsesValidFrames(String name, String text, ProtooMessage expected) {
        assertEquals(expected, ProtooCodec.parse(text));
    }

    static Stream<Arguments> invalidFrames() {
        return Stream.of(
                Arguments.of("string request id", "{\"request\":true,\"id\":\"7\",\"method\":\"join\",\"data\":{}}",
                        -1L, "id must be"),
                Arguments.of("missing request id", "{\"request\":true,\"method\":\"join\"}", -1L, "id must be"),
                Arguments.of("negative request id", "{\"request\":true,\"id\":-3,\"method\":\"join\"}", -1L,
                        "id must be"),
                Arguments.of("fractional request id", "{\"request\":true,\"id\":1.5,\"method\":\"join\"}", -1L,
                        "id must be"),
                Arguments.of("null request id", "{\"request\":true,\"id\":null,\"method\":\"join\"}", -1L,
                        "id must be"),
                Arguments.of("missing request method", "{\"request\":true,\"id\":31}", 31L, "method"),
                Arguments.of("numeric request method", "{\"request\":true,\"id\":32,\"method\":5}", 32L, "method"),
                Arguments.of("empty request method", "{\"request\":true,\"id\":33,\"method\":\"\"}", 33L, "method"),
                Arguments.of("string response id", "{\"response\":true,\"id\":\"4\",\"ok\":true}", -1L,
                        "id must be"),
                Arguments.of("missing response id", "{\"response\":true,\"ok\":true}", -1L, "id must be"),
                Arguments.of("missing notification method", "{\"notification\":true,\"data\":{}}", -1L, "method"),
                Arguments.of("numeric notification method", "{\"notification\":true,\"method\":[1]}", -1L,
                        "method"),
                Arguments.of("top-level array", "[1,2,3]", -1L, "must be a JSON object"),
                Arguments.of("top-level string", "\"request\"", -1L, "must be a JSON object"),
                Arguments.of("top-level number", "42", -1L, "must be a JSON object"),
                Arguments.of("top-level null", "null", -1L, "must be a JSON object"),
                Arguments.of("empty frame", "", -1L, "must be a JSON object"),
                Arguments.of("whitespace frame", "  \n ", -1L, "must be a JSON object"),
                Arguments.of("no flag", "{\"method\":\"join\",\"data\":{}}", -1L, "not a protoo"),
                Arguments.of("no flag, id recovered", "{\"id\":9,\"method\":\"join\"}", 9L, "not a protoo"),
                Arguments.of("all flags false, id recovered",
                        "{\"request\":false,\"response\":false,\"notification\":false,\"id\":10,\"method\":\"m\"}",
                        10L, "not a protoo"),
                Arguments.of("not JSON at all", "this is not json", -1L, "malformed JSON"),
                Arguments.of("truncated, id recovered", "{\"request\":true,\"id\":42,\"method\":\"join\",\"data\":{",
                        42L, "malformed JSON"),
                Arguments.of("trailing comma, id recovered with spaces",
                        "{\"request\":true, \"id\" :\t17 , \"method\":\"m\",}", 17L, "malformed JSON"),
                Arguments.of("unquoted key, string id not recovered", "{request:true,\"id\":\"abc\"}", -1L,
                        "malformed JSON"),
                Arguments.of("broken string escape, id recovered", "{\"id\":5,\"request\":true,\"method\":\"\\x\"}",
                        5L, "malformed JSON"),
                Arguments.of("single quotes", "{'request':true,'id':6,'method':'m'}", -1L, "malformed JSON"),
                Arguments.of("trailing garbage after the object", "{\"request\":true,\"id\":61,\"method\":\"m\"} x",
                        61L, "malformed JSON"),
                Arguments.of("two objects in one frame",
                        "{\"request\":true,\"id\":62,\"method\":\"m\"}{\"request\":true,\"id\":63,\"method\":\"m\"}",
                        62L, "malformed JSON"),
                Arguments.of("no flag, top-level id wins over a nested one",
                        "{\"data\":{\"id\":99},\"id\":64,\"method\":\"m\"}", 64L, "not a protoo"),
                Arguments.of("no flag, non-numeric top-level id is not replaced by a nested one",
                        "{\"data\":{\"id\":99},\"id\":\"s\"}", -1L, "not a protoo"),
                Arguments.of("truncated, an id longer than 15 digits is not cut short",
                        "{\"request\":true,\"id\":1234567890123456789,\"method\":", -1L, "malformed JSON"),
                Arguments.of("truncated, a fractional id is not truncated",
                        "{\"request\":true,\"id\":12.5,\"method\":", -1L, "malformed JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void rejectsInvalidFrames(String name, String text, long expectedId, String reasonPart) {
        ProtooMessage m = ProtooCodec.parse(text);
        ProtooMessage.Invalid bad = assertInstanceOf(ProtooMessage.Invalid.class, m, name);
        assertEquals(expectedId, bad.id(), "recovered id of " + name);
        assertTrue(bad.reason().contains(reasonPart), "reason '" + bad.reason() + "' should mention '"
                + reasonPart + "'");
    }

    /** A frame padded with spaces inside the data object to exactly {@code length} characters. */
    private static String padded(long id, int length) {
        String head = "{\"request\":true,\"id\":" + id + ",\"method\":\"m\",\"data\":{\"pad\":\"";
        String tail = "\"}}";
        return head + "x".repeat(length - head.length() - tail.length()) + tail;
    }

    @Test
    void aFrameOfExactlyTheLimitIsParsed() {
        String text = padded(51, ProtooCodec.MAX_MESSAGE_BYTES);
        assertEquals(ProtooCodec.MAX_MESSAGE_BYTES, text.length());
        ProtooMessage.Request r = assertInstanceOf(ProtooMessage.Request.class, ProtooCodec.parse(text));
        assertEquals(51, r.id());
        assertEquals(text.length() - text.indexOf("xxx") - 3, r.data().path("pad").asText().length());
    }

    @Test
    void aFrameOverTheLimitIsInvalidWithItsIdRecovered() {
        String text = padded(52, ProtooCodec.MAX_MESSAGE_BYTES + 1);
        ProtooMessage.Invalid bad = assertInstanceOf(ProtooMessage.Invalid.class, ProtooCodec.parse(text));
        assertEquals(52, bad.id());
        assertTrue(bad.reason().contains("too large"), bad.reason());
    }

    @Test
    void anOversizedFrameWithTheIdFarAwayHasNoRecoveredId() {
        String text = "{\"data\":\"" + "y".repeat(ProtooCodec.MAX_MESSAGE_BYTES) + "\",\"request\":true,\"id\":53}";
        ProtooMessage.Invalid bad = assertInstanceOf(ProtooMessage.Invalid.class, ProtooCodec.parse(text));
        assertEquals(-1, bad.id());
    }

    // ---- encoders -------------------------------------------------------------------------------------------

    private static final String NASTY = "quote \" backslash \\ newline \n tab \t nul \u0000 </script> \u00e9 \ud83d\ude00";

    static Stream<Arguments> encodedFrames() {
        JsonNode obj = json("{\"peers\":[{\"id\":\"a\",\"n\":1}],\"s\":\"" + "\\\"q\\\"" + "\"}");
        JsonNode arr = json("[{\"type\":\"outbound-rtp\",\"ssrc\":1234}]");
        return Stream.of(
                Arguments.of("response with data", ProtooCodec.response(5, obj),
                        Set.of("response", "id", "ok", "data"), new ProtooMessage.Response(5, true, obj, 0, "")),
                Arguments.of("response with array data", ProtooCodec.response(6, arr),
                        Set.of("response", "id", "ok", "data"), new ProtooMessage.Response(6, true, arr, 0, "")),
                Arguments.of("response with null data", ProtooCodec.response(0, null),
                        Set.of("response", "id", "ok", "data"),
                        new ProtooMessage.Response(0, true, NODES.objectNode(), 0, "")),
                Arguments.of("error response", ProtooCodec.errorResponse(9_007_199_254_740_991L, 404, NASTY),
                        Set.of("response", "id", "ok", "errorCode", "errorReason"),
                        new ProtooMessage.Response(9_007_199_254_740_991L, false, NODES.objectNode(), 404, NASTY)),
                Arguments.of("request", ProtooCodec.request(1, "newConsumer", obj),
                        Set.of("request", "id", "method", "data"), new ProtooMessage.Request(1, "newConsumer", obj)),
                Arguments.of("request with null data", ProtooCodec.request(2, NASTY, null),
                        Set.of("request", "id", "method", "data"),
                        new ProtooMessage.Request(2, NASTY, NODES.objectNode())),
                Arguments.of("notification", ProtooCodec.notification("peerClosed", obj),
                        Set.of("notification", "method", "data"), new ProtooMessage.Notification("peerClosed", obj)),
                Arguments.of("notification with null data", ProtooCodec.notification("mediasoup-version", null),
                        Set.of("notification", "method", "data"),
                        new ProtooMessage.Notification("mediasoup-version", NODES.objectNode())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedFrames")
    void encodersWriteExactlyTheProtooShapesAndRoundTrip(String name, String text, Set<String> fields,
                                                          ProtooMessage expected) {
        JsonNode tree = json(text);
        assertTrue(tree.isObject(), text);
        Set<String> actual = new TreeSet<>();
        tree.fieldNames().forEachRemaining(actual::add);
        assertEquals(new TreeSet<>(fields), actual, "fields of " + text);
        for (String flag : List.of("request", "response", "notification")) {
            if (fields.contains(flag)) {
                assertTrue(tree.get(flag).isBoolean() && tree.get(flag).booleanValue(), flag + " flag in " + text);
            }
        }
        if (fields.contains("id")) {
            assertTrue(tree.get("id").isIntegralNumber(), "numeric id in " + text);
        }
        if (fields.contains("ok")) {
            assertTrue(tree.get("ok").isBoolean(), "boolean ok in " + text);
        }
        assertEquals(expected, ProtooCodec.parse(text), "round trip of " + text);
    }

    @Test
    void encodedValuesAreExact() {
        JsonNode err = json(ProtooCodec.errorResponse(77, 500, "unknown method 'x'"));
        assertEquals(77, err.get("id").longValue());
        assertEquals(false, err.get("ok").booleanValue());
        assertEquals(500, err.get("errorCode").intValue());
        assertEquals("unknown method 'x'", err.get("errorReason").textValue());

        JsonNode ok = json(ProtooCodec.response(78, null));
        assertEquals(json("{\"response\":true,\"id\":78,\"ok\":true,\"data\":{}}"), ok);

        JsonNode req = json(ProtooCodec.request(3, "newConsumer", json("{\"id\":\"c1\"}")));
        assertEquals(json("{\"request\":true,\"id\":3,\"method\":\"newConsumer\",\"data\":{\"id\":\"c1\"}}"), req);

        JsonNode note = json(ProtooCodec.notification("mediasoupVersion", json("{\"version\":\"3.14.16\"}")));
        assertEquals(json("{\"notification\":true,\"method\":\"mediasoupVersion\","
                + "\"data\":{\"version\":\"3.14.16\"}}"), note);
    }

    @Test
    void encodedFramesAreSingleLineJson() {
        List<String> frames = new ArrayList<>();
        frames.add(ProtooCodec.errorResponse(1, 400, NASTY));
        frames.add(ProtooCodec.request(2, "m", json("{\"a\":\"line1\\nline2\"}")));
        frames.add(ProtooCodec.notification(NASTY, null));
        frames.add(ProtooCodec.response(3, json("[\"\\u0001\"]")));
        for (String f : frames) {
            assertTrue(f.indexOf('\n') < 0 && f.indexOf('\u0000') < 0, "raw control character in " + f);
        }
    }
}
