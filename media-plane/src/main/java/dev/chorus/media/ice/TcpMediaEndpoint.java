package dev.chorus.media.ice;

import dev.chorus.media.buffer.BufferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's passive ICE-TCP port (RFC 6544 passive candidates, RFC 4571 framing), shared by all transports.
 * One selector thread {@code chorus-tcp} accepts, reads and flushes. The first frame of a connection must be a
 * Binding request that {@link IceDemux} admits (a bad MESSAGE-INTEGRITY gets a 401 first), otherwise the
 * connection is closed; connections that send no such frame within 10 s are closed too. Frames larger than
 * {@link BufferPool#BUFFER_SIZE} are skipped. When a bound connection ends, its handler gets
 * {@link IcePacketHandler#onTupleClosed}.
 */
public final class TcpMediaEndpoint extends SelectorEndpoint {
    /** Cap of bytes queued per connection when the socket does not keep up. */
    public static final int DEFAULT_MAX_PENDING_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TcpMediaEndpoint.class);
    private static final long HANDSHAKE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_CONNECTIONS = 8192;

    private final IceDemux demux;
    private final BufferPool pool;
    private final ServerSocketChannel server;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ConcurrentLinkedQueue<TcpTuple> closeRequests = new ConcurrentLinkedQueue<>();
    /** Selector thread only (and close() after it stopped). */
    private final Set<TcpTuple> connections = new HashSet<>();
    private final StunAdmission admission = new StunAdmission();
    private final byte[] scratch = new byte[256];
    private final Consumer<SelectionKey> onReady = this::onReady;

    private record Bound(ServerSocketChannel server, Selector selector, int port) {
    }

    public TcpMediaEndpoint(InetSocketAddress bind, IceDemux demux, BufferPool pool) {
        this(bind(bind), demux, pool);
    }

    private TcpMediaEndpoint(Bound b, IceDemux demux, BufferPool pool) {
        super(b.selector(), b.port(), "chorus-tcp");
        this.demux = Objects.requireNonNull(demux, "demux");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.server = b.server();
    }

    private static Bound bind(InetSocketAddress bind) {
        ServerSocketChannel ch = null;
        Selector sel = null;
        try {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind, 256);
            ch.configureBlocking(false);
            sel = Selector.open();
            ch.register(sel, SelectionKey.OP_ACCEPT);
            return new Bound(ch, sel, ((InetSocketAddress) ch.getLocalAddress()).getPort());
        } catch (IOException e) {
            closeQuietly(sel);
            closeQuietly(ch);
            throw new UncheckedIOException("cannot bind TCP " + bind, e);
        }
    }

    @Override
    protected void closeResources() {
        for (TcpTuple c : new ArrayList<>(connections)) {
            closeConnection(c);
        }
        connections.clear();
        closeQuietly(server);
    }

    void wakeup() {
        selector.wakeup();
    }

    /** Any thread: asks the selector thread to close {@code t} (and tell its handler if not already closed). */
    void requestClose(TcpTuple t) {
        closeRequests.offer(t);
        selector.wakeup();
    }

    @Override
    protected void loop() {
        long lastSweep = System.nanoTime();
        while (running) {
            try {
                selector.select(onReady, 1000);
                TcpTuple t;
                while ((t = closeRequests.poll()) != null) {
                    closeConnection(t);
                }
                long now = System.nanoTime();
                if (now - lastSweep >= TimeUnit.SECONDS.toNanos(1)) {
                    lastSweep = now;
                    sweepHandshakes(now);
                }
            } catch (IOException e) {
                if (running) {
                    LOG.error("TCP selector failed on port {}", port(), e);
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("TCP loop error on port {}", port(), e);
            }
        }
    }

    private void onReady(SelectionKey key) {
        if (key.channel() == server) {
            accept();
            return;
        }
        TcpTuple t = (TcpTuple) key.attachment();
        try {
            if (key.isReadable()) {
                read(t);
            }
            if (!t.physicallyClosed && key.isValid() && key.isWritable()) {
                t.flushPending();
            }
        } catch (CancelledKeyException e) {
            closeConnection(t);
        }
    }

    private void accept() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                LOG.warn("accept failed on port {}", port(), e);
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                if (connections.size() >= MAX_CONNECTIONS) {
                    ch.close();
                    continue;
                }
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                TcpTuple t = new TcpTuple(this, ch, key, remote, DEFAULT_MAX_PENDING_BYTES, System.nanoTime());
                key.attach(t);
                connections.add(t);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    private void read(TcpTuple t) {
        ByteBuffer in = readBuffer;
        in.clear();
        int n;
        try {
            n = t.channel.read(in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            closeConnection(t);
            return;
        }
        in.flip();
        while (in.hasRemaining() && !t.physicallyClosed) {
            if (t.skip > 0) {
                int k = Math.min(t.skip, in.remaining());
                in.position(in.position() + k);
                t.skip -= k;
            } else if (t.frame == null) {
                t.header = (t.header << 8) | (in.get() & 0xFF);
                if (++t.headerBytes == 2) {
                    startFrame(t, t.header & 0xFFFF);
                    t.header = 0;
                    t.headerBytes = 0;
                }
            } else {
                int k = Math.min(t.frameLength - t.frameFill, in.remaining());
                in.get(t.frame, t.frameFill, k);
                t.frameFill += k;
                if (t.frameFill == t.frameLength) {
                    byte[] f = t.frame;
                    t.frame = null;
                    onFrame(t, f, t.frameLength);
                }
            }
        }
    }

    private void startFrame(TcpTuple t, int length) {
        boolean bound = t.registration != null;
        if (length == 0 || length > BufferPool.BUFFER_SIZE) {
            dropped++;
            if (!bound) {
                closeConnection(t);
            } else {
                t.skip = length;
            }
            return;
        }
        t.frame = pool.acquire();
        t.frameLength = length;
        t.frameFill = 0;
    }

    private void onFrame(TcpTuple t, byte[] f, int len) {
        received++;
        if (t.registration != null) {
            if (t.isClosed()) {
                pool.release(f);
                return;
            }
            deliver(t, f, len);
            return;
        }
        int verdict = demux.admit(f, 0, len, admission);
        if (verdict == StunAdmission.ACCEPT && demux.bind(admission.registration, t)) {
            deliver(t, f, len);
            return;
        }
        dropped++; // counted before any answer goes out, so whoever sees the answer also sees the count
        if (verdict == StunAdmission.UNAUTHORIZED) {
            int m = admission.writeUnauthorized(scratch, 0);
            if (m > 0) {
                t.send(scratch, 0, m);
            }
        }
        pool.release(f);
        closeConnection(t);
    }

    private void deliver(TcpTuple t, byte[] f, int len) {
        if ((f[0] & 0xFF) <= 3) {
            demux.touch(t);
        }
        try {
            t.registration.handler.onPacket(t, f, 0, len);
        } catch (RuntimeException e) {
            LOG.warn("handler failed for {}", t, e);
        }
    }

    private void sweepHandshakes(long now) {
        ArrayList<TcpTuple> stale = null;
        for (TcpTuple t : connections) {
            if (t.registration == null && now - t.acceptedNanos > HANDSHAKE_TIMEOUT_NANOS) {
                if (stale == null) {
                    stale = new ArrayList<>();
                }
                stale.add(t);
            }
        }
        if (stale != null) {
            for (TcpTuple t : stale) {
                closeConnection(t);
            }
        }
    }

    /** Selector thread: closes the socket; a bound tuple not yet closed is unbound and its handler told. */
    private void closeConnection(TcpTuple t) {
        if (t.registration != null) {
            demux.tupleClosed(t);
        } else {
            t.markClosed();
        }
        if (t.physicallyClosed) {
            return;
        }
        t.physicallyClosed = true;
        connections.remove(t);
        t.key.cancel();
        closeQuietly(t.channel);
        if (t.frame != null) {
            pool.release(t.frame);
            t.frame = null;
        }
    }

}
