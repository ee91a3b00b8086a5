package dev.chorus.media.srtp;

import java.util.Arrays;

/** Builds plain RTP/RTCP packets into buffers with tail room for SRTP, and key sets for tests. */
final class TestPackets {
    /** Tail room every buffer gets, as the media plane guarantees. */
    static final int TAIL = 32;

    private TestPackets() {
    }

    /**
     * An RTP packet at {@code off} in a buffer with {@link #TAIL} spare bytes: version 2, PT 96, the given CSRC
     * count and one-byte-header extension of {@code extWords} words (0 = no extension), payload bytes i*7+seq.
     */
    static byte[] rtp(int off, int ssrc, int seq, long timestamp, int payloadLength, int csrcCount, int extWords) {
        int header = 12 + 4 * csrcCount + (extWords > 0 ? 4 + 4 * extWords : 0);
        byte[] buf = new byte[off + header + payloadLength + TAIL];
        int p = off;
        buf[p] = (byte) (0x80 | (extWords > 0 ? 0x10 : 0) | csrcCount);
        buf[p + 1] = (byte) 96;
        buf[p + 2] = (byte) (seq >>> 8);
        buf[p + 3] = (byte) seq;
        writeInt(buf, p + 4, (int) timestamp);
        writeInt(buf, p + 8, ssrc);
        p += 12;
        for (int i = 0; i < csrcCount; i++, p += 4) {
            writeInt(buf, p, 0x1000 + i);
        }
        if (extWords > 0) {
            buf[p] = (byte) 0xBE;
            buf[p + 1] = (byte) 0xDE;
            buf[p + 2] = (byte) (extWords >>> 8);
            buf[p + 3] = (byte) extWords;
            p += 4;
            for (int i = 0; i < 4 * extWords; i++) {
                buf[p++] = (byte) (0x10 + i);
            }
        }
        for (int i = 0; i < payloadLength; i++) {
            buf[p + i] = (byte) (i * 7 + seq);
        }
        return buf;
    }

    /** Length of the packet {@link #rtp} wrote (everything but the tail room and the offset). */
    static int rtpLength(byte[] buf, int off) {
        return buf.length - off - TAIL;
    }

    /** A compound RTCP packet (sender report + one-chunk SDES) from {@code ssrc} at {@code off}, with tail room. */
    static byte[] rtcp(int off, int ssrc, int marker) {
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        sr[3] = 6; // length in words - 1
        writeInt(sr, 4, ssrc);
        writeInt(sr, 8, 0x11223344);
        writeInt(sr, 12, 0x55667788);
        writeInt(sr, 16, marker);
        writeInt(sr, 20, 42);
        writeInt(sr, 24, 4200);
        byte[] sdes = new byte[16];
        sdes[0] = (byte) 0x81;
        sdes[1] = (byte) 202;
        sdes[3] = 3;
        writeInt(sdes, 4, ssrc);
        sdes[8] = 1; // CNAME
        sdes[9] = 4;
        sdes[10] = 'c';
        sdes[11] = 'h';
        sdes[12] = 'o';
        sdes[13] = 'r';
        byte[] buf = new byte[off + sr.length + sdes.length + TAIL];
        System.arraycopy(sr, 0, buf, off, sr.length);
        System.arraycopy(sdes, 0, buf, off + sr.length, sdes.length);
        return buf;
    }

    static int rtcpLength(byte[] buf, int off) {
        return buf.length - off - TAIL;
    }

    /** Keys for one side; {@link #swap} gives the peer's view. */
    static SrtpKeys keys(SrtpProfile profile, int seed) {
        return new SrtpKeys(profile, fill(profile.keyLength(), seed), fill(profile.saltLength(), seed + 50),
                fill(profile.keyLength(), seed + 100), fill(profile.saltLength(), seed + 150));
    }

    static SrtpKeys swap(SrtpKeys k) {
        return new SrtpKeys(k.profile(), k.remoteKey(), k.remoteSalt(), k.localKey(), k.localSalt());
    }

    private static byte[] fill(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + 3 * i);
        }
        return b;
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }

    static void writeInt(byte[] buf, int i, int v) {
        buf[i] = (byte) (v >>> 24);
        buf[i + 1] = (byte) (v >>> 16);
        buf[i + 2] = (byte) (v >>> 8);
        buf[i + 3] = (byte) v;
    }
}
