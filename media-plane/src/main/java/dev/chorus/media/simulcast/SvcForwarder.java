package dev.chorus.media.simulcast;

/**
 * Per consumer of a VP9 SVC producer (one RTP stream, spatial layers inside): chooses the target layers, filters
 * the packets with a {@link SvcLayerFilter}, and numbers what it forwards with a single-stream
 * {@link SimulcastRewriter}, so the subscriber sees gap-free sequence numbers whatever is dropped.
 *
 * <p><b>Target</b> ({@link #update}): the highest (spatial, temporal) pair, spatial first, such that the spatial
 * layer is at most the preferred one and active (its layer frames arrived within
 * {@link LayerStats#ACTIVE_TIMEOUT_MS}), the temporal layer is at most the preferred one on the preferred spatial
 * layer (any on a lower one) and present, and the bitrate of everything forwarded for it fits the available
 * bitrate. In SVC a spatial layer is sent together with the layers below it, so that bitrate is cumulative: spatial
 * layers 0..s, temporal layers 0..t ({@link #bitrate}). As for simulcast, a layer active for less than
 * {@link LayerSelector#STABLE_MS} is not chosen above the current one while another layer has been stable that
 * long. When nothing fits the budget, the lowest active layer's base temporal layer is chosen. Until the first key
 * picture has been forwarded, and without a budget, the filter aims at the preferred layers whatever the
 * statistics say: a picture brings its layers together, so a producer that just started or resumed is forwarded up
 * to the preferred layers from its first key picture on, rather than from the layers seen before it (with a budget
 * and no statistics yet: the base layers). When no layer is active (a gap in the producer's sending), the last
 * target is kept.
 *
 * <p><b>Switching</b> is the filter's: down at once, spatial up only at a key picture. While the filter needs a key
 * picture to reach the target, {@link #update} asks for one through the listener (the engine sends a PLI and
 * de-duplicates). Layer changes are reported through the same listener.
 *
 * <p><b>Numbering</b>: the first packet forwarded after a (re)start re-bases the rewriter (continuing the output
 * sequence numbers, skipping one if the last frame was cut); after it, every packet the filter drops, and every
 * packet the engine {@link #skip}s, is counted out. Timestamps are the producer's (one stream, one timeline).
 *
 * <p>Threading: the consumer's media worker only; control calls ({@link #setPreferredLayers},
 * {@link #setAvailableBitrate}, {@link #reset}) arrive there as commands. {@link #onPacket} and {@link #update}
 * allocate nothing.
 */
public final class SvcForwarder {
    /** Stream index given to the single-stream rewriter. */
    private static final int STREAM = 0;
    /** VP9's RTP clock rate (RFC 9628). */
    private static final int CLOCK_RATE = 90_000;

    private final LayerStats stats;
    private final int spatialLayers;
    private final int temporalLayers;
    private final LayerSelector.Listener listener;
    private final SvcLayerFilter filter;
    private final SimulcastRewriter rewriter;
    private int preferredSpatial;
    private int preferredTemporal;
    private long budget = LayerSelector.UNLIMITED;
    private int targetSpatial = -1;
    private int targetTemporal = -1;
    private boolean synced;

    /**
     * A forwarder over the producer's per-layer {@code stats} (indexed by spatial layer), with
     * {@code spatialLayers} x {@code temporalLayers} layers (from the scalability mode, e.g. L3T3_KEY), sending on
     * {@code ssrc} from sequence number {@code firstSeq}. Preferred layers start at the highest.
     */
    public SvcForwarder(LayerStats stats, int spatialLayers, int temporalLayers, LayerSelector.Listener listener,
                        long ssrc, int firstSeq) {
        if (spatialLayers < 1 || spatialLayers > stats.streams() || temporalLayers < 1
                || temporalLayers > LayerStats.MAX_TEMPORAL_LAYERS) {
            throw new IllegalArgumentException("bad layer counts " + spatialLayers + "x" + temporalLayers);
        }
        this.stats = stats;
        this.spatialLayers = spatialLayers;
        this.temporalLayers = temporalLayers;
        this.listener = listener;
        this.preferredSpatial = spatialLayers - 1;
        this.preferredTemporal = temporalLayers - 1;
        this.filter = new SvcLayerFilter(listener, preferredSpatial, preferredTemporal);
        this.rewriter = new SimulcastRewriter(new SenderReportTable(1, CLOCK_RATE), ssrc, firstSeq);
    }

    /** {@code setConsumerPreferredLayers}: clamped to the layer counts; call {@link #update} after. */
    public void setPreferredLayers(int spatial, int temporal) {
        preferredSpatial = Math.max(0, Math.min(spatial, spatialLayers - 1));
        preferredTemporal = Math.max(0, Math.min(temporal, temporalLayers - 1));
    }

    /**
     * Bitrate this consumer may use, bits per second ({@link LayerSelector#UNLIMITED} without BWE), with the same
     * meaning as {@link LayerSelector#setAvailableBitrate}; compare with {@link #bitrate}. Call {@link #update} after.
     */
    public void setAvailableBitrate(long bitsPerSecond) {
        budget = bitsPerSecond < 0 ? 0 : bitsPerSecond;
    }

    /**
     * Forgets the current layers (consumer start, resume, transport reconnect): forwarding restarts at the next
     * key picture, continuing the output numbering. Reports no layers if some were current. Call {@link #update}
     * after.
     */
    public void reset() {
        filter.reset();
        synced = false;
    }

    /**
     * Recomputes the target from preferences, layer activity and the budget, hands it to the filter, and asks for
     * a key picture while one is needed to reach it. Call on a timer (a few times a second) and after any setter.
     */
    public void update(long nowMs) {
        boolean anyStable = false;
        for (int s = 0; s < spatialLayers; s++) {
            if (stats.activeForMs(s, nowMs) >= LayerSelector.STABLE_MS) {
                anyStable = true;
                break;
            }
        }
        int bestS = -1;
        int bestT = -1;
        int lowest = -1;
        for (int s = 0; s <= preferredSpatial; s++) {
            if (!eligible(s, anyStable, nowMs)) {
                continue;
            }
            if (lowest < 0) {
                lowest = s;
            }
            int t = fitTemporal(s, nowMs);
            if (t >= 0) {
                bestS = s;
                bestT = t;
            }
        }
        if (bestS < 0 && lowest < 0) {
            for (int s = preferredSpatial + 1; s < spatialLayers && lowest < 0; s++) {
                if (eligible(s, anyStable, nowMs)) {
                    lowest = s;
                }
            }
        }
        if (bestS < 0 && lowest >= 0) {
            bestS = lowest;
            bestT = 0;
        }
        targetSpatial = bestS;
        targetTemporal = bestT;
        if (filter.currentSpatial() < 0 && budget == LayerSelector.UNLIMITED) {
            // Nothing forwarded yet: start at the preference. A picture brings its layers together, so the first
            // key picture is forwarded up to the preferred layers it carries, even if the statistics have not seen
            // them yet (a producer that just started, or resumed after a pause); they take over from then on.
            filter.setTargetLayers(preferredSpatial, preferredTemporal);
        } else if (bestS >= 0) {
            filter.setTargetLayers(bestS, bestT);
        } else if (filter.currentSpatial() < 0) {
            filter.setTargetLayers(0, 0); // a budget, and nothing known yet: the base layers
        }
        if (bestS >= 0 && filter.needsKeyFrame()) {
            listener.keyFrameNeeded(0, nowMs);
        }
    }

    private boolean eligible(int s, boolean anyStable, long nowMs) {
        if (!stats.active(s, nowMs)) {
            return false;
        }
        return !anyStable || s <= filter.currentSpatial() || stats.activeForMs(s, nowMs) >= LayerSelector.STABLE_MS;
    }

    /** Highest temporal layer allowed on spatial layer {@code s} whose cumulative bitrate fits; -1 if none. */
    private int fitTemporal(int s, long nowMs) {
        int top = s == preferredSpatial ? preferredTemporal : temporalLayers - 1;
        int present = 0;
        for (int k = 0; k <= s; k++) {
            present = Math.max(present, stats.highestTemporal(k, nowMs));
        }
        top = Math.min(top, present);
        int best = -1;
        for (int t = 0; t <= top; t++) {
            if (budget == LayerSelector.UNLIMITED || bitrate(s, t, nowMs) <= budget) {
                best = t;
            }
        }
        return best;
    }

    /**
     * Bits per second forwarded at spatial layer {@code s} and temporal layer {@code t} over the last second:
     * spatial layers 0..s and temporal layers 0..t together (what a subscriber at those layers receives).
     */
    public long bitrate(int s, int t, long nowMs) {
        long sum = 0;
        for (int k = 0; k <= s && k < spatialLayers; k++) {
            sum += stats.bitrate(k, t, nowMs);
        }
        return sum;
    }

    /**
     * Decides one packet with sequence number {@code seq}, RTP timestamp {@code ts}, original marker bit and
     * parsed descriptor {@code d} (invalid: dropped). True when it is to be sent with {@link #outSequenceNumber},
     * {@link #outTimestamp} and {@link #marker}. Per packet, allocation-free.
     */
    public boolean onPacket(int seq, long ts, boolean marker, Vp9Descriptor d, long nowMs) {
        if (filter.onPacket(ts, d, marker) == SvcLayerFilter.DROP) {
            if (synced) {
                rewriter.drop(seq, null);
            }
            return false;
        }
        if (!synced) {
            rewriter.switchTo(STREAM, seq, ts, null, nowMs);
            synced = true;
        }
        return rewriter.rewrite(seq, ts, filter.marker(), null, nowMs);
    }

    /** A packet the consumer does not send for its own reasons (padding only, unsupported payload type). */
    public void skip(int seq) {
        if (synced) {
            rewriter.drop(seq, null);
        }
    }

    /** Output sequence number of the last packet {@link #onPacket} accepted. */
    public int outSequenceNumber() {
        return rewriter.outSequenceNumber();
    }

    /** Output RTP timestamp of the last packet {@link #onPacket} accepted. */
    public long outTimestamp() {
        return rewriter.outTimestamp();
    }

    /** Marker bit to write on the last packet {@link #onPacket} accepted (set where the forwarded picture ends). */
    public boolean marker() {
        return filter.marker();
    }

    /** Highest output sequence number sent so far. */
    public int maxSequenceNumber() {
        return rewriter.maxSequenceNumber();
    }

    /** Preferred spatial layer (clamped). */
    public int preferredSpatial() {
        return preferredSpatial;
    }

    /** Preferred temporal layer (clamped). */
    public int preferredTemporal() {
        return preferredTemporal;
    }

    /** Target spatial layer after the last {@link #update}, or -1 when no layer is active. */
    public int targetSpatial() {
        return targetSpatial;
    }

    /** Target temporal layer after the last {@link #update}, or -1. */
    public int targetTemporal() {
        return targetTemporal;
    }

    /** Spatial layer being forwarded, or -1. */
    public int currentSpatial() {
        return filter.currentSpatial();
    }

    /** Temporal layer being forwarded, or -1. */
    public int currentTemporal() {
        return filter.currentTemporal();
    }

    /** Number of spatial layers (from the scalability mode). */
    public int spatialLayers() {
        return spatialLayers;
    }

    /** Number of temporal layers (from the scalability mode, or the most the packets may carry). */
    public int temporalLayers() {
        return temporalLayers;
    }
}
