package dev.chorus.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * The datagram transport BouncyCastle's DTLS engine sees: receives from a bounded queue that the media thread fills
 * (never blocking it), sends through the session's {@link DtlsServerSession.Sender}. Enforces the overall handshake
 * deadline and wakes up promptly when the session closes.
 */
final class InboundQueueTransport implements DatagramTransport {
    /** Largest datagram we send; keeps DTLS records within a 1280-byte IPv6 path MTU. */
    static final int SEND_LIMIT = 1200;
    /** Largest datagram we accept. */
    static final int RECEIVE_LIMIT = 1500;

    private static final byte[] WAKE = new byte[0];

    private final ArrayBlockingQueue<byte[]> queue;
    private final DtlsServerSession.Sender sender;

    private volatile long deadlineNanos;
    private volatile boolean handshakeDone;
    private volatile boolean closing;
    private volatile boolean suppressSends;
    private volatile boolean timedOut;

    InboundQueueTransport(int capacity, DtlsServerSession.Sender sender) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
    }

    /** Arms the handshake deadline. */
    void startHandshakeClock(long nowNanos, long timeoutMillis) {
        this.deadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    void handshakeDone() {
        handshakeDone = true;
    }

    /** True if the handshake deadline passed while waiting for a datagram. */
    boolean timedOut() {
        return timedOut;
    }

    /** Records that the handshake deadline passed (the failure is then reported as a timeout). */
    void markTimedOut() {
        timedOut = true;
    }

    /** Nanoseconds left until the handshake deadline (may be negative). */
    long remainingNanos(long nowNanos) {
        return deadlineNanos - nowNanos;
    }

    /** Makes every later receive return at once; during the handshake it also silences sends. */
    void close(boolean silence) {
        if (silence) {
            suppressSends = true;
        }
        closing = true;
        queue.offer(WAKE);
    }

    boolean closing() {
        return closing;
    }

    /** Copies one datagram into the queue; false if the queue is full (the datagram is dropped). */
    boolean offer(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        return queue.offer(copy);
    }

    /** Takes a queued datagram without waiting, or null; never returns the internal wake marker. */
    byte[] poll() {
        byte[] d;
        while ((d = queue.poll()) == WAKE) {
            // skip wake markers
        }
        return d;
    }

    int queued() {
        return queue.size();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
        while (true) {
            if (closing) {
                if (!handshakeDone) {
                    throw new IOException("DTLS session closed");
                }
                return -1;
            }
            if (!handshakeDone) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    timedOut = true;
                    throw new TlsTimeoutException("DTLS handshake timed out");
                }
                waitNanos = Math.min(waitNanos, remaining);
            }
            byte[] d;
            try {
                d = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for DTLS data");
            }
            if (d == null) {
                return -1;
            }
            if (d == WAKE) {
                continue;
            }
            int n = Math.min(len, d.length);
            System.arraycopy(d, 0, buf, off, n);
            return n;
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (suppressSends) {
            return;
        }
        try {
            sender.send(buf, off, len);
        } catch (RuntimeException e) {
            throw new IOException("DTLS send failed", e);
        }
    }

    @Override
    public void close() {
        // the session owns the life cycle; BouncyCastle calling close() changes nothing here
    }
}
