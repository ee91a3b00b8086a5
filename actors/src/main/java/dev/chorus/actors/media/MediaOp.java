package dev.chorus.actors.media;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.chorus.actors.CborSerializable;
import dev.chorus.media.api.ConsumerOptions;
import dev.chorus.media.api.MediaPlane;
import dev.chorus.media.api.PipeSpec;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.ortc.OrtcJson;
import dev.chorus.media.ortc.RtpParameters;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One operation on a node's media plane, as data: the {@link MediaNode} actor is the only one that runs them.
 * Plain records of ids and parameters, so they can travel to the MediaNode of another node; each replies with a
 * {@link MediaReply}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MediaOp.RouterCapabilities.class, name = "routerCapabilities"),
    @JsonSubTypes.Type(value = MediaOp.CreateRouter.class, name = "createRouter"),
    @JsonSubTypes.Type(value = MediaOp.CloseRouter.class, name = "closeRouter"),
    @JsonSubTypes.Type(value = MediaOp.CreateTransport.class, name = "createTransport"),
    @JsonSubTypes.Type(value = MediaOp.ConnectTransport.class, name = "connectTransport"),
    @JsonSubTypes.Type(value = MediaOp.RestartIce.class, name = "restartIce"),
    @JsonSubTypes.Type(value = MediaOp.CloseTransport.class, name = "closeTransport"),
    @JsonSubTypes.Type(value = MediaOp.Produce.class, name = "produce"),
    @JsonSubTypes.Type(value = MediaOp.Consume.class, name = "consume"),
    @JsonSubTypes.Type(value = MediaOp.Verb.class, name = "verb"),
    @JsonSubTypes.Type(value = MediaOp.ConsumerPreferredLayers.class, name = "consumerPreferredLayers"),
    @JsonSubTypes.Type(value = MediaOp.ConsumerPriority.class, name = "consumerPriority"),
    @JsonSubTypes.Type(value = MediaOp.ConsumerSelected.class, name = "consumerSelected"),
    @JsonSubTypes.Type(value = MediaOp.PipeOut.class, name = "pipeOut"),
    @JsonSubTypes.Type(value = MediaOp.PipeIn.class, name = "pipeIn"),
    @JsonSubTypes.Type(value = MediaOp.ClosePipe.class, name = "closePipe")
})
public sealed interface MediaOp extends CborSerializable {

    CompletionStage<MediaReply> run(MediaPlane media);

    private static CompletionStage<MediaReply> ack(CompletionStage<Void> stage) {
        return stage.thenApply(v -> MediaReply.ACK);
    }

    /** The router RTP capabilities as JSON (identical for every router of the node). */
    record RouterCapabilities() implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return CompletableFuture.completedFuture(new MediaReply.Json(m.routerCapabilitiesJson()));
        }
    }

    record CreateRouter(String routerId) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(m.createRouter(routerId));
        }
    }

    record CloseRouter(String routerId) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(m.closeRouter(routerId));
        }
    }

    record CreateTransport(String routerId, String transportId, boolean forceTcp, String ownerTag) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return m.createWebRtcTransport(routerId, transportId, new TransportOptions(forceTcp, ownerTag))
                    .thenApply(MediaReply.Transport::new);
        }
    }

    record ConnectTransport(String transportId, DtlsFingerprint fingerprint) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(m.connectTransport(transportId, fingerprint));
        }
    }

    record RestartIce(String transportId) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return m.restartIce(transportId).thenApply(MediaReply.Ice::new);
        }
    }

    record CloseTransport(String transportId) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(m.closeTransport(transportId));
        }
    }

    record Produce(String transportId, String producerId, String kind, RtpParameters rtpParameters, String ownerTag)
            implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return m.produce(transportId, producerId, kind, rtpParameters, false, ownerTag)
                    .thenApply(MediaReply.Producer::new);
        }
    }

    /**
     * A consumer for the room protocol: created paused (resumed once the client accepted it), ignoring Opus DTX as
     * mediasoup-demo asks, and server-paused when {@code deselected} (outside the subscriber's last-N).
     */
    record Consume(String transportId, String consumerId, String producerId, RtpCapabilities rtpCapabilities,
                   String ownerTag, boolean deselected) implements MediaOp {
        public Consume(String transportId, String consumerId, String producerId, RtpCapabilities rtpCapabilities,
                       String ownerTag) {
            this(transportId, consumerId, producerId, rtpCapabilities, ownerTag, false);
        }

        public CompletionStage<MediaReply> run(MediaPlane m) {
            return m.consume(transportId, consumerId, producerId, rtpCapabilities,
                            new ConsumerOptions(true, !deselected, true), ownerTag)
                    .thenApply(MediaReply.Consumer::new);
        }
    }

    /** A subscriber's preferred layers ({@code temporalLayer} null: the highest). */
    record ConsumerPreferredLayers(String consumerId, int spatialLayer, Integer temporalLayer) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(m.setConsumerPreferredLayers(consumerId, spatialLayer,
                    temporalLayer == null ? -1 : temporalLayer));
        }
    }

    /** A subscriber's priority for one of its consumers (1..255). */
    record ConsumerPriority(String consumerId, int priority) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(m.setConsumerPriority(consumerId, priority));
        }
    }

    /** Last-N: whether the consumer is in its subscriber's selection (false: paused server-side). */
    record ConsumerSelected(String consumerId, boolean selected) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(m.setConsumerSelected(consumerId, selected));
        }
    }

    /** Verbs on one producer or consumer by id: close, pause, resume, key frame, stats. */
    record Verb(Target target, Action action, String id) implements MediaOp {
        public enum Target { TRANSPORT, PRODUCER, CONSUMER }

        public enum Action { CLOSE, PAUSE, RESUME, KEY_FRAME, STATS }

        public CompletionStage<MediaReply> run(MediaPlane m) {
            return switch (target) {
                case TRANSPORT -> switch (action) {
                    case STATS -> stats(m.transportStats(id));
                    case CLOSE -> ack(m.closeTransport(id));
                    default -> unsupported();
                };
                case PRODUCER -> switch (action) {
                    case CLOSE -> ack(m.closeProducer(id));
                    case PAUSE -> ack(m.pauseProducer(id));
                    case RESUME -> ack(m.resumeProducer(id));
                    case STATS -> stats(m.producerStats(id));
                    default -> unsupported();
                };
                case CONSUMER -> switch (action) {
                    case CLOSE -> ack(m.closeConsumer(id));
                    case PAUSE -> ack(m.pauseConsumer(id));
                    case RESUME -> ack(m.resumeConsumer(id));
                    case KEY_FRAME -> ack(m.requestConsumerKeyFrame(id));
                    case STATS -> stats(m.consumerStats(id));
                };
            };
        }

        private static CompletionStage<MediaReply> stats(CompletionStage<?> stage) {
            return stage.thenApply(list -> new MediaReply.Json(OrtcJson.toJson(list)));
        }

        private CompletionStage<MediaReply> unsupported() {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException(action + " is not supported on a " + target.name().toLowerCase()));
        }
    }

    /** On the producer's home node: start sending it to node {@code remoteNodeId} at {@code remoteEndpoint}. */
    record PipeOut(String producerId, long pipeKey, String remoteEndpoint, String remoteNodeId) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return m.pipeOut(producerId, pipeKey, remoteEndpoint).thenApply(MediaReply.Pipe::new);
        }
    }

    /**
     * On a subscribing node: re-inject the producer described by {@code spec} into router {@code routerId}, fed by
     * node {@code sourceNodeId} at {@code sourceEndpoint}.
     */
    record PipeIn(String routerId, long pipeKey, PipeSpec spec, String sourceEndpoint, String sourceNodeId)
            implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return m.pipeIn(routerId, pipeKey, spec, sourceEndpoint).thenApply(MediaReply.Producer::new);
        }
    }

    /** Closes one end of a pipe ({@code sending}: the home node's end). Closing an absent pipe succeeds. */
    record ClosePipe(long pipeKey, boolean sending) implements MediaOp {
        public CompletionStage<MediaReply> run(MediaPlane m) {
            return ack(sending ? m.closePipeOut(pipeKey) : m.closePipeIn(pipeKey));
        }
    }
}
