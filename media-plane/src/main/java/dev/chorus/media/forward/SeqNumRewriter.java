package dev.chorus.media.forward;

import dev.chorus.media.rtp.SeqNum;

/**
 * Maps the 16-bit input sequence numbers of one source stream to a gap-free output sequence for one consumer
 * (the semantics of mediasoup's SeqManager, implemented independently).
 *
 * <ul>
 *   <li>{@link #sync(int)}: the input after {@code input} gets {@code maxOutput() + 1}. Used when the consumer
 *       starts, resumes or switches streams; callers pass the key frame's sequence number minus one.</li>
 *   <li>{@link #drop(int)}: an input newer than everything seen so far will not be forwarded; later inputs shift
 *       down by one so receivers see no gap. Dropping an input that is not newer than the highest seen is
 *       ignored (its output number may already be implied by later packets, so it stays a plain gap).</li>
 *   <li>{@link #input(int)}: the output for an input, or -1 when the input is not newer than the sync point, is
 *       itself dropped, or is older than the bounded drop history can map exactly.</li>
 * </ul>
 *
 * <p>Internally every input is unwrapped to a 64-bit value relative to the highest input seen, so wrap-around at
 * 65535 -> 0 needs no special cases. Dropped inputs are kept in a sorted ring of at most {@code dropHistory}
 * entries; when the oldest is evicted it is folded into the base offset and inputs at or before it are refused
 * (-1) rather than mapped wrongly. Before the first {@code sync} or {@code input}, a {@code drop} is ignored and
 * the first {@code input} maps to itself. Allocation-free after construction. Not thread-safe.
 */
public final class SeqNumRewriter {
    /** Default number of dropped inputs remembered for mapping reordered packets. */
    public static final int DEFAULT_DROP_HISTORY = 512;

    private static final long HALF_RANGE = 0x8000;

    private final long[] dropped;
    private final int dropMask;
    private int dropHead;
    private int dropCount;

    private boolean started;
    private long maxInputExt;
    private long floorExt = Long.MIN_VALUE;
    private long base;
    private long maxOutputExt;

    /** A rewriter remembering {@link #DEFAULT_DROP_HISTORY} dropped inputs. */
    public SeqNumRewriter() {
        this(DEFAULT_DROP_HISTORY);
    }

    /** A rewriter remembering up to {@code dropHistory} dropped inputs (rounded up to a power of two, >= 1). */
    public SeqNumRewriter(int dropHistory) {
        int cap = Integer.highestOneBit(Math.max(1, Math.min(dropHistory, 1 << 15)) * 2 - 1);
        this.dropped = new long[cap];
        this.dropMask = cap - 1;
    }

    /** The output after {@code input} continues right after {@link #maxOutput()}; forgets all drops. */
    public void sync(int input) {
        long in = input & 0xFFFF;
        started = true;
        maxInputExt = in;
        floorExt = in;
        base = maxOutputExt - in;
        dropHead = 0;
        dropCount = 0;
    }

    /** Marks {@code input} as not forwarded, so later inputs close the gap it would leave. */
    public void drop(int input) {
        if (!started) {
            return;
        }
        long x = unwrap(input);
        if (x <= maxInputExt) {
            return;
        }
        maxInputExt = x;
        if (dropCount == dropped.length) {
            evictOldest();
        }
        dropped[(dropHead + dropCount) & dropMask] = x;
        dropCount++;
        expireUnreachable();
    }

    /** Output sequence number (0..65535) for {@code input}, or -1 when it must not be forwarded. */
    public int input(int input) {
        if (!started) {
            started = true;
            long in = input & 0xFFFF;
            maxInputExt = in;
            floorExt = Long.MIN_VALUE;
            base = 0;
            maxOutputExt = in;
            return (int) in;
        }
        long x = unwrap(input);
        if (x <= floorExt) {
            return -1;
        }
        if (x > maxInputExt) {
            maxInputExt = x;
            expireUnreachable();
        }
        long out = x + base;
        if (dropCount > 0) {
            int before = lowerBound(x);
            if (before < dropCount && dropped[(dropHead + before) & dropMask] == x) {
                return -1;
            }
            out -= before;
        }
        if (out > maxOutputExt) {
            maxOutputExt = out;
        }
        return (int) (out & 0xFFFF);
    }

    /** Highest output sequence number produced so far (0 before any output). */
    public int maxOutput() {
        return (int) (maxOutputExt & 0xFFFF);
    }

    /** True once {@link #sync} or {@link #input} has been called. */
    public boolean started() {
        return started;
    }

    private long unwrap(int input) {
        return maxInputExt + SeqNum.diff(input, (int) maxInputExt);
    }

    /** Number of remembered drops strictly before {@code x}. */
    private int lowerBound(long x) {
        int lo = 0;
        int hi = dropCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (dropped[(dropHead + mid) & dropMask] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Drops no input can reach any more (more than half the range behind the highest) only shift the base. */
    private void expireUnreachable() {
        long limit = maxInputExt - HALF_RANGE;
        while (dropCount > 0 && dropped[dropHead] < limit) {
            evictOldest();
        }
    }

    private void evictOldest() {
        long e = dropped[dropHead];
        dropHead = (dropHead + 1) & dropMask;
        dropCount--;
        base--;
        if (e > floorExt) {
            floorExt = e;
        }
    }
}
