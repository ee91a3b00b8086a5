package dev.chorus.media.engine;

import dev.chorus.media.ortc.HeaderExtensionUris;
import dev.chorus.media.ortc.RtcpFeedback;
import dev.chorus.media.ortc.RtcpParameters;
import dev.chorus.media.ortc.RtpCodecParameters;
import dev.chorus.media.ortc.RtpEncodingParameters;
import dev.chorus.media.ortc.RtpHeaderExtensionParameters;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.ortc.RtxParameters;
import java.util.List;
import java.util.Map;

/**
 * The two publisher streams the packet-path benchmarks use, shaped like Chrome's: an Opus stream with 100-byte
 * payloads and a VP8 stream with 1200-byte payloads. Both carry a one-byte-header extension block with MID,
 * abs-send-time and transport-wide sequence numbers, plus the audio level (audio) or the video orientation
 * (video), with the browser's own extension ids. Packets are written into a caller's buffer, so preparing one
 * allocates nothing.
 */
public enum BenchMedia {
    /** Opus, 48 kHz, 100-byte payloads (a 20 ms frame at about 40 kbit/s). */
    AUDIO("audio", 100, 111, -1, 11_111_111L, -1, 960),
    /** VP8, 90 kHz, 1200-byte payloads (a packet of a large frame). */
    VIDEO("video", 1200, 96, 97, 22_222_222L, 22_222_223L, 3000);

    /** Browser-side extension ids (as Chrome numbers them). */
    static final int EXT_AUDIO_LEVEL = 1;
    static final int EXT_ABS_SEND_TIME = 2;
    static final int EXT_TCC = 3;
    static final int EXT_MID = 4;
    static final int EXT_VIDEO_ORIENTATION = 13;
    /** Fixed header and a 12-byte extension block (three words). */
    static final int HEADER_LENGTH = 12 + 4 + 12;

    final String kind;
    final int payloadLength;
    final int payloadType;
    final int rtxPayloadType;
    final long ssrc;
    final long rtxSsrc;
    /** RTP timestamp step per packet. */
    final int timestampStep;

    BenchMedia(String kind, int payloadLength, int payloadType, int rtxPayloadType, long ssrc, long rtxSsrc,
               int timestampStep) {
        this.kind = kind;
        this.payloadLength = payloadLength;
        this.payloadType = payloadType;
        this.rtxPayloadType = rtxPayloadType;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.timestampStep = timestampStep;
    }

    /** MID of the producer. */
    String mid() {
        return this == AUDIO ? "0" : "1";
    }

    /** Length of every packet of this stream. */
    public int packetLength() {
        return HEADER_LENGTH + payloadLength;
    }

    /** The producer's RTP parameters, as mediasoup-client would send them for this stream. */
    RtpParameters params() {
        if (this == AUDIO) {
            return new RtpParameters(mid(),
                    List.of(new RtpCodecParameters("audio/opus", payloadType, 48000, 2, Map.of(),
                            List.of(new RtcpFeedback("transport-cc", "")))),
                    List.of(ext(HeaderExtensionUris.SSRC_AUDIO_LEVEL, EXT_AUDIO_LEVEL),
                            ext(HeaderExtensionUris.ABS_SEND_TIME, EXT_ABS_SEND_TIME),
                            ext(HeaderExtensionUris.TRANSPORT_WIDE_CC, EXT_TCC),
                            ext(HeaderExtensionUris.MID, EXT_MID)),
                    List.of(new RtpEncodingParameters(ssrc, null, null, null, null, null, null, null, null)),
                    new RtcpParameters("bench-audio", true));
        }
        List<RtcpFeedback> fb = List.of(new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"),
                new RtcpFeedback("ccm", "fir"), new RtcpFeedback("transport-cc", ""));
        return new RtpParameters(mid(),
                List.of(new RtpCodecParameters("video/VP8", payloadType, 90000, null, Map.of(), fb),
                        new RtpCodecParameters("video/rtx", rtxPayloadType, 90000, null, Map.of("apt", payloadType),
                                List.of())),
                List.of(ext(HeaderExtensionUris.ABS_SEND_TIME, EXT_ABS_SEND_TIME),
                        ext(HeaderExtensionUris.TRANSPORT_WIDE_CC, EXT_TCC),
                        ext(HeaderExtensionUris.MID, EXT_MID),
                        ext(HeaderExtensionUris.VIDEO_ORIENTATION, EXT_VIDEO_ORIENTATION)),
                List.of(new RtpEncodingParameters(ssrc, null, null, new RtxParameters(rtxSsrc), null, null, null, null,
                        null)),
                new RtcpParameters("bench-video", true));
    }

    private static RtpHeaderExtensionParameters ext(String uri, int id) {
        return new RtpHeaderExtensionParameters(uri, id, false, Map.of());
    }

    /**
     * Writes packet number {@code n} of this stream at {@code buf[0..]} and returns its length: sequence number and
     * transport-wide sequence number {@code n} (low 16 bits), timestamp {@code n * timestampStep}. A video packet
     * is a key frame when {@code key}; an audio packet carries a voiced level of -30 dBov.
     */
    public int write(byte[] buf, int n, boolean key) {
        long ts = (long) n * timestampStep;
        buf[0] = (byte) 0x90; // V=2, X=1
        buf[1] = (byte) payloadType;
        buf[2] = (byte) (n >>> 8);
        buf[3] = (byte) n;
        putInt(buf, 4, ts);
        putInt(buf, 8, ssrc);
        buf[12] = (byte) 0xBE;
        buf[13] = (byte) 0xDE;
        buf[14] = 0;
        buf[15] = 3; // three words of one-byte extensions
        int p = 16;
        if (this == AUDIO) {
            buf[p++] = (byte) (EXT_AUDIO_LEVEL << 4);
            buf[p++] = (byte) (0x80 | 30);
        }
        buf[p++] = (byte) ((EXT_ABS_SEND_TIME << 4) | 2);
        buf[p++] = (byte) (n >>> 10);
        buf[p++] = (byte) (n >>> 2);
        buf[p++] = (byte) (n << 6);
        buf[p++] = (byte) ((EXT_TCC << 4) | 1);
        buf[p++] = (byte) (n >>> 8);
        buf[p++] = (byte) n;
        buf[p++] = (byte) (EXT_MID << 4);
        buf[p++] = (byte) mid().charAt(0);
        if (this == VIDEO) {
            buf[p++] = (byte) (EXT_VIDEO_ORIENTATION << 4);
            buf[p++] = 0;
        }
        while (p < HEADER_LENGTH) {
            buf[p++] = 0; // padding
        }
        int end = HEADER_LENGTH + payloadLength;
        if (this == VIDEO) {
            buf[p++] = 0x10; // VP8 payload descriptor: S=1, partition 0
            buf[p++] = (byte) (key ? 0x10 : 0x11); // VP8 payload header: P=0 on a key frame
        }
        for (; p < end; p++) {
            buf[p] = (byte) (n + p);
        }
        return end;
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
