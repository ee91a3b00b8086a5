package dev.chorus.media.rtcp;

/**
 * Reads a full intra request (PSFB FMT 4, RFC 5104 section 4.3.1). Each 8-byte FCI entry names the SSRC that should
 * send a key frame and a command sequence number; a repeated sequence number is a retransmission of the same
 * request. Bounded by the packet's own length field and the array.
 */
public final class Firs {
    /** Size of one FCI entry. */
    static final int ENTRY = 8;

    private Firs() {
    }

    /** Number of FCI entries, or -1 if the packet is not a valid FIR. */
    public static int count(byte[] buf, int off, int len) {
        int n = RtcpBytes.contentOf(buf, off, len, RtcpType.PSFB, RtcpType.FIR, Feedback.FIXED);
        return n < 0 ? -1 : (n - Feedback.FIXED) / ENTRY;
    }

    private static int entry(byte[] buf, int off, int i) {
        if (buf == null || off < 0 || off > buf.length) {
            return -1;
        }
        int entries = count(buf, off, buf.length - off);
        return i < 0 || i >= entries ? -1 : off + Feedback.FIXED + i * ENTRY;
    }

    /** SSRC of the media sender asked for a key frame by entry {@code i}, or -1. */
    public static long ssrc(byte[] buf, int off, int i) {
        int p = entry(buf, off, i);
        return p < 0 ? -1 : RtcpBytes.u32(buf, p);
    }

    /** Command sequence number (0..255) of entry {@code i}, or -1. */
    public static int seqNr(byte[] buf, int off, int i) {
        int p = entry(buf, off, i);
        return p < 0 ? -1 : RtcpBytes.u8(buf, p + 4);
    }
}
