package dev.chorus.media.rtcp;

/**
 * Conversions between Unix milliseconds and the 64-bit NTP timestamps of RTCP sender reports (seconds since
 * 1900-01-01 in the high 32 bits, binary fraction in the low 32 bits), the compact "middle 32 bits" form used for
 * LSR, and the 1/65536-second units of DLSR and round-trip computations (RFC 3550 sections 4 and 6.4.1).
 * Only NTP era 0 (until 2036-02-07) is handled.
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;
    /** Compact-NTP units per second (LSR, DLSR). */
    public static final long DELAY_UNITS_PER_SECOND = 65_536;

    private NtpTime() {
    }

    /** The NTP timestamp of {@code unixMillis}. */
    public static long toNtp64(long unixMillis) {
        long seconds = Math.floorDiv(unixMillis, 1000L) + UNIX_EPOCH_NTP_SECONDS;
        long millis = Math.floorMod(unixMillis, 1000L);
        long fraction = (millis << 32) / 1000L;
        return (seconds << 32) | fraction;
    }

    /** Unix milliseconds of an NTP timestamp, rounded to the nearest millisecond. */
    public static long toMillis(long ntp64) {
        long seconds = ntp64 >>> 32;
        long fraction = ntp64 & 0xFFFF_FFFFL;
        return (seconds - UNIX_EPOCH_NTP_SECONDS) * 1000L + ((fraction * 1000L + (1L << 31)) >>> 32);
    }

    /** The middle 32 bits (16 bits of seconds, 16 bits of fraction), as carried in LSR. */
    public static long middle32(long ntp64) {
        return (ntp64 >>> 16) & 0xFFFF_FFFFL;
    }

    /** Milliseconds to 1/65536-second units (rounded), as carried in DLSR; negative input gives 0. */
    public static long millisToDelayUnits(long millis) {
        if (millis <= 0) {
            return 0;
        }
        return (millis * DELAY_UNITS_PER_SECOND + 500) / 1000;
    }

    /** 1/65536-second units to milliseconds. */
    public static double delayUnitsToMillis(long units) {
        return units * 1000.0 / DELAY_UNITS_PER_SECOND;
    }
}
