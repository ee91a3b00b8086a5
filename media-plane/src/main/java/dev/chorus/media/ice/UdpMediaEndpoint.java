package dev.chorus.media.ice;

import dev.chorus.media.buffer.BufferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one UDP media port, shared by all transports. A daemon thread {@code chorus-udp-rx} receives each
 * datagram into a direct buffer, copies it into a pooled {@code byte[]}, and hands it to the handler of its known
 * tuple; datagrams from unknown remotes become a new tuple only if {@link IceDemux} admits them (authenticated
 * Binding request), a bad MESSAGE-INTEGRITY gets a 401, anything else is counted and dropped.
 *
 * <p>The channel is bound in the constructor (so {@link #port()} is known before {@link #start()}) and is
 * non-blocking: sends never block a worker, they fail when the socket buffer is full. Note that interrupting a
 * thread while it is inside {@code send} would close the shared channel (NIO semantics); sends from a thread
 * whose interrupt flag is already set are refused for that reason.
 */
public final class UdpMediaEndpoint extends SelectorEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(UdpMediaEndpoint.class);
    private static final int RX_CAPACITY = 2048;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final ThreadLocal<ByteBuffer> TX = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(RX_CAPACITY));

    private final IceDemux demux;
    private final BufferPool pool;
    private final DatagramChannel channel;
    private final ConcurrentHashMap<InetSocketAddress, UdpTuple> tuples = new ConcurrentHashMap<>();
    private final ByteBuffer rx = ByteBuffer.allocateDirect(RX_CAPACITY);
    private final StunAdmission admission = new StunAdmission();
    private final byte[] scratch = new byte[256];
    private final Consumer<SelectionKey> onReady = key -> { };

    private record Bound(DatagramChannel channel, Selector selector, int port) {
    }

    public UdpMediaEndpoint(InetSocketAddress bind, IceDemux demux, BufferPool pool) {
        this(bind(bind), demux, pool);
    }

    private UdpMediaEndpoint(Bound b, IceDemux demux, BufferPool pool) {
        super(b.selector(), b.port(), "chorus-udp-rx");
        this.demux = Objects.requireNonNull(demux, "demux");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.channel = b.channel();
    }

    private static Bound bind(InetSocketAddress bind) {
        DatagramChannel ch = null;
        Selector sel = null;
        try {
            ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            ch.bind(bind);
            ch.configureBlocking(false);
            sel = Selector.open();
            ch.register(sel, SelectionKey.OP_READ);
            return new Bound(ch, sel, ((InetSocketAddress) ch.getLocalAddress()).getPort());
        } catch (IOException e) {
            closeQuietly(sel);
            closeQuietly(ch);
            throw new UncheckedIOException("cannot bind UDP " + bind, e);
        }
    }

    @Override
    protected void closeResources() {
        closeQuietly(channel);
        for (UdpTuple tuple : new ArrayList<>(tuples.values())) {
            demux.tupleClosed(tuple);
        }
        tuples.clear();
    }

    @Override
    protected void loop() {
        while (running) {
            try {
                selector.select(onReady);
                drain();
            } catch (IOException e) {
                if (running) {
                    LOG.error("UDP receive failed on port {}", port(), e);
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("UDP receive loop error on port {}", port(), e);
            }
        }
    }

    private void drain() throws IOException {
        while (running) {
            rx.clear();
            SocketAddress from = channel.receive(rx);
            if (from == null) {
                return;
            }
            onDatagram((InetSocketAddress) from, rx.position());
        }
    }

    private void onDatagram(InetSocketAddress remote, int n) {
        received++;
        if (n > BufferPool.BUFFER_SIZE) {
            dropped++;
            return;
        }
        byte[] buf = pool.acquire();
        rx.flip();
        rx.get(buf, 0, n);
        UdpTuple tuple = tuples.get(remote);
        if (tuple != null && tuple.isClosed()) {
            tuples.remove(remote, tuple);
            tuple = null;
        }
        if (tuple != null) {
            deliver(tuple, buf, n);
            return;
        }
        int verdict = demux.admit(buf, 0, n, admission);
        if (verdict == StunAdmission.ACCEPT) {
            UdpTuple fresh = new UdpTuple(this, remote);
            tuples.put(remote, fresh);
            if (demux.bind(admission.registration, fresh)) {
                deliver(fresh, buf, n);
                return;
            }
            tuples.remove(remote, fresh);
        }
        dropped++; // counted before any answer goes out, so whoever sees the answer also sees the count
        if (verdict == StunAdmission.UNAUTHORIZED) {
            int m = admission.writeUnauthorized(scratch, 0);
            if (m > 0) {
                sendTo(remote, scratch, 0, m);
            }
        }
        pool.release(buf);
    }

    private void deliver(IceTuple tuple, byte[] buf, int n) {
        if ((buf[0] & 0xFF) <= 3) {
            demux.touch(tuple);
        }
        try {
            tuple.registration.handler.onPacket(tuple, buf, 0, n);
        } catch (RuntimeException e) {
            LOG.warn("handler failed for {}", tuple, e);
        }
    }

    /** Sends one datagram from the shared port; false if it could not be sent right now. */
    boolean sendTo(InetSocketAddress remote, byte[] buf, int off, int len) {
        if (!Stun.inBounds(buf, off, len) || len > RX_CAPACITY || Thread.currentThread().isInterrupted()) {
            return false;
        }
        ByteBuffer bb = TX.get();
        bb.clear();
        bb.put(buf, off, len);
        bb.flip();
        try {
            return channel.send(bb, remote) == len;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Called when a tuple is closed by the demux. */
    void forget(UdpTuple tuple) {
        tuples.remove(tuple.remote(), tuple);
    }

}
