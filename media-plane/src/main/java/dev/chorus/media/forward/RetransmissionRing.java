package dev.chorus.media.forward;

import dev.chorus.media.buffer.BufferPool;
import java.util.Arrays;

/**
 * Copies of recent packets of one stream, keyed by 16-bit sequence number, for answering NACKs.
 *
 * <p>A power-of-two ring: sequence number {@code s} lives in slot {@code s & (capacity - 1)}. Each occupied slot
 * owns one {@link BufferPool} buffer; overwriting a slot reuses the buffer it already owns, so the steady state
 * neither allocates nor touches the pool. Entries older than {@code maxAgeMs} count as absent and their buffers go
 * back to the pool when looked up; {@link #clear()} returns every buffer. Not thread-safe: owned by the worker
 * thread of its stream.
 */
public final class RetransmissionRing {
    /** Value of {@link #lastResentMs} for a packet never re-sent (or absent). */
    public static final long NEVER = -1;

    private final BufferPool pool;
    private final int mask;
    private final long maxAgeMs;
    private final byte[][] buffers;
    private final int[] seqs;
    private final int[] lengths;
    private final long[] storedMs;
    private final long[] resentMs;
    private int size;

    /**
     * @param pool     source of packet buffers
     * @param capacity number of slots, a power of two in 1..65536
     * @param maxAgeMs entries stored more than this long ago are treated as absent
     */
    public RetransmissionRing(BufferPool pool, int capacity, long maxAgeMs) {
        if (pool == null) {
            throw new IllegalArgumentException("pool is null");
        }
        if (capacity < 1 || capacity > 65536 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..65536: " + capacity);
        }
        if (maxAgeMs < 0) {
            throw new IllegalArgumentException("maxAgeMs must be >= 0: " + maxAgeMs);
        }
        this.pool = pool;
        this.mask = capacity - 1;
        this.maxAgeMs = maxAgeMs;
        this.buffers = new byte[capacity][];
        this.seqs = new int[capacity];
        this.lengths = new int[capacity];
        this.storedMs = new long[capacity];
        this.resentMs = new long[capacity];
        Arrays.fill(seqs, -1);
    }

    /**
     * Copies {@code src[off..off+len)} as packet {@code seq} (low 16 bits), replacing whatever occupied its slot.
     * Ignored when the range is invalid, empty or longer than {@link BufferPool#BUFFER_SIZE}.
     */
    public void store(int seq, byte[] src, int off, int len, long nowMs) {
        if (src == null || off < 0 || len <= 0 || len > BufferPool.BUFFER_SIZE || off > src.length - len) {
            return;
        }
        int i = seq & mask;
        byte[] b = buffers[i];
        if (b == null) {
            b = pool.acquire();
            buffers[i] = b;
            size++;
        }
        System.arraycopy(src, off, b, 0, len);
        seqs[i] = seq & 0xFFFF;
        lengths[i] = len;
        storedMs[i] = nowMs;
        resentMs[i] = NEVER;
    }

    /**
     * Length of stored packet {@code seq}, or -1 when it is absent, was overwritten, or is older than
     * {@code maxAgeMs} (an expired entry's buffer is released here).
     */
    public int length(int seq, long nowMs) {
        int i = seq & mask;
        if (buffers[i] == null || seqs[i] != (seq & 0xFFFF)) {
            return -1;
        }
        if (nowMs - storedMs[i] > maxAgeMs) {
            free(i);
            return -1;
        }
        return lengths[i];
    }

    /** Buffer holding packet {@code seq}, or null if absent; only meaningful right after {@link #length} >= 0. */
    public byte[] buffer(int seq) {
        int i = seq & mask;
        return buffers[i] != null && seqs[i] == (seq & 0xFFFF) ? buffers[i] : null;
    }

    /** Offset of packet {@code seq} in {@link #buffer(int)} (always 0), or -1 if absent. */
    public int offset(int seq) {
        return buffer(seq) != null ? 0 : -1;
    }

    /** When packet {@code seq} was last re-sent, or {@link #NEVER} if never (or absent). */
    public long lastResentMs(int seq) {
        int i = seq & mask;
        return buffers[i] != null && seqs[i] == (seq & 0xFFFF) ? resentMs[i] : NEVER;
    }

    /** Records that packet {@code seq} was re-sent at {@code nowMs}; ignored if absent. */
    public void markResent(int seq, long nowMs) {
        int i = seq & mask;
        if (buffers[i] != null && seqs[i] == (seq & 0xFFFF)) {
            resentMs[i] = nowMs;
        }
    }

    /** Returns every buffer to the pool and empties the ring. */
    public void clear() {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) {
                free(i);
            }
        }
    }

    /** Number of slots currently holding a buffer (expired entries count until looked up or cleared). */
    public int size() {
        return size;
    }

    private void free(int i) {
        pool.release(buffers[i]);
        buffers[i] = null;
        seqs[i] = -1;
        lengths[i] = 0;
        resentMs[i] = NEVER;
        size--;
    }
}
