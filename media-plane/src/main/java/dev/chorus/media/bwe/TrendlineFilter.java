package dev.chorus.media.bwe;

/**
 * Estimates how fast one-way queuing delay is growing from a stream of inter-group delay variations: the
 * variations are summed into an accumulated delay, smoothed exponentially, and a least-squares line is fitted
 * over the last {@link #WINDOW} (arrival time, smoothed delay) points. The slope (milliseconds of added delay per
 * millisecond) is scaled by the number of samples seen so far (up to {@link #MAX_SCALE}) and by {@link #GAIN}, so
 * that it can be compared with the over-use threshold in milliseconds. A slope of 0.05 (the path queues 5% of
 * what is sent) gives 12 once warmed up, close to the detector's initial threshold.
 *
 * <p>Single-threaded; allocation-free after construction.
 */
final class TrendlineFilter {
    /** Points in the regression window. */
    static final int WINDOW = 20;
    /** Weight of the previous smoothed value. */
    static final double SMOOTHING = 0.9;
    /** Gain applied to the slope. */
    static final double GAIN = 4.0;
    /** Cap of the sample-count scaling. */
    static final int MAX_SCALE = 60;

    private final double[] xs = new double[WINDOW];
    private final double[] ys = new double[WINDOW];
    private int count;
    private int head;
    private long firstArrivalUs = Long.MIN_VALUE;
    private double accumulated;
    private double smoothed;
    private double slope;
    private int samples;

    /**
     * Adds one inter-group delay variation and returns the scaled trend.
     *
     * @param delayVariationMs arrival delta minus send delta of two consecutive groups, in ms
     * @param arrivalUs        arrival time of the later group (receiver clock), in microseconds
     */
    double update(double delayVariationMs, long arrivalUs) {
        if (firstArrivalUs == Long.MIN_VALUE) {
            firstArrivalUs = arrivalUs;
        }
        if (samples < 1000) {
            samples++;
        }
        accumulated += delayVariationMs;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        xs[head] = (arrivalUs - firstArrivalUs) / 1000.0;
        ys[head] = smoothed;
        head = (head + 1) % WINDOW;
        if (count < WINDOW) {
            count++;
        }
        if (count == WINDOW) {
            fit();
        }
        return trend();
    }

    /** The last scaled trend (0 until the window is full). */
    double trend() {
        return Math.min(samples, MAX_SCALE) * slope * GAIN;
    }

    /** Samples seen since the last reset (capped at 1000). */
    int samples() {
        return samples;
    }

    /** Forgets everything (used when the arrival clock jumps). */
    void reset() {
        count = 0;
        head = 0;
        firstArrivalUs = Long.MIN_VALUE;
        accumulated = 0;
        smoothed = 0;
        slope = 0;
        samples = 0;
    }

    private void fit() {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < WINDOW; i++) {
            mx += xs[i];
            my += ys[i];
        }
        mx /= WINDOW;
        my /= WINDOW;
        double num = 0;
        double den = 0;
        for (int i = 0; i < WINDOW; i++) {
            double dx = xs[i] - mx;
            num += dx * (ys[i] - my);
            den += dx * dx;
        }
        if (den > 0) {
            slope = num / den;
        }
    }
}
