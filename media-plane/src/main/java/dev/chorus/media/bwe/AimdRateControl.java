package dev.chorus.media.bwe;

/**
 * The delay-based rate controller of draft-ietf-rmcat-gcc section 5.5: a three-state machine (hold, increase,
 * decrease) driven by the over-use detector.
 *
 * <ul>
 *   <li>Over-use: decrease to {@link #BETA} times the acknowledged (received) bitrate, at most once per
 *       round-trip time (at least {@link #MIN_DECREASE_INTERVAL_MS}); the acknowledged bitrate at that moment
 *       feeds the running average of the link's "max" bitrate (restarted from that sample when it lies more than three
 *       standard deviations away: the bottleneck changed). Then hold.</li>
 *   <li>Normal: hold becomes increase; decrease becomes hold. While increasing, the estimate grows
 *       multiplicatively ({@link #MULTIPLICATIVE_PER_SECOND} per second) far from the last known max, or
 *       additively (about half a packet per response time) near it. It never grows beyond
 *       {@link #ACKED_HEADROOM} times the acknowledged bitrate plus {@link #ACKED_SLACK_BPS}: an estimate cannot
 *       run far ahead of what the path has been shown to carry (it is not lowered to that cap either).</li>
 *   <li>Under-use: hold (a queue drains; increasing now would overshoot).</li>
 * </ul>
 *
 * <p>Single-threaded; allocation-free.
 */
final class AimdRateControl {
    /** Decrease factor. */
    static final double BETA = 0.85;
    /** Multiplicative increase per second. */
    static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    /** The estimate may grow up to this times the acknowledged bitrate. */
    static final double ACKED_HEADROOM = 1.5;
    /** Plus this, bps. */
    static final long ACKED_SLACK_BPS = 10_000;
    /** Smallest increase step, bps. */
    static final long MIN_INCREASE_BPS = 1_000;
    /** Shortest time between two decreases, ms. */
    static final long MIN_DECREASE_INTERVAL_MS = 100;
    /** Smoothing of the max-bitrate average. */
    static final double MAX_SMOOTHING = 0.05;
    /** Assumed packet size for the additive step, bits. */
    static final double PACKET_BITS = 1200 * 8;

    private enum State { HOLD, INCREASE, DECREASE }

    private final long minBps;
    private final long maxBps;
    private long estimate;
    private State state = State.HOLD;
    private long lastUpdateMs = Long.MIN_VALUE;
    private long lastDecreaseMs = Long.MIN_VALUE;
    private double avgMaxBps = -1;
    private double varMax;
    private long rttMs = 200;

    AimdRateControl(long startBps, long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.estimate = clamp(startBps);
    }

    /** Round-trip time used for the decrease interval and the additive step, ms. */
    void setRttMs(long rttMs) {
        this.rttMs = Math.max(1, Math.min(rttMs, 10_000));
    }

    /**
     * Applies one detector signal (once per feedback) and returns the new estimate.
     *
     * @param usage    the detector's state
     * @param ackedBps the acknowledged bitrate, or a negative value if unknown yet
     * @param nowMs    the worker's clock, ms
     */
    long update(BandwidthUsage usage, long ackedBps, long nowMs) {
        switch (usage) {
            case OVERUSE -> state = State.DECREASE;
            case NORMAL -> state = state == State.HOLD ? State.INCREASE : state == State.DECREASE ? State.HOLD : state;
            default -> state = State.HOLD;
        }
        long dtMs = lastUpdateMs == Long.MIN_VALUE ? 0 : Math.max(0, Math.min(nowMs - lastUpdateMs, 1000));
        lastUpdateMs = nowMs;
        if (ackedBps > 0 && avgMaxBps >= 0 && ackedBps > avgMaxBps + 3 * maxStd()) {
            avgMaxBps = -1;
            varMax = 0;
        }
        if (state == State.INCREASE) {
            increase(ackedBps, dtMs);
        } else if (state == State.DECREASE) {
            if (lastDecreaseMs == Long.MIN_VALUE || nowMs - lastDecreaseMs >= Math.max(rttMs, MIN_DECREASE_INTERVAL_MS)) {
                long base = ackedBps > 0 ? ackedBps : estimate;
                estimate = Math.min(estimate, (long) (BETA * base));
                if (ackedBps > 0) {
                    updateMax(ackedBps);
                }
                lastDecreaseMs = nowMs;
            }
            state = State.HOLD;
        }
        estimate = clamp(estimate);
        return estimate;
    }

    private void increase(long ackedBps, long dtMs) {
        if (ackedBps > 0 && estimate >= cap(ackedBps)) {
            return;
        }
        boolean nearMax = avgMaxBps >= 0 && ackedBps > 0 && Math.abs(ackedBps - avgMaxBps) <= 3 * maxStd();
        double step;
        if (nearMax) {
            double bitsPerFrame = estimate / 30.0;
            double packetsPerFrame = Math.ceil(bitsPerFrame / PACKET_BITS);
            double packetBits = bitsPerFrame / packetsPerFrame;
            double responseMs = 100 + rttMs;
            step = 0.5 * packetBits * Math.min(dtMs / responseMs, 1.0);
        } else {
            step = estimate * (Math.pow(MULTIPLICATIVE_PER_SECOND, dtMs / 1000.0) - 1);
        }
        long next = estimate + Math.max(MIN_INCREASE_BPS, (long) step);
        if (ackedBps > 0) {
            next = Math.min(next, cap(ackedBps));
        }
        estimate = Math.max(estimate, next);
    }

    private static long cap(long ackedBps) {
        return (long) (ACKED_HEADROOM * ackedBps) + ACKED_SLACK_BPS;
    }

    private void updateMax(long ackedBps) {
        if (avgMaxBps < 0 || Math.abs(ackedBps - avgMaxBps) > 3 * maxStd()) {
            avgMaxBps = ackedBps;
            varMax = 0;
            return;
        }
        double diff = ackedBps - avgMaxBps;
        avgMaxBps += MAX_SMOOTHING * diff;
        varMax = (1 - MAX_SMOOTHING) * varMax + MAX_SMOOTHING * diff * diff;
    }

    /** Standard deviation of the max bitrate, kept within 5%..15% of its average. */
    private double maxStd() {
        return Math.min(Math.max(Math.sqrt(varMax), 0.05 * avgMaxBps), 0.15 * avgMaxBps);
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }

    /** The current estimate, bps. */
    long estimate() {
        return estimate;
    }

    /** Replaces the estimate (e.g. by a REMB value or a reset), bps. */
    void setEstimate(long bps) {
        estimate = clamp(bps);
    }
}
