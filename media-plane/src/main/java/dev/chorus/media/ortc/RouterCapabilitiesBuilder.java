package dev.chorus.media.ortc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds router RTP capabilities from the configured media codecs: supported-table spelling and feedback,
 * payload types from the dynamic pool, an RTX codec after each video codec, and the full header extension
 * table. Configuration mistakes are programming errors here, reported as IllegalArgumentException.
 */
final class RouterCapabilitiesBuilder {
    private RouterCapabilitiesBuilder() {
    }

    static RtpCapabilities build(List<RtpCodecCapability> mediaCodecs) {
        if (mediaCodecs == null) {
            throw new IllegalArgumentException("mediaCodecs is null");
        }
        List<Integer> pool = dynamicPool();
        for (RtpCodecCapability c : mediaCodecs) {
            if (c != null && c.preferredPayloadType() != null) {
                pool.remove(c.preferredPayloadType());
            }
        }
        Set<Integer> used = new HashSet<>();
        List<RtpCodecCapability> codecs = new ArrayList<>();
        for (RtpCodecCapability c : mediaCodecs) {
            if (c == null) {
                throw new IllegalArgumentException("null media codec");
            }
            String kind = CodecMatcher.kindOf(c.mimeType());
            if (kind == null || (c.kind() != null && !c.kind().equals(kind))) {
                throw new IllegalArgumentException("invalid media codec kind/mimeType " + c.kind() + " " + c.mimeType());
            }
            RtpCodecCapability supported = SupportedCodecs.find(c);
            if (supported == null) {
                throw new IllegalArgumentException("media codec not supported [mimeType:" + c.mimeType()
                        + ", clockRate:" + c.clockRate() + ", channels:" + c.channels() + "]");
            }
            int pt = c.preferredPayloadType() != null ? c.preferredPayloadType() : take(pool);
            if (pt < 0 || pt > 127 || !used.add(pt)) {
                throw new IllegalArgumentException("invalid or duplicated preferredPayloadType " + pt);
            }
            Map<String, Object> params = Params.mutable(supported.parameters());
            for (Map.Entry<String, Object> e : Params.mutable(c.parameters()).entrySet()) {
                if (!(e.getValue() instanceof String) && !(e.getValue() instanceof Number)) {
                    throw new IllegalArgumentException("invalid media codec parameter " + e.getKey());
                }
                params.put(e.getKey(), e.getValue());
            }
            codecs.add(new RtpCodecCapability(kind, supported.mimeType(), pt, supported.clockRate(),
                    "audio".equals(kind) ? supported.channels() : null, params, supported.rtcpFeedback()));
            if ("video".equals(kind)) {
                int rtxPt = take(pool);
                used.add(rtxPt);
                codecs.add(new RtpCodecCapability("video", "video/rtx", rtxPt, 90000, null, Map.of("apt", pt),
                        List.of()));
            }
        }
        return new RtpCapabilities(codecs, RouterHeaderExtensions.ALL);
    }

    /** 100..127 then 96..99. */
    private static List<Integer> dynamicPool() {
        List<Integer> pool = new ArrayList<>(32);
        for (int pt = 100; pt <= 127; pt++) {
            pool.add(pt);
        }
        for (int pt = 96; pt <= 99; pt++) {
            pool.add(pt);
        }
        return pool;
    }

    private static int take(List<Integer> pool) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("cannot allocate more dynamic codec payload types");
        }
        return pool.remove(0);
    }
}
