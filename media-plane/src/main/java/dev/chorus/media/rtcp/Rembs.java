package dev.chorus.media.rtcp;

/**
 * Reads a receiver estimated maximum bitrate message (draft-alvestrand-rmcat-remb): a PSFB FMT 15 packet whose FCI
 * starts with the ASCII tag "REMB", then the SSRC count, a 6-bit exponent and an 18-bit mantissa
 * (bitrate = mantissa * 2^exp bits per second), then the SSRCs the estimate applies to.
 */
public final class Rembs {
    /** Header, two SSRCs, the tag and the count/exponent/mantissa word. */
    static final int FIXED = 20;

    private Rembs() {
    }

    /** True if this is a PSFB/AFB packet tagged "REMB" whose SSRC list fits in the packet. */
    public static boolean isRemb(byte[] buf, int off, int len) {
        int n = RtcpBytes.contentOf(buf, off, len, RtcpType.PSFB, RtcpType.AFB, FIXED);
        if (n < 0) {
            return false;
        }
        return buf[off + 12] == 'R' && buf[off + 13] == 'E' && buf[off + 14] == 'M' && buf[off + 15] == 'B'
                && FIXED + 4 * RtcpBytes.u8(buf, off + 16) <= n;
    }

    private static boolean ok(byte[] buf, int off) {
        return buf != null && off >= 0 && off <= buf.length && isRemb(buf, off, buf.length - off);
    }

    /**
     * Estimated bitrate in bits per second (saturating at {@link Long#MAX_VALUE} for exponents that overflow), or -1
     * if the packet is not a valid REMB.
     */
    public static long bitrate(byte[] buf, int off) {
        if (!ok(buf, off)) {
            return -1;
        }
        int exp = RtcpBytes.u8(buf, off + 17) >>> 2;
        long mantissa = ((buf[off + 17] & 0x03L) << 16) | RtcpBytes.u16(buf, off + 18);
        if (mantissa == 0) {
            return 0;
        }
        if (exp > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return mantissa << exp;
    }

    /** Number of SSRCs the estimate applies to, or -1 if the packet is not a valid REMB. */
    public static int ssrcCount(byte[] buf, int off, int len) {
        return isRemb(buf, off, len) ? RtcpBytes.u8(buf, off + 16) : -1;
    }

    /** SSRC number {@code i} of the list, or -1. */
    public static long ssrc(byte[] buf, int off, int i) {
        if (!ok(buf, off) || i < 0 || i >= RtcpBytes.u8(buf, off + 16)) {
            return -1;
        }
        return RtcpBytes.u32(buf, off + FIXED + 4 * i);
    }
}
