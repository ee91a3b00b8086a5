package dev.chorus.media.simulcast;

/**
 * Per producer: the latest RTCP sender report facts (NTP timestamp and the RTP timestamp that corresponds to it) of
 * each simulcast stream, used to line up the streams' independent RTP timelines when a consumer switches between
 * them. The engine calls {@link #onSenderReport} for each SR from the publisher; {@link SimulcastRewriter}s of the
 * producer's consumers read it. Media worker only; allocation-free.
 */
public final class SenderReportTable {
    private final int clockRate;
    private final boolean[] has;
    private final long[] ntp;
    private final long[] rtp;

    /** A table for {@code streams} streams of a codec with the given RTP clock rate (e.g. 90000 for video). */
    public SenderReportTable(int streams, int clockRate) {
        if (streams < 1 || clockRate <= 0) {
            throw new IllegalArgumentException("streams and clockRate must be positive");
        }
        this.clockRate = clockRate;
        this.has = new boolean[streams];
        this.ntp = new long[streams];
        this.rtp = new long[streams];
    }

    /** RTP clock rate of the producer's codec. */
    public int clockRate() {
        return clockRate;
    }

    /** Number of streams. */
    public int streams() {
        return has.length;
    }

    /** Records an SR of {@code stream}: 64-bit NTP timestamp (32.32) and RTP timestamp (unsigned 32 bits). */
    public void onSenderReport(int stream, long ntp64, long rtpTimestamp) {
        if (stream < 0 || stream >= has.length) {
            return;
        }
        has[stream] = true;
        ntp[stream] = ntp64;
        rtp[stream] = rtpTimestamp & 0xFFFF_FFFFL;
    }

    /** Forgets the SR of {@code stream} (e.g. its SSRC changed). */
    public void clear(int stream) {
        if (stream >= 0 && stream < has.length) {
            has[stream] = false;
        }
    }

    /** True when {@code stream} has sent an SR. */
    public boolean has(int stream) {
        return stream >= 0 && stream < has.length && has[stream];
    }

    /**
     * The value to add (mod 2^32) to an RTP timestamp of stream {@code from} to get the RTP timestamp of stream
     * {@code to} for the same capture instant: {@code rtp[to] - rtp[from] + (ntp[from] - ntp[to]) * clockRate}.
     * Only meaningful when {@link #has} is true for both.
     */
    public long translation(int from, int to) {
        long ntpDiff = ntp[from] - ntp[to];
        // (ntpDiff * clockRate) >> 32, exact and without overflow: ntpDiff is 32.32 fixed-point seconds.
        long ticks = Math.multiplyHigh(ntpDiff, (long) clockRate << 32);
        return (rtp[to] - rtp[from] + ticks) & 0xFFFF_FFFFL;
    }
}
