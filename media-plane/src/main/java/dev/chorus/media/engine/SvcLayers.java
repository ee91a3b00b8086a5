package dev.chorus.media.engine;

import dev.chorus.media.api.MediaListener;
import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.LayerSelector;
import dev.chorus.media.simulcast.LayerStats;
import dev.chorus.media.simulcast.SvcForwarder;
import dev.chorus.media.simulcast.Vp9Descriptor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SVC part of one {@link Consumer} of a VP9 SVC producer (one stream, spatial layers inside): its
 * {@link SvcForwarder} (target layers from preferences and budget, layer filtering, marker bit, gap-free numbering),
 * the sending of what it forwards, and what a retransmission needs per output sequence number
 * ({@link SentLayerMap}, with the rewritten marker bit).
 *
 * <p>The producer's {@link Fanout} parses each packet's VP9 descriptor once, into the worker's
 * {@link EgressScratch#vp9}, and feeds the producer's per-layer {@link LayerStats} (indexed by spatial layer)
 * before any consumer sees the packet; {@link #forward} reads that descriptor. Everything runs on the consumer's
 * media worker: packets ({@link #forward}, {@link #skip}), the timer ({@link #tick}) and control commands
 * ({@link #setPreferredLayers}, {@link #setAvailableBitrate}, {@link #restart}, {@link #stop}). Key pictures are
 * asked for through {@link Producer#requestKeyFrame} (de-duplicated there); changes of the forwarded layers are
 * reported to the {@link MediaListener} ({@code onConsumerLayersChanged}). The packet path allocates nothing.
 */
final class SvcLayers implements LayerSelector.Listener {
    private static final Pattern SPATIAL = Pattern.compile("^[LS](\\d+)");

    private final Consumer consumer;
    private final Producer producer;
    private final MediaListener listener;
    private final BufferPool pool;
    private final MediaCounters counters;
    /** The descriptor of the packet being fanned out, parsed by {@link Fanout} (the worker's scratch). */
    private final Vp9Descriptor packetDescriptor;
    final SvcForwarder forwarder;
    /**
     * What each recent output sequence number carried, for retransmissions: as many as the producer's rings hold
     * (allocated when the first packet is sent).
     */
    final SentLayerMap sent = new SentLayerMap(Producer.VIDEO_RING_SLOTS);
    private long lastUpdateMs = Long.MIN_VALUE / 2;

    SvcLayers(Consumer consumer, Producer producer, MediaListener listener, MediaWorker worker) {
        this.consumer = consumer;
        this.producer = producer;
        this.listener = listener == null ? MediaListener.NONE : listener;
        this.pool = worker.pool;
        this.counters = worker.counters;
        this.packetDescriptor = worker.scratch.vp9;
        this.forwarder = new SvcForwarder(producer.svcLayerStats, producer.spatialLayers, producer.temporalLayers,
                this, consumer.ssrc, ThreadLocalRandom.current().nextInt(0x10000));
    }

    /**
     * Spatial layers from a scalability mode such as {@code L3T3_KEY} or {@code S2T1}, 1..{@link
     * Vp9Descriptor#MAX_SPATIAL_LAYERS}; 1 when none is readable.
     */
    static int spatialLayers(String scalabilityMode) {
        if (scalabilityMode != null) {
            Matcher m = SPATIAL.matcher(scalabilityMode);
            if (m.find() && m.group(1).length() <= 2) {
                return Math.max(1, Math.min(Integer.parseInt(m.group(1)), Vp9Descriptor.MAX_SPATIAL_LAYERS));
            }
        }
        return 1;
    }

    /**
     * Recomputes the target at most every {@link SimulcastLayers#UPDATE_INTERVAL_MS}. Unlike simulcast, not at once
     * when there is none: the first packet after a gap would show only the base layer (the statistics see a
     * picture's layers one after the other), and the forwarder keeps its last target (or, before the first key
     * picture, the preferred layers) until an update has seen the layers again.
     */
    void tick(long nowMs) {
        if (nowMs - lastUpdateMs >= SimulcastLayers.UPDATE_INTERVAL_MS || nowMs < lastUpdateMs) {
            lastUpdateMs = nowMs;
            forwarder.update(nowMs);
        }
    }

    /** The subscriber's preference ({@code temporal} negative: the highest); takes effect at once. */
    void setPreferredLayers(int spatial, int temporal, long nowMs) {
        forwarder.setPreferredLayers(spatial, temporal < 0 ? Integer.MAX_VALUE : temporal);
        lastUpdateMs = nowMs;
        forwarder.update(nowMs);
    }

    /**
     * Bitrate this consumer may use (bits per second, {@link LayerSelector#UNLIMITED} for no limit), e.g. from the
     * transport's bitrate allocator; same meaning as {@link LayerSelector#setAvailableBitrate}. Takes effect at once.
     */
    void setAvailableBitrate(long bitsPerSecond, long nowMs) {
        forwarder.setAvailableBitrate(bitsPerSecond);
        lastUpdateMs = nowMs;
        forwarder.update(nowMs);
    }

    /** Forwarding starts over at a key picture (resume, transport connected, producer resumed). */
    void restart(long nowMs) {
        forwarder.reset();
        lastUpdateMs = nowMs;
        forwarder.update(nowMs);
    }

    /** Nothing is forwarded for now (consumer or producer paused): reports no layers until {@link #restart}. */
    void stop() {
        forwarder.reset();
    }

    /**
     * Decides, numbers and sends one producer packet (router form) of stream {@code s}; {@code arrivalNanos} (its
     * socket receive time) is for the transit histogram.
     */
    void forward(RtpPacket rtp, ProducerStream s, long nowMs, long arrivalNanos) {
        tick(nowMs);
        int inSeq = rtp.sequenceNumber();
        int pt = rtp.payloadType();
        if (!consumer.supportedPt[pt]) {
            forwarder.skip(inSeq);
            return;
        }
        if (!decide(forwarder, sent, inSeq, rtp.timestamp(), rtp.marker(), packetDescriptor, nowMs)) {
            return;
        }
        int outSeq = forwarder.outSequenceNumber();
        long outTs = forwarder.outTimestamp();
        byte[] out = pool.acquire();
        int len = consumer.write(rtp, out, outSeq, consumer.ssrc, pt, false, 0, outTs);
        if (len < 0) {
            pool.release(out);
            counters.dropMalformed.increment();
            return;
        }
        writeMarker(out, forwarder.marker());
        consumer.stream = s;
        consumer.stats.onPacketSent(rtp.payloadLength(), outTs, nowMs);
        consumer.transport.sendForwarded(out, len, arrivalNanos);
    }

    /**
     * The decision for one packet of the (only) stream: asks {@code f} and, when the packet is to be sent,
     * remembers in {@code sent} what its output number carries (input number, timestamp, rewritten marker), so a
     * NACK of that number is answered with this packet and nothing else. Returns true to send it with
     * {@code f}'s {@code out*} values.
     */
    static boolean decide(SvcForwarder f, SentLayerMap sent, int inSeq, long ts, boolean marker, Vp9Descriptor d,
                          long nowMs) {
        if (!f.onPacket(inSeq, ts, marker, d, nowMs)) {
            return false;
        }
        sent.record(f.outSequenceNumber(), inSeq, 0, f.outTimestamp(), -1, -1, f.marker());
        return true;
    }

    /** A packet the consumer does not send (padding only): later packets close the gap. */
    void skip(int seq) {
        forwarder.skip(seq);
    }

    /** Sets or clears the marker bit of the RTP packet at {@code pkt[0]}. */
    static void writeMarker(byte[] pkt, boolean marker) {
        pkt[1] = (byte) (marker ? pkt[1] | 0x80 : pkt[1] & 0x7F);
    }

    @Override
    public void keyFrameNeeded(int spatialLayer, long nowMs) {
        if (consumer.forwarding()) {
            producer.requestKeyFrame(producer.streams[0], nowMs);
        }
    }

    @Override
    public void layersChanged(int spatialLayer, int temporalLayer) {
        if (!consumer.closed) {
            listener.onConsumerLayersChanged(consumer.id, consumer.ownerTag, spatialLayer, temporalLayer);
        }
    }
}
