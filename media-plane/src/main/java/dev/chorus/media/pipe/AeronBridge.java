package dev.chorus.media.pipe;

import dev.chorus.media.buffer.BufferPool;
import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.RegistrationException;
import java.io.File;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's end of the inter-node media transport: an embedded Aeron media driver (own directory, shared-thread
 * mode, sleeping when idle), one UDP subscription that every remote node sends to, a receive thread that hands
 * messages to a {@link PipeReceiver}, and cached outbound {@link PipeLink}s, one per remote endpoint. Messages are
 * {@link PipeFrame}s: piped producers' RTP one way, RTCP feedback the other. Aeron makes each link reliable and
 * ordered; several bridges may live in one JVM.
 */
public final class AeronBridge implements AutoCloseable {
    /** The one Aeron stream id every bridge publishes and subscribes on. */
    public static final int STREAM_ID = 1001;
    /** Name of the receive thread. */
    public static final String RX_THREAD_NAME = "chorus-aeron-rx";

    private static final Logger LOG = LoggerFactory.getLogger(AeronBridge.class);
    private static final int FRAGMENT_LIMIT = 64;
    /** Longest idle sleep of the driver and receive threads while messages flow: bounds the added latency. */
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Without a message sent or received for this long the bridge counts as idle ... */
    private static final long QUIET_AFTER_NS = TimeUnit.SECONDS.toNanos(1);
    /** ... and its threads sleep this long at a time (so a first packet after a quiet spell waits up to this). */
    private static final long QUIET_PARK_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long a closing client keeps log buffers mapped, so a send racing with close cannot touch freed memory. */
    private static final long CLOSE_LINGER_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long BIND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long RX_JOIN_MS = 5000;
    /** Room for ~8k counters (a link or peer uses a handful); Aeron's 8 MiB default maps 40 MiB of cnc.dat. */
    private static final int COUNTERS_BUFFER_LENGTH = 1024 * 1024;

    private final AeronBridgeConfig config;
    private final BufferPool pool;
    private final PipeReceiver receiver;
    private final BridgeCounters counters = new BridgeCounters();
    private final ConcurrentMap<String, AeronPipeLink> links = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();

    private volatile boolean started;
    private volatile boolean closed;
    private MediaDriver driver;
    private Aeron aeron;
    private Subscription subscription;
    private Thread rxThread;
    private volatile String endpoint;
    private File directory;

    public AeronBridge(AeronBridgeConfig config, BufferPool pool, PipeReceiver receiver) {
        this.config = Objects.requireNonNull(config, "config");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * Launches the embedded driver, the client, the subscription and the receive thread.
     *
     * @throws IllegalStateException when already started or closed, or when the driver or subscription cannot be
     *                               set up (for instance the port is taken); nothing is left running then
     */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "bridge is closed" : "bridge already started");
            }
            started = true;
            try {
                launch();
            } catch (RuntimeException e) {
                shutdown();
                closed = true;
                throw new IllegalStateException("cannot start Aeron bridge on "
                        + PipeEndpoint.format(config.bindHost(), config.port()), e);
            }
        }
        LOG.info("Aeron bridge listening on {} port {} (announced {}, driver dir {})",
                config.bindHost(), boundPort(), endpoint, directory);
    }

    private void launch() {
        directory = new File(config.driverDirectory() != null ? config.driverDirectory() : uniqueDirectory());
        MediaDriver.Context driverContext = new MediaDriver.Context()
                .aeronDirectoryName(directory.getAbsolutePath())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .warnIfDirectoryExists(false)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(idleStrategy())
                .sharedThreadFactory(daemonThreads())
                .asyncExecutorEnabled(false)
                .publicationTermBufferLength(config.termLength())
                .counterValuesBufferLength(COUNTERS_BUFFER_LENGTH)
                .lowStorageWarningThreshold(10L * config.termLength())
                .errorHandler(t -> LOG.warn("Aeron driver error ({})", directory, t));
        driver = MediaDriver.launch(driverContext);
        aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(directory.getAbsolutePath())
                .closeLingerDurationNs(CLOSE_LINGER_NS)
                .threadFactory(daemonThreads())
                .errorHandler(t -> LOG.warn("Aeron client error ({})", directory, t)));
        String channel = "aeron:udp?endpoint=" + PipeEndpoint.format(config.bindHost(), config.port());
        subscription = aeron.addSubscription(channel, STREAM_ID, AeronBridge::onImageAvailable,
                AeronBridge::onImageUnavailable);
        int port = config.port() != 0 ? config.port() : awaitBoundPort();
        endpoint = PipeEndpoint.format(config.announcedHost(), port);
        Thread t = new Thread(this::receiveLoop, RX_THREAD_NAME);
        t.setDaemon(true);
        rxThread = t;
        t.start();
    }

    /** announcedHost:port — what other nodes pass to {@link #link(String)}. Null before {@link #start()}. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The shared, cached link to a remote bridge, creating its publication if needed. Control-path call: it may
     * block briefly while the driver adds the publication; never call it per packet. Linking to an endpoint where
     * nobody listens is fine: its sends return false until a bridge appears there.
     *
     * @throws IllegalArgumentException when {@code endpoint} is not {@code host:port} with a port in 1..65535, or
     *                                  the driver rejects it (for instance an unresolvable host)
     * @throws IllegalStateException    when the bridge is not started or already closed
     */
    public PipeLink link(String endpoint) {
        PipeEndpoint ep = PipeEndpoint.parse(endpoint);
        String key = ep.text();
        AeronPipeLink link = links.get(key);
        if (link != null) {
            return link;
        }
        synchronized (lifecycle) {
            requireRunning();
            link = links.get(key);
            if (link == null) {
                Publication publication;
                try {
                    publication = aeron.addPublication(
                            "aeron:udp?endpoint=" + key + "|term-length=" + config.termLength(), STREAM_ID);
                } catch (RegistrationException e) {
                    throw new IllegalArgumentException("cannot open a pipe link to " + key + ": " + e.getMessage(), e);
                }
                link = new AeronPipeLink(key, publication, this, counters);
                links.put(key, link);
                LOG.info("Opened pipe link {} -> {}", this.endpoint, key);
            }
            return link;
        }
    }

    /**
     * Closes and forgets the link to {@code endpoint} (for instance when that node left the cluster). Links
     * handed out before keep failing their sends; a later {@link #link(String)} opens a fresh one.
     *
     * @return whether there was such a link
     */
    public boolean closeLink(String endpoint) {
        String key = PipeEndpoint.parse(endpoint).text();
        synchronized (lifecycle) {
            AeronPipeLink link = links.remove(key);
            if (link == null || closed) {
                return false;
            }
            link.close();
            LOG.info("Closed pipe link {} -> {}", this.endpoint, key);
            return true;
        }
    }

    /** Messages offered successfully over all links. */
    public long messagesSent() {
        return counters.sent.sum();
    }

    /** Well-formed messages received and handed to the receiver. */
    public long messagesReceived() {
        return counters.received.get();
    }

    /** Sends that returned false (not connected, back-pressured, too large, closed). */
    public long sendFailures() {
        return counters.sendFailures.sum();
    }

    /** Inbound messages dropped as too short, of unknown type, or with a packet too large for the pool. */
    public long malformed() {
        return counters.malformed.get();
    }

    /** Inbound messages whose receiver call threw. */
    public long receiverErrors() {
        return counters.receiverErrors.get();
    }

    /**
     * Stops the receive thread, closes client and driver and deletes the driver directory. Idempotent; after it,
     * sends return false. Do not call it from the receiver callback (the receive thread cannot wait for itself).
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Outside the lock: a receiver callback blocked in link() must be able to finish before we join it.
        shutdown();
        LOG.info("Aeron bridge {} closed", endpoint);
    }

    boolean isClosed() {
        return closed;
    }

    /** The driver directory in use (null before start). For tests and diagnostics. */
    File aeronDirectory() {
        return directory;
    }

    private void shutdown() {
        closed = true;
        Thread t = rxThread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(RX_JOIN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("Aeron bridge receive thread did not stop within {} ms", RX_JOIN_MS);
            }
        }
        links.clear();
        CloseHelper.closeAll(e -> LOG.warn("Error closing Aeron bridge", e), aeron, driver);
        if (directory != null && directory.exists()) {
            IoUtil.delete(directory, true);
        }
    }

    private void requireRunning() {
        if (!started || closed) {
            throw new IllegalStateException(closed ? "bridge is closed" : "bridge not started");
        }
    }

    private void receiveLoop() {
        FragmentAssembler assembler = new FragmentAssembler(new PipeFrameHandler(pool, receiver, counters));
        IdleStrategy idle = idleStrategy();
        while (!closed) {
            int work;
            try {
                work = subscription.poll(assembler, FRAGMENT_LIMIT);
            } catch (Throwable t) {
                LOG.error("Aeron bridge receive poll failed", t);
                work = 0;
            }
            idle.idle(work);
        }
    }

    private int awaitBoundPort() {
        long deadline = System.nanoTime() + BIND_TIMEOUT_NS;
        IdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (System.nanoTime() < deadline) {
            String resolved = subscription.resolvedEndpoint();
            if (resolved != null) {
                return Integer.parseInt(resolved.substring(resolved.lastIndexOf(':') + 1));
            }
            idle.idle();
        }
        throw new IllegalStateException("subscription did not bind within 5 s");
    }

    private int boundPort() {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** Backoff to 1 ms parks while messages flow, 10 ms parks after a second without any. */
    private IdleStrategy idleStrategy() {
        return new QuietIdleStrategy(counters::activity, MAX_PARK_NS, QUIET_AFTER_NS, QUIET_PARK_NS);
    }

    private static ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }

    private static String uniqueDirectory() {
        File shm = new File("/dev/shm");
        String base = shm.isDirectory() && shm.canWrite() ? shm.getPath() : System.getProperty("java.io.tmpdir");
        return new File(base, "chorus-aeron-" + UUID.randomUUID()).getPath();
    }

    private static void onImageAvailable(Image image) {
        LOG.info("Pipe peer connected: {} (session {})", image.sourceIdentity(), image.sessionId());
    }

    private static void onImageUnavailable(Image image) {
        LOG.info("Pipe peer gone: {} (session {})", image.sourceIdentity(), image.sessionId());
    }
}
