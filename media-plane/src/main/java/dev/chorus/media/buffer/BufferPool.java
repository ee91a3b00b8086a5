package dev.chorus.media.buffer;

import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * Pool of fixed-size packet buffers. One owner at a time: whoever took a buffer returns it exactly once
 * (a stage that drops the packet, or the socket writer after sending). Lock-free and allocation-free on the
 * steady state; when empty it allocates (and counts it), so a leak shows up as a growing {@link #allocated()}.
 */
public final class BufferPool {
    /** Room for a 1500-byte datagram plus header-extension growth and the SRTP auth tag. */
    public static final int BUFFER_SIZE = 1600;

    private final ManyToManyConcurrentArrayQueue<byte[]> free;
    private final AtomicLong allocated = new AtomicLong();

    public BufferPool(int capacity) {
        this(capacity, 0);
    }

    /** A pool holding up to {@code capacity} idle buffers, {@code preallocate} of them created up front. */
    public BufferPool(int capacity, int preallocate) {
        this.free = new ManyToManyConcurrentArrayQueue<>(capacity);
        for (int i = 0; i < Math.min(capacity, preallocate); i++) {
            free.offer(new byte[BUFFER_SIZE]);
        }
    }

    /** A buffer of {@link #BUFFER_SIZE} bytes; contents are undefined. */
    public byte[] acquire() {
        byte[] b = free.poll();
        if (b == null) {
            allocated.incrementAndGet();
            b = new byte[BUFFER_SIZE];
        }
        return b;
    }

    /** Gives a buffer back. Buffers of another size are ignored (left to the GC). */
    public void release(byte[] b) {
        if (b != null && b.length == BUFFER_SIZE) {
            free.offer(b);
        }
    }

    /** How many buffers this pool has ever had to allocate. */
    public long allocated() {
        return allocated.get();
    }

    /** Buffers currently idle in the pool. */
    public int idle() {
        return free.size();
    }
}
