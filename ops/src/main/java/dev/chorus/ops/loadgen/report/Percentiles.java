package dev.chorus.ops.loadgen.report;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * A distribution summary (count, p50, p99, max) of end-to-end latencies (from a microsecond histogram) or of
 * plain values such as join times (nearest-rank percentiles).
 */
public record Percentiles(long count, OptionalDouble p50, OptionalDouble p99, OptionalDouble max) {

    /** Of a histogram in microseconds, reported in milliseconds; empty figures when it has no values. */
    public static Percentiles ofMicros(Histogram h) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new Percentiles(0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        }
        return new Percentiles(n, OptionalDouble.of(h.getValueAtPercentile(50) / 1000.0),
                OptionalDouble.of(h.getValueAtPercentile(99) / 1000.0), OptionalDouble.of(h.getMaxValue() / 1000.0));
    }

    /** Of plain values (nearest rank); empty figures when there are none. */
    public static Percentiles of(double[] values) {
        if (values.length == 0) {
            return new Percentiles(0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new Percentiles(v.length, OptionalDouble.of(rank(v, 0.50)), OptionalDouble.of(rank(v, 0.99)),
                OptionalDouble.of(v[v.length - 1]));
    }

    private static double rank(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
