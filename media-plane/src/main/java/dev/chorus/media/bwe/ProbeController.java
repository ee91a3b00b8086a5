package dev.chorus.media.bwe;

/**
 * Decides when a subscriber transport sends a probe cluster ({@link SendSideBwe#startProbe}), and how fast.
 *
 * <p>A probe is due when the consumers want more than the estimate ({@code wantedBps > estimateBps}), the estimate
 * has not just dropped ({@code backedOff}: the {@link BitrateAllocator}'s probing back-off), and the previous probe
 * started at least the current interval ago. The interval is {@link #INTERVAL_MS}; only {@link #FOLLOW_UP_MS} after
 * a probe that found at least {@link #FOUND_MORE} times the estimate it started from (so the estimate keeps
 * doubling while the path allows); and it doubles, up to {@link #MAX_INTERVAL_MS}, after each probe the path did
 * not carry (a result below {@link #CARRIED} of the probe's rate, or none: a full path; every such probe briefly
 * queues packets and costs an estimate dip, so a subscriber stuck behind a narrow link is not poked every few
 * seconds). It probes at {@link #GROWTH} times the
 * estimate, at most the wanted bitrate and {@link #MAX_PROBE_BPS}; a probe that would not reach {@link #MIN_GAIN}
 * times the estimate is not worth sending.
 *
 * <p>Pure logic, time passed in; single-threaded; allocation-free.
 */
public final class ProbeController {
    /** Least time between probes, ms. */
    public static final long INTERVAL_MS = 3_000;
    /** Longest time between probes, after probes that found nothing more, ms. */
    public static final long MAX_INTERVAL_MS = 12_000;
    /** Least time between probes while they keep finding more, ms. */
    public static final long FOLLOW_UP_MS = 500;
    /** A probe runs at this multiple of the estimate. */
    public static final double GROWTH = 2.0;
    /** A probe must reach at least this multiple of the estimate to be sent. */
    public static final double MIN_GAIN = 1.1;
    /** A result of at least this multiple of the starting estimate allows the follow-up interval. */
    public static final double FOUND_MORE = 1.25;
    /** A result below this fraction of the probe's rate means the path did not carry the probe. */
    public static final double CARRIED = 0.9;
    /** Highest probing rate, bps. */
    public static final long MAX_PROBE_BPS = 5_000_000;

    private long lastProbeMs = Long.MIN_VALUE;
    private boolean followUp;
    private long intervalMs = INTERVAL_MS;
    private long startEstimateBps;
    private long targetBps;
    private long probes;

    /**
     * Returns the rate to probe at now (bps), or 0 when no probe is due. A non-zero answer counts as a probe
     * started at {@code nowMs}.
     *
     * @param estimateBps the current estimate
     * @param wantedBps   what the consumers would use at their preferred layers, with the upgrade headroom
     * @param backedOff   the estimate dropped recently
     */
    public long due(long estimateBps, long wantedBps, boolean backedOff, long nowMs) {
        if (backedOff || wantedBps <= estimateBps || estimateBps <= 0) {
            return 0;
        }
        long wait = followUp ? FOLLOW_UP_MS : intervalMs;
        if (lastProbeMs != Long.MIN_VALUE && nowMs >= lastProbeMs && nowMs - lastProbeMs < wait) {
            return 0;
        }
        long target = Math.min(Math.min((long) (GROWTH * estimateBps), wantedBps), MAX_PROBE_BPS);
        if (target < MIN_GAIN * estimateBps) {
            return 0;
        }
        lastProbeMs = nowMs;
        followUp = false;
        startEstimateBps = estimateBps;
        targetBps = target;
        probes++;
        return target;
    }

    /** The measured rate of the last probe, bps ({@link ProbeCluster#FAILED} for none). */
    public void onResult(long resultBps) {
        followUp = resultBps >= FOUND_MORE * startEstimateBps;
        if (followUp) {
            intervalMs = INTERVAL_MS;
        } else if (resultBps < CARRIED * targetBps) {
            intervalMs = Math.min(2 * intervalMs, MAX_INTERVAL_MS);
        }
    }

    /** The wait after a probe that did not find more, ms. */
    public long intervalMs() {
        return intervalMs;
    }

    /** Probes started so far. */
    public long probes() {
        return probes;
    }
}
