package dev.chorus.media.forward;

/**
 * When a sent packet was last re-sent, in one int instead of a long: bit 31 says that it was, bits 0..30 hold the
 * milliseconds modulo 2^31. Differences are taken modulo 2^31 as well (signed), so they are exact within about
 * 12 days either way, far beyond the round trip a resend is compared with (and beyond the age at which a
 * publisher's retransmission ring still holds the packet). Used per slot by the consumers' sent-packet maps to skip a NACK repeated within a
 * round trip.
 */
public final class ResendStamp {
    /** Never re-sent (the value of a fresh or reused slot). */
    public static final int NEVER = 0;
    private static final int RESENT = 1 << 31;
    private static final int TIME = 0x7FFF_FFFF;

    private ResendStamp() {
    }

    /** The stamp of a resend at {@code nowMs}. */
    public static int of(long nowMs) {
        return RESENT | ((int) nowMs & TIME);
    }

    /**
     * True if {@code stamp} is a resend less than {@code windowMs} before {@code nowMs}, or after it (the clock
     * stepped back), as a comparison of longs would say.
     */
    public static boolean within(int stamp, long nowMs, long windowMs) {
        if (stamp == NEVER) {
            return false;
        }
        int age = (((int) nowMs - stamp) << 1) >> 1; // 31-bit difference, sign-extended
        return age < windowMs;
    }
}
