package dev.chorus.media.engine;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A real media plane (one worker, one router) whose transports are connected to in-memory {@link SinkTuple}s
 * instead of a browser: with SRTP keys handed over as a finished DTLS handshake would hand them, or in plain mode.
 * Producers and consumers are created through the facade, as the control plane creates them, so the objects the
 * benchmarks drive are the production ones. Used by the packet-path benchmark rigs and their tests.
 */
final class BenchPlane implements AutoCloseable {
    static final String ROUTER = "bench";

    final MediaPlaneImpl plane;
    final SinkTuple.Totals totals = new SinkTuple.Totals();
    /** What {@code consume} answered, by consumer id (the engine's consumer keeps no copy of its parameters). */
    private final Map<String, ConsumerInfo> consumerInfos = new ConcurrentHashMap<>();
    /** The plane's only worker (known once a transport exists). */
    private MediaWorker worker;
    private int nextPort = 40_000;

    BenchPlane() {
        // One worker, no ICE-TCP; the UDP socket is bound (ephemeral) but never receives anything.
        plane = new MediaPlaneImpl(new MediaPlaneConfig("127.0.0.1", "127.0.0.1", 0, -1, 1, null, null, 30_000),
                MediaListener.NONE);
        await(plane.createRouter(ROUTER));
    }

    WebRtcTransport transport(String id) {
        await(plane.createWebRtcTransport(ROUTER, id, new TransportOptions(false, id)));
        WebRtcTransport t = plane.transport(id);
        worker = t.worker;
        return t;
    }

    Producer produce(String transportId, String producerId, BenchMedia media) {
        await(plane.produce(transportId, producerId, media.kind, media.params(), false, transportId));
        WebRtcTransport t = plane.transport(transportId);
        return onWorker(() -> t.producers.get(t.producers.size() - 1));
    }

    Consumer consume(String transportId, String consumerId, String producerId) {
        consumerInfos.put(consumerId, await(plane.consume(transportId, consumerId, producerId,
                plane.routerCapabilities(), false, transportId)));
        WebRtcTransport t = plane.transport(transportId);
        return onWorker(() -> t.consumers.get(t.consumers.size() - 1));
    }

    /** The answer to {@link #consume} of {@code consumerId}. */
    ConsumerInfo consumerInfo(String consumerId) {
        return consumerInfos.get(consumerId);
    }

    /**
     * Connects {@code t} as ICE and DTLS would: a selected tuple (a new sink) and the SRTP keys of the association,
     * seen from the server ({@code local*} protects what it sends). Returns once the worker has the session.
     */
    SinkTuple connectSrtp(WebRtcTransport t, SrtpKeys serverKeys) {
        SinkTuple sink = new SinkTuple(nextPort++, totals);
        onWorker(() -> {
            t.onSelectedTuple(sink);
            return null;
        });
        t.onConnected(serverKeys); // builds the session here and hands it to the worker, like the DTLS thread
        onWorker(() -> null); // commands run in order: the session is in place after this one
        return sink;
    }

    /** Connects {@code t} to a new sink without SRTP (the transport's plain-mode seam). */
    SinkTuple connectPlain(WebRtcTransport t) {
        SinkTuple sink = new SinkTuple(nextPort++, totals);
        onWorker(() -> {
            t.connectPlain(sink);
            return null;
        });
        return sink;
    }

    /** Runs {@code action} on the plane's media worker (after a transport was created) and waits for its result. */
    <T> T onWorker(Supplier<T> action) {
        return await(WorkerCalls.on(worker, action));
    }

    /** The id of the media worker's thread (for per-thread allocation counters). */
    long workerThreadId() {
        return onWorker(() -> Thread.currentThread().getId());
    }

    /** Deterministic master keys for one association, seen from the server; {@link #browserSide} mirrors them. */
    static SrtpKeys serverKeys(SrtpProfile profile, int seed) {
        return new SrtpKeys(profile, fill(profile.keyLength(), seed), fill(profile.saltLength(), seed + 50),
                fill(profile.keyLength(), seed + 100), fill(profile.saltLength(), seed + 150));
    }

    /** The same association seen from the browser. */
    static SrtpKeys browserSide(SrtpKeys k) {
        return new SrtpKeys(k.profile(), k.remoteKey(), k.remoteSalt(), k.localKey(), k.localSalt());
    }

    private static byte[] fill(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + 7 * i);
        }
        return b;
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("media plane call failed", e);
        }
    }

    @Override
    public void close() {
        plane.close();
    }
}
