package dev.chorus.media.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.speaker.LevelSummary;
import dev.chorus.media.stats.LatencySnapshot;
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

    /**
     * Creates a consumer of {@code producerId} on {@code transportId}; starts paused when asked. Selected, and
     * DTX is forwarded (see {@link ConsumerOptions#paused}).
     */
    default CompletionStage<ConsumerInfo> consume(String transportId, String consumerId, String producerId,
                                                  RtpCapabilities deviceCapabilities, boolean paused,
                                                  String ownerTag) {
        return consume(transportId, consumerId, producerId, deviceCapabilities, ConsumerOptions.paused(paused),
                ownerTag);
    }

    /** Creates a consumer of {@code producerId} on {@code transportId} as {@code options} say. */
    CompletionStage<ConsumerInfo> consume(String transportId, String consumerId, String producerId,
                                          RtpCapabilities deviceCapabilities, ConsumerOptions options,
                                          String ownerTag);

    CompletionStage<Void> closeConsumer(String consumerId);

    CompletionStage<Void> pauseConsumer(String consumerId);

    CompletionStage<Void> resumeConsumer(String consumerId);

    CompletionStage<Void> requestConsumerKeyFrame(String consumerId);

    /**
     * Last-N: whether the consumer is in its subscriber's selection. An unselected consumer forwards nothing (nor
     * answers NACKs, nor sends reports), independently of the subscriber's own pause and the producer's pause: a
     * {@link #resumeConsumer} does not make it forward. Selecting it again restarts it like a resume: video on a
     * key frame, which is requested. Setting the current value changes nothing.
     */
    CompletionStage<Void> setConsumerSelected(String consumerId, boolean selected);

    /**
     * The subscriber's preferred layers: {@code spatialLayer} (simulcast stream index, lowest resolution first;
     * clamped) and {@code temporalLayer} (negative: the highest). A consumer of a VP8 simulcast producer switches
     * to them (on a key frame of the new stream) and reports what it forwards through
     * {@link MediaListener#onConsumerLayersChanged}; other consumers only store them.
     */
    CompletionStage<Void> setConsumerPreferredLayers(String consumerId, int spatialLayer, int temporalLayer);

    /** The consumer's priority (1..255), stored for bandwidth allocation. */
    CompletionStage<Void> setConsumerPriority(String consumerId, int priority);

    CompletionStage<List<Map<String, Object>>> transportStats(String transportId);

    CompletionStage<List<Map<String, Object>>> producerStats(String producerId);

    CompletionStage<List<Map<String, Object>>> consumerStats(String consumerId);

    /**
     * Drains the audio levels collected since the previous call, for active-speaker detection: router id →
     * producer id → {@link LevelSummary}. Only audio producers that negotiated {@code ssrc-audio-level} and whose
     * media enters this node are included (pipe producers are reported by their home node, never twice), and only
     * those with something to say: a producer that stays quiet is reported once and then left out until it makes
     * sound again (see {@link dev.chorus.media.speaker.LevelAggregator#drain}), so a missing entry means silence.
     *
     * <p>A pull, not a push: the caller (the node's control actor, every ~200 ms) sets the cadence and gets one
     * batch per node instead of a listener callback per producer from a media thread; a slow caller simply drains
     * less often (the aggregators keep the newest 1.6 s), and a node nobody asks allocates nothing. Each media
     * worker drains its own producers (one command each); the result completes off the media threads. Call from
     * one thread at a time.
     */
    CompletionStage<Map<String, Map<String, LevelSummary>>> drainAudioLevels();

    // ---- inter-node pipes ---------------------------------------------------------------------------------

    /** This node's data-plane endpoint ({@code host:port}) other nodes pipe to, or null when it has none. */
    String pipeEndpoint();

    /**
     * Starts sending producer {@code producerId}'s packets (once, whatever the subscriber count there) to the node
     * at {@code remoteEndpoint}, tagged {@code pipeKey}; returns what that node needs for {@link #pipeIn}.
     * Feedback for the pipe (PLI, NACK) is answered here.
     */
    CompletionStage<PipeSpec> pipeOut(String producerId, long pipeKey, String remoteEndpoint);

    CompletionStage<Void> closePipeOut(long pipeKey);

    /**
     * Re-injects a producer of another node into router {@code routerId} as a pipe producer with the same id,
     * fed by packets tagged {@code pipeKey}; local consumers then consume it like any producer. Key-frame
     * requests and NACKs go back to {@code sourceEndpoint}.
     */
    CompletionStage<ProducerInfo> pipeIn(String routerId, long pipeKey, PipeSpec spec, String sourceEndpoint);

    /** Closes a pipe producer; its local consumers close (reported through the listener). */
    CompletionStage<Void> closePipeIn(long pipeKey);

    /** How many distinct owners (peers, by owner tag) hold a transport here: the node's load for placement. */
    int ownerCount();

    /**
     * A snapshot of node-wide counters (packets, bytes, feedback, drops by reason, pool state) and object counts
     * (routers, transports, producers, consumers, pipes, owners) for metrics and tests.
     */
    Map<String, Long> counters();

    /**
     * Node-wide transit time of forwarded packets, summed over the media workers: for every RTP packet handed to the
     * socket for a subscriber, the time since its datagram was received (the same receive timestamp transport-cc
     * uses). Retransmissions and inter-node pipe sends are not included.
     */
    LatencySnapshot transitTimes();

    /**
     * CPU time used so far by each media worker thread, in nanoseconds, indexed by worker; -1 for a worker whose CPU
     * time the JVM cannot measure.
     */
    long[] workerCpuNanos();

    /** Helper for callers that keep JSON: the router capabilities as JSON. */
    JsonNode routerCapabilitiesJson();

    @Override
    void close();
}
