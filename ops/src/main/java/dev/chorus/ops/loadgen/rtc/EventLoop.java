package dev.chorus.ops.loadgen.rtc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that owns a share of the synthetic participants' media: a {@link Selector} over their UDP sockets,
 * a {@link TimerWheel} for sending cadences, RTCP and ICE consent, and a queue of control tasks (from signaling
 * and the DTLS pool). Everything a participant does with packets runs here, so its media state needs no locks.
 *
 * <p>Each iteration: wait for a readable socket (at most 1 ms while timers are pending), drain every readable
 * socket into the loop's receive buffer, advance the timers, then run queued tasks. The receive and transmit
 * buffers are shared by everything on the loop (one packet at a time), so the steady state allocates nothing.
 */
public final class EventLoop implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    /** Room for an SRTP tag after the largest packet the generator builds. */
    public static final int BUFFER_SIZE = 1600;
    private static final int WHEEL_SLOTS = 4096;

    private final String name;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final TimerWheel timers;
    private final long originNanos;
    private final byte[] rx = new byte[BUFFER_SIZE];
    private final ByteBuffer rxView = ByteBuffer.wrap(rx);
    private final byte[] tx = new byte[BUFFER_SIZE];
    private final ByteBuffer txView = ByteBuffer.wrap(tx);
    private final Consumer<SelectionKey> onSelected = this::readable;
    private final Thread thread;
    private volatile boolean running = true;
    private long nowMs;

    /** Creates the loop; call {@link #start()} to run it. */
    public EventLoop(String name) {
        this.name = name;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.originNanos = System.nanoTime();
        this.timers = new TimerWheel(WHEEL_SLOTS, 0);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code task} on the loop thread, in submission order. Thread-safe. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Timers of this loop (loop thread only). */
    public TimerWheel timers() {
        return timers;
    }

    /** Milliseconds since the loop was created, as of the current iteration (loop thread only). */
    public long nowMs() {
        return nowMs;
    }

    /** The {@link System#nanoTime()} reading at which the loop's millisecond clock is 0. */
    public long originNanos() {
        return originNanos;
    }

    /** {@code nanos} (a {@link System#nanoTime()} reading) on the loop's millisecond clock ({@link #nowMs()}). */
    public long toLoopMs(long nanos) {
        return (nanos - originNanos) / 1_000_000L;
    }

    /** The loop's transmit scratch buffer ({@link #BUFFER_SIZE} bytes; loop thread only, one packet at a time). */
    public byte[] txBuffer() {
        return tx;
    }

    /** Registers a non-blocking channel whose datagrams go to {@code reader} (loop thread only). */
    public SelectionKey register(DatagramChannel channel, DatagramReader reader) throws IOException {
        return channel.register(selector, SelectionKey.OP_READ, reader);
    }

    /** Writes {@code tx[0..len)} to a connected channel; returns false if the datagram could not be sent now. */
    public boolean send(DatagramChannel channel, int len) {
        txView.clear().limit(len);
        try {
            return channel.write(txView) == len;
        } catch (IOException e) {
            return false;
        }
    }

    /** What a registered socket does with each datagram read into the loop's receive buffer. */
    public interface DatagramReader {
        /** The channel to drain. */
        DatagramChannel channel();

        /** One datagram at {@code buf[0..len)}, received at {@code nowNanos} ({@link System#nanoTime()}). */
        void onDatagram(byte[] buf, int len, long nowNanos);

        /** The socket failed (e.g. ICMP port unreachable); the reader decides whether that is fatal. */
        void onReadError(IOException e);
    }

    private void run() {
        try {
            while (running) {
                int timeout = timers.size() > 0 ? 1 : 50;
                selector.select(onSelected, timeout);
                nowMs = (System.nanoTime() - originNanos) / 1_000_000L;
                timers.advance(nowMs);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    runTask(task);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("event loop {} failed", name, e);
            }
        } finally {
            closeSelector();
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("task on {} failed", name, e);
        }
    }

    private void readable(SelectionKey key) {
        DatagramReader reader = (DatagramReader) key.attachment();
        DatagramChannel ch = reader.channel();
        try {
            while (key.isValid()) {
                rxView.clear();
                int n = ch.read(rxView);
                if (n <= 0) {
                    return;
                }
                reader.onDatagram(rx, n, System.nanoTime());
            }
        } catch (IOException e) {
            reader.onReadError(e);
        } catch (RuntimeException e) {
            LOG.warn("datagram handling on {} failed", name, e);
        }
    }

    private void closeSelector() {
        try {
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            LOG.debug("closing {}", name, e);
        }
    }

    /** Stops the loop and closes every channel registered with it. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            closeSelector();
        }
    }
}
