package dev.chorus.media.simulcast;

/**
 * Per consumer of a VP9 SVC producer (one stream, spatial layers inside): forwards the layer frames with
 * SID at most the current spatial layer and TID at most the current temporal layer, and moves the current layers
 * toward the target ({@link #setTargetLayers}, chosen by the engine from preferences and budget).
 *
 * <ul>
 *   <li>Decisions are taken per picture (a new RTP timestamp) and hold for all its packets.</li>
 *   <li>Spatial layer: down at the start of any picture (lower layers never depend on higher ones); up only at a
 *       key picture (upper layers are only decodable from there in K-SVC, the browsers' usual mode), which the
 *       engine requests when {@link #needsKeyFrame()} is true. Before the first key picture nothing is forwarded.</li>
 *   <li>Temporal layer: down at once; up by one at a picture with TID = current + 1 and the switching-up (U) bit;
 *       straight to the target at a key picture.</li>
 *   <li>Marker bit: {@link #marker()} is the value to write on a forwarded packet: set on the packet that ends the
 *       highest forwarded spatial layer's frame (E bit), so the receiver sees the picture end there.</li>
 * </ul>
 *
 * <p>The caller counts {@link #DROP}ped packets into its sequence-number rewriter so the output has no gaps.
 * Packets without layer indices count as spatial and temporal layer 0. Media worker only; allocation-free.
 */
public final class SvcLayerFilter {
    /** {@link #onPacket}: not forwarded (count it as dropped). */
    public static final int DROP = 1;
    /** {@link #onPacket}: forward with the marker bit {@link #marker()}. */
    public static final int FORWARD = 2;

    private final LayerSelector.Listener listener;
    private int targetSpatial;
    private int targetTemporal;
    private int currentSpatial = -1;
    private int currentTemporal = -1;
    private boolean pictureValid;
    private long pictureTs;
    private boolean pictureForward;
    private boolean marker;

    /** A filter reporting layer changes to {@code listener} (its key frame callback is not used). */
    public SvcLayerFilter(LayerSelector.Listener listener, int targetSpatial, int targetTemporal) {
        this.listener = listener;
        setTargetLayers(targetSpatial, targetTemporal);
    }

    /** Target layers (clamped at 0); takes effect at picture boundaries as described above. */
    public void setTargetLayers(int spatial, int temporal) {
        targetSpatial = Math.max(0, spatial);
        targetTemporal = Math.max(0, temporal);
    }

    /** Start over at the next key picture (consumer start, resume). */
    public void reset() {
        pictureValid = false;
        setCurrent(-1, -1);
    }

    /** True when reaching the target needs a key picture (nothing forwarded yet, or a higher spatial layer). */
    public boolean needsKeyFrame() {
        return currentSpatial < 0 || targetSpatial > currentSpatial;
    }

    /**
     * Decides for one packet with RTP timestamp {@code rtpTs}, parsed descriptor {@code d} and original marker
     * bit. Returns {@link #DROP} or {@link #FORWARD} (then write {@link #marker()}). Per packet, allocation-free.
     */
    public int onPacket(long rtpTs, Vp9Descriptor d, boolean originalMarker) {
        if (!d.valid()) {
            return DROP;
        }
        int sid = d.spatialId() < 0 ? 0 : d.spatialId();
        int tid = d.temporalId() < 0 ? 0 : d.temporalId();
        if (!pictureValid || rtpTs != pictureTs) {
            pictureValid = true;
            pictureTs = rtpTs;
            int s = currentSpatial;
            int t = currentTemporal;
            if (d.keyFrame()) {
                s = targetSpatial;
                t = targetTemporal;
            } else if (s >= 0) {
                if (targetSpatial < s) {
                    s = targetSpatial;
                }
                if (targetTemporal < t) {
                    t = targetTemporal;
                } else if (targetTemporal > t && tid == t + 1 && d.switchingUpPoint()) {
                    t = tid;
                }
            }
            setCurrent(s, t);
            pictureForward = s >= 0 && tid <= t;
        }
        if (!pictureForward || sid > currentSpatial) {
            return DROP;
        }
        marker = originalMarker || (d.endOfFrame() && sid == currentSpatial);
        return FORWARD;
    }

    private void setCurrent(int spatial, int temporal) {
        if (spatial != currentSpatial || temporal != currentTemporal) {
            currentSpatial = spatial;
            currentTemporal = temporal;
            listener.layersChanged(spatial, temporal);
        }
    }

    /** Marker bit for the last forwarded packet. */
    public boolean marker() {
        return marker;
    }

    /** Spatial layer being forwarded, or -1. */
    public int currentSpatial() {
        return currentSpatial;
    }

    /** Temporal layer being forwarded, or -1. */
    public int currentTemporal() {
        return currentTemporal;
    }

    /** Target spatial layer. */
    public int targetSpatial() {
        return targetSpatial;
    }

    /** Target temporal layer. */
    public int targetTemporal() {
        return targetTemporal;
    }
}
