package dev.chorus.media.rtcp;

/**
 * Reads an RTCP receiver report (PT 201, RFC 3550 section 6.4.2) in place. Methods validate the packet first and
 * return -1 when it is not an RR or is too short. Report blocks are read with {@link ReportBlocks}.
 */
public final class ReceiverReports {
    /** Header and sender SSRC. */
    static final int FIXED = 8;

    private ReceiverReports() {
    }

    /** True if this is an RR whose declared report blocks all fit in the packet. */
    public static boolean isValid(byte[] buf, int off, int len) {
        return reportCount(buf, off, len) >= 0;
    }

    /** SSRC of the reporting receiver, or -1. */
    public static long senderSsrc(byte[] buf, int off, int len) {
        return RtcpBytes.contentOf(buf, off, len, RtcpType.RR, -1, FIXED) < 0 ? -1 : RtcpBytes.u32(buf, off + 4);
    }

    /** Number of report blocks, or -1 if the packet is not an RR or the blocks do not fit. */
    public static int reportCount(byte[] buf, int off, int len) {
        int n = RtcpBytes.contentOf(buf, off, len, RtcpType.RR, -1, FIXED);
        if (n < 0) {
            return -1;
        }
        int rc = RtcpBytes.count(buf, off);
        return FIXED + rc * ReportBlocks.SIZE <= n ? rc : -1;
    }

    /**
     * Offset of report block {@code i} (0-based), bounded by the packet's own length field and the array, or -1 if
     * {@code i} is out of range or the packet is not a valid RR.
     */
    public static int reportBlockOffset(byte[] buf, int off, int i) {
        int n = RtcpBytes.contentLength(buf, off);
        if (n < FIXED || RtcpBytes.type(buf, off) != RtcpType.RR) {
            return -1;
        }
        return ReportBlocks.blockOffset(buf, off, n, FIXED, i);
    }
}
