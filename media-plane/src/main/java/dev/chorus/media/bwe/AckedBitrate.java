package dev.chorus.media.bwe;

/**
 * The bitrate the receiver acknowledged (the draft's {@code R_hat}): bytes of packets reported received, summed in
 * {@link #BUCKET_US} buckets of receiver arrival time over a {@link #WINDOW_US} window. Before a full window has
 * been seen, the rate is taken over the time covered so far (at least {@link #MIN_SPAN_US}); before that it is
 * unknown (-1).
 *
 * <p>Single-threaded; allocation-free after construction.
 */
final class AckedBitrate {
    /** Bucket width, us. */
    static final long BUCKET_US = 50_000;
    /** Buckets in the window. */
    static final int BUCKETS = 10;
    /** Window, us. */
    static final long WINDOW_US = BUCKET_US * BUCKETS;
    /** Shortest span a rate is computed over, us. */
    static final long MIN_SPAN_US = 150_000;

    private final long[] bytes = new long[BUCKETS];
    private long current = Long.MIN_VALUE;
    private long first = Long.MIN_VALUE;
    private long total;

    /** A packet of {@code size} bytes reported received at {@code arrivalUs} (receiver clock). */
    void add(long arrivalUs, int size) {
        long bucket = Math.floorDiv(arrivalUs, BUCKET_US);
        if (current == Long.MIN_VALUE || bucket - current >= BUCKETS || bucket < current - 10 * BUCKETS) {
            clear();
            current = bucket;
            first = bucket;
        } else if (bucket > current) {
            for (long b = current + 1; b <= bucket; b++) {
                int i = (int) Math.floorMod(b, (long) BUCKETS);
                total -= bytes[i];
                bytes[i] = 0;
            }
            current = bucket;
        } else if (bucket <= current - BUCKETS) {
            return;
        }
        bytes[(int) Math.floorMod(bucket, (long) BUCKETS)] += size;
        total += size;
    }

    /** The acknowledged bitrate in bps, or -1 if unknown. */
    long bps() {
        if (current == Long.MIN_VALUE) {
            return -1;
        }
        long spanUs = Math.min((current - first + 1) * BUCKET_US, WINDOW_US);
        if (spanUs < MIN_SPAN_US) {
            return -1;
        }
        return total * 8 * 1_000_000 / spanUs;
    }

    private void clear() {
        for (int i = 0; i < BUCKETS; i++) {
            bytes[i] = 0;
        }
        total = 0;
    }
}
