package dev.chorus.media.rtcp;

import java.util.function.IntConsumer;

/**
 * Reads a generic NACK (RTPFB FMT 1, RFC 4585 section 6.2.1). Each 4-byte FCI entry names a lost packet ID (PID)
 * and a bitmask (BLP) whose bit i marks PID + i + 1 as lost as well; sequence numbers wrap at 65536.
 */
public final class Nacks {
    private Nacks() {
    }

    private static int content(byte[] buf, int off, int len) {
        return RtcpBytes.contentOf(buf, off, len, RtcpType.RTPFB, RtcpType.NACK, Feedback.FIXED);
    }

    /** Number of FCI entries (PID/BLP pairs), or -1 if the packet is not a valid generic NACK. */
    public static int count(byte[] buf, int off, int len) {
        int n = content(buf, off, len);
        return n < 0 ? -1 : (n - Feedback.FIXED) >> 2;
    }

    /**
     * Calls {@code sink} once per lost sequence number (0..65535), in FCI order, PID before its BLP bits. Pass a
     * sink that does not capture per call (a field, or a reused object). Returns how many numbers were reported,
     * or -1 (without calling the sink) if the packet is not a valid generic NACK or the sink is null.
     */
    public static int forEachLost(byte[] buf, int off, int len, IntConsumer sink) {
        int entries = count(buf, off, len);
        if (entries < 0 || sink == null) {
            return -1;
        }
        int total = 0;
        int p = off + Feedback.FIXED;
        for (int e = 0; e < entries; e++, p += 4) {
            int pid = RtcpBytes.u16(buf, p);
            int blp = RtcpBytes.u16(buf, p + 2);
            sink.accept(pid);
            total++;
            for (int bit = 0; blp != 0; bit++, blp >>>= 1) {
                if ((blp & 1) != 0) {
                    sink.accept((pid + bit + 1) & 0xFFFF);
                    total++;
                }
            }
        }
        return total;
    }
}
