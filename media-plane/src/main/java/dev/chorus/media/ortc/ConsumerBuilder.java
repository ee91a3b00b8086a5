package dev.chorus.media.ortc;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a device can receive a producer ({@link #canConsume}) and builds a consumer's RTP
 * parameters from the producer's consumable parameters and the device's receive capabilities.
 */
final class ConsumerBuilder {
    private ConsumerBuilder() {
    }

    static boolean canConsume(RtpParameters consumable, RtpCapabilities device) {
        if (consumable == null || device == null) {
            return false;
        }
        for (RtpCodecParameters c : Params.orEmpty(consumable.codecs())) {
            if (deviceCodec(device, c) != null) {
                return !CodecMatcher.isRtx(c.mimeType());
            }
        }
        return false;
    }

    static RtpParameters build(RtpParameters consumable, RtpCapabilities device, boolean enableRtx, String mid,
            long ssrc, long rtxSsrc, ProducerType type) throws OrtcException {
        if (consumable == null || device == null) {
            throw new OrtcException("no compatible media codecs");
        }
        List<RtpCodecParameters> codecs = new ArrayList<>();
        for (RtpCodecParameters c : Params.orEmpty(consumable.codecs())) {
            boolean rtx = CodecMatcher.isRtx(c.mimeType());
            if (rtx && !enableRtx) {
                continue;
            }
            RtpCodecCapability cap = deviceCodec(device, c);
            if (cap == null) {
                continue;
            }
            List<RtcpFeedback> fb = new ArrayList<>();
            for (RtcpFeedback f : Params.orEmpty(cap.rtcpFeedback())) {
                boolean plainNack = "nack".equals(f.type()) && (f.parameter() == null || f.parameter().isEmpty());
                if (enableRtx || !plainNack) {
                    fb.add(new RtcpFeedback(f.type(), f.parameter() == null ? "" : f.parameter()));
                }
            }
            codecs.add(new RtpCodecParameters(c.mimeType(), c.payloadType(), c.clockRate(), c.channels(),
                    c.parameters(), fb));
        }
        boolean rtxSurvives = false;
        for (int i = codecs.size() - 1; i >= 0; i--) {
            RtpCodecParameters c = codecs.get(i);
            if (CodecMatcher.isRtx(c.mimeType())) {
                if (hasMediaCodec(codecs, Params.integerParam(c.parameters(), "apt", Params.NOT_INTEGER))) {
                    rtxSurvives = true;
                } else {
                    codecs.remove(i);
                }
            }
        }
        if (codecs.isEmpty() || CodecMatcher.isRtx(codecs.get(0).mimeType())) {
            throw new OrtcException("no compatible media codecs");
        }
        String kind = CodecMatcher.kindOf(codecs.get(0).mimeType());
        List<RtpHeaderExtensionParameters> exts = new ArrayList<>();
        for (RtpHeaderExtensionParameters e : Params.orEmpty(consumable.headerExtensions())) {
            if (deviceHasExtension(device, e, kind)) {
                exts.add(e);
            }
        }
        codecs = reduceFeedback(codecs, exts);
        return new RtpParameters(mid, codecs, exts, List.of(encoding(consumable, ssrc, rtxSurvives, rtxSsrc, type)),
                new RtcpParameters(consumable.rtcp() == null ? null : consumable.rtcp().cname(), true));
    }

    private static RtpEncodingParameters encoding(RtpParameters consumable, long ssrc, boolean rtx, long rtxSsrc,
            ProducerType type) {
        List<RtpEncodingParameters> in = Params.orEmpty(consumable.encodings());
        String mode = null;
        Long maxBitrate = null;
        for (RtpEncodingParameters e : in) {
            if (mode == null && e.scalabilityMode() != null) {
                mode = e.scalabilityMode();
            }
            if (e.maxBitrate() != null && (maxBitrate == null || e.maxBitrate() > maxBitrate)) {
                maxBitrate = e.maxBitrate();
            }
        }
        if (type == ProducerType.SIMULCAST && in.size() > 1) {
            mode = "L" + in.size() + "T" + ScalabilityMode.parse(mode).temporalLayers();
        }
        return new RtpEncodingParameters(ssrc, null, null, rtx ? new RtxParameters(rtxSsrc) : null, null, mode,
                maxBitrate, null, null);
    }

    /** transport-cc negotiated: drop goog-remb; else abs-send-time: drop transport-cc; else drop both. */
    private static List<RtpCodecParameters> reduceFeedback(List<RtpCodecParameters> codecs,
            List<RtpHeaderExtensionParameters> exts) {
        boolean twcc = false;
        boolean abs = false;
        for (RtpHeaderExtensionParameters e : exts) {
            twcc |= HeaderExtensionUris.TRANSPORT_WIDE_CC.equals(e.uri());
            abs |= HeaderExtensionUris.ABS_SEND_TIME.equals(e.uri());
        }
        List<RtpCodecParameters> out = new ArrayList<>(codecs.size());
        for (RtpCodecParameters c : codecs) {
            List<RtcpFeedback> fb = new ArrayList<>();
            for (RtcpFeedback f : c.rtcpFeedback()) {
                boolean remb = "goog-remb".equals(f.type());
                boolean tcc = "transport-cc".equals(f.type());
                if (twcc ? !remb : abs ? !tcc : !remb && !tcc) {
                    fb.add(f);
                }
            }
            out.add(new RtpCodecParameters(c.mimeType(), c.payloadType(), c.clockRate(), c.channels(), c.parameters(),
                    fb));
        }
        return out;
    }

    private static boolean hasMediaCodec(List<RtpCodecParameters> codecs, long pt) {
        for (RtpCodecParameters c : codecs) {
            if (!CodecMatcher.isRtx(c.mimeType()) && c.payloadType() != null && c.payloadType() == pt) {
                return true;
            }
        }
        return false;
    }

    private static RtpCodecCapability deviceCodec(RtpCapabilities device, RtpCodecParameters c) {
        for (RtpCodecCapability cap : Params.orEmpty(device.codecs())) {
            if (CodecMatcher.strict(c, cap)) {
                return cap;
            }
        }
        return null;
    }

    private static boolean deviceHasExtension(RtpCapabilities device, RtpHeaderExtensionParameters e, String kind) {
        for (RtpHeaderExtensionCapability cap : Params.orEmpty(device.headerExtensions())) {
            if (cap != null && e.uri().equals(cap.uri()) && e.id().equals(cap.preferredId())
                    && (cap.kind() == null || cap.kind().equals(kind))) {
                return true;
            }
        }
        return false;
    }
}
