package dev.chorus.media.rtp;

/**
 * Unwraps the 16-bit sequence numbers of one stream into a 64-bit extended counter
 * ({@code cycles * 65536 + seq}), as RFC 3550 receivers do for loss statistics and retransmission keys.
 *
 * <p>The first number seen starts cycle 0. Each later number is placed at the extended value nearest to the
 * highest one seen so far (within -32768..+32767), so late packets from before a wrap land in the previous
 * cycle. A late packet from before the very first one can therefore yield a negative value. Not thread-safe.
 */
public final class ExtendedSeq {
    private boolean started;
    private long highest;

    /** Returns the extended value of {@code seq} (low 16 bits used) and advances the highest value if newer. */
    public long update(int seq) {
        int s = seq & 0xFFFF;
        if (!started) {
            started = true;
            highest = s;
            return s;
        }
        long ext = highest + SeqNum.diff(s, (int) highest);
        if (ext > highest) {
            highest = ext;
        }
        return ext;
    }

    /** Highest extended value returned so far, or -1 before the first {@link #update}. */
    public long highest() {
        return started ? highest : -1;
    }

    /** Number of completed wraps of the highest value ({@code highest() >>> 16}), 0 before the first update. */
    public long cycles() {
        return started ? highest >> 16 : 0;
    }
}
