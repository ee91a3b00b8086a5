package dev.chorus.media.engine;

import static dev.chorus.media.engine.WorkerCalls.failed;
import static dev.chorus.media.engine.WorkerCalls.on;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.ConsumerOptions;
import dev.chorus.media.api.MediaException;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.ProducerInfo;
import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.ortc.Ortc;
import dev.chorus.media.ortc.OrtcException;
import dev.chorus.media.ortc.ProducerType;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.ortc.RtpMapping;
import dev.chorus.media.ortc.RtpParameters;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Producer and consumer operations of the media plane: validate and map on the caller's thread (ORTC is pure),
 * then create, pause, resume or close the objects on their transport's worker.
 */
final class StreamOperations {
    private final Map<String, WebRtcTransport> transports;
    private final Map<String, Producer> producers;
    private final Map<String, Consumer> consumers;
    private final RtpCapabilities routerCaps;
    private final BufferPool pool;
    private final MediaListener listener;
    private final PipeRegistry pipes;

    StreamOperations(Map<String, WebRtcTransport> transports, Map<String, Producer> producers,
                     Map<String, Consumer> consumers, RtpCapabilities routerCaps, BufferPool pool,
                     MediaListener listener, PipeRegistry pipes) {
        this.transports = transports;
        this.producers = producers;
        this.consumers = consumers;
        this.routerCaps = routerCaps;
        this.pool = pool;
        this.listener = listener;
        this.pipes = pipes;
    }

    CompletionStage<ProducerInfo> produce(String transportId, String producerId, String kind,
                                                 RtpParameters rtpParameters, boolean paused, String ownerTag) {
        WebRtcTransport t = transports.get(transportId);
        if (t == null) {
            return failed(404, "transport " + transportId + " not found");
        }
        if (producers.containsKey(producerId)) {
            return failed(409, "producer " + producerId + " already exists");
        }
        final RtpParameters params;
        final RtpMapping mapping;
        final RtpParameters consumable;
        final ProducerType type;
        final int[] extMap;
        try {
            params = withTransportCname(t, Ortc.validateRtpParameters(rtpParameters, kind));
            mapping = Ortc.producerMapping(params, routerCaps, ThreadLocalRandom.current());
            type = Ortc.producerType(params);
            consumable = Ortc.consumableParameters(kind, params, routerCaps, mapping);
            extMap = Ortc.ingressExtensionMap(params, routerCaps, kind);
        } catch (OrtcException e) {
            return failed(400, e.getMessage());
        }
        return on(t.worker, () -> {
            if (t.closed()) {
                throw new MediaException(404, "transport " + transportId + " closed");
            }
            ProducerRegistration.checkConflicts(t, params);
            Producer p = new Producer(producerId, kind, ownerTag, t, params, mapping, consumable, type, extMap,
                    pool, paused);
            t.addProducer(p);
            producers.put(producerId, p);
            return new ProducerInfo(producerId, kind, type);
        });
    }

    /** The producer's parameters with the transport-wide producer CNAME (fixed by the first that gives one). */
    private static RtpParameters withTransportCname(WebRtcTransport t, RtpParameters p) {
        String given = p.rtcp() == null ? null : p.rtcp().cname();
        String fallback = given != null && !given.isEmpty() ? given
                : Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36 * 36,
                        36L * 36 * 36 * 36 * 36 * 36 * 36 * 36), 36);
        String cname = t.producerCname.updateAndGet(c -> c != null ? c : fallback);
        if (cname.equals(given)) {
            return p;
        }
        Boolean reduced = p.rtcp() == null ? Boolean.TRUE : p.rtcp().reducedSize();
        return new RtpParameters(p.mid(), p.codecs(), p.headerExtensions(), p.encodings(),
                new dev.chorus.media.ortc.RtcpParameters(cname, reduced));
    }

    CompletionStage<Void> closeProducer(String producerId) {
        Producer p = producers.get(producerId);
        if (p == null) {
            return failed(404, "producer " + producerId + " not found");
        }
        return on(p.host.worker(), () -> {
            closeProducerOnWorker(p, "producerclose", false);
            return null;
        });
    }

    void closeProducerOnWorker(Producer p, String reason, boolean notify) {
        if (p.closed) {
            return;
        }
        p.closed = true;
        producers.remove(p.id);
        p.host.removeProducer(p);
        for (PipeOut o : p.pipes) {
            o.closed = true;
            pipes.removeOut(o);
        }
        p.pipes = new PipeOut[0];
        if (p.host instanceof PipeIn in) {
            in.closed = true;
            pipes.removeIn(in);
            in.router.pipes.remove(in);
        }
        for (Consumer c : p.consumers) {
            closeConsumerOnWorker(c, "producerclose", true);
        }
        p.releaseBuffers();
        if (notify) {
            listener.onProducerClosed(p.id, p.ownerTag, reason);
        }
    }

    CompletionStage<Void> setProducerPaused(String producerId, boolean paused) {
        Producer p = producers.get(producerId);
        if (p == null) {
            return failed(404, "producer " + producerId + " not found");
        }
        return on(p.host.worker(), () -> {
            if (p.paused == paused) {
                return null;
            }
            p.paused = paused;
            long now = System.currentTimeMillis();
            for (Consumer c : p.consumers) {
                c.producerPaused = paused;
                if (!paused) {
                    c.requireSync(now);
                } else if (c.layers != null) {
                    c.layers.stop(); // nothing is forwarded: consumerLayersChanged with no layers
                } else if (c.svc != null) {
                    c.svc.stop();
                }
                listener.onConsumerProducerPaused(c.id, c.ownerTag, paused);
            }
            return null;
        });
    }

    boolean canConsume(String producerId, RtpCapabilities deviceCapabilities) {
        Producer p = producers.get(producerId);
        return p != null && deviceCapabilities != null
                && Ortc.canConsume(p.consumableParameters, deviceCapabilities);
    }

    CompletionStage<ConsumerInfo> consume(String transportId, String consumerId, String producerId,
                                          RtpCapabilities deviceCapabilities, ConsumerOptions options,
                                          String ownerTag) {
        WebRtcTransport t = transports.get(transportId);
        Producer p = producers.get(producerId);
        if (t == null) {
            return failed(404, "transport " + transportId + " not found");
        }
        if (p == null) {
            return failed(404, "producer " + producerId + " not found");
        }
        if (t.router != p.host.router()) {
            return failed(400, "producer and transport belong to different routers");
        }
        if (consumers.containsKey(consumerId)) {
            return failed(409, "consumer " + consumerId + " already exists");
        }
        if (deviceCapabilities == null || !Ortc.canConsume(p.consumableParameters, deviceCapabilities)) {
            return failed(400, "cannot consume producer " + producerId + " with the given rtpCapabilities");
        }
        return on(t.worker, () -> {
            if (t.closed() || p.closed) {
                throw new MediaException(404, "transport or producer closed");
            }
            long ssrc = ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L);
            RtpParameters params;
            try {
                params = Ortc.consumerParameters(p.consumableParameters, deviceCapabilities, true, t.nextMid(),
                        ssrc, ssrc + 1, p.type);
            } catch (OrtcException e) {
                throw new MediaException(400, e.getMessage());
            }
            Consumer c = new Consumer(consumerId, ownerTag, p, t, params, options.paused(), t.worker, listener);
            c.deselected = !options.selected();
            c.ignoreDtx = options.ignoreDtx() && isOpus(params);
            t.addConsumer(c);
            p.addConsumer(c);
            consumers.put(consumerId, c);
            return new ConsumerInfo(consumerId, producerId, p.kind, params, p.type, p.paused);
        });
    }

    private static boolean isOpus(RtpParameters params) {
        return !params.codecs().isEmpty() && "audio/opus".equalsIgnoreCase(params.codecs().get(0).mimeType());
    }

    /**
     * Last-N on the consumer's worker: deselecting stops forwarding (a simulcast consumer reports no layers);
     * selecting again restarts forwarding as a resume does (video waits for a key frame, which is requested while
     * the other two pauses are clear).
     */
    static void setSelected(Consumer c, boolean selected, long nowMs) {
        if (c.deselected == !selected) {
            return; // already so
        }
        c.deselected = !selected;
        if (!selected) {
            if (c.layers != null) {
                c.layers.stop();
            }
        } else {
            c.requireSync(nowMs);
        }
    }

    CompletionStage<Void> closeConsumer(String consumerId) {
        Consumer c = consumers.get(consumerId);
        if (c == null) {
            return failed(404, "consumer " + consumerId + " not found");
        }
        return on(c.transport.worker, () -> {
            closeConsumerOnWorker(c, "closed", false);
            return null;
        });
    }

    void closeConsumerOnWorker(Consumer c, String reason, boolean notify) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        consumers.remove(c.id);
        c.producer.removeConsumer(c);
        c.transport.removeConsumer(c);
        if (notify) {
            listener.onConsumerClosed(c.id, c.ownerTag, reason);
        }
    }




    CompletionStage<Void> onConsumer(String consumerId, java.util.function.Consumer<Consumer> action) {
        Consumer c = consumers.get(consumerId);
        if (c == null) {
            return failed(404, "consumer " + consumerId + " not found");
        }
        return on(c.transport.worker, () -> {
            if (!c.closed) {
                action.accept(c);
            }
            return null;
        });
    }
}
