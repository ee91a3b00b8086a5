package dev.chorus.media.ortc;

import java.util.Locale;
import java.util.Map;

/**
 * Codec comparison rules. Loose: mimeType (case-insensitive), clock rate and, for audio, channels (missing
 * means 1). Strict adds the codec-specific checks: H.264 packetization-mode and profile (level may differ),
 * VP9 profile-id.
 */
final class CodecMatcher {
    private CodecMatcher() {
    }

    /** Whether the mime type names an RTX (RFC 4588) codec, e.g. {@code video/rtx}. */
    static boolean isRtx(String mimeType) {
        return mimeType != null && mimeType.length() > 4
                && mimeType.regionMatches(true, mimeType.length() - 4, "/rtx", 0, 4);
    }

    /** {@code "audio"} or {@code "video"} from the mime type's top-level type, else null. */
    static String kindOf(String mimeType) {
        if (mimeType == null) {
            return null;
        }
        if (mimeType.regionMatches(true, 0, "audio/", 0, 6) && mimeType.length() > 6) {
            return "audio";
        }
        if (mimeType.regionMatches(true, 0, "video/", 0, 6) && mimeType.length() > 6) {
            return "video";
        }
        return null;
    }

    static boolean loose(String mimeA, Integer clockA, Integer channelsA, String mimeB, Integer clockB,
            Integer channelsB) {
        if (mimeA == null || mimeB == null || !mimeA.equalsIgnoreCase(mimeB)) {
            return false;
        }
        if (clockA == null || !clockA.equals(clockB)) {
            return false;
        }
        if ("audio".equals(kindOf(mimeA))) {
            int a = channelsA == null ? 1 : channelsA;
            int b = channelsB == null ? 1 : channelsB;
            return a == b;
        }
        return true;
    }

    /** Strict match of an RTP-parameters codec against a capability codec. */
    static boolean strict(RtpCodecParameters codec, RtpCodecCapability cap) {
        if (codec == null || cap == null) {
            return false;
        }
        if (!loose(codec.mimeType(), codec.clockRate(), codec.channels(), cap.mimeType(), cap.clockRate(),
                cap.channels())) {
            return false;
        }
        return sameCodecSpecific(codec.mimeType(), codec.parameters(), cap.parameters());
    }

    private static boolean sameCodecSpecific(String mimeType, Map<String, Object> a, Map<String, Object> b) {
        String mime = mimeType.toLowerCase(Locale.ROOT);
        switch (mime) {
            case "video/h264":
            case "video/h264-svc":
                if (!Params.sameIntegerParam(a, b, "packetization-mode", 0)) {
                    return false;
                }
                int pa = H264ProfileLevelId.profileOf(a == null ? null : a.get("profile-level-id"));
                int pb = H264ProfileLevelId.profileOf(b == null ? null : b.get("profile-level-id"));
                return pa != H264ProfileLevelId.INVALID && pa == pb;
            case "video/vp9":
                return Params.sameIntegerParam(a, b, "profile-id", 0);
            default:
                return true;
        }
    }
}
