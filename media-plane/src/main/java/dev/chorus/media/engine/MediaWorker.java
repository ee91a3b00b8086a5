package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.ice.IceTuple;
import dev.chorus.media.stats.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media thread. It owns a set of routers (and so their transports, producers and consumers): every packet and
 * every control command for them runs here, so the forwarding state needs no locks. Socket threads hand packets
 * over through a lock-free queue of pooled events; the control plane hands commands over as {@link Runnable}s.
 */
final class MediaWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(MediaWorker.class);
    private static final int QUEUE_CAPACITY = 8192;
    /** The fast timer's period (NACKs, transport-cc feedback, layer and downlink control), ms. */
    static final long TICK_FAST_MS = 20;
    private static final long TICK_SLOW_MS = 1000;

    final int index;
    final BufferPool pool;
    final MediaCounters counters;
    final EgressScratch scratch = new EgressScratch();
    /**
     * Transit time of every packet this worker forwards to a subscriber: socket receive to hand-off to the socket
     * for that subscriber (one value per subscriber). Written only on this worker's thread.
     */
    final LatencyHistogram transit = new LatencyHistogram();
    private final ManyToOneConcurrentArrayQueue<PacketEvent> packets = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final ManyToManyConcurrentArrayQueue<PacketEvent> freeEvents = new ManyToManyConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Router> routers = new ArrayList<>();
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean running = true;
    private long nextFastTick;
    private long nextSlowTick;
    volatile int load;

    MediaWorker(int index, BufferPool pool, MediaCounters counters) {
        this.index = index;
        this.pool = pool;
        this.counters = counters;
        for (int i = 0; i < QUEUE_CAPACITY; i++) {
            freeEvents.offer(new PacketEvent());
        }
        this.thread = new Thread(this, "chorus-media-" + index);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called from a socket thread. Returns false (caller releases the buffer) when the worker is saturated. */
    boolean offerPacket(PacketTarget transport, IceTuple tuple, byte[] buf, int off, int len, long arrivalNanos) {
        PacketEvent ev = freeEvents.poll();
        if (ev == null) {
            counters.dropQueueFull.increment();
            return false;
        }
        ev.transport = transport;
        ev.tuple = tuple;
        ev.buf = buf;
        ev.off = off;
        ev.len = len;
        ev.arrivalNanos = arrivalNanos;
        if (!packets.offer(ev)) {
            ev.clear();
            freeEvents.offer(ev);
            counters.dropQueueFull.increment();
            return false;
        }
        wake();
        return true;
    }

    /** Runs {@code command} on this worker's thread. */
    void execute(Runnable command) {
        commands.offer(command);
        wake();
    }

    /** The id of this worker's thread, for per-thread CPU time. */
    long threadId() {
        return thread.getId();
    }

    boolean onWorkerThread() {
        return Thread.currentThread() == thread;
    }

    void addRouter(Router r) {
        routers.add(r);
        load = routers.size();
    }

    /** The routers of this worker; read only on the worker thread. */
    List<Router> routers() {
        return routers;
    }

    void removeRouter(Router r) {
        routers.remove(r);
        load = routers.size();
    }

    private void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        long now = System.currentTimeMillis();
        nextFastTick = now + TICK_FAST_MS;
        nextSlowTick = now + TICK_SLOW_MS;
        while (running) {
            int work = 0;
            try {
                work += drainCommands();
                work += drainPackets();
                work += runTimers();
            } catch (Throwable t) {
                // One bad object must never take the worker (and every room on it) down.
                log.error("media worker {} caught an unexpected error", index, t);
            }
            if (work == 0) {
                parked = true;
                if (packets.isEmpty() && commands.isEmpty()) {
                    long wait = Math.max(1, Math.min(nextFastTick, nextSlowTick) - System.currentTimeMillis());
                    LockSupport.parkNanos(wait * 1_000_000L);
                }
                parked = false;
            }
        }
    }

    void shutdown() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int drainCommands() {
        int n = 0;
        Runnable r;
        while (n < 64 && (r = commands.poll()) != null) {
            try {
                r.run();
            } catch (Throwable t) {
                log.error("media command failed on worker {}", index, t);
            }
            n++;
        }
        return n;
    }

    private int drainPackets() {
        int n = 0;
        PacketEvent ev;
        long nowMs = System.currentTimeMillis();
        while (n < 256 && (ev = packets.poll()) != null) {
            PacketTarget t = ev.transport;
            IceTuple tuple = ev.tuple;
            byte[] buf = ev.buf;
            int off = ev.off;
            int len = ev.len;
            long arrival = ev.arrivalNanos;
            ev.clear();
            freeEvents.offer(ev);
            try {
                t.handlePacket(tuple, buf, off, len, nowMs, arrival);
            } catch (RuntimeException e) {
                counters.dropMalformed.increment();
                log.debug("packet handling failed on {}", t, e);
            }
            n++;
        }
        return n;
    }

    private int runTimers() {
        long now = System.currentTimeMillis();
        int n = 0;
        if (now >= nextFastTick) {
            nextFastTick = now + TICK_FAST_MS;
            for (int i = 0; i < routers.size(); i++) {
                routers.get(i).onFastTick(now);
            }
            n++;
        }
        if (now >= nextSlowTick) {
            nextSlowTick = now + TICK_SLOW_MS;
            for (int i = 0; i < routers.size(); i++) {
                routers.get(i).onSlowTick(now);
            }
            n++;
        }
        return n;
    }
}
