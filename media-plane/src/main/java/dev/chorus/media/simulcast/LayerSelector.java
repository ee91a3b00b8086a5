package dev.chorus.media.simulcast;

/**
 * Per consumer of a simulcast producer: chooses the target spatial layer (stream index = encoding index, lowest
 * resolution first) and temporal layer, and decides packet by packet which stream and which frames are forwarded.
 *
 * <p><b>Target</b> ({@link #update}): the highest (spatial, temporal) pair, spatial first, such that the spatial
 * layer is at most the preferred one and eligible, the temporal layer is at most the preferred one on the
 * preferred spatial layer (any on a lower one, as a substitute) and present in the stream, and the layers'
 * bitrate (temporal layers 0..t of that stream, from {@link LayerStats}) fits the available bitrate. An eligible
 * stream is active; while some active stream has been active for {@link #STABLE_MS}, streams active for a shorter
 * time are only eligible if they are the current one (a stream that just came up is not preferred over a stable
 * one). When nothing fits the budget, the lowest eligible stream's base layer is chosen; when no stream is
 * active, the target is none (-1) and the current stream is kept.
 *
 * <p><b>Switching</b> ({@link #onPacket}): the current spatial layer changes only on a key frame of the target
 * stream ({@link #SWITCH}); while the target differs from the current layer, {@link #update} asks for a key frame
 * of the target through the {@link Listener} (the engine sends PLI and de-duplicates). Temporal changes happen at
 * frame starts (a new RTP timestamp): down at once, up by one layer at a frame with TID = current + 1 and the
 * layer-sync (Y) bit, or straight to the target at a key frame. Every packet of a frame gets the decision of the
 * frame, so a frame is never cut.
 *
 * <p>Threading: everything runs on the consumer's media worker; control calls ({@link #setPreferredLayers},
 * {@link #setAvailableBitrate}, {@link #reset}) arrive there as commands. {@link #onPacket} is allocation-free;
 * listener calls happen on the same thread.
 */
public final class LayerSelector {
    /** Callbacks on the media worker. */
    public interface Listener {
        /** A key frame of stream {@code spatialLayer} is needed to switch to it (may repeat; de-duplicate). */
        void keyFrameNeeded(int spatialLayer, long nowMs);

        /** The layers actually forwarded changed ({@code -1, -1}: none), for {@code consumerLayersChanged}. */
        void layersChanged(int spatialLayer, int temporalLayer);
    }

    /** {@link #onPacket}: the packet is from another stream; not forwarded and not counted. */
    public static final int IGNORE = 0;
    /** {@link #onPacket}: a packet of the current stream that is filtered out (must be counted as dropped). */
    public static final int DROP = 1;
    /** {@link #onPacket}: forward the packet. */
    public static final int FORWARD = 2;
    /** {@link #onPacket}: forwarding switches to this packet's stream (a key frame); re-base, then forward. */
    public static final int SWITCH = 3;
    /** Available bitrate meaning "no limit". */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** A stream active for less than this is not preferred over one active for longer. */
    public static final long STABLE_MS = 2000;

    private final LayerStats stats;
    private final int spatialLayers;
    private final int temporalLayers;
    private final Listener listener;
    private int preferredSpatial;
    private int preferredTemporal;
    private long budget = UNLIMITED;
    private int targetSpatial = -1;
    private int targetTemporal = -1;
    private int currentSpatial = -1;
    private int currentTemporal = -1;
    /** Temporal target on the current stream while it is not the target stream. */
    private int currentStreamTemporalTarget = -1;
    private boolean frameValid;
    private long frameTs;
    private boolean frameForward;

    /**
     * A selector over the producer's {@code stats}, with {@code spatialLayers} streams and {@code temporalLayers}
     * temporal layers (from the scalability mode, e.g. L3T3); preferred layers start at the highest.
     */
    public LayerSelector(LayerStats stats, int spatialLayers, int temporalLayers, Listener listener) {
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
    }

    /** {@code setConsumerPreferredLayers}: values are clamped to the layer counts; call {@link #update} after. */
    public void setPreferredLayers(int spatial, int temporal) {
        preferredSpatial = Math.max(0, Math.min(spatial, spatialLayers - 1));
        preferredTemporal = Math.max(0, Math.min(temporal, temporalLayers - 1));
    }

    /** Bitrate this consumer may use, bits per second ({@link #UNLIMITED} without BWE); call {@link #update} after. */
    public void setAvailableBitrate(long bitsPerSecond) {
        budget = bitsPerSecond < 0 ? 0 : bitsPerSecond;
    }

    /**
     * Forgets the current layers (consumer start, resume, transport reconnect): forwarding restarts on a key frame
     * of the target stream. Reports {@code layersChanged(-1, -1)} if layers were current. Call {@link #update} after.
     */
    public void reset() {
        frameValid = false;
        setCurrent(-1, -1);
    }

    /**
     * Recomputes the target layers from preferences, stream activity and the budget. Call on a timer (a few times a
     * second) and after any setter. While the target stream is not the current one, asks for a key frame of it.
     */
    public void update(long nowMs) {
        boolean anyStable = false;
        for (int s = 0; s < spatialLayers; s++) {
            if (stats.activeForMs(s, nowMs) >= STABLE_MS) {
                anyStable = true;
                break;
            }
        }
        int bestS = -1;
        int bestT = -1;
        int lowest = -1;
        int topS = Math.min(preferredSpatial, spatialLayers - 1);
        for (int s = 0; s <= topS; s++) {
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
            // Nothing at or below the preference is eligible: take the lowest eligible stream above it, if any.
            for (int s = topS + 1; s < spatialLayers && lowest < 0; s++) {
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
        if (currentSpatial >= 0 && currentSpatial != targetSpatial) {
            int t = fitTemporal(currentSpatial, nowMs);
            currentStreamTemporalTarget = t < 0 ? 0 : t;
        }
        if (targetSpatial >= 0 && targetSpatial != currentSpatial) {
            listener.keyFrameNeeded(targetSpatial, nowMs);
        }
    }

    private boolean eligible(int s, boolean anyStable, long nowMs) {
        if (!stats.active(s, nowMs)) {
            return false;
        }
        return !anyStable || s == currentSpatial || stats.activeForMs(s, nowMs) >= STABLE_MS;
    }

    /** Highest temporal layer of stream {@code s} allowed and within budget; -1 if even the base exceeds it. */
    private int fitTemporal(int s, long nowMs) {
        int top = s == preferredSpatial ? preferredTemporal : temporalLayers - 1;
        top = Math.min(top, Math.max(0, stats.highestTemporal(s, nowMs)));
        int best = -1;
        for (int t = 0; t <= top; t++) {
            if (budget == UNLIMITED || stats.bitrate(s, t, nowMs) <= budget) {
                best = t;
            }
        }
        return best;
    }

    /**
     * Decides for one packet of stream {@code stream} (encoding index) with RTP timestamp {@code rtpTs}, whether
     * it begins a key frame, its temporal id ({@code tid}, negative if unknown: treated as 0) and layer-sync bit.
     * Returns {@link #IGNORE}, {@link #DROP}, {@link #FORWARD} or {@link #SWITCH}. Per packet, allocation-free.
     */
    public int onPacket(int stream, long rtpTs, boolean keyFrame, int tid, boolean layerSync, long nowMs) {
        if (stream != currentSpatial) {
            if (stream != targetSpatial || !keyFrame) {
                return IGNORE;
            }
            frameValid = true;
            frameTs = rtpTs;
            frameForward = true;
            setCurrent(stream, targetTemporal);
            return SWITCH;
        }
        if (!frameValid || rtpTs != frameTs) {
            frameValid = true;
            frameTs = rtpTs;
            int t = tid < 0 ? 0 : tid;
            int want = currentSpatial == targetSpatial ? targetTemporal : currentStreamTemporalTarget;
            int cur = currentTemporal;
            if (want >= 0 && keyFrame) {
                cur = want;
            } else if (want >= 0 && want < cur) {
                cur = want;
            } else if (want > cur && t == cur + 1 && layerSync) {
                cur = t;
            }
            frameForward = t <= cur;
            setCurrent(currentSpatial, cur);
        }
        return frameForward ? FORWARD : DROP;
    }

    private void setCurrent(int spatial, int temporal) {
        if (spatial != currentSpatial || temporal != currentTemporal) {
            currentSpatial = spatial;
            currentTemporal = temporal;
            listener.layersChanged(spatial, temporal);
        }
    }

    /** Preferred spatial layer (clamped). */
    public int preferredSpatial() {
        return preferredSpatial;
    }

    /** Preferred temporal layer (clamped). */
    public int preferredTemporal() {
        return preferredTemporal;
    }

    /** Target spatial layer after the last {@link #update}, or -1. */
    public int targetSpatial() {
        return targetSpatial;
    }

    /** Target temporal layer after the last {@link #update}, or -1. */
    public int targetTemporal() {
        return targetTemporal;
    }

    /** Spatial layer being forwarded, or -1. */
    public int currentSpatial() {
        return currentSpatial;
    }

    /** Temporal layer being forwarded, or -1. */
    public int currentTemporal() {
        return currentTemporal;
    }
}
