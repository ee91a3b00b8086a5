package dev.chorus.media.ortc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural validation of a producer's RTP parameters, returning a normalized copy: audio channels default
 * to 1 (video has none), parameters and feedback lists are never null, feedback {@code parameter} defaults to
 * "", extension {@code encrypt} to false, encoding {@code dtx} to false, {@code rtcp.reducedSize} to true,
 * and a single empty encoding is added when there is none.
 */
final class RtpParametersValidator {
    private static final long MAX_SSRC = 0xFFFF_FFFFL;

    private RtpParametersValidator() {
    }

    static void requireKind(String kind) throws OrtcException {
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new OrtcException("invalid kind \"" + kind + "\" (must be audio or video)");
        }
    }

    static RtpParameters validate(RtpParameters p, String kind) throws OrtcException {
        requireKind(kind);
        if (p == null) {
            throw new OrtcException("missing rtpParameters");
        }
        if (p.codecs() == null) {
            throw new OrtcException("missing rtpParameters.codecs");
        }
        if (p.codecs().isEmpty()) {
            throw new OrtcException("rtpParameters.codecs is empty");
        }
        List<RtpCodecParameters> codecs = new ArrayList<>(p.codecs().size());
        Set<Integer> pts = new HashSet<>();
        for (int i = 0; i < p.codecs().size(); i++) {
            RtpCodecParameters c = codec(p.codecs().get(i), i, kind);
            if (!pts.add(c.payloadType())) {
                throw new OrtcException("duplicated codec payloadType " + c.payloadType());
            }
            codecs.add(c);
        }
        List<RtpHeaderExtensionParameters> exts = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < Params.orEmpty(p.headerExtensions()).size(); i++) {
            RtpHeaderExtensionParameters e = extension(p.headerExtensions().get(i), i);
            if (!ids.add(e.id())) {
                throw new OrtcException("duplicated header extension id " + e.id());
            }
            exts.add(e);
        }
        List<RtpEncodingParameters> encodings = new ArrayList<>();
        for (int i = 0; i < Params.orEmpty(p.encodings()).size(); i++) {
            encodings.add(encoding(p.encodings().get(i), i));
        }
        if (encodings.isEmpty()) {
            encodings.add(new RtpEncodingParameters(null, null, null, null, false, null, null, null, null));
        }
        RtcpParameters rtcp = p.rtcp() == null
                ? new RtcpParameters(null, true)
                : new RtcpParameters(p.rtcp().cname(), p.rtcp().reducedSize() == null || p.rtcp().reducedSize());
        return new RtpParameters(p.mid(), codecs, exts, encodings, rtcp);
    }

    private static RtpCodecParameters codec(RtpCodecParameters c, int index, String kind) throws OrtcException {
        if (c == null) {
            throw new OrtcException("invalid codec at codecs[" + index + "]");
        }
        String mime = c.mimeType();
        if (mime == null) {
            throw new OrtcException("missing codec mimeType (codecs[" + index + "])");
        }
        String codecKind = CodecMatcher.kindOf(mime);
        if (codecKind == null) {
            throw new OrtcException("invalid codec mimeType \"" + mime + "\"");
        }
        if (!codecKind.equals(kind)) {
            throw new OrtcException("codec mimeType " + mime + " does not match kind " + kind);
        }
        if (c.payloadType() == null) {
            throw new OrtcException("missing codec payloadType (mimeType " + mime + ")");
        }
        if (c.payloadType() < 0 || c.payloadType() > 127) {
            throw new OrtcException("invalid codec payloadType " + c.payloadType());
        }
        if (c.clockRate() == null) {
            throw new OrtcException("missing codec clockRate (mimeType " + mime + ")");
        }
        if (c.clockRate() <= 0) {
            throw new OrtcException("invalid codec clockRate " + c.clockRate());
        }
        Integer channels = null;
        if ("audio".equals(kind)) {
            channels = c.channels() == null ? 1 : c.channels();
            if (channels < 1) {
                throw new OrtcException("invalid codec channels " + channels);
            }
        }
        Map<String, Object> params = parameters(c.parameters(), "codec PT " + c.payloadType());
        Object apt = params.get("apt");
        if (apt != null && (apt instanceof String || Params.integer(apt) == Params.NOT_INTEGER)) {
            throw new OrtcException("invalid codec apt parameter (codec PT " + c.payloadType() + ")");
        }
        if (apt == null && CodecMatcher.isRtx(mime)) {
            throw new OrtcException("missing apt parameter in RTX codec PT " + c.payloadType());
        }
        List<RtcpFeedback> fb = new ArrayList<>();
        for (RtcpFeedback f : Params.orEmpty(c.rtcpFeedback())) {
            if (f == null || f.type() == null || f.type().isEmpty()) {
                throw new OrtcException("invalid rtcpFeedback entry (codec PT " + c.payloadType() + ")");
            }
            fb.add(new RtcpFeedback(f.type(), f.parameter() == null ? "" : f.parameter()));
        }
        return new RtpCodecParameters(mime, c.payloadType(), c.clockRate(), channels, params, fb);
    }

    private static RtpHeaderExtensionParameters extension(RtpHeaderExtensionParameters e, int index)
            throws OrtcException {
        if (e == null) {
            throw new OrtcException("invalid header extension at headerExtensions[" + index + "]");
        }
        if (e.uri() == null || e.uri().isEmpty()) {
            throw new OrtcException("missing header extension uri (headerExtensions[" + index + "])");
        }
        if (e.id() == null) {
            throw new OrtcException("missing header extension id (uri " + e.uri() + ")");
        }
        if (e.id() < 1 || e.id() > 255) {
            throw new OrtcException("invalid header extension id " + e.id() + " (uri " + e.uri() + ")");
        }
        return new RtpHeaderExtensionParameters(e.uri(), e.id(), e.encrypt() != null && e.encrypt(),
                parameters(e.parameters(), "header extension " + e.uri()));
    }

    private static RtpEncodingParameters encoding(RtpEncodingParameters e, int index) throws OrtcException {
        if (e == null) {
            throw new OrtcException("invalid encoding at encodings[" + index + "]");
        }
        if (e.ssrc() != null && (e.ssrc() < 0 || e.ssrc() > MAX_SSRC)) {
            throw new OrtcException("invalid encoding ssrc " + e.ssrc());
        }
        if (e.rid() != null && e.rid().isEmpty()) {
            throw new OrtcException("invalid empty encoding rid (encodings[" + index + "])");
        }
        if (e.rtx() != null) {
            if (e.rtx().ssrc() == null) {
                throw new OrtcException("missing encoding rtx.ssrc (encodings[" + index + "])");
            }
            if (e.rtx().ssrc() < 0 || e.rtx().ssrc() > MAX_SSRC) {
                throw new OrtcException("invalid encoding rtx.ssrc " + e.rtx().ssrc());
            }
        }
        if (e.dtx() != null) {
            return e;
        }
        return new RtpEncodingParameters(e.ssrc(), e.rid(), e.codecPayloadType(), e.rtx(), false,
                e.scalabilityMode(), e.maxBitrate(), e.scaleResolutionDownBy(), e.active());
    }

    private static Map<String, Object> parameters(Map<String, Object> in, String where) throws OrtcException {
        Map<String, Object> out = Params.mutable(in);
        for (Map.Entry<String, Object> en : out.entrySet()) {
            Object v = en.getValue();
            if (!(v instanceof String) && !(v instanceof Number)) {
                throw new OrtcException("invalid parameter [key:" + en.getKey() + ", value:" + v + "] (" + where + ")");
            }
        }
        return out;
    }
}
