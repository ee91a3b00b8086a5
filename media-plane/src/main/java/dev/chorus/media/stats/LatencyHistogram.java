package dev.chorus.media.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket histogram of durations with exactly one writer thread (a media worker) and any number of readers.
 * {@link #record} is lock-free and allocation-free: a bounded search over the bucket bounds, then plain reads and
 * release writes of the writer's own slots (no read-modify-write atomics are needed with a single writer). Readers
 * {@link #addTo add} the counts of several histograms, one per worker, into a node-wide {@link LatencySnapshot}.
 *
 * <p>Bounds are upper bounds in nanoseconds, inclusive (a value equal to a bound counts in that bound's bucket, as
 * Prometheus' {@code le} says); one extra bucket holds everything above the highest bound. The default bounds are
 * 1-2-5 steps from 1 µs to 1 s ({@link #DEFAULT_BOUNDS_NANOS}), which cover a forwarding delay from a fast path to a
 * badly stalled worker.
 */
public final class LatencyHistogram {
    /** 1, 2, 5 µs ... 200, 500 ms, 1 s. */
    public static final long[] DEFAULT_BOUNDS_NANOS = oneTwoFive(1_000L, 1_000_000_000L);

    private final long[] bounds;
    /** bounds.length + 1 buckets; the last one is above the highest bound. Written by the writer thread only. */
    private final AtomicLongArray counts;
    private final AtomicLong sumNanos = new AtomicLong();

    public LatencyHistogram() {
        this(DEFAULT_BOUNDS_NANOS);
    }

    /** @param boundsNanos strictly increasing positive upper bounds, in nanoseconds */
    public LatencyHistogram(long[] boundsNanos) {
        if (boundsNanos.length == 0) {
            throw new IllegalArgumentException("at least one bound is needed");
        }
        for (int i = 0; i < boundsNanos.length; i++) {
            if (boundsNanos[i] <= 0 || (i > 0 && boundsNanos[i] <= boundsNanos[i - 1])) {
                throw new IllegalArgumentException("bounds must be positive and strictly increasing");
            }
        }
        this.bounds = boundsNanos.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    /** Writer thread only. Negative durations (a clock that went backwards) count as zero. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        int i = bucketOf(v);
        counts.setRelease(i, counts.getPlain(i) + 1);
        sumNanos.setRelease(sumNanos.getPlain() + v);
    }

    /** The bucket a value falls in: the first bound that is at least {@code nanos}, or the overflow bucket. */
    int bucketOf(long nanos) {
        int lo = 0;
        int hi = bounds.length; // the answer lies in [lo, hi]; hi == bounds.length is the overflow bucket
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (nanos <= bounds[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The upper bounds in nanoseconds (a copy). */
    public long[] boundsNanos() {
        return bounds.clone();
    }

    /**
     * Any thread: adds this histogram's per-bucket counts into {@code into} (length {@code bounds + 1}) and returns
     * its sum of recorded durations in nanoseconds. Each value is read once; a reader racing the writer may see a
     * bucket without the sum of its newest value, never a torn number.
     */
    public long addTo(long[] into) {
        if (into.length != counts.length()) {
            throw new IllegalArgumentException("expected " + counts.length() + " buckets, got " + into.length);
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += counts.getAcquire(i);
        }
        return sumNanos.getAcquire();
    }

    /** Any thread: this histogram alone as a snapshot. */
    public LatencySnapshot snapshot() {
        return LatencySnapshot.of(new LatencyHistogram[] {this});
    }

    private static long[] oneTwoFive(long from, long to) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (long decade = from; decade <= to; decade *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (decade * m <= to) {
                    out.add(decade * m);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
