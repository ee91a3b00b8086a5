package dev.chorus.media.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One passive ICE-TCP connection (RFC 6544) with RFC 4571 framing. Sending writes the frame straight to the
 * socket when nothing is pending; what the socket does not take goes into a bounded pending buffer flushed by
 * the endpoint's selector thread (OP_WRITE). A frame that does not fit in the pending buffer is dropped whole.
 * Read-side framing state is only touched by the selector thread.
 */
final class TcpTuple extends IceTuple {
    static final int MAX_SEND = 0xFFFF;
    private static final ThreadLocal<ByteBuffer> TX = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(2 + MAX_SEND));

    final SocketChannel channel;
    final SelectionKey key;
    final long acceptedNanos;
    private final TcpMediaEndpoint endpoint;
    private final int maxPending;
    private final Object writeLock = new Object();
    /** Write mode (position = end of queued bytes); allocated on the first partial write. Guarded by writeLock. */
    private ByteBuffer pending;
    private volatile boolean failed;
    private volatile long sendDropped;

    // read-side framing state, selector thread only
    int headerBytes;
    int header;
    byte[] frame;
    int frameLength;
    int frameFill;
    int skip;
    boolean physicallyClosed;

    TcpTuple(TcpMediaEndpoint endpoint, SocketChannel channel, SelectionKey key, InetSocketAddress remote,
             int maxPending, long acceptedNanos) {
        super(remote, "tcp");
        this.endpoint = endpoint;
        this.channel = channel;
        this.key = key;
        this.maxPending = Math.max(maxPending, 2 + MAX_SEND);
        this.acceptedNanos = acceptedNanos;
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
        if (isClosed() || failed || !Stun.inBounds(buf, off, len) || len > MAX_SEND
                || Thread.currentThread().isInterrupted()) {
            return false;
        }
        synchronized (writeLock) {
            if (pending != null && pending.position() > 0) {
                if (pending.remaining() < 2 + len) {
                    sendDropped++;
                    return false;
                }
                pending.put((byte) (len >>> 8)).put((byte) len).put(buf, off, len);
                return true;
            }
            ByteBuffer bb = TX.get();
            bb.clear();
            bb.put((byte) (len >>> 8)).put((byte) len).put(buf, off, len);
            bb.flip();
            try {
                channel.write(bb);
            } catch (IOException | RuntimeException e) {
                fail();
                return false;
            }
            if (bb.hasRemaining()) {
                if (pending == null) {
                    pending = ByteBuffer.allocateDirect(maxPending);
                }
                pending.put(bb);
                try {
                    key.interestOpsOr(SelectionKey.OP_WRITE);
                } catch (RuntimeException e) {
                    fail();
                    return false;
                }
                endpoint.wakeup();
            }
            return true;
        }
    }

    /** Frames dropped because the pending-write buffer was full. */
    long sendDropped() {
        return sendDropped;
    }

    /** Selector thread, on OP_WRITE: writes what is pending; stops watching OP_WRITE once empty. */
    void flushPending() {
        synchronized (writeLock) {
            if (pending == null) {
                key.interestOpsAnd(~SelectionKey.OP_WRITE);
                return;
            }
            pending.flip();
            try {
                channel.write(pending);
            } catch (IOException | RuntimeException e) {
                fail();
                return;
            } finally {
                pending.compact();
            }
            if (pending.position() == 0) {
                key.interestOpsAnd(~SelectionKey.OP_WRITE);
            }
        }
    }

    /** The socket broke while writing: let the selector thread close it (never re-enters the caller). */
    private void fail() {
        if (!failed) {
            failed = true;
            endpoint.requestClose(this);
        }
    }

    @Override
    void release() {
        endpoint.requestClose(this);
    }
}
