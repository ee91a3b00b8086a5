package dev.chorus.ops.loadgen.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Quantiles from cumulative buckets, as histogram_quantile computes them. */
class LoadgenHistogramQuantileTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static TreeMap<Double, Double> buckets(double... boundAndCount) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (int i = 0; i < boundAndCount.length; i += 2) {
            m.put(boundAndCount[i], boundAndCount[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> cases() {
        TreeMap<Double, Double> b = buckets(1, 50, 2, 90, 4, 100, INF, 100);
        return Stream.of(
                Arguments.of(0.5, b, 1.0),        // rank 50 ends the first bucket
                Arguments.of(0.25, b, 0.5),       // halfway through the first bucket, from 0
                Arguments.of(0.7, b, 1.5),        // rank 70: halfway through (1, 2]
                Arguments.of(0.99, b, 3.8),       // rank 99: 9/10 of (2, 4]
                Arguments.of(0.99, buckets(1, 10, INF, 100), 1.0));  // in +Inf: the largest finite bound
    }

    @ParameterizedTest
    @MethodSource("cases")
    void interpolatesInsideTheBucketOfTheRank(double q, TreeMap<Double, Double> b, double expected) {
        assertEquals(expected, HistogramQuantile.quantile(q, b).getAsDouble(), 1e-9);
    }

    @Test
    void emptyOrIncompleteHistogramsHaveNoQuantile() {
        assertTrue(HistogramQuantile.quantile(0.5, new TreeMap<>()).isEmpty());
        assertTrue(HistogramQuantile.quantile(0.5, buckets(1, 0, INF, 0)).isEmpty());
        assertTrue(HistogramQuantile.quantile(0.5, buckets(1, 5)).isEmpty(), "no +Inf bucket");
    }

    @Test
    void theWindowIsTheIncreaseBetweenScrapes() {
        TreeMap<Double, Double> start = buckets(1, 100, 2, 100, INF, 100);
        TreeMap<Double, Double> end = buckets(1, 100, 2, 200, INF, 200);
        TreeMap<Double, Double> d = HistogramQuantile.delta(start, end);
        assertEquals(Map.of(1.0, 0.0, 2.0, 100.0, INF, 100.0), d);
        assertEquals(1.5, HistogramQuantile.quantile(0.5, d).getAsDouble(), 1e-9);
    }
}
