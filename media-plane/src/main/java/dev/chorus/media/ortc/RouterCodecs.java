package dev.chorus.media.ortc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Default router {@code mediaCodecs} configuration: opus 48000/2, VP8, VP9 profile 0 and H.264 constrained
 * baseline (42e01f, packetization-mode 1). Each video codec asks the browser for a 1000 kbps start bitrate.
 */
public final class RouterCodecs {
    private RouterCodecs() {
    }

    /** The default media codecs, in preference order; feed them to {@link Ortc#routerCapabilities}. */
    public static List<RtpCodecCapability> defaults() {
        Map<String, Object> h264 = new LinkedHashMap<>();
        h264.put("packetization-mode", 1);
        h264.put("profile-level-id", "42e01f");
        h264.put("level-asymmetry-allowed", 1);
        h264.put("x-google-start-bitrate", 1000);
        return List.of(
                new RtpCodecCapability("audio", "audio/opus", null, 48000, 2, new LinkedHashMap<>(), null),
                new RtpCodecCapability("video", "video/VP8", null, 90000, null, startBitrate(), null),
                new RtpCodecCapability("video", "video/VP9", null, 90000, null, startBitrate(), null),
                new RtpCodecCapability("video", "video/H264", null, 90000, null, h264, null));
    }

    private static Map<String, Object> startBitrate() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x-google-start-bitrate", 1000);
        return m;
    }
}
