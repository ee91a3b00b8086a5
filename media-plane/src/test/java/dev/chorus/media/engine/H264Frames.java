package dev.chorus.media.engine;

import java.util.Arrays;

/**
 * Synthetic H264 simulcast frames for tests (RFC 6184 packetization mode 1), one sequence counter per stream.
 * A key frame is STAP-A(SPS, PPS), then the FU-A start and FU-A end of an IDR slice; a delta frame is the FU-A
 * start and end of a non-IDR slice. Frame f of stream s has RTP timestamp {@code tsBase[s] + 3000 f}; the marker is
 * on its last packet; the payload bytes after the FU-A headers are {@code 0xA0 + s}, then {@code f}.
 */
final class H264Frames {
    private static final byte[] STAP_A_SPS_PPS = {0x78, 0x00, 0x04, 0x67, 0x42, (byte) 0xE0, 0x1F, 0x00, 0x02, 0x68,
        (byte) 0xCE};

    private final long[] ssrc;
    private final int pt;
    private final long[] tsBase;
    private final int[] seq;

    H264Frames(long[] ssrc, int pt, long[] tsBase, int[] firstSeq) {
        this.ssrc = ssrc;
        this.pt = pt;
        this.tsBase = tsBase;
        this.seq = firstSeq.clone();
    }

    /** The RTP packets of frame {@code f} of stream {@code s}, in sending order. */
    byte[][] frame(int s, int f, boolean key) {
        byte[][] nals = key
                ? new byte[][] {STAP_A_SPS_PPS, fu(0x7C, 0x85, s, f), fu(0x7C, 0x45, s, f)}
                : new byte[][] {fu(0x5C, 0x81, s, f), fu(0x5C, 0x41, s, f)};
        byte[][] out = new byte[nals.length][];
        long ts = (tsBase[s] + 3000L * f) & 0xFFFF_FFFFL;
        for (int i = 0; i < nals.length; i++) {
            byte[] b = new byte[12 + nals[i].length];
            int q = seq[s];
            seq[s] = (q + 1) & 0xFFFF;
            b[0] = (byte) 0x80;
            b[1] = (byte) ((i == nals.length - 1 ? 0x80 : 0) | pt);
            b[2] = (byte) (q >> 8);
            b[3] = (byte) q;
            putInt(b, 4, ts);
            putInt(b, 8, ssrc[s]);
            System.arraycopy(nals[i], 0, b, 12, nals[i].length);
            out[i] = b;
        }
        return out;
    }

    private static byte[] fu(int indicator, int header, int s, int f) {
        byte[] b = new byte[2 + 20];
        b[0] = (byte) indicator;
        b[1] = (byte) header;
        Arrays.fill(b, 2, b.length - 1, (byte) (0xA0 + s));
        b[b.length - 1] = (byte) f;
        return b;
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
