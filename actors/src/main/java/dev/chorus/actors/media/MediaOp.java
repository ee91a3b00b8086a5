package dev.chorus.actors.media;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.chorus.actors.CborSerializable;
import dev.chorus.media.api.MediaPlane;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.ortc.RtpParameters;
import java.util.concurrent.CompletionStage;

/**
 * One operation on a node's media plane, as data: the {@link MediaNode} actor is the only one that runs them.
 * Plain records of ids and parameters, so they can travel to the MediaNode of another node.
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
    @JsonSubTypes.Type(value = MediaOp.Verb.class, name = "verb")
})
public sealed interface MediaOp extends CborSerializable {

    CompletionStage<?> run(MediaPlane media);

    /** The router RTP capabilities as JSON (identical for every router of the node). */
    record RouterCapabilities() implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return java.util.concurrent.CompletableFuture.completedFuture(m.routerCapabilitiesJson());
        }
    }

    record CreateRouter(String routerId) implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.createRouter(routerId);
        }
    }

    record CloseRouter(String routerId) implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.closeRouter(routerId);
        }
    }

    record CreateTransport(String routerId, String transportId, boolean forceTcp, String ownerTag) implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.createWebRtcTransport(routerId, transportId, new TransportOptions(forceTcp, ownerTag));
        }
    }

    record ConnectTransport(String transportId, DtlsFingerprint fingerprint) implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.connectTransport(transportId, fingerprint);
        }
    }

    record RestartIce(String transportId) implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.restartIce(transportId);
        }
    }

    record CloseTransport(String transportId) implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.closeTransport(transportId);
        }
    }

    record Produce(String transportId, String producerId, String kind, RtpParameters rtpParameters, String ownerTag)
            implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.produce(transportId, producerId, kind, rtpParameters, false, ownerTag);
        }
    }

    record Consume(String transportId, String consumerId, String producerId, RtpCapabilities rtpCapabilities,
                   String ownerTag) implements MediaOp {
        public CompletionStage<?> run(MediaPlane m) {
            return m.consume(transportId, consumerId, producerId, rtpCapabilities, true, ownerTag);
        }
    }

    /** Verbs on one producer or consumer by id: close, pause, resume, key frame, stats. */
    record Verb(Target target, Action action, String id) implements MediaOp {
        public enum Target { TRANSPORT, PRODUCER, CONSUMER }

        public enum Action { CLOSE, PAUSE, RESUME, KEY_FRAME, STATS }

        public CompletionStage<?> run(MediaPlane m) {
            return switch (target) {
                case TRANSPORT -> switch (action) {
                    case STATS -> m.transportStats(id);
                    case CLOSE -> m.closeTransport(id);
                    default -> unsupported();
                };
                case PRODUCER -> switch (action) {
                    case CLOSE -> m.closeProducer(id);
                    case PAUSE -> m.pauseProducer(id);
                    case RESUME -> m.resumeProducer(id);
                    case STATS -> m.producerStats(id);
                    default -> unsupported();
                };
                case CONSUMER -> switch (action) {
                    case CLOSE -> m.closeConsumer(id);
                    case PAUSE -> m.pauseConsumer(id);
                    case RESUME -> m.resumeConsumer(id);
                    case KEY_FRAME -> m.requestConsumerKeyFrame(id);
                    case STATS -> m.consumerStats(id);
                };
            };
        }

        private CompletionStage<?> unsupported() {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalArgumentException(action + " is not supported on a " + target.name().toLowerCase()));
        }
    }
}
