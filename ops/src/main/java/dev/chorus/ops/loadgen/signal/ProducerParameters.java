package dev.chorus.ops.loadgen.signal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.ops.loadgen.media.ExtensionIds;

/**
 * The {@code rtpParameters} of a synthetic participant's {@code produce} requests, shaped as mediasoup-client
 * builds them from Chrome's SDP (MEDIASOUP_COMPAT §5.1): the client's own payload types and extension ids, the
 * transceiver MID, a CNAME, and encodings with SSRCs (plus RTX) or, for simulcast, RIDs {@code r0..r2} lowest
 * first without SSRCs.
 */
public final class ProducerParameters {
    /** The client's ("browser") payload types. */
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    public static final int VP8_RTX_PT = 97;
    static final String URI_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    static final String URI_RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    static final String URI_RRID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    static final String URI_ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    static final String URI_TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    static final String URI_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProducerParameters() {
    }

    /** Opus with the audio level extension on one SSRC. */
    public static ObjectNode audio(String mid, long ssrc, String cname) {
        ObjectNode p = JSON.createObjectNode().put("mid", mid);
        ObjectNode opus = p.putArray("codecs").addObject();
        opus.put("mimeType", "audio/opus").put("payloadType", OPUS_PT).put("clockRate", 48000).put("channels", 2);
        opus.putObject("parameters").put("minptime", 10).put("useinbandfec", 1);
        feedback(opus.putArray("rtcpFeedback"), "transport-cc", "", "nack", "");
        ArrayNode ext = p.putArray("headerExtensions");
        extension(ext, URI_MID, ExtensionIds.MID);
        extension(ext, URI_ABS_SEND_TIME, ExtensionIds.ABS_SEND_TIME);
        extension(ext, URI_TRANSPORT_CC, ExtensionIds.TRANSPORT_CC);
        extension(ext, URI_AUDIO_LEVEL, ExtensionIds.AUDIO_LEVEL);
        p.putArray("encodings").addObject().put("ssrc", ssrc).put("dtx", false);
        p.putObject("rtcp").put("cname", cname).put("reducedSize", true);
        return p;
    }

    /**
     * VP8 with RTX. One encoding ({@code ssrcs.length == 1}) carries its SSRC and RTX SSRC; several encodings are
     * RID simulcast ({@code r0} lowest) with {@code maxBitrate} each, as mediasoup-client sends them.
     */
    public static ObjectNode video(String mid, long[] ssrcs, long[] rtxSsrcs, int[] maxBitrates, String cname) {
        ObjectNode p = JSON.createObjectNode().put("mid", mid);
        ArrayNode codecs = p.putArray("codecs");
        ObjectNode vp8 = codecs.addObject();
        vp8.put("mimeType", "video/VP8").put("payloadType", VP8_PT).put("clockRate", 90000);
        vp8.putObject("parameters");
        feedback(vp8.putArray("rtcpFeedback"), "transport-cc", "", "ccm", "fir", "nack", "", "nack", "pli");
        ObjectNode rtx = codecs.addObject();
        rtx.put("mimeType", "video/rtx").put("payloadType", VP8_RTX_PT).put("clockRate", 90000);
        rtx.putObject("parameters").put("apt", VP8_PT);
        rtx.putArray("rtcpFeedback");
        ArrayNode ext = p.putArray("headerExtensions");
        extension(ext, URI_MID, ExtensionIds.MID);
        extension(ext, URI_RID, ExtensionIds.RID);
        extension(ext, URI_RRID, ExtensionIds.REPAIRED_RID);
        extension(ext, URI_ABS_SEND_TIME, ExtensionIds.ABS_SEND_TIME);
        extension(ext, URI_TRANSPORT_CC, ExtensionIds.TRANSPORT_CC);
        ArrayNode encodings = p.putArray("encodings");
        if (ssrcs.length == 1) {
            ObjectNode e = encodings.addObject().put("ssrc", ssrcs[0]);
            e.putObject("rtx").put("ssrc", rtxSsrcs[0]);
            e.put("maxBitrate", maxBitrates[0]);
        } else {
            for (int i = 0; i < ssrcs.length; i++) {
                encodings.addObject().put("active", true).put("rid", "r" + i).put("maxBitrate", maxBitrates[i])
                        .put("scalabilityMode", "L1T1").put("dtx", false);
            }
        }
        p.putObject("rtcp").put("cname", cname).put("reducedSize", true);
        return p;
    }

    private static void feedback(ArrayNode out, String... typeParameterPairs) {
        for (int i = 0; i < typeParameterPairs.length; i += 2) {
            out.addObject().put("type", typeParameterPairs[i]).put("parameter", typeParameterPairs[i + 1]);
        }
    }

    private static void extension(ArrayNode out, String uri, int id) {
        out.addObject().put("uri", uri).put("id", id).put("encrypt", false).putObject("parameters");
    }
}
