package dev.chorus.media.stats;

import java.util.Arrays;

/**
 * An immutable copy of one or more {@link LatencyHistogram}s with the same bounds, summed: the bucket upper
 * bounds in seconds, the count of each bucket (not cumulative; the last bucket is everything above the highest
 * bound, Prometheus' {@code +Inf} bucket), and the sum of all recorded durations in seconds. This is what metrics
 * exporters turn into a Prometheus histogram and what benchmarks read percentiles from.
 */
public final class LatencySnapshot {
    private final double[] upperBoundsSeconds;
    private final long[] bucketCounts;
    private final double sumSeconds;

    public LatencySnapshot(double[] upperBoundsSeconds, long[] bucketCounts, double sumSeconds) {
        if (bucketCounts.length != upperBoundsSeconds.length + 1) {
            throw new IllegalArgumentException("bucket counts must be one more than the bounds (the +Inf bucket)");
        }
        this.upperBoundsSeconds = upperBoundsSeconds.clone();
        this.bucketCounts = bucketCounts.clone();
        this.sumSeconds = sumSeconds;
    }

    /** The node-wide sum of {@code histograms} (all with the same bounds; at least one). */
    public static LatencySnapshot of(LatencyHistogram[] histograms) {
        long[] bounds = histograms[0].boundsNanos();
        long[] counts = new long[bounds.length + 1];
        long sum = 0;
        for (LatencyHistogram h : histograms) {
            if (!Arrays.equals(bounds, h.boundsNanos())) {
                throw new IllegalArgumentException("histograms with different bounds cannot be summed");
            }
            sum += h.addTo(counts);
        }
        double[] seconds = new double[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            seconds[i] = bounds[i] / 1e9;
        }
        return new LatencySnapshot(seconds, counts, sum / 1e9);
    }

    /** Bucket upper bounds in seconds, increasing, without the final {@code +Inf} (a copy). */
    public double[] upperBoundsSeconds() {
        return upperBoundsSeconds.clone();
    }

    /** Per-bucket counts, one more than {@link #upperBoundsSeconds()}: the last is above the highest bound (a copy). */
    public long[] bucketCounts() {
        return bucketCounts.clone();
    }

    /** Counts up to and including each bound, then the total ({@code +Inf}), as Prometheus' {@code _bucket}. */
    public long[] cumulativeCounts() {
        long[] c = new long[bucketCounts.length];
        long run = 0;
        for (int i = 0; i < c.length; i++) {
            run += bucketCounts[i];
            c[i] = run;
        }
        return c;
    }

    public long count() {
        long n = 0;
        for (long c : bucketCounts) {
            n += c;
        }
        return n;
    }

    public double sumSeconds() {
        return sumSeconds;
    }

    /**
     * An estimate of quantile {@code q} (0..1) in seconds, interpolated linearly inside the bucket that holds it, as
     * Prometheus' {@code histogram_quantile} does (the first bucket starts at 0); NaN when empty. A quantile that
     * falls above the highest bound is reported as that bound: the histogram knows no more.
     */
    public double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("q must be in [0, 1]");
        }
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < upperBoundsSeconds.length; i++) {
            long in = bucketCounts[i];
            if (in > 0 && below + in >= rank) {
                double lower = i == 0 ? 0 : upperBoundsSeconds[i - 1];
                return lower + (upperBoundsSeconds[i] - lower) * ((rank - below) / in);
            }
            below += in;
        }
        return upperBoundsSeconds[upperBoundsSeconds.length - 1];
    }

    @Override
    public String toString() {
        return "LatencySnapshot{count=" + count() + ", sum=" + sumSeconds + "s, p50=" + quantile(0.5) + "s, p99="
                + quantile(0.99) + "s}";
    }
}
