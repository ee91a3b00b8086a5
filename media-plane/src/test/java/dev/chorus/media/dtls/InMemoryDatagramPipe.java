package dev.chorus.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory datagram path: {@link #pair()} returns two connected ends, each with its own inbox queue. An
 * optional drop filter on the sending side simulates loss of chosen datagrams.
 */
public final class InMemoryDatagramPipe implements DatagramPipe {
    private final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile InMemoryDatagramPipe peer;
    private volatile Predicate<byte[]> dropFilter = d -> false;

    private InMemoryDatagramPipe() {
    }

    /** Two connected ends: what one sends, the other receives. */
    public static InMemoryDatagramPipe[] pair() {
        InMemoryDatagramPipe a = new InMemoryDatagramPipe();
        InMemoryDatagramPipe b = new InMemoryDatagramPipe();
        a.peer = b;
        b.peer = a;
        return new InMemoryDatagramPipe[] {a, b};
    }

    /** Datagrams sent from this end for which {@code filter} returns true are lost. */
    public void dropOutgoing(Predicate<byte[]> filter) {
        this.dropFilter = filter;
    }

    /** Datagrams sent from this end (including dropped ones). */
    public int sent() {
        return sent.get();
    }

    /** Datagrams sent from this end and dropped by the filter. */
    public int dropped() {
        return dropped.get();
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        sent.incrementAndGet();
        if (dropFilter.test(copy)) {
            dropped.incrementAndGet();
            return;
        }
        peer.inbox.add(copy);
    }

    @Override
    public int receive(byte[] buf, int off, int len, int timeoutMs) throws IOException {
        byte[] d;
        try {
            d = inbox.poll(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        if (d == null) {
            return -1;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }
}
