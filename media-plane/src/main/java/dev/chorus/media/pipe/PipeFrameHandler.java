package dev.chorus.media.pipe;

import dev.chorus.media.buffer.BufferPool;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receive side of the bridge: validates each reassembled message, copies its packet into a pooled buffer and
 * hands it to the {@link PipeReceiver}. Runs only on the bridge's receive thread. Malformed messages (too short,
 * unknown type, packet larger than {@link BufferPool#BUFFER_SIZE}) are counted and dropped; receiver exceptions
 * are counted and logged (the first few in full, then every 1000th) and never stop the thread.
 */
final class PipeFrameHandler implements FragmentHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PipeFrameHandler.class);
    private static final long LOG_FIRST = 10;
    private static final long LOG_EVERY = 1000;

    private final BufferPool pool;
    private final PipeReceiver receiver;
    private final BridgeCounters counters;

    PipeFrameHandler(BufferPool pool, PipeReceiver receiver, BridgeCounters counters) {
        this.pool = pool;
        this.receiver = receiver;
        this.counters = counters;
    }

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
        int len = PipeFrame.payloadLength(buffer, offset, length);
        if (len < 0 || len > BufferPool.BUFFER_SIZE) {
            long n = counters.malformed.incrementAndGet();
            if (n <= LOG_FIRST || n % LOG_EVERY == 0) {
                LOG.warn("Dropped malformed pipe message ({} bytes, session {}); {} so far", length,
                        header.sessionId(), n);
            }
            return;
        }
        byte type = PipeFrame.type(buffer, offset);
        long pipeKey = PipeFrame.pipeKey(buffer, offset);
        byte[] buf = pool.acquire();
        buffer.getBytes(offset + PipeFrame.HEADER, buf, 0, len);
        counters.received.incrementAndGet();
        try {
            receiver.onPipeMessage(type, pipeKey, buf, len);
        } catch (Throwable t) {
            long n = counters.receiverErrors.incrementAndGet();
            if (n <= LOG_FIRST || n % LOG_EVERY == 0) {
                LOG.error("Pipe receiver failed on type {} key {}; {} failures so far", type, pipeKey, n, t);
            }
        }
    }
}
