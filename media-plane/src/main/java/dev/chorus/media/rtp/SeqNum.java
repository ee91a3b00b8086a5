package dev.chorus.media.rtp;

/**
 * 16-bit RTP sequence number arithmetic (RFC 1982 serial numbers, half-range rule).
 *
 * <p>All methods accept any {@code int} and only look at its low 16 bits. Two numbers exactly half the range
 * apart (32768) are "undefined" in RFC 1982: here neither is newer than the other and {@link #diff} reports
 * -32768 in both directions.
 */
public final class SeqNum {
    private static final int MASK = 0xFFFF;

    private SeqNum() {
    }

    /** True when {@code a} comes after {@code b}, allowing for wrap-around at 65535 -> 0. */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    /** Signed distance {@code a - b} in the range -32768..32767. */
    public static int diff(int a, int b) {
        return (short) ((a - b) & MASK);
    }

    /** {@code a + delta} wrapped into 0..65535; {@code delta} may be negative. */
    public static int add(int a, int delta) {
        return (a + delta) & MASK;
    }
}
