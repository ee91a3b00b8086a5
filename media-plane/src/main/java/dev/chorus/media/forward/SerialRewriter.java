package dev.chorus.media.forward;

/**
 * Maps an n-bit wrapping input counter (RTP sequence number: 16 bits, VP8 PictureID: 15, TL0PICIDX: 8) of the
 * current source stream to a gap-free n-bit output counter that continues across source switches and drops.
 *
 * <ul>
 *   <li>{@link #sync(int, int)}: the input after {@code input} gets {@code maxOutput() + 1 + skip}. Called when
 *       forwarding switches to another stream (with the input before the first forwarded one).</li>
 *   <li>{@link #drop(int)}: an input newer than all seen will not be forwarded; later inputs shift down so the
 *       output has no gap. Dropping an input that is not newer than the highest seen is ignored (that is how
 *       several packets of one dropped frame with the same PictureID count once).</li>
 *   <li>{@link #input(int)}: the output for an input, or -1 when it is at or before the sync point, is itself
 *       dropped, or is older than the bounded drop history can map exactly.</li>
 * </ul>
 *
 * <p>Inputs are unwrapped to 64-bit values around the highest input seen (half-range rule), so wrap-around needs
 * no special case. Drops are kept in a ring (ascending, since only new inputs can be dropped) of bounded size;
 * evicted or unreachable drops fold into the base offset. The ring is allocated at the first drop (a consumer
 * that never forwards, or never drops, keeps none); allocation-free after that. Not thread-safe (confined to the
 * consumer's media worker).
 */
public final class SerialRewriter {
    private final int bits;
    private final long mask;
    private final long half;
    /** The drop ring, allocated at the first drop. */
    private long[] dropped;
    private final int dropCapacity;
    private final int dropMask;
    private int dropHead;
    private int dropCount;

    private boolean started;
    private long maxInExt;
    private long floorExt;
    private long base;
    private long maxOutExt;

    /**
     * A rewriter of {@code bits}-bit counters (1..31) remembering up to {@code dropHistory} drops (rounded up to a
     * power of two); the first output after the first sync is {@code firstOutput} (low {@code bits} used).
     */
    public SerialRewriter(int bits, int dropHistory, int firstOutput) {
        if (bits < 1 || bits > 31) {
            throw new IllegalArgumentException("bits must be 1..31: " + bits);
        }
        this.bits = bits;
        this.mask = (1L << bits) - 1;
        this.half = 1L << (bits - 1);
        int cap = Integer.highestOneBit(Math.max(1, Math.min(dropHistory, 1 << 15)) * 2 - 1);
        this.dropCapacity = cap;
        this.dropMask = cap - 1;
        this.maxOutExt = (firstOutput & mask) - 1;
    }

    /** Counter width in bits. */
    public int bits() {
        return bits;
    }

    /**
     * Re-bases on a new source: the input after {@code input} maps to {@code maxOutput() + 1 + skip}
     * ({@code skip >= 0} leaves that many output numbers unused). Inputs at or before {@code input} are refused
     * afterwards. Forgets all drops.
     */
    public void sync(int input, int skip) {
        long in = input & mask;
        started = true;
        maxInExt = in;
        floorExt = in;
        base = maxOutExt + Math.max(0, skip) - in;
        dropHead = 0;
        dropCount = 0;
    }

    /** Marks {@code input} as not forwarded; ignored unless it is newer than every input seen since the sync. */
    public void drop(int input) {
        if (!started) {
            return;
        }
        long x = unwrap(input);
        if (x <= maxInExt) {
            return;
        }
        maxInExt = x;
        if (dropped == null) {
            dropped = new long[dropCapacity];
        }
        if (dropCount == dropCapacity) {
            evictOldest();
        }
        dropped[(dropHead + dropCount) & dropMask] = x;
        dropCount++;
        expireUnreachable();
    }

    /** Output (0..2^bits-1) for {@code input}, or -1 when it must not be forwarded (also before any sync). */
    public int input(int input) {
        if (!started) {
            return -1;
        }
        long x = unwrap(input);
        if (x <= floorExt) {
            return -1;
        }
        if (x > maxInExt) {
            maxInExt = x;
            expireUnreachable();
        }
        long out = x + base;
        if (dropCount > 0) {
            int before = countBefore(x);
            if (before < dropCount && dropped[(dropHead + before) & dropMask] == x) {
                return -1;
            }
            out -= before;
        }
        if (out > maxOutExt) {
            maxOutExt = out;
        }
        return (int) (out & mask);
    }

    /**
     * Starts without a sync: {@code input} maps to itself and later inputs follow it (older ones too, as long as
     * they are reachable). For a consumer's first packet, which needs no re-basing. Returns the output.
     */
    public int startAt(int input) {
        long in = input & mask;
        started = true;
        maxInExt = in;
        floorExt = Long.MIN_VALUE;
        base = 0;
        maxOutExt = in;
        dropHead = 0;
        dropCount = 0;
        return (int) in;
    }

    /** Highest output so far ({@code firstOutput - 1} before any). */
    public int maxOutput() {
        return (int) (maxOutExt & mask);
    }

    /** True once {@link #sync} was called. */
    public boolean started() {
        return started;
    }

    /** Highest input seen since the last sync (dropped or not), as an n-bit value. */
    public int maxInput() {
        return (int) (maxInExt & mask);
    }

    private long unwrap(int input) {
        long d = ((input & mask) - (maxInExt & mask)) & mask;
        if (d >= half) {
            d -= mask + 1;
        }
        return maxInExt + d;
    }

    private int countBefore(long x) {
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

    private void expireUnreachable() {
        long limit = maxInExt - half;
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
