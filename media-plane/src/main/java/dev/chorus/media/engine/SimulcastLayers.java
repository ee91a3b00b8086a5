package dev.chorus.media.engine;

import dev.chorus.media.api.MediaListener;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.LayerSelector;
import dev.chorus.media.simulcast.LayerStats;
import dev.chorus.media.simulcast.SimulcastForwarder;
import dev.chorus.media.simulcast.SimulcastRewriter;
import dev.chorus.media.simulcast.Vp8Descriptor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulcast part of one {@link Consumer} of a VP8 simulcast producer: its {@link LayerSelector} (preferred
 * layers, target, switching on key frames), {@link SimulcastRewriter} (one continuous outgoing stream) and
 * {@link SimulcastForwarder}, plus what a retransmission needs per output sequence number ({@link SentLayerMap}).
 *
 * <p>Everything runs on the consumer's media worker: packets ({@link #onPacket}, {@link #skip}), the timer
 * ({@link #tick}), the transport's downlink allocation ({@link #setAvailableBitrate}) and control commands
 * ({@link #setPreferredLayers}, {@link #restart}). Key frames are asked for
 * through {@link Producer#requestKeyFrame} (de-duplicated there); changes of the forwarded layers are reported to
 * the {@link MediaListener} ({@code onConsumerLayersChanged}). The packet path allocates nothing.
 */
final class SimulcastLayers implements LayerSelector.Listener {
    /** How often the target layers are recomputed. */
    static final long UPDATE_INTERVAL_MS = 100;
    private static final Pattern TEMPORAL = Pattern.compile("T(\\d+)");

    private final Consumer consumer;
    private final MediaListener listener;
    final LayerSelector selector;
    final SimulcastRewriter rewriter;
    final SimulcastForwarder forwarder;
    /**
     * What each recent output sequence number carried, for retransmissions: as many as the producer's rings hold
     * (allocated when the first packet is sent).
     */
    final SentLayerMap sent = new SentLayerMap(Producer.VIDEO_RING_SLOTS);
    private long lastUpdateMs = Long.MIN_VALUE / 2;
    private long budgetBps = LayerSelector.UNLIMITED;

    SimulcastLayers(Consumer consumer, Producer producer, MediaListener listener) {
        this.consumer = consumer;
        this.listener = listener == null ? MediaListener.NONE : listener;
        this.selector = new LayerSelector(producer.layerStats, producer.streams.length, producer.temporalLayers, this);
        this.rewriter = new SimulcastRewriter(producer.senderReports, consumer.ssrc,
                ThreadLocalRandom.current().nextInt(0x10000));
        this.forwarder = new SimulcastForwarder(selector, rewriter);
    }

    /**
     * Temporal layers per stream from a scalability mode such as {@code L1T3}: the declared count when above 1;
     * otherwise (none or T1 declared) {@link LayerStats#MAX_TEMPORAL_LAYERS}, so the selector follows the temporal
     * layers the packets actually carry rather than cutting a browser that adds them on its own.
     */
    static int temporalLayers(String scalabilityMode) {
        if (scalabilityMode != null) {
            Matcher m = TEMPORAL.matcher(scalabilityMode);
            if (m.find() && m.group(1).length() <= 2) {
                int t = Integer.parseInt(m.group(1));
                if (t > 1) {
                    return Math.min(t, LayerStats.MAX_TEMPORAL_LAYERS);
                }
            }
        }
        return LayerStats.MAX_TEMPORAL_LAYERS;
    }

    /**
     * Recomputes the target at most every {@link #UPDATE_INTERVAL_MS} (timer and packet path), and at once while
     * there is no target (the first packets of a producer that just started sending).
     */
    void tick(long nowMs) {
        if (nowMs - lastUpdateMs >= UPDATE_INTERVAL_MS || nowMs < lastUpdateMs || selector.targetSpatial() < 0) {
            lastUpdateMs = nowMs;
            selector.update(nowMs);
        }
    }

    /** The subscriber's preference ({@code temporal} negative: the highest); takes effect at once. */
    void setPreferredLayers(int spatial, int temporal, long nowMs) {
        selector.setPreferredLayers(spatial, temporal < 0 ? Integer.MAX_VALUE : temporal);
        lastUpdateMs = nowMs;
        selector.update(nowMs);
    }

    /**
     * The bitrate the transport's downlink allocation gives this consumer ({@link LayerSelector#UNLIMITED}
     * without an estimate); a change re-targets at once.
     */
    void setAvailableBitrate(long bps, long nowMs) {
        if (bps != budgetBps) {
            budgetBps = bps;
            selector.setAvailableBitrate(bps);
            lastUpdateMs = nowMs;
            selector.update(nowMs);
        }
    }

    /** Forwarding starts over on a key frame of the target (resume, transport connected, producer resumed). */
    void restart(long nowMs) {
        selector.reset();
        lastUpdateMs = nowMs;
        selector.update(nowMs);
    }

    /** Nothing is forwarded for now (consumer paused): reports no layers until {@link #restart}. */
    void stop() {
        selector.reset();
    }

    /** Decides one packet; true when it is to be sent with the rewriter's {@code out*} values. */
    boolean onPacket(RtpPacket rtp, ProducerStream s, boolean keyFrame, Vp8Descriptor vp8, long nowMs) {
        return forwarder.onPacket(s.encodingIndex, rtp.sequenceNumber(), rtp.timestamp(), rtp.marker(), keyFrame,
                vp8, nowMs);
    }

    /** A packet of {@code stream} the consumer does not send (padding only, unsupported payload type). */
    void skip(int stream, int seq) {
        forwarder.skip(stream, seq);
    }

    /**
     * Writes the PictureID / TL0PICIDX sent the first time (negative: absent) into a retransmitted copy {@code out}
     * of {@code v} whose payload ends at {@code outLen}, parsing {@code v}'s descriptor into {@code scratch}.
     */
    static void rewriteDescriptor(Vp8Descriptor scratch, RtpPacket v, byte[] out, int outLen, int pictureId, int tl0) {
        if ((pictureId < 0 && tl0 < 0) || !scratch.parse(v.buffer(), v.payloadOffset(), v.payloadLength())) {
            return;
        }
        int po = outLen - v.payloadLength();
        if (pictureId >= 0) {
            scratch.writePictureId(out, po, pictureId);
        }
        if (tl0 >= 0) {
            scratch.writeTl0PicIdx(out, po, tl0);
        }
    }

    @Override
    public void keyFrameNeeded(int spatialLayer, long nowMs) {
        Producer p = consumer.producer;
        if (consumer.forwarding() && spatialLayer >= 0 && spatialLayer < p.streams.length) {
            p.requestKeyFrame(p.streams[spatialLayer], nowMs);
        }
    }

    @Override
    public void layersChanged(int spatialLayer, int temporalLayer) {
        if (!consumer.closed) {
            listener.onConsumerLayersChanged(consumer.id, consumer.ownerTag, spatialLayer, temporalLayer);
        }
    }
}
