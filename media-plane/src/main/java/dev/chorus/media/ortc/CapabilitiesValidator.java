package dev.chorus.media.ortc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Structural validation of RTP capabilities received from a client (a device's receive capabilities),
 * returning a normalized copy: codec kind taken from the mimeType, audio channels default 1 (video none),
 * parameters and feedback never null, feedback {@code parameter} "", extension {@code preferredEncrypt}
 * false and {@code direction} "sendrecv" when missing.
 */
final class CapabilitiesValidator {
    private CapabilitiesValidator() {
    }

    static RtpCapabilities validate(RtpCapabilities caps) throws OrtcException {
        if (caps == null) {
            throw new OrtcException("missing rtpCapabilities");
        }
        List<RtpCodecCapability> codecs = new ArrayList<>();
        for (RtpCodecCapability c : Params.orEmpty(caps.codecs())) {
            codecs.add(codec(c));
        }
        List<RtpHeaderExtensionCapability> exts = new ArrayList<>();
        for (RtpHeaderExtensionCapability e : Params.orEmpty(caps.headerExtensions())) {
            exts.add(extension(e));
        }
        return new RtpCapabilities(codecs, exts);
    }

    private static RtpCodecCapability codec(RtpCodecCapability c) throws OrtcException {
        if (c == null) {
            throw new OrtcException("invalid null codec in rtpCapabilities");
        }
        String kind = CodecMatcher.kindOf(c.mimeType());
        if (kind == null) {
            throw new OrtcException("invalid codec mimeType \"" + c.mimeType() + "\" in rtpCapabilities");
        }
        Integer pt = c.preferredPayloadType();
        if (pt != null && (pt < 0 || pt > 127)) {
            throw new OrtcException("invalid codec preferredPayloadType " + pt);
        }
        if (c.clockRate() == null || c.clockRate() <= 0) {
            throw new OrtcException("missing or invalid codec clockRate (mimeType " + c.mimeType() + ")");
        }
        Integer channels = null;
        if ("audio".equals(kind)) {
            channels = c.channels() == null ? 1 : c.channels();
        }
        Map<String, Object> params = Params.mutable(c.parameters());
        for (Map.Entry<String, Object> en : params.entrySet()) {
            Object v = en.getValue();
            boolean ok = "apt".equals(en.getKey())
                    ? v instanceof Number && Params.integer(v) != Params.NOT_INTEGER
                    : v instanceof String || v instanceof Number;
            if (!ok) {
                throw new OrtcException("invalid codec parameter [key:" + en.getKey() + ", value:" + v
                        + "] (mimeType " + c.mimeType() + ")");
            }
        }
        List<RtcpFeedback> fb = new ArrayList<>();
        for (RtcpFeedback f : Params.orEmpty(c.rtcpFeedback())) {
            if (f == null || f.type() == null || f.type().isEmpty()) {
                throw new OrtcException("invalid rtcpFeedback entry (mimeType " + c.mimeType() + ")");
            }
            fb.add(new RtcpFeedback(f.type(), f.parameter() == null ? "" : f.parameter()));
        }
        return new RtpCodecCapability(kind, c.mimeType(), pt, c.clockRate(), channels, params, fb);
    }

    private static RtpHeaderExtensionCapability extension(RtpHeaderExtensionCapability e) throws OrtcException {
        if (e == null) {
            throw new OrtcException("invalid null header extension in rtpCapabilities");
        }
        if (!"audio".equals(e.kind()) && !"video".equals(e.kind())) {
            throw new OrtcException("invalid header extension kind \"" + e.kind() + "\" (uri " + e.uri() + ")");
        }
        if (e.uri() == null || e.uri().isEmpty()) {
            throw new OrtcException("missing header extension uri in rtpCapabilities");
        }
        if (e.preferredId() == null || e.preferredId() < 1 || e.preferredId() > 255) {
            throw new OrtcException("missing or invalid header extension preferredId " + e.preferredId()
                    + " (uri " + e.uri() + ")");
        }
        String direction = e.direction() == null ? "sendrecv" : e.direction();
        switch (direction) {
            case "sendrecv", "sendonly", "recvonly", "inactive" -> { }
            default -> throw new OrtcException("invalid header extension direction \"" + direction + "\"");
        }
        return new RtpHeaderExtensionCapability(e.kind(), e.uri(), e.preferredId(),
                e.preferredEncrypt() != null && e.preferredEncrypt(), direction);
    }
}
