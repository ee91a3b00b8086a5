package dev.chorus.media.rtcp;

/**
 * Reads the fields of an RTCP sender report (PT 200, RFC 3550 section 6.4.1) in place. Methods take the packet's
 * offset and length as returned by {@link RtcpIterator}, validate them first, and return -1 when the packet is not
 * an SR or is too short. The report blocks are read with {@link ReportBlocks} at {@link #reportBlockOffset}.
 */
public final class SenderReports {
    /** Header, sender SSRC and sender info. */
    static final int FIXED = 28;

    private SenderReports() {
    }

    private static int content(byte[] buf, int off, int len) {
        return RtcpBytes.contentOf(buf, off, len, RtcpType.SR, -1, FIXED);
    }

    /** True if this is an SR whose declared report blocks all fit in the packet. */
    public static boolean isValid(byte[] buf, int off, int len) {
        return reportCount(buf, off, len) >= 0;
    }

    /** SSRC of the sender, or -1. */
    public static long senderSsrc(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : RtcpBytes.u32(buf, off + 4);
    }

    /** The 64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word), or -1. */
    public static long ntpTimestamp(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : (RtcpBytes.u32(buf, off + 8) << 32) | RtcpBytes.u32(buf, off + 12);
    }

    /** RTP timestamp that corresponds to the NTP timestamp (unsigned 32 bits), or -1. */
    public static long rtpTimestamp(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : RtcpBytes.u32(buf, off + 16);
    }

    /** Sender's packet count (unsigned 32 bits), or -1. */
    public static long packetCount(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : RtcpBytes.u32(buf, off + 20);
    }

    /** Sender's payload octet count (unsigned 32 bits), or -1. */
    public static long octetCount(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : RtcpBytes.u32(buf, off + 24);
    }

    /** Number of report blocks, or -1 if the packet is not an SR or the blocks do not fit. */
    public static int reportCount(byte[] buf, int off, int len) {
        int n = content(buf, off, len);
        if (n < 0) {
            return -1;
        }
        int rc = RtcpBytes.count(buf, off);
        return FIXED + rc * ReportBlocks.SIZE <= n ? rc : -1;
    }

    /**
     * Offset of report block {@code i} (0-based), bounded by the packet's own length field and the array, or -1 if
     * {@code i} is out of range or the packet is not a valid SR.
     */
    public static int reportBlockOffset(byte[] buf, int off, int i) {
        int n = RtcpBytes.contentLength(buf, off);
        if (n < FIXED || RtcpBytes.type(buf, off) != RtcpType.SR) {
            return -1;
        }
        return ReportBlocks.blockOffset(buf, off, n, FIXED, i);
    }
}
