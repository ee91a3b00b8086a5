package dev.chorus.ops.loadgen.metrics;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Quantiles of a Prometheus histogram over an interval, computed as {@code histogram_quantile} does: from the
 * increase of the cumulative bucket counts between two scrapes, interpolating linearly inside the bucket that holds
 * the rank (from 0 for the first bucket). A rank in the {@code +Inf} bucket gives the largest finite bound.
 */
public final class HistogramQuantile {
    private HistogramQuantile() {
    }

    /** The increase of each cumulative bucket from {@code start} to {@code end} (buckets absent at start: all). */
    public static TreeMap<Double, Double> delta(TreeMap<Double, Double> start, TreeMap<Double, Double> end) {
        TreeMap<Double, Double> out = new TreeMap<>();
        for (Map.Entry<Double, Double> e : end.entrySet()) {
            out.put(e.getKey(), Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0.0)));
        }
        return out;
    }

    /** The {@code q} quantile (0..1) of cumulative {@code buckets}; empty when they are absent or count nothing. */
    public static OptionalDouble quantile(double q, TreeMap<Double, Double> buckets) {
        if (buckets.isEmpty() || !buckets.containsKey(Double.POSITIVE_INFINITY)) {
            return OptionalDouble.empty();
        }
        double total = buckets.get(Double.POSITIVE_INFINITY);
        if (!(total > 0)) {
            return OptionalDouble.empty();
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        double largestFinite = 0;
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
            double bound = e.getKey();
            double count = e.getValue();
            if (bound == Double.POSITIVE_INFINITY) {
                return OptionalDouble.of(largestFinite);
            }
            largestFinite = bound;
            if (count >= rank) {
                double inBucket = count - lowerCount;
                double fraction = inBucket > 0 ? (rank - lowerCount) / inBucket : 1;
                return OptionalDouble.of(lowerBound + (bound - lowerBound) * fraction);
            }
            lowerBound = bound;
            lowerCount = count;
        }
        return OptionalDouble.of(largestFinite);
    }
}
