package dev.chorus.ops.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback between browsers and a node's media port that models a downlink bottleneck, so a test can
 * squeeze what the node sends to subscribers the way a weak network does, and then lift the squeeze.
 *
 * <p>The node announces the relay's port in its ICE candidates ({@code chorus.media.announced-udp-port}); each
 * browser address gets its own upstream socket towards the node, so the node sees one remote address per browser.
 * Browser → node passes untouched. Node → browser goes through one bottleneck per browser: a link of
 * {@link #limitDownlink rate} bits per second with a queue of at most {@code maxQueueMs} of data; a packet that
 * would wait longer is dropped (tail drop). Queueing delay first, then loss: what a congestion controller reading
 * transport-cc feedback is built to detect. With no limit, packets are relayed at once.
 */
final class ThrottledUdpRelay implements AutoCloseable {
    private final DatagramChannel front;
    private volatile InetSocketAddress node;
    private final Selector selector;
    private final Map<SocketAddress, Flow> flows = new ConcurrentHashMap<>();
    /** Flows created by the uplink thread, registered with the selector by the downlink thread. */
    private final ConcurrentLinkedQueue<Flow> pending = new ConcurrentLinkedQueue<>();
    private final Thread uplink;
    private final Thread downlink;
    private final AtomicLong dropped = new AtomicLong();
    private volatile long rateBps;          // 0: no limit
    private volatile long maxQueueMs = 200;
    private volatile boolean closed;

    /** One browser: its upstream socket towards the node and its bottleneck queue. Downlink thread only. */
    private static final class Flow {
        final SocketAddress browser;
        final DatagramChannel upstream;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        final ArrayDeque<Long> departures = new ArrayDeque<>();
        long lastDepartureNanos;

        Flow(SocketAddress browser, DatagramChannel upstream) {
            this.browser = browser;
            this.upstream = upstream;
        }
    }

    /** A relay bound to a free loopback port; set the node's port with {@link #target} before browsers send. */
    ThrottledUdpRelay() throws IOException {
        this.front = DatagramChannel.open();
        front.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.selector = Selector.open();
        this.uplink = new Thread(this::uplinkLoop, "udp-relay-up");
        this.downlink = new Thread(this::downlinkLoop, "udp-relay-down");
        uplink.setDaemon(true);
        downlink.setDaemon(true);
        uplink.start();
        downlink.start();
    }

    /** The node's media port on loopback; datagrams arriving before it is set are dropped. */
    void target(int nodePort) {
        node = new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePort);
    }

    /** The port browsers send to (announce it). */
    int port() throws IOException {
        return ((InetSocketAddress) front.getLocalAddress()).getPort();
    }

    /**
     * Limits every browser's downlink to {@code bitsPerSecond} with a queue of at most {@code queueMs}; 0 lifts
     * the limit.
     */
    void limitDownlink(long bitsPerSecond, long queueMs) {
        maxQueueMs = queueMs;
        rateBps = Math.max(0, bitsPerSecond);
        selector.wakeup();
    }

    /** Node → browser packets dropped at a full bottleneck so far. */
    long dropped() {
        return dropped.get();
    }

    private void uplinkLoop() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (!closed) {
            try {
                buf.clear();
                SocketAddress from = front.receive(buf);
                buf.flip();
                Flow f = flows.get(from);
                if (f == null && node == null) {
                    continue;
                }
                if (f == null) {
                    DatagramChannel up = DatagramChannel.open();
                    up.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    up.connect(node);
                    up.configureBlocking(false);
                    f = new Flow(from, up);
                    flows.put(from, f);
                    pending.add(f);
                    selector.wakeup();
                }
                f.upstream.write(buf);
            } catch (IOException e) {
                if (!closed) {
                    e.printStackTrace();
                }
                return;
            }
        }
    }

    private void downlinkLoop() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (!closed) {
                for (Flow f; (f = pending.poll()) != null; ) {
                    f.upstream.register(selector, SelectionKey.OP_READ, f);
                }
                long next = sendDue(System.nanoTime());
                long waitMs = next == Long.MAX_VALUE ? 50 : Math.max(1, (next - System.nanoTime()) / 1_000_000);
                selector.select(waitMs);
                for (SelectionKey key : selector.selectedKeys()) {
                    Flow f = (Flow) key.attachment();
                    while (true) {
                        buf.clear();
                        if (f.upstream.read(buf) <= 0) {
                            break;
                        }
                        buf.flip();
                        enqueue(f, buf);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) {
                e.printStackTrace();
            }
        }
    }

    private void enqueue(Flow f, ByteBuffer packet) throws IOException {
        long rate = rateBps;
        long now = System.nanoTime();
        if (rate <= 0 && f.queue.isEmpty()) {
            front.send(packet, f.browser);
            return;
        }
        long start = Math.max(now, f.lastDepartureNanos);
        long departure = rate <= 0 ? start : start + packet.remaining() * 8L * 1_000_000_000L / rate;
        if (departure - now > maxQueueMs * 1_000_000L) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = new byte[packet.remaining()];
        packet.get(copy);
        f.queue.add(copy);
        f.departures.add(departure);
        f.lastDepartureNanos = departure;
    }

    /** Sends what is due; returns the earliest departure still queued (or Long.MAX_VALUE). */
    private long sendDue(long now) throws IOException {
        long next = Long.MAX_VALUE;
        for (Flow f : flows.values()) {
            while (!f.queue.isEmpty() && (f.departures.peek() <= now || rateBps <= 0)) {
                f.departures.poll();
                front.send(ByteBuffer.wrap(f.queue.poll()), f.browser);
            }
            if (!f.departures.isEmpty()) {
                next = Math.min(next, f.departures.peek());
            }
        }
        return next;
    }

    @Override
    public void close() {
        closed = true;
        try {
            front.close();
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Flow f : flows.values()) {
            try {
                f.upstream.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            uplink.join(2000);
            downlink.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
