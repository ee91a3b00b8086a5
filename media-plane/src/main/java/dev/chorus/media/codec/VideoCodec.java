package dev.chorus.media.codec;

/** Video codecs the forwarder knows how to inspect (key frames, layers); everything else is {@link #OTHER}. */
public enum VideoCodec {
    VP8,
    VP9,
    H264,
    OTHER;

    /** Maps a MIME type such as {@code "video/VP8"} (case-insensitive) to a codec; unknown or null -> OTHER. */
    public static VideoCodec fromMimeType(String mime) {
        if (mime == null) {
            return OTHER;
        }
        if ("video/VP8".equalsIgnoreCase(mime)) {
            return VP8;
        }
        if ("video/VP9".equalsIgnoreCase(mime)) {
            return VP9;
        }
        if ("video/H264".equalsIgnoreCase(mime)) {
            return H264;
        }
        return OTHER;
    }
}
