package dev.chorus.media.rtcp;

/**
 * Reads the common part of an RTCP feedback message (RTPFB or PSFB, RFC 4585 section 6.1): the SSRC of the packet
 * sender and of the media source. Bounded by the packet's own length field and the array; returns -1 when the
 * packet is not a feedback message or is shorter than 12 bytes.
 */
public final class Feedback {
    /** Header plus the two SSRCs. */
    public static final int FIXED = 12;

    private Feedback() {
    }

    private static boolean ok(byte[] buf, int off) {
        if (RtcpBytes.contentLength(buf, off) < FIXED) {
            return false;
        }
        int type = RtcpBytes.type(buf, off);
        return type == RtcpType.RTPFB || type == RtcpType.PSFB;
    }

    /** SSRC of the packet sender, or -1. */
    public static long senderSsrc(byte[] buf, int off) {
        return ok(buf, off) ? RtcpBytes.u32(buf, off + 4) : -1;
    }

    /** SSRC of the media source the feedback is about (0 for FIR and REMB), or -1. */
    public static long mediaSsrc(byte[] buf, int off) {
        return ok(buf, off) ? RtcpBytes.u32(buf, off + 8) : -1;
    }
}
