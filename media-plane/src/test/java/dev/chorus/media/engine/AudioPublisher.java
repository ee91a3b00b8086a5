package dev.chorus.media.engine;

import dev.chorus.media.ortc.HeaderExtensionUris;
import dev.chorus.media.ortc.RtcpFeedback;
import dev.chorus.media.ortc.RtcpParameters;
import dev.chorus.media.ortc.RtpCodecParameters;
import dev.chorus.media.ortc.RtpEncodingParameters;
import dev.chorus.media.ortc.RtpHeaderExtensionParameters;
import dev.chorus.media.ortc.RtpParameters;
import java.util.List;
import java.util.Map;

/** A synthetic Opus publisher for engine tests: its RTP parameters and packets carrying an RFC 6464 audio level. */
final class AudioPublisher {
    static final long SSRC = 33333333L;
    static final int PT = 111;
    static final int EXT_MID = 4;
    static final int EXT_LEVEL = 10;

    private AudioPublisher() {
    }

    /** Opus with MID "1" and, when {@code withLevels}, the {@code ssrc-audio-level} extension. */
    static RtpParameters params(boolean withLevels, long ssrc) {
        List<RtpHeaderExtensionParameters> ext = withLevels
                ? List.of(new RtpHeaderExtensionParameters(HeaderExtensionUris.MID, EXT_MID, false, Map.of()),
                        new RtpHeaderExtensionParameters(HeaderExtensionUris.SSRC_AUDIO_LEVEL, EXT_LEVEL, false,
                                Map.of()))
                : List.of(new RtpHeaderExtensionParameters(HeaderExtensionUris.MID, EXT_MID, false, Map.of()));
        return new RtpParameters(withLevels ? "1" : "2",
                List.of(new RtpCodecParameters("audio/opus", PT, 48000, 2, Map.of(),
                        List.of(new RtcpFeedback("transport-cc", "")))),
                ext,
                List.of(new RtpEncodingParameters(ssrc, null, null, null, null, null, null, null, null)),
                new RtcpParameters("audiocname", true));
    }

    /**
     * An Opus packet of SSRC {@code ssrc} with a one-byte-header extension block holding the audio level
     * {@code level} (-dBov, V flag set when {@code voice}) and a 20-byte payload.
     */
    static byte[] opus(long ssrc, int seq, long ts, int level, boolean voice) {
        return opus(ssrc, seq, ts, level, voice, 20);
    }

    /** As {@link #opus(long, int, long, int, boolean)} with a payload of {@code payloadLength} bytes (1–2: DTX). */
    static byte[] opus(long ssrc, int seq, long ts, int level, boolean voice, int payloadLength) {
        byte[] b = new byte[12 + 8 + payloadLength];
        b[0] = (byte) 0x90;
        b[1] = (byte) PT;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        putInt(b, 4, ts);
        putInt(b, 8, ssrc);
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[15] = 1; // one 32-bit word of extensions
        b[16] = (byte) (EXT_LEVEL << 4); // audio level, 1 byte
        b[17] = (byte) ((voice ? 0x80 : 0) | level);
        // b[18..19] padding
        for (int i = 20; i < b.length; i++) {
            b[i] = (byte) (seq + i);
        }
        return b;
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
