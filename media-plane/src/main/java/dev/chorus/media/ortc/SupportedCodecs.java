package dev.chorus.media.ortc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The codecs the router can be configured with, with the spelling, base parameters and RTCP feedback that
 * router capabilities advertise for them.
 */
final class SupportedCodecs {
    static final List<RtcpFeedback> AUDIO_OPUS_FEEDBACK = List.of(
            new RtcpFeedback("nack", ""),
            new RtcpFeedback("transport-cc", ""));

    static final List<RtcpFeedback> VIDEO_FEEDBACK = List.of(
            new RtcpFeedback("nack", ""),
            new RtcpFeedback("nack", "pli"),
            new RtcpFeedback("ccm", "fir"),
            new RtcpFeedback("goog-remb", ""),
            new RtcpFeedback("transport-cc", ""));

    static final List<RtpCodecCapability> ALL = List.of(
            new RtpCodecCapability("audio", "audio/opus", null, 48000, 2, Map.of(), AUDIO_OPUS_FEEDBACK),
            new RtpCodecCapability("video", "video/VP8", null, 90000, null, Map.of(), VIDEO_FEEDBACK),
            new RtpCodecCapability("video", "video/VP9", null, 90000, null, Map.of(), VIDEO_FEEDBACK),
            new RtpCodecCapability("video", "video/H264", null, 90000, null, h264Base(), VIDEO_FEEDBACK));

    private SupportedCodecs() {
    }

    /** The supported entry that loosely matches {@code codec} (mimeType, clock rate, audio channels), or null. */
    static RtpCodecCapability find(RtpCodecCapability codec) {
        for (RtpCodecCapability s : ALL) {
            if (CodecMatcher.loose(s.mimeType(), s.clockRate(), s.channels(), codec.mimeType(), codec.clockRate(),
                    codec.channels())) {
                return s;
            }
        }
        return null;
    }

    private static Map<String, Object> h264Base() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level-asymmetry-allowed", 1);
        return m;
    }
}
