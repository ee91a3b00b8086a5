package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import java.util.Arrays;

/**
 * Benchmark rig for the whole forwarding path with its production threading: one publisher transport, N subscriber
 * transports each consuming its producer, all connected with SRTP to in-memory {@link SinkTuple}s (no sockets).
 *
 * <p>{@link #prepareBatch} plays the browser: it writes {@link #BATCH} packets into pooled buffers and protects
 * them with the publisher's SRTP keys. {@link #runBatch} plays the UDP receive thread: it hands them to the
 * publisher transport ({@code onPacket}: the worker's lock-free packet queue) and waits (yielding) until the
 * worker has sent every copy. On the worker each packet is unprotected once, parsed, mapped, stored in the
 * retransmission ring, and for each consumer rewritten into a pooled buffer, protected with that subscriber's
 * session and handed to its tuple. The worker's timers run as usual (RTCP reports, transport-cc feedback).
 */
public final class FanoutRig implements AutoCloseable {
    /** Producer packets per {@link #runBatch}; below the transport's limit of 1024 queued datagrams. */
    public static final int BATCH = 512;
    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    private final BenchPlane bench = new BenchPlane();
    private final BenchMedia media;
    private final int consumers;
    private final WebRtcTransport pub;
    private final SinkTuple pubTuple;
    private final SinkTuple[] subTuples;
    private final SrtpKeys[] subKeys;
    private final Consumer[] consumerObjects;
    private final SrtpSession browser;
    private final BufferPool pool;
    private final byte[][] batch = new byte[BATCH][];
    private final int[] lengths = new int[BATCH];
    private final long workerThreadId;
    private boolean prepared;
    private int next;
    private long expected;

    public FanoutRig(BenchMedia media, int consumers, SrtpProfile profile) {
        if (consumers < 1) {
            throw new IllegalArgumentException("consumers must be >= 1");
        }
        this.media = media;
        this.consumers = consumers;
        this.pool = bench.plane.bufferPool();
        try {
            pub = bench.transport("pub");
            bench.produce("pub", "p", media);
            subTuples = new SinkTuple[consumers];
            subKeys = new SrtpKeys[consumers];
            consumerObjects = new Consumer[consumers];
            WebRtcTransport[] subs = new WebRtcTransport[consumers];
            for (int i = 0; i < consumers; i++) {
                subs[i] = bench.transport("sub" + i);
                consumerObjects[i] = bench.consume("sub" + i, "c" + i, "p");
            }
            SrtpKeys pubKeys = BenchPlane.serverKeys(profile, 0);
            pubTuple = bench.connectSrtp(pub, pubKeys);
            browser = new SrtpSession(BenchPlane.browserSide(pubKeys));
            for (int i = 0; i < consumers; i++) {
                subKeys[i] = BenchPlane.serverKeys(profile, i + 1);
                subTuples[i] = bench.connectSrtp(subs[i], subKeys[i]);
            }
            workerThreadId = bench.workerThreadId();
            expected = bench.totals.rtp();
            // The first batch starts with a key frame, on which every video consumer starts forwarding.
            prepareBatch();
            runBatch();
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    /** Browser side, not measured: {@link #BATCH} new packets, SRTP-protected, in buffers from the plane's pool. */
    public void prepareBatch() {
        if (prepared) {
            throw new IllegalStateException("the previous batch was not run");
        }
        for (int k = 0; k < BATCH; k++) {
            byte[] b = pool.acquire();
            int len = media.write(b, next, next == 0);
            next++;
            int n = browser.protectRtp(b, 0, len);
            if (n < 0) {
                throw new IllegalStateException("publisher-side SRTP protect failed");
            }
            batch[k] = b;
            lengths[k] = n;
        }
        prepared = true;
    }

    /**
     * The benchmark operation: hands the prepared batch to the publisher transport as the UDP receive thread does
     * and waits until every consumer has sent every packet. Returns the number of packets forwarded (BATCH x N);
     * throws if they did not all arrive within a minute.
     */
    public long runBatch() {
        if (!prepared) {
            throw new IllegalStateException("prepareBatch() first");
        }
        prepared = false;
        long target = expected + (long) BATCH * consumers;
        for (int k = 0; k < BATCH; k++) {
            pub.onPacket(pubTuple, batch[k], 0, lengths[k]);
            batch[k] = null;
        }
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        int spins = 0;
        while (bench.totals.rtp() < target) {
            // Yield rather than only spin: where this thread shares a core with the worker, it must not starve it.
            Thread.yield();
            if ((++spins & 0x3FF) == 0 && System.nanoTime() > deadline) {
                throw new IllegalStateException("forwarded " + (bench.totals.rtp() - expected) + " of "
                        + (target - expected) + " packets; counters " + bench.plane.counters());
            }
        }
        expected = target;
        return (long) BATCH * consumers;
    }

    /** The media worker's thread id, for its allocated-bytes counter. */
    public long workerThreadId() {
        return workerThreadId;
    }

    /** RTP packets subscriber {@code i} has received. */
    long receivedBy(int i) {
        return subTuples[i].rtpPackets;
    }

    /**
     * The last packet subscriber {@code i} received, decrypted with a new session of the browser's side of its
     * keys (a new session accepts any first packet), or null if it does not authenticate.
     */
    byte[] lastDecrypted(int i) {
        byte[] copy = Arrays.copyOf(subTuples[i].last(), BufferPool.BUFFER_SIZE);
        SrtpSession s = new SrtpSession(BenchPlane.browserSide(subKeys[i]));
        int n = s.unprotectRtp(copy, 0, subTuples[i].lastLength());
        s.close();
        return n < 0 ? null : Arrays.copyOf(copy, n);
    }

    Consumer consumer(int i) {
        return consumerObjects[i];
    }

    /** Packet number of the last packet prepared (the one every subscriber received last). */
    int lastPacketNumber() {
        return next - 1;
    }

    /** The plane's drop and traffic counters. */
    java.util.Map<String, Long> counters() {
        return bench.plane.counters();
    }

    @Override
    public void close() {
        if (prepared) {
            for (byte[] b : batch) {
                pool.release(b);
            }
        }
        browser.close();
        bench.close();
    }
}
