package dev.chorus.media.engine;

import static dev.chorus.media.engine.WorkerCalls.failed;
import static dev.chorus.media.engine.WorkerCalls.on;

import dev.chorus.media.api.MediaException;
import dev.chorus.media.api.PipeSpec;
import dev.chorus.media.api.ProducerInfo;
import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.ortc.Ortc;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.pipe.AeronBridge;
import dev.chorus.media.pipe.PipeLink;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Inter-node pipes: open and close the sending end (on the producer's home node) and the receiving end (a pipe
 * producer in a local router). Links to remote nodes are resolved on the caller's thread (it may briefly wait for
 * the bridge); the objects are then changed on the owning worker, like every other media-plane call.
 */
final class PipeOperations {
    private final AeronBridge bridge;
    private final PipeRegistry registry;
    private final Map<String, Router> routers;
    private final Map<String, Producer> producers;
    private final StreamOperations streams;
    private final RtpCapabilities routerCaps;
    private final BufferPool pool;
    private final MediaCounters counters;

    PipeOperations(AeronBridge bridge, PipeRegistry registry, Map<String, Router> routers,
                   Map<String, Producer> producers, StreamOperations streams, RtpCapabilities routerCaps,
                   BufferPool pool, MediaCounters counters) {
        this.bridge = bridge;
        this.registry = registry;
        this.routers = routers;
        this.producers = producers;
        this.streams = streams;
        this.routerCaps = routerCaps;
        this.pool = pool;
        this.counters = counters;
    }

    CompletionStage<PipeSpec> pipeOut(String producerId, long key, String remoteEndpoint) {
        if (bridge == null) {
            return failed(503, "the inter-node data plane is not enabled on this node");
        }
        Producer p = producers.get(producerId);
        if (p == null) {
            return failed(404, "producer " + producerId + " not found");
        }
        if (p.host instanceof PipeIn) {
            return failed(400, "producer " + producerId + " is piped in here; pipe it from its home node");
        }
        PipeLink link;
        try {
            link = bridge.link(remoteEndpoint);
        } catch (RuntimeException e) {
            return failed(400, "bad pipe endpoint '" + remoteEndpoint + "': " + e.getMessage());
        }
        return on(p.host.worker(), () -> {
            if (p.closed) {
                throw new MediaException(404, "producer " + producerId + " closed");
            }
            PipeOut o = new PipeOut(key, p, link, counters, pool);
            if (!registry.putOut(o)) {
                throw new MediaException(409, "pipe " + Long.toHexString(key) + " already exists");
            }
            p.addPipe(o);
            return new PipeSpec(p.id, p.kind, p.rtpParameters, p.mapping, p.consumableParameters, p.type, p.paused);
        });
    }

    CompletionStage<Void> closePipeOut(long key) {
        PipeOut o = registry.out(key);
        if (o == null) {
            return CompletableFuture.completedFuture(null);
        }
        return on(o.producer.host.worker(), () -> {
            closeOutOnWorker(o);
            return null;
        });
    }

    private void closeOutOnWorker(PipeOut o) {
        o.closed = true;
        o.producer.removePipe(o);
        registry.removeOut(o);
    }

    CompletionStage<ProducerInfo> pipeIn(String routerId, long key, PipeSpec spec, String sourceEndpoint) {
        if (bridge == null) {
            return failed(503, "the inter-node data plane is not enabled on this node");
        }
        Router r = routers.get(routerId);
        if (r == null) {
            return failed(404, "router " + routerId + " not found");
        }
        if (spec == null || spec.producerId() == null || spec.rtpParameters() == null || spec.mapping() == null
                || spec.consumableParameters() == null || spec.type() == null) {
            return failed(400, "incomplete pipe description");
        }
        if (producers.containsKey(spec.producerId())) {
            return failed(409, "producer " + spec.producerId() + " already exists on this node");
        }
        int[] extMap;
        PipeLink link;
        try {
            extMap = Ortc.ingressExtensionMap(spec.rtpParameters(), routerCaps, spec.kind());
            link = bridge.link(sourceEndpoint);
        } catch (RuntimeException e) {
            return failed(400, "cannot pipe in producer " + spec.producerId() + ": " + e.getMessage());
        }
        return on(r.worker, () -> {
            if (r.closed) {
                throw new MediaException(404, "router " + routerId + " closed");
            }
            if (producers.containsKey(spec.producerId())) {
                throw new MediaException(409, "producer " + spec.producerId() + " already exists on this node");
            }
            PipeIn in = new PipeIn(key, r, link);
            Producer p = new Producer(spec.producerId(), spec.kind(), null, in, spec.rtpParameters(), spec.mapping(),
                    spec.consumableParameters(), spec.type(), extMap, pool, spec.paused());
            in.attach(p);
            if (!registry.putIn(in)) {
                throw new MediaException(409, "pipe " + Long.toHexString(key) + " already exists");
            }
            r.pipes.add(in);
            producers.put(p.id, p);
            return new ProducerInfo(p.id, p.kind, p.type);
        });
    }

    CompletionStage<Void> closePipeIn(long key) {
        PipeIn in = registry.in(key);
        if (in == null) {
            return CompletableFuture.completedFuture(null);
        }
        return on(in.worker(), () -> {
            closeInOnWorker(in);
            return null;
        });
    }

    /** Closes a pipe-in and its producer; the producer's local consumers close and their owners are told. */
    void closeInOnWorker(PipeIn in) {
        if (in.producer != null) {
            streams.closeProducerOnWorker(in.producer, "pipeclose", false); // also unregisters the pipe-in
        } else {
            in.closed = true;
            registry.removeIn(in);
            in.router.pipes.remove(in);
        }
    }

    /** A router is closing: its pipe producers go with it. */
    void onRouterClosed(Router r) {
        for (PipeIn in : new ArrayList<>(r.pipes)) {
            closeInOnWorker(in);
        }
    }
}
