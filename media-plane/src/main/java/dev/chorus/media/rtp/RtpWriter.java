package dev.chorus.media.rtp;

/**
 * Static helpers that write RTP header parts on egress (fixed header, CSRC list). No allocation, no exceptions:
 * when the destination cannot hold what is asked, nothing is written.
 */
public final class RtpWriter {
    private RtpWriter() {
    }

    /**
     * Writes the 12-byte fixed header (version 2, no padding) at {@code dst[off]}: X bit from {@code extension},
     * CC from {@code csrcCount} (low 4 bits), marker, {@code pt} (low 7 bits), {@code seq} (low 16 bits),
     * {@code ts} and {@code ssrc} (low 32 bits). Returns 12, or -1 (nothing written) when the 12 bytes do not fit.
     */
    public static int writeHeader(byte[] dst, int off, boolean marker, int pt, int seq, long ts, long ssrc,
                                  boolean extension, int csrcCount) {
        if (dst == null || off < 0 || off > dst.length - RtpPacket.FIXED_HEADER_LENGTH) {
            return -1;
        }
        dst[off] = (byte) (0x80 | (extension ? 0x10 : 0) | (csrcCount & 0x0F));
        dst[off + 1] = (byte) ((marker ? 0x80 : 0) | (pt & 0x7F));
        dst[off + 2] = (byte) (seq >>> 8);
        dst[off + 3] = (byte) seq;
        dst[off + 4] = (byte) (ts >>> 24);
        dst[off + 5] = (byte) (ts >>> 16);
        dst[off + 6] = (byte) (ts >>> 8);
        dst[off + 7] = (byte) ts;
        dst[off + 8] = (byte) (ssrc >>> 24);
        dst[off + 9] = (byte) (ssrc >>> 16);
        dst[off + 10] = (byte) (ssrc >>> 8);
        dst[off + 11] = (byte) ssrc;
        return RtpPacket.FIXED_HEADER_LENGTH;
    }

    /**
     * Copies the CSRC list of the wrapped packet {@code src} ({@code 4 * src.csrcCount()} bytes) to
     * {@code dst[off]}. Copies nothing when {@code src} is not wrapped or the list does not fit.
     */
    public static void copyCsrcs(RtpPacket src, byte[] dst, int off) {
        if (src == null || src.buffer() == null || dst == null) {
            return;
        }
        int n = 4 * src.csrcCount();
        if (n == 0 || off < 0 || off > dst.length - n) {
            return;
        }
        System.arraycopy(src.buffer(), src.offset() + RtpPacket.FIXED_HEADER_LENGTH, dst, off, n);
    }
}
