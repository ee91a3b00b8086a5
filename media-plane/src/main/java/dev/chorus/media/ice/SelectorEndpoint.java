package dev.chorus.media.ice;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the UDP and TCP media endpoints share: one bound channel served by one selector thread, its counters,
 * and an idempotent close that stops the thread before the channel is closed.
 */
abstract class SelectorEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectorEndpoint.class);

    protected final Selector selector;
    private final int port;
    private final String threadName;
    private final AtomicBoolean closed = new AtomicBoolean();
    protected volatile boolean running;
    /** Written by the selector thread only. */
    protected volatile long received;
    protected volatile long dropped;
    private Thread thread;

    SelectorEndpoint(Selector selector, int port, String threadName) {
        this.selector = selector;
        this.port = port;
        this.threadName = threadName;
    }

    /** Starts the selector thread. */
    public final synchronized void start() {
        if (thread != null || closed.get()) {
            throw new IllegalStateException("already started or closed");
        }
        running = true;
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The bound local port. */
    public final int port() {
        return port;
    }

    /** Datagrams or frames received. */
    public final long received() {
        return received;
    }

    /** Datagrams or frames dropped. */
    public final long dropped() {
        return dropped;
    }

    /** The selector thread's body; returns when {@link #running} goes false. */
    protected abstract void loop();

    /** Closes the channel and whatever hangs off it; the selector thread has stopped by then. */
    protected abstract void closeResources();

    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        selector.wakeup();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeResources();
        closeQuietly(selector);
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("close failed", e);
            }
        }
    }
}
