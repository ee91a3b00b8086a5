package dev.chorus.media.rtp;

/**
 * The abs-send-time header extension value: a send time as 24-bit 6.18 fixed-point seconds (wrapping every 64 s).
 * Receivers only use differences between packets, so any monotonic clock will do; the engine stamps each packet
 * with the same clock reading it records for transport-cc, at the moment it writes the packet.
 */
public final class AbsSendTime {
    private AbsSendTime() {
    }

    /** The 24-bit value for a time in microseconds (any non-negative clock). */
    public static int fromMicros(long us) {
        long seconds = us / 1_000_000;
        long fraction = (us % 1_000_000) * 262_144 / 1_000_000;
        return (int) (((seconds << 18) + fraction) & 0xFFFFFF);
    }
}
