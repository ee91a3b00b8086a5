package dev.chorus.media.engine;

import dev.chorus.media.simulcast.LayerStats;

/**
 * A {@link Consumer} as its transport's {@link DownlinkAllocation} sees it: kind, forwarding state, priority and
 * preferred layers, the producer's layer statistics (simulcast: per stream; VP9 SVC: per spatial layer of the one
 * stream, priced cumulatively) or the measured bitrate of the stream it forwards (other video), and where its budget
 * goes ({@link SimulcastLayers#setAvailableBitrate}, {@link SvcLayers#setAvailableBitrate}). Worker-confined.
 */
final class ConsumerSubscription implements DownlinkAllocation.Subscription {
    /** The measured bitrate of a non-simulcast stream is refreshed at most this often, ms. */
    static final long MEASURE_INTERVAL_MS = 1_000;

    private final Consumer consumer;
    private ProducerStream sampled;
    private long sampledBytes;
    private long sampledAtMs;
    private long rateBps;

    ConsumerSubscription(Consumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public boolean audio() {
        return consumer.producer.audio;
    }

    @Override
    public boolean enabled() {
        return consumer.forwarding() && consumer.transport.isConnected();
    }

    @Override
    public int priority() {
        return consumer.priority;
    }

    @Override
    public int preferredSpatial() {
        return consumer.preferredSpatial;
    }

    @Override
    public int preferredTemporal() {
        return consumer.preferredTemporal;
    }

    @Override
    public LayerStats layerStats() {
        if (consumer.layers != null) {
            return consumer.producer.layerStats;
        }
        return consumer.svc != null ? consumer.producer.svcLayerStats : null;
    }

    @Override
    public int spatialLayers() {
        return consumer.svc != null ? consumer.producer.spatialLayers : consumer.producer.streams.length;
    }

    @Override
    public boolean cumulativeLayers() {
        return consumer.svc != null;
    }

    @Override
    public int temporalLayers() {
        return consumer.producer.temporalLayers;
    }

    /** Bytes received on the stream it forwards (or would forward), over windows of {@link #MEASURE_INTERVAL_MS}. */
    @Override
    public long measuredBps(long nowMs) {
        ProducerStream s = consumer.stream != null ? consumer.stream : consumer.producer.preferredStream(nowMs);
        if (!s.active(nowMs)) {
            return -1;
        }
        if (s != sampled || nowMs < sampledAtMs) {
            sampled = s;
            sampledBytes = s.bytes;
            sampledAtMs = nowMs;
            rateBps = 0;
        } else if (nowMs - sampledAtMs >= MEASURE_INTERVAL_MS) {
            rateBps = (s.bytes - sampledBytes) * 8_000 / (nowMs - sampledAtMs);
            sampledBytes = s.bytes;
            sampledAtMs = nowMs;
        }
        return rateBps;
    }

    @Override
    public void setAvailableBitrate(long bps, long nowMs) {
        if (consumer.layers != null) {
            consumer.layers.setAvailableBitrate(bps, nowMs);
        } else if (consumer.svc != null) {
            consumer.svc.setAvailableBitrate(bps, nowMs);
        }
    }
}
