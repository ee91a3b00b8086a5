package dev.chorus.media.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bucket boundaries, per-worker writers summed by a reader, snapshots and quantiles of {@link LatencyHistogram}. */
class LatencyHistogramTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    @Test
    void defaultBoundsAreOneTwoFiveFromAMicrosecondToASecond() {
        long[] b = LatencyHistogram.DEFAULT_BOUNDS_NANOS;
        assertEquals(19, b.length);
        assertEquals(US, b[0]);
        assertEquals(2 * US, b[1]);
        assertEquals(5 * US, b[2]);
        assertEquals(10 * US, b[3]);
        assertEquals(500 * MS, b[17]);
        assertEquals(1_000 * MS, b[18]);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(0L, 0), // nothing is below the first bucket
                Arguments.of(-5L, 0), // a clock step backwards counts as zero
                Arguments.of(999L, 0),
                Arguments.of(US, 0), // upper bounds are inclusive (le)
                Arguments.of(US + 1, 1),
                Arguments.of(2 * US, 1),
                Arguments.of(2 * US + 1, 2),
                Arguments.of(37 * US, 5), // (20 µs, 50 µs]
                Arguments.of(50 * US, 5),
                Arguments.of(MS, 9),
                Arguments.of(999 * MS, 18),
                Arguments.of(1_000 * MS, 18),
                Arguments.of(1_000 * MS + 1, 19), // above the highest bound: the +Inf bucket
                Arguments.of(Long.MAX_VALUE, 19));
    }

    @ParameterizedTest
    @MethodSource("values")
    void aValueLandsInTheFirstBucketWhoseBoundIsAtLeastIt(long nanos, int bucket) {
        LatencyHistogram h = new LatencyHistogram();
        h.record(nanos);
        long[] counts = h.snapshot().bucketCounts();
        long[] expected = new long[LatencyHistogram.DEFAULT_BOUNDS_NANOS.length + 1];
        expected[bucket] = 1;
        assertArrayEquals(expected, counts, "value " + nanos);
    }

    @Test
    void snapshotHasBoundsInSecondsCumulativeCountsAndTheSum() {
        LatencyHistogram h = new LatencyHistogram(new long[] {10 * US, 100 * US, MS});
        h.record(5 * US);
        h.record(10 * US);
        h.record(60 * US);
        h.record(3 * MS);
        LatencySnapshot s = h.snapshot();
        assertArrayEquals(new double[] {10e-6, 100e-6, 1e-3}, s.upperBoundsSeconds(), 1e-15);
        assertArrayEquals(new long[] {2, 1, 0, 1}, s.bucketCounts());
        assertArrayEquals(new long[] {2, 3, 3, 4}, s.cumulativeCounts());
        assertEquals(4, s.count());
        assertEquals((5 + 10 + 60 + 3000) * 1e-6, s.sumSeconds(), 1e-12);
        h.record(1);
        assertEquals(4, s.count(), "a snapshot does not change afterwards");
    }

    @Test
    void quantilesInterpolateInsideTheBucketLikeHistogramQuantile() {
        LatencyHistogram h = new LatencyHistogram(new long[] {10 * US, 100 * US, MS});
        for (int i = 0; i < 50; i++) {
            h.record(5 * US); // (0, 10 µs]
        }
        for (int i = 0; i < 50; i++) {
            h.record(50 * US); // (10, 100 µs]
        }
        LatencySnapshot s = h.snapshot();
        assertEquals(10e-6, s.quantile(0.5), 1e-12, "rank 50 is the top of the first bucket");
        assertEquals(10e-6 + 90e-6 * 0.98, s.quantile(0.99), 1e-12, "rank 99 is 49/50 into the second bucket");
        assertEquals(5e-6, s.quantile(0.25), 1e-12);
        assertTrue(Double.isNaN(new LatencyHistogram().snapshot().quantile(0.5)), "empty: no estimate");
        h.record(10 * MS);
        h.record(10 * MS);
        assertEquals(1e-3, h.snapshot().quantile(1.0), 1e-12, "beyond the highest bound: that bound");
    }

    @Test
    void histogramsOfSeveralWritersAreSummedByAReaderWhileTheyWrite() throws Exception {
        int writers = 4;
        int perWriter = 200_000;
        LatencyHistogram[] hs = new LatencyHistogram[writers];
        Thread[] threads = new Thread[writers];
        CountDownLatch start = new CountDownLatch(1);
        for (int w = 0; w < writers; w++) {
            LatencyHistogram h = new LatencyHistogram();
            hs[w] = h;
            int id = w;
            threads[w] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perWriter; i++) {
                    h.record((id + 1) * 3 * US); // writer 0: 3 µs, 1: 6 µs, 2: 9 µs, 3: 12 µs
                }
            });
            threads[w].start();
        }
        AtomicBoolean monotonic = new AtomicBoolean(true);
        start.countDown();
        long previous = 0;
        boolean done = false;
        while (!done) {
            done = true;
            for (Thread t : threads) {
                done &= !t.isAlive();
            }
            long n = LatencySnapshot.of(hs).count();
            if (n < previous) {
                monotonic.set(false);
            }
            previous = n;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(monotonic.get(), "a reader never sees the total go down");
        LatencySnapshot s = LatencySnapshot.of(hs);
        assertEquals((long) writers * perWriter, s.count(), "every value of every writer is counted once");
        long[] c = s.bucketCounts();
        assertEquals(perWriter, c[2], "3 µs in (2, 5 µs]");
        assertEquals(2L * perWriter, c[3], "6 and 9 µs in (5, 10 µs]");
        assertEquals(perWriter, c[4], "12 µs in (10, 20 µs]");
        assertEquals(perWriter * (3 + 6 + 9 + 12) * 1e-6, s.sumSeconds(), 1e-6);
    }

    @Test
    void recordingAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 20_000; i++) {
            h.record(i * 997L); // warm-up (JIT)
        }
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            h.record(i * 10_007L);
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(120_000, h.snapshot().count());
        assertTrue(allocated < 1_000, "record allocated " + allocated + " bytes for 100000 values");
    }

    @Test
    void badBoundsAndMismatchedHistogramsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(new long[] {5, 5}));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(new long[] {0, 5}));
        assertThrows(IllegalArgumentException.class, () -> LatencySnapshot.of(new LatencyHistogram[] {
                new LatencyHistogram(new long[] {1, 2}), new LatencyHistogram(new long[] {1, 3})}));
    }
}
