package dev.chorus.media.simulcast;

/**
 * Per producer: which simulcast streams (spatial layers, by encoding index) and temporal layers are active, since
 * when, and their bitrates over the last second. Fed by the engine for every accepted media packet of the producer;
 * read by the {@link LayerSelector}s of its consumers. All on the producer's media worker; allocation-free after
 * construction; time is always passed in ({@code nowMs}, any monotonic millisecond clock).
 *
 * <p>A stream is active while its last packet is less than {@link #ACTIVE_TIMEOUT_MS} old; a temporal layer of
 * a stream is present while it had packets within the same timeout. Bitrates are counted in
 * {@value #BUCKETS} buckets of {@value #BUCKET_MS} ms per (stream, temporal layer).
 */
public final class LayerStats {
    /** A stream (or temporal layer) without packets for this long is inactive. */
    public static final long ACTIVE_TIMEOUT_MS = 1500;
    /** Bitrate bucket width. */
    public static final int BUCKET_MS = 100;
    /** Number of buckets: the bitrate window is {@code BUCKETS * BUCKET_MS} = 1 s. */
    public static final int BUCKETS = 10;
    /** TID has two bits. */
    public static final int MAX_TEMPORAL_LAYERS = 4;

    private final int streams;
    private final long[] lastPacketMs;
    private final long[] activeSinceMs;
    private final long[] lastTemporalMs;
    private final long[] bucketBytes;
    private final long[] bucketEpoch;

    /** Stats for {@code streams} streams (1..16). */
    public LayerStats(int streams) {
        if (streams < 1 || streams > 16) {
            throw new IllegalArgumentException("streams must be 1..16: " + streams);
        }
        this.streams = streams;
        this.lastPacketMs = new long[streams];
        this.activeSinceMs = new long[streams];
        this.lastTemporalMs = new long[streams * MAX_TEMPORAL_LAYERS];
        this.bucketBytes = new long[streams * MAX_TEMPORAL_LAYERS * BUCKETS];
        this.bucketEpoch = new long[streams * MAX_TEMPORAL_LAYERS * BUCKETS];
        java.util.Arrays.fill(lastPacketMs, Long.MIN_VALUE / 2);
        java.util.Arrays.fill(lastTemporalMs, Long.MIN_VALUE / 2);
        java.util.Arrays.fill(bucketEpoch, Long.MIN_VALUE / 2);
    }

    /** Number of streams. */
    public int streams() {
        return streams;
    }

    /**
     * Records a media packet of {@code stream} with temporal id {@code tid} (negative = no temporal info, counted
     * as 0) and {@code bytes} of payload. Out-of-range streams are ignored. Worker thread, per packet.
     */
    public void onPacket(int stream, int tid, int bytes, long nowMs) {
        if (stream < 0 || stream >= streams) {
            return;
        }
        int t = tid < 0 ? 0 : Math.min(tid, MAX_TEMPORAL_LAYERS - 1);
        if (nowMs - lastPacketMs[stream] >= ACTIVE_TIMEOUT_MS) {
            activeSinceMs[stream] = nowMs;
        }
        lastPacketMs[stream] = nowMs;
        int layer = stream * MAX_TEMPORAL_LAYERS + t;
        lastTemporalMs[layer] = nowMs;
        long epoch = Math.floorDiv(nowMs, BUCKET_MS);
        int slot = layer * BUCKETS + (int) Math.floorMod(epoch, BUCKETS);
        if (bucketEpoch[slot] != epoch) {
            bucketEpoch[slot] = epoch;
            bucketBytes[slot] = 0;
        }
        bucketBytes[slot] += bytes;
    }

    /** True when {@code stream} had a packet within {@link #ACTIVE_TIMEOUT_MS}. */
    public boolean active(int stream, long nowMs) {
        return stream >= 0 && stream < streams && nowMs - lastPacketMs[stream] < ACTIVE_TIMEOUT_MS;
    }

    /** How long {@code stream} has been active without interruption, or -1 if it is not active. */
    public long activeForMs(int stream, long nowMs) {
        return active(stream, nowMs) ? nowMs - activeSinceMs[stream] : -1;
    }

    /** Highest temporal layer of {@code stream} with recent packets, or -1 if the stream is not active. */
    public int highestTemporal(int stream, long nowMs) {
        if (!active(stream, nowMs)) {
            return -1;
        }
        for (int t = MAX_TEMPORAL_LAYERS - 1; t > 0; t--) {
            if (nowMs - lastTemporalMs[stream * MAX_TEMPORAL_LAYERS + t] < ACTIVE_TIMEOUT_MS) {
                return t;
            }
        }
        return 0;
    }

    /** Bits per second of {@code stream} over the last second, temporal layers 0..{@code maxTid} together. */
    public long bitrate(int stream, int maxTid, long nowMs) {
        if (stream < 0 || stream >= streams) {
            return 0;
        }
        long epoch = Math.floorDiv(nowMs, BUCKET_MS);
        long bytes = 0;
        int top = Math.min(maxTid, MAX_TEMPORAL_LAYERS - 1);
        for (int t = 0; t <= top; t++) {
            int layer = stream * MAX_TEMPORAL_LAYERS + t;
            for (int b = 0; b < BUCKETS; b++) {
                int slot = layer * BUCKETS + b;
                if (epoch - bucketEpoch[slot] < BUCKETS) {
                    bytes += bucketBytes[slot];
                }
            }
        }
        return bytes * 8 * 1000 / ((long) BUCKETS * BUCKET_MS);
    }
}
