package dev.chorus.media.rtcp;

/**
 * Reads one 24-byte reception report block (RFC 3550 section 6.4.1) at a block offset obtained from
 * {@link SenderReports#reportBlockOffset} or {@link ReceiverReports#reportBlockOffset}. Each method checks that the
 * block lies inside the array and returns -1 otherwise ({@link #cumulativeLost} returns {@link Integer#MIN_VALUE},
 * because -1 is a legal value there).
 */
public final class ReportBlocks {
    /** Size of a report block in bytes. */
    public static final int SIZE = 24;

    private ReportBlocks() {
    }

    private static boolean ok(byte[] buf, int blockOff) {
        return RtcpBytes.inside(buf, blockOff, SIZE, SIZE);
    }

    /** Offset of block {@code i} in a report whose blocks start {@code fixed} bytes in, or -1. */
    static int blockOffset(byte[] buf, int off, int content, int fixed, int i) {
        int rc = RtcpBytes.count(buf, off);
        if (i < 0 || i >= rc || fixed + (i + 1) * SIZE > content) {
            return -1;
        }
        return off + fixed + i * SIZE;
    }

    /** SSRC of the source this block reports on, or -1. */
    public static long ssrc(byte[] buf, int blockOff) {
        return ok(buf, blockOff) ? RtcpBytes.u32(buf, blockOff) : -1;
    }

    /** Fraction lost since the previous report, in 1/256 units (0..255), or -1. */
    public static int fractionLost(byte[] buf, int blockOff) {
        return ok(buf, blockOff) ? RtcpBytes.u8(buf, blockOff + 4) : -1;
    }

    /** Cumulative number of packets lost (signed 24 bits), or {@link Integer#MIN_VALUE}. */
    public static int cumulativeLost(byte[] buf, int blockOff) {
        if (!ok(buf, blockOff)) {
            return Integer.MIN_VALUE;
        }
        return (RtcpBytes.u24(buf, blockOff + 5) << 8) >> 8;
    }

    /** Extended highest sequence number received (unsigned 32 bits), or -1. */
    public static long extendedHighestSeq(byte[] buf, int blockOff) {
        return ok(buf, blockOff) ? RtcpBytes.u32(buf, blockOff + 8) : -1;
    }

    /** Interarrival jitter in RTP timestamp units, or -1. */
    public static long jitter(byte[] buf, int blockOff) {
        return ok(buf, blockOff) ? RtcpBytes.u32(buf, blockOff + 12) : -1;
    }

    /** Middle 32 bits of the NTP timestamp of the last SR received (LSR), 0 if none, or -1. */
    public static long lastSr(byte[] buf, int blockOff) {
        return ok(buf, blockOff) ? RtcpBytes.u32(buf, blockOff + 16) : -1;
    }

    /** Delay since the last SR in 1/65536 s (DLSR), or -1. */
    public static long delaySinceLastSr(byte[] buf, int blockOff) {
        return ok(buf, blockOff) ? RtcpBytes.u32(buf, blockOff + 20) : -1;
    }
}
