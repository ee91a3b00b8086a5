package dev.chorus.ops.loadgen.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * The router's RTP capabilities as a synthetic participant uses them (MEDIASOUP_COMPAT §3.4): it needs Opus and
 * VP8 (with RTX), and answers with the receive capabilities a browser's mediasoup-client device would send in
 * {@code join}: the router's codecs it can decode, at the router's payload types, with the feedback it supports,
 * and the router's header extensions it understands that the router may send (not {@code recvonly}), at the
 * router's ids.
 */
public final class RouterCapabilities {
    static final String OPUS = "audio/opus";
    static final String VP8 = "video/vp8";
    static final String RTX = "video/rtx";
    /** Header extensions the synthetic receiver understands. */
    static final Set<String> RECEIVE_EXTENSIONS = Set.of(
            "urn:ietf:params:rtp-hdrext:sdes:mid",
            "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
    /** RTCP feedback the synthetic receiver supports ({@code type} or {@code type parameter}). */
    static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "transport-cc");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode caps;
    private final JsonNode opus;
    private final JsonNode vp8;
    private final JsonNode vp8Rtx;

    private RouterCapabilities(JsonNode caps, JsonNode opus, JsonNode vp8, JsonNode vp8Rtx) {
        this.caps = caps;
        this.opus = opus;
        this.vp8 = vp8;
        this.vp8Rtx = vp8Rtx;
    }

    /**
     * Reads a {@code getRouterRtpCapabilities} answer (either demo generation: the object itself, or under
     * {@code routerRtpCapabilities}).
     *
     * @throws IOException if the router has no Opus or no VP8
     */
    public static RouterCapabilities parse(JsonNode answer) throws IOException {
        JsonNode caps = answer.has("routerRtpCapabilities") ? answer.get("routerRtpCapabilities") : answer;
        JsonNode opus = null;
        JsonNode vp8 = null;
        for (JsonNode c : caps.path("codecs")) {
            String mime = c.path("mimeType").asText().toLowerCase(java.util.Locale.ROOT);
            if (opus == null && OPUS.equals(mime)) {
                opus = c;
            } else if (vp8 == null && VP8.equals(mime)) {
                vp8 = c;
            }
        }
        if (opus == null || vp8 == null) {
            throw new IOException("the router offers no " + (opus == null ? "Opus" : "VP8") + " codec");
        }
        JsonNode rtx = null;
        int vp8Pt = vp8.path("preferredPayloadType").asInt();
        for (JsonNode c : caps.path("codecs")) {
            if (RTX.equalsIgnoreCase(c.path("mimeType").asText()) && c.path("parameters").path("apt").asInt()
                    == vp8Pt) {
                rtx = c;
            }
        }
        return new RouterCapabilities(caps, opus, vp8, rtx);
    }

    /** The router's payload type of Opus (what consumers send). */
    public int opusPayloadType() {
        return opus.path("preferredPayloadType").asInt();
    }

    public int vp8PayloadType() {
        return vp8.path("preferredPayloadType").asInt();
    }

    /** The router's RTX payload type for VP8, or -1 if it has none. */
    public int vp8RtxPayloadType() {
        return vp8Rtx == null ? -1 : vp8Rtx.path("preferredPayloadType").asInt();
    }

    /** The receive capabilities for {@code join} (a browser device's {@code rtpCapabilities}). */
    public ObjectNode deviceCapabilities() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode codecs = out.putArray("codecs");
        codecs.add(codec(opus));
        codecs.add(codec(vp8));
        if (vp8Rtx != null) {
            codecs.add(codec(vp8Rtx));
        }
        ArrayNode exts = out.putArray("headerExtensions");
        for (JsonNode e : caps.path("headerExtensions")) {
            String kind = e.path("kind").asText();
            boolean kindOk = "audio".equals(kind) || "video".equals(kind);
            if (kindOk && RECEIVE_EXTENSIONS.contains(e.path("uri").asText())
                    && !"recvonly".equals(e.path("direction").asText("sendrecv"))) {
                ObjectNode x = exts.addObject();
                x.put("kind", kind).put("uri", e.path("uri").asText())
                        .put("preferredId", e.path("preferredId").asInt())
                        .put("preferredEncrypt", false).put("direction", "sendrecv");
            }
        }
        return out;
    }

    private static ObjectNode codec(JsonNode router) {
        ObjectNode c = JSON.createObjectNode();
        c.put("kind", router.path("kind").asText());
        c.put("mimeType", router.path("mimeType").asText());
        c.put("preferredPayloadType", router.path("preferredPayloadType").asInt());
        c.put("clockRate", router.path("clockRate").asInt());
        if (router.has("channels")) {
            c.put("channels", router.path("channels").asInt());
        }
        c.set("parameters", router.path("parameters").isObject() ? router.get("parameters").deepCopy()
                : JSON.createObjectNode());
        ArrayNode fb = c.putArray("rtcpFeedback");
        for (JsonNode f : router.path("rtcpFeedback")) {
            String type = f.path("type").asText();
            String parameter = f.path("parameter").asText("");
            if (FEEDBACK.contains(parameter.isEmpty() ? type : type + " " + parameter)) {
                fb.addObject().put("type", type).put("parameter", parameter);
            }
        }
        return c;
    }
}
