package dev.chorus.media.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.ortc.RtpParameters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The media plane of one node, as the control plane sees it. Every object is named by an id chosen by the
 * caller; every call returns a {@link CompletionStage} completed once the owning media worker has applied it.
 * Failures complete exceptionally with {@link MediaException} carrying a client-facing reason. Events flow back
 * through the {@link MediaListener} given at construction.
 */
public interface MediaPlane extends AutoCloseable {

    /** The router RTP capabilities, identical for every router of this node. */
    RtpCapabilities routerCapabilities();

    CompletionStage<Void> createRouter(String routerId);

    CompletionStage<Void> closeRouter(String routerId);

    CompletionStage<TransportInfo> createWebRtcTransport(String routerId, String transportId, TransportOptions options);

    /** Stores the browser's DTLS fingerprint; the DTLS handshake (server role) is checked against it. */
    CompletionStage<Void> connectTransport(String transportId, DtlsFingerprint remoteFingerprint);

    CompletionStage<IceParameters> restartIce(String transportId);

    CompletionStage<Void> closeTransport(String transportId);

    /** Validates and maps {@code rtpParameters}; nothing is created if they are invalid. */
    CompletionStage<ProducerInfo> produce(String transportId, String producerId, String kind,
                                          RtpParameters rtpParameters, boolean paused, String ownerTag);

    CompletionStage<Void> closeProducer(String producerId);

    CompletionStage<Void> pauseProducer(String producerId);

    CompletionStage<Void> resumeProducer(String producerId);

    boolean canConsume(String producerId, RtpCapabilities deviceCapabilities);

    /** Creates a consumer of {@code producerId} on {@code transportId}; starts paused when asked. */
    CompletionStage<ConsumerInfo> consume(String transportId, String consumerId, String producerId,
                                          RtpCapabilities deviceCapabilities, boolean paused, String ownerTag);

    CompletionStage<Void> closeConsumer(String consumerId);

    CompletionStage<Void> pauseConsumer(String consumerId);

    CompletionStage<Void> resumeConsumer(String consumerId);

    CompletionStage<Void> requestConsumerKeyFrame(String consumerId);

    CompletionStage<List<Map<String, Object>>> transportStats(String transportId);

    CompletionStage<List<Map<String, Object>>> producerStats(String producerId);

    CompletionStage<List<Map<String, Object>>> consumerStats(String consumerId);

    /** A snapshot of node-wide counters (packets, drops by reason, pool state) for metrics and tests. */
    Map<String, Long> counters();

    /** Helper for callers that keep JSON: the router capabilities as JSON. */
    JsonNode routerCapabilitiesJson();

    @Override
    void close();
}
