package dev.chorus.media.engine;

import static dev.chorus.media.engine.WorkerCalls.failed;
import static dev.chorus.media.engine.WorkerCalls.on;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.ConsumerOptions;
import dev.chorus.media.api.IceParameters;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlane;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.PipeSpec;
import dev.chorus.media.api.ProducerInfo;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.dtls.DtlsCertificate;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ice.IceDemux;
import dev.chorus.media.ice.TcpMediaEndpoint;
import dev.chorus.media.ice.UdpMediaEndpoint;
import dev.chorus.media.ortc.Ortc;
import dev.chorus.media.ortc.OrtcJson;
import dev.chorus.media.ortc.RouterCodecs;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.pipe.AeronBridge;
import dev.chorus.media.speaker.LevelSummary;
import dev.chorus.media.stats.LatencySnapshot;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's media plane: shared UDP/TCP media sockets, the DTLS certificate, N media workers, and an index of
 * every router, transport, producer and consumer by id so control calls reach the owning worker. Each call is
 * validated, then applied on that worker; results complete the returned stage.
 */
public final class MediaPlaneImpl implements MediaPlane {
    private static final Logger log = LoggerFactory.getLogger(MediaPlaneImpl.class);

    private final MediaPlaneConfig config;
    private final MediaListener listener;
    /** 4096 buffers (6.5 MB) up front so ordinary bursts never allocate; grows, bounded, beyond that. */
    private final BufferPool pool = new BufferPool(16_384, 4_096);
    private final MediaCounters counters = new MediaCounters();
    private final MediaWorker[] workers;
    private final IceDemux demux = new IceDemux();
    private final UdpMediaEndpoint udp;
    private final TcpMediaEndpoint tcp;
    private final DtlsCertificate certificate;
    private final RtpCapabilities routerCaps;
    private final JsonNode routerCapsJson;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService dtlsExecutor;
    private final Map<String, Router> routers = new ConcurrentHashMap<>();
    private final Map<String, WebRtcTransport> transports = new ConcurrentHashMap<>();
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();
    private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();
    private final StreamOperations streams;
    private final PipeRegistry pipeRegistry = new PipeRegistry(pool, counters);
    private final AeronBridge bridge;
    private final PipeOperations pipes;
    private final TransportOperations transportOps;
    private final LevelDrain levelDrain;

    public MediaPlaneImpl(MediaPlaneConfig config, MediaListener listener) {
        this.config = config;
        this.listener = listener == null ? MediaListener.NONE : listener;
        this.certificate = DtlsSetup.certificate(config);
        SrtpWarmUp.run();
        this.routerCaps = Ortc.routerCapabilities(RouterCodecs.defaults());
        this.routerCapsJson = OrtcJson.toJson(routerCaps);
        this.streams = new StreamOperations(transports, producers, consumers, routerCaps, pool, this.listener,
                pipeRegistry);
        this.dtlsExecutor = DtlsSetup.handshakeThreads();
        this.workers = new MediaWorker[Math.max(1, config.workers())];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new MediaWorker(i, pool, counters);
            workers[i].start();
        }
        this.udp = new UdpMediaEndpoint(new InetSocketAddress(config.listenIp(), config.udpPort()), demux, pool);
        this.udp.start();
        if (config.tcpPort() >= 0) {
            this.tcp = new TcpMediaEndpoint(new InetSocketAddress(config.listenIp(), config.tcpPort()), demux, pool);
            this.tcp.start();
        } else {
            this.tcp = null;
        }
        if (config.pipe() != null) {
            AeronBridge b = new AeronBridge(config.pipe(), pool, pipeRegistry);
            try {
                b.start();
            } catch (RuntimeException e) {
                b.close();
                close();
                throw e;
            }
            this.bridge = b;
        } else {
            this.bridge = null;
        }
        this.transportOps = new TransportOperations(this, config, routers, transports, demux, certificate, random,
                dtlsExecutor, config.announcedUdpPort() > 0 ? config.announcedUdpPort() : udp.port(),
                tcp == null ? -1 : config.announcedTcpPort() > 0 ? config.announcedTcpPort() : tcp.port());
        this.levelDrain = new LevelDrain(workers, java.util.concurrent.ForkJoinPool.commonPool(),
                System::currentTimeMillis);
        this.pipes = new PipeOperations(bridge, pipeRegistry, routers, producers, streams, routerCaps, pool, counters);
        log.info("media plane up: udp {}:{}, tcp {}, {} worker(s), announced {}, pipes {}", config.listenIp(),
                udp.port(), tcp == null ? "off" : tcp.port(), workers.length, config.announcedIp(),
                bridge == null ? "off" : bridge.endpoint());
    }

    public int udpPort() {
        return udp.port();
    }

    public int tcpPort() {
        return tcp == null ? -1 : tcp.port();
    }

    public BufferPool bufferPool() {
        return pool;
    }

    /**
     * The transport with this id, or null. For socket-free tests and benchmarks of the packet path, which connect
     * it to an in-memory tuple; its state belongs to its worker.
     */
    WebRtcTransport transport(String transportId) {
        return transports.get(transportId);
    }

    @Override
    public RtpCapabilities routerCapabilities() {
        return routerCaps;
    }

    @Override
    public JsonNode routerCapabilitiesJson() {
        return routerCapsJson.deepCopy();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = counters.snapshot();
        m.put("buffers_allocated", pool.allocated());
        m.put("buffers_idle", (long) pool.idle());
        m.put("udp_received", udp.received());
        m.put("udp_dropped", udp.dropped());
        m.put("routers", (long) routers.size());
        m.put("transports", (long) transports.size());
        m.put("producers", (long) producers.size());
        m.put("consumers", (long) consumers.size());
        m.put("pipes", (long) pipeRegistry.pipeCount());
        m.put("owners", (long) ownerCount());
        if (bridge != null) {
            m.put("aeron_messages_sent", bridge.messagesSent());
            m.put("aeron_messages_received", bridge.messagesReceived());
            m.put("aeron_send_failures", bridge.sendFailures());
            m.put("aeron_malformed", bridge.malformed());
        }
        return m;
    }

    @Override
    public LatencySnapshot transitTimes() {
        return WorkerMeasures.transitTimes(workers);
    }

    @Override
    public long[] workerCpuNanos() {
        return WorkerMeasures.cpuNanos(workers);
    }

    // ---- routers -------------------------------------------------------------------------------------------

    @Override
    public CompletionStage<Void> createRouter(String routerId) {
        if (routers.containsKey(routerId)) {
            return CompletableFuture.completedFuture(null);
        }
        MediaWorker w = leastLoaded();
        Router r = new Router(routerId, w);
        if (routers.putIfAbsent(routerId, r) != null) {
            return CompletableFuture.completedFuture(null);
        }
        return on(w, () -> {
            w.addRouter(r);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> closeRouter(String routerId) {
        Router r = routers.remove(routerId);
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        return on(r.worker, () -> {
            r.closed = true;
            pipes.onRouterClosed(r);
            for (WebRtcTransport t : new ArrayList<>(r.transports)) {
                t.close("router closed", false);
            }
            r.worker.removeRouter(r);
            return null;
        });
    }

    private MediaWorker leastLoaded() {
        MediaWorker best = workers[0];
        for (MediaWorker w : workers) {
            if (w.load < best.load) {
                best = w;
            }
        }
        return best;
    }

    // ---- transports ----------------------------------------------------------------------------------------

    @Override
    public CompletionStage<TransportInfo> createWebRtcTransport(String routerId, String transportId, TransportOptions options) {
        return transportOps.create(routerId, transportId, options);
    }

    @Override
    public CompletionStage<Void> connectTransport(String transportId, DtlsFingerprint remoteFingerprint) {
        return transportOps.connect(transportId, remoteFingerprint);
    }

    @Override
    public CompletionStage<IceParameters> restartIce(String transportId) {
        return transportOps.restartIce(transportId);
    }

    @Override
    public CompletionStage<Void> closeTransport(String transportId) {
        return transportOps.close(transportId);
    }

    /** The control plane's listener (never null). */
    MediaListener listener() {
        return listener;
    }

    void onTransportClosed(WebRtcTransport t, String reason, boolean notify) {
        transports.remove(t.id);
        t.router.transports.remove(t);
        demux.unregister(t.ice);
        if (notify) {
            listener.onTransportClosed(t.id, t.ownerTag, reason);
        }
    }

    // ---- producers / consumers (StreamOperations) --------------------------------------------------------

    @Override
    public CompletionStage<ProducerInfo> produce(String transportId, String producerId, String kind,
                                                 RtpParameters rtpParameters, boolean paused, String ownerTag) {
        return streams.produce(transportId, producerId, kind, rtpParameters, paused, ownerTag);
    }

    @Override
    public CompletionStage<Void> closeProducer(String producerId) {
        return streams.closeProducer(producerId);
    }

    @Override
    public CompletionStage<Void> pauseProducer(String producerId) {
        return streams.setProducerPaused(producerId, true);
    }

    @Override
    public CompletionStage<Void> resumeProducer(String producerId) {
        return streams.setProducerPaused(producerId, false);
    }

    @Override
    public boolean canConsume(String producerId, RtpCapabilities deviceCapabilities) {
        return streams.canConsume(producerId, deviceCapabilities);
    }

    @Override
    public CompletionStage<ConsumerInfo> consume(String transportId, String consumerId, String producerId,
                                                 RtpCapabilities deviceCapabilities, ConsumerOptions options,
                                                 String ownerTag) {
        return streams.consume(transportId, consumerId, producerId, deviceCapabilities, options, ownerTag);
    }

    @Override
    public CompletionStage<Void> closeConsumer(String consumerId) {
        return streams.closeConsumer(consumerId);
    }

    @Override
    public CompletionStage<Void> pauseConsumer(String consumerId) {
        return streams.onConsumer(consumerId, Consumer::pause);
    }

    @Override
    public CompletionStage<Void> resumeConsumer(String consumerId) {
        return streams.onConsumer(consumerId, c -> {
            if (c.paused) {
                c.paused = false;
                c.requireSync(System.currentTimeMillis());
            }
        });
    }

    @Override
    public CompletionStage<Void> setConsumerSelected(String consumerId, boolean selected) {
        return streams.onConsumer(consumerId, c -> StreamOperations.setSelected(c, selected,
                System.currentTimeMillis()));
    }

    @Override
    public CompletionStage<Void> setConsumerPreferredLayers(String consumerId, int spatialLayer, int temporalLayer) {
        return streams.onConsumer(consumerId,
                c -> c.setPreferredLayers(spatialLayer, temporalLayer, System.currentTimeMillis()));
    }

    @Override
    public CompletionStage<Void> setConsumerPriority(String consumerId, int priority) {
        return streams.onConsumer(consumerId, c -> c.priority = Math.max(1, Math.min(255, priority)));
    }

    @Override
    public CompletionStage<Void> requestConsumerKeyFrame(String consumerId) {
        return streams.onConsumer(consumerId, c -> c.requestKeyFrame(System.currentTimeMillis()));
    }

    void closeProducerOnWorker(Producer p, String reason, boolean notify) {
        streams.closeProducerOnWorker(p, reason, notify);
    }

    void closeConsumerOnWorker(Consumer c, String reason, boolean notify) {
        streams.closeConsumerOnWorker(c, reason, notify);
    }

    @Override
    public int ownerCount() {
        return (int) transports.values().stream().map(t -> t.ownerTag).distinct().count();
    }

    @Override
    public CompletionStage<Map<String, Map<String, LevelSummary>>> drainAudioLevels() {
        return levelDrain.drain();
    }

    // ---- pipes (PipeOperations) ---------------------------------------------------------------------------

    @Override
    public String pipeEndpoint() {
        return bridge == null ? null : bridge.endpoint();
    }

    @Override
    public CompletionStage<PipeSpec> pipeOut(String producerId, long pipeKey, String remoteEndpoint) {
        return pipes.pipeOut(producerId, pipeKey, remoteEndpoint);
    }

    @Override
    public CompletionStage<Void> closePipeOut(long pipeKey) {
        return pipes.closePipeOut(pipeKey);
    }

    @Override
    public CompletionStage<ProducerInfo> pipeIn(String routerId, long pipeKey, PipeSpec spec, String sourceEndpoint) {
        return pipes.pipeIn(routerId, pipeKey, spec, sourceEndpoint);
    }

    @Override
    public CompletionStage<Void> closePipeIn(long pipeKey) {
        return pipes.closePipeIn(pipeKey);
    }

    // ---- stats ---------------------------------------------------------------------------------------------

    @Override
    public CompletionStage<List<Map<String, Object>>> transportStats(String transportId) {
        WebRtcTransport t = transports.get(transportId);
        return t == null ? failed(404, "transport " + transportId + " not found")
                : on(t.worker, () -> MediaStats.transport(t));
    }

    @Override
    public CompletionStage<List<Map<String, Object>>> producerStats(String producerId) {
        Producer p = producers.get(producerId);
        return p == null ? failed(404, "producer " + producerId + " not found")
                : on(p.host.worker(), () -> MediaStats.producer(p));
    }

    @Override
    public CompletionStage<List<Map<String, Object>>> consumerStats(String consumerId) {
        Consumer c = consumers.get(consumerId);
        return c == null ? failed(404, "consumer " + consumerId + " not found")
                : on(c.transport.worker, () -> MediaStats.consumer(c));
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    @Override
    public void close() {
        for (String id : new ArrayList<>(routers.keySet())) {
            closeRouter(id).toCompletableFuture().orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        udp.close();
        if (tcp != null) {
            tcp.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        for (MediaWorker w : workers) {
            w.shutdown();
        }
        dtlsExecutor.shutdownNow();
    }
}
