package dev.chorus.media.bwe;

/**
 * Over-use detector with an adaptive threshold (draft-ietf-rmcat-gcc sections 5.4 and 5.5): compares the delay
 * trend with a threshold {@code del_var_th} that follows the trend's magnitude, quickly upwards ({@link #K_UP})
 * and slowly downwards ({@link #K_DOWN}), within {@link #MIN_THRESHOLD}..{@link #MAX_THRESHOLD} ms. Over-use is
 * signalled once the trend has stayed above the threshold for more than {@link #OVERUSE_TIME_MS} over at least
 * two samples and is not falling; under-use as soon as it is below minus the threshold. A sample more than
 * {@link #OUTLIER_MS} beyond the threshold does not move it (a sudden spike should not desensitise the detector).
 *
 * <p>Single-threaded; allocation-free.
 */
final class OveruseDetector {
    /** Initial threshold, ms. */
    static final double INITIAL_THRESHOLD = 12.5;
    /** Lowest threshold, ms. */
    static final double MIN_THRESHOLD = 6;
    /** Highest threshold, ms. */
    static final double MAX_THRESHOLD = 600;
    /** Gain when the trend's magnitude exceeds the threshold. */
    static final double K_UP = 0.01;
    /** Gain when the trend's magnitude is below the threshold. */
    static final double K_DOWN = 0.00018;
    /** How long the trend must stay above the threshold, ms. */
    static final double OVERUSE_TIME_MS = 10;
    /** Samples farther than this beyond the threshold do not adapt it, ms. */
    static final double OUTLIER_MS = 15;
    /** Longest time step used for adaptation, ms. */
    static final long MAX_ADAPT_STEP_MS = 100;

    private double threshold = INITIAL_THRESHOLD;
    private double overuseMs = -1;
    private int overuseCount;
    private double previousTrend;
    private long lastAdaptMs = Long.MIN_VALUE;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    /**
     * @param trend   the scaled trend from {@link TrendlineFilter}
     * @param deltaMs time since the previous sample (group arrival delta), ms
     * @param samples samples behind the trend; fewer than 2 always means normal
     * @param nowMs   the sample's time (any monotonic clock), ms
     */
    BandwidthUsage detect(double trend, double deltaMs, int samples, long nowMs) {
        if (samples < 2) {
            return state;
        }
        if (trend > threshold) {
            overuseMs = overuseMs < 0 ? deltaMs / 2 : overuseMs + deltaMs;
            overuseCount++;
            if (overuseMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= previousTrend) {
                overuseMs = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSE;
            }
        } else if (trend < -threshold) {
            overuseMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSE;
        } else {
            overuseMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adapt(trend, nowMs);
        return state;
    }

    private void adapt(double trend, long nowMs) {
        if (lastAdaptMs == Long.MIN_VALUE) {
            lastAdaptMs = nowMs;
        }
        double magnitude = Math.abs(trend);
        if (magnitude > threshold + OUTLIER_MS) {
            lastAdaptMs = nowMs;
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        long step = Math.min(Math.max(nowMs - lastAdaptMs, 0), MAX_ADAPT_STEP_MS);
        threshold += k * (magnitude - threshold) * step;
        threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold));
        lastAdaptMs = nowMs;
    }

    /** The current state. */
    BandwidthUsage state() {
        return state;
    }

    /** The current threshold, ms. */
    double threshold() {
        return threshold;
    }

    /** Back to the initial state (used when the arrival clock jumps). */
    void reset() {
        threshold = INITIAL_THRESHOLD;
        overuseMs = -1;
        overuseCount = 0;
        previousTrend = 0;
        lastAdaptMs = Long.MIN_VALUE;
        state = BandwidthUsage.NORMAL;
    }
}
