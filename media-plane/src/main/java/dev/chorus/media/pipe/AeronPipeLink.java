package dev.chorus.media.pipe;

import dev.chorus.media.buffer.BufferPool;
import io.aeron.Publication;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link PipeLink} over one Aeron {@link io.aeron.ConcurrentPublication}. Each sending thread frames into its
 * own scratch buffer, so {@link #send} takes no lock and allocates nothing after the thread's first call.
 */
final class AeronPipeLink implements PipeLink {
    /** One frame-sized scratch buffer per sending thread (shared by all links: a send uses it synchronously). */
    private static final ThreadLocal<UnsafeBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> new UnsafeBuffer(new byte[BufferPool.BUFFER_SIZE + PipeFrame.HEADER]));

    /** Admin actions (term rotation) are transient: an immediate retry normally succeeds. */
    private static final int ADMIN_RETRIES = 3;

    private final String endpoint;
    private final Publication publication;
    private final AeronBridge bridge;
    private final BridgeCounters counters;

    AeronPipeLink(String endpoint, Publication publication, AeronBridge bridge, BridgeCounters counters) {
        this.endpoint = endpoint;
        this.publication = publication;
        this.bridge = bridge;
        this.counters = counters;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean send(byte type, long pipeKey, byte[] buf, int off, int len) {
        if (!PipeFrame.isKnownType(type)) {
            throw new IllegalArgumentException("unknown pipe message type " + type);
        }
        if (len < 0 || len > BufferPool.BUFFER_SIZE || bridge.isClosed()) {
            counters.sendFailures.increment();
            return false;
        }
        UnsafeBuffer scratch = SCRATCH.get();
        int frameLength = PipeFrame.encode(type, pipeKey, buf, off, len, scratch, 0);
        long result = publication.offer(scratch, 0, frameLength);
        for (int i = 0; result == Publication.ADMIN_ACTION && i < ADMIN_RETRIES; i++) {
            result = publication.offer(scratch, 0, frameLength);
        }
        if (result < 0) {
            counters.sendFailures.increment();
            return false;
        }
        counters.sent.increment();
        return true;
    }

    @Override
    public boolean connected() {
        return !bridge.isClosed() && publication.isConnected();
    }

    void close() {
        publication.close();
    }

    @Override
    public String toString() {
        return "PipeLink[" + endpoint + "]";
    }
}
