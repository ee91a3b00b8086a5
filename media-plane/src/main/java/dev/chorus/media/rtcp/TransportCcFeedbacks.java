package dev.chorus.media.rtcp;

/**
 * Reads transport-wide congestion control feedback (RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01
 * section 3.1): base sequence number, status count, a 24-bit signed reference time in 64 ms units, a feedback
 * packet counter, then packet status chunks (run-length or 1-/2-bit status vectors) and the receive deltas
 * (8-bit unsigned for "small delta", 16-bit signed for "large or negative delta", both in 250 us units).
 */
public final class TransportCcFeedbacks {
    /** Header, two SSRCs, base seq/status count and reference time/feedback count. */
    static final int FIXED = 20;
    /** Microseconds per reference-time unit. */
    public static final long REFERENCE_TIME_UNIT_US = 64_000;
    /** Microseconds per receive-delta unit. */
    public static final long DELTA_UNIT_US = 250;

    /** Symbol: packet not received. */
    static final int NOT_RECEIVED = 0;
    /** Symbol: received, 1-byte delta. */
    static final int SMALL = 1;
    /** Symbol: received, 2-byte signed delta. */
    static final int LARGE = 2;

    private TransportCcFeedbacks() {
    }

    private static int content(byte[] buf, int off, int len) {
        return RtcpBytes.contentOf(buf, off, len, RtcpType.RTPFB, RtcpType.TCC, FIXED);
    }

    /** First transport-wide sequence number covered, or -1. */
    public static int baseSeq(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : RtcpBytes.u16(buf, off + 12);
    }

    /** Number of sequence numbers covered, or -1. */
    public static int statusCount(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : RtcpBytes.u16(buf, off + 14);
    }

    /** Reference time as a signed 24-bit count of 64 ms units, or {@link Integer#MIN_VALUE}. */
    public static int referenceTime(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? Integer.MIN_VALUE : (RtcpBytes.u24(buf, off + 16) << 8) >> 8;
    }

    /** Feedback packet counter (0..255), or -1. */
    public static int fbPktCount(byte[] buf, int off, int len) {
        return content(buf, off, len) < 0 ? -1 : RtcpBytes.u8(buf, off + 19);
    }

    /**
     * Validates the whole packet, then calls {@code v} once per covered sequence number. Returns the number of
     * sequence numbers visited, or -1 (without any call) if the packet is not transport-cc feedback, has a status
     * count of 0, uses the reserved symbol, or its chunks or deltas run past the packet.
     */
    public static int parse(byte[] buf, int off, int len, TccPacketVisitor v) {
        int n = content(buf, off, len);
        if (n < 0 || v == null) {
            return -1;
        }
        int count = RtcpBytes.u16(buf, off + 14);
        if (count == 0) {
            return -1;
        }
        int end = off + n;
        long chunksEnd = walk(buf, off, end, count, -1, null);
        if (chunksEnd < 0) {
            return -1;
        }
        if (walk(buf, off, end, count, (int) chunksEnd, v) < 0) {
            return -1;
        }
        return count;
    }

    /**
     * Walks the status chunks. With {@code v == null} it validates and returns the offset where the deltas start
     * (checking they fit before {@code end}); otherwise it reports each packet, reading deltas from
     * {@code deltaPos}. Returns -1 if malformed.
     */
    private static long walk(byte[] buf, int off, int end, int count, int deltaPos, TccPacketVisitor v) {
        int base = RtcpBytes.u16(buf, off + 12);
        int p = off + FIXED;
        int done = 0;
        int deltaBytes = 0;
        int d = deltaPos;
        while (done < count) {
            if (p + 2 > end) {
                return -1;
            }
            int chunk = RtcpBytes.u16(buf, p);
            p += 2;
            int left = count - done;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >>> 13) & 0x3;
                int run = Math.min(chunk & 0x1FFF, left);
                if (symbol == 3 && run > 0) {
                    return -1;
                }
                for (int k = 0; k < run; k++) {
                    if (v == null) {
                        deltaBytes += symbol;
                    } else {
                        d = emit(buf, d, symbol, (base + done + k) & 0xFFFF, v);
                    }
                }
                done += run;
            } else {
                boolean twoBit = (chunk & 0x4000) != 0;
                int slots = twoBit ? 7 : 14;
                int bits = twoBit ? 2 : 1;
                int take = Math.min(slots, left);
                for (int k = 0; k < take; k++) {
                    int shift = 14 - bits * (k + 1);
                    int symbol = (chunk >>> shift) & (twoBit ? 0x3 : 0x1);
                    if (symbol == 3) {
                        return -1;
                    }
                    if (v == null) {
                        deltaBytes += symbol;
                    } else {
                        d = emit(buf, d, symbol, (base + done + k) & 0xFFFF, v);
                    }
                }
                done += take;
            }
        }
        if (v == null && (long) p + deltaBytes > end) {
            return -1;
        }
        return p;
    }

    private static int emit(byte[] buf, int d, int symbol, int seq, TccPacketVisitor v) {
        if (symbol == NOT_RECEIVED) {
            v.packet(seq, false, 0);
            return d;
        }
        if (symbol == SMALL) {
            v.packet(seq, true, (buf[d] & 0xFF) * DELTA_UNIT_US);
            return d + 1;
        }
        v.packet(seq, true, (short) RtcpBytes.u16(buf, d) * DELTA_UNIT_US);
        return d + 2;
    }
}
