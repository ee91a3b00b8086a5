package dev.chorus.media.simulcast;

/**
 * A reusable view over the VP9 RTP payload descriptor (RFC 9628 section 4.2), flexible and non-flexible mode.
 *
 * <pre>
 *   |I|P|L|F|B|E|V|Z|       required
 *   |M| PICTURE ID  |       if I (M=1: 15-bit PictureID over two bytes)
 *   | EXTENDED PID  |
 *   | TID |U| SID |D|       if L
 *   |   TL0PICIDX   |       if L and not F (non-flexible mode)
 *   | P_DIFF      |N|       if F and P, up to 3 times (N: another follows)
 *   | SS ...        |       if V: |N_S|Y|G|RES|, [WIDTH HEIGHT] x (N_S+1) if Y, [N_G, groups] if G
 * </pre>
 *
 * <p>Widths and heights of up to {@link #MAX_SPATIAL_LAYERS} spatial layers from the scalability structure are kept
 * in fixed arrays. Nothing allocates and nothing throws; a malformed descriptor makes {@link #parse} return false.
 * Not thread-safe: one instance per media worker.
 */
public final class Vp9Descriptor {
    /** N_S has three bits. */
    public static final int MAX_SPATIAL_LAYERS = 8;
    /** Value of optional fields that are absent. */
    public static final int ABSENT = -1;

    private final int[] widths = new int[MAX_SPATIAL_LAYERS];
    private final int[] heights = new int[MAX_SPATIAL_LAYERS];
    private boolean valid;
    private int b0;
    private int pictureId = ABSENT;
    private int pictureIdBits;
    private int temporalId = ABSENT;
    private boolean switchingUp;
    private int spatialId = ABSENT;
    private boolean interLayerDependency;
    private int tl0PicIdx = ABSENT;
    private int referenceCount;
    private int ssSpatialLayers;
    private boolean ssHasResolution;
    private int ssPictureGroups = ABSENT;
    private int length;

    /** Parses the descriptor at {@code buf[off..off+len)} (the RTP payload); false when empty or truncated. */
    public boolean parse(byte[] buf, int off, int len) {
        reset();
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return false;
        }
        int end = off + len;
        int p = off;
        int d0 = buf[p++] & 0xFF;
        int pid = ABSENT;
        int pidBits = 0;
        if ((d0 & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            int m = buf[p] & 0xFF;
            if ((m & 0x80) != 0) {
                if (p + 1 >= end) {
                    return false;
                }
                pid = ((m & 0x7F) << 8) | (buf[p + 1] & 0xFF);
                pidBits = 15;
                p += 2;
            } else {
                pid = m;
                pidBits = 7;
                p++;
            }
        }
        boolean flexible = (d0 & 0x10) != 0;
        int tid = ABSENT;
        int sid = ABSENT;
        boolean u = false;
        boolean d = false;
        int tl0 = ABSENT;
        if ((d0 & 0x20) != 0) {
            if (p >= end) {
                return false;
            }
            int l = buf[p++] & 0xFF;
            tid = l >>> 5;
            u = (l & 0x10) != 0;
            sid = (l >>> 1) & 0x07;
            d = (l & 0x01) != 0;
            if (!flexible) {
                if (p >= end) {
                    return false;
                }
                tl0 = buf[p++] & 0xFF;
            }
        }
        int refs = 0;
        if (flexible && (d0 & 0x40) != 0) {
            boolean more = true;
            while (more) {
                if (p >= end || refs == 3) {
                    return false;
                }
                more = (buf[p++] & 0x01) != 0;
                refs++;
            }
        }
        if ((d0 & 0x02) != 0) {
            p = parseScalabilityStructure(buf, p, end);
            if (p < 0) {
                reset();
                return false;
            }
        }
        this.valid = true;
        this.b0 = d0;
        this.pictureId = pid;
        this.pictureIdBits = pidBits;
        this.temporalId = tid;
        this.switchingUp = u;
        this.spatialId = sid;
        this.interLayerDependency = d;
        this.tl0PicIdx = tl0;
        this.referenceCount = refs;
        this.length = p - off;
        return true;
    }

    private int parseScalabilityStructure(byte[] buf, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int ss = buf[p++] & 0xFF;
        int layers = (ss >>> 5) + 1;
        boolean y = (ss & 0x10) != 0;
        boolean g = (ss & 0x08) != 0;
        if (y) {
            if (p + 4 * layers > end) {
                return -1;
            }
            for (int i = 0; i < layers; i++) {
                widths[i] = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
                heights[i] = ((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF);
                p += 4;
            }
        }
        int groups = ABSENT;
        if (g) {
            if (p >= end) {
                return -1;
            }
            groups = buf[p++] & 0xFF;
            for (int i = 0; i < groups; i++) {
                if (p >= end) {
                    return -1;
                }
                int r = (buf[p++] >>> 2) & 0x03;
                p += r;
                if (p > end) {
                    return -1;
                }
            }
        }
        ssSpatialLayers = layers;
        ssHasResolution = y;
        ssPictureGroups = groups;
        return p;
    }

    private void reset() {
        valid = false;
        b0 = 0;
        pictureId = ABSENT;
        pictureIdBits = 0;
        temporalId = ABSENT;
        switchingUp = false;
        spatialId = ABSENT;
        interLayerDependency = false;
        tl0PicIdx = ABSENT;
        referenceCount = 0;
        ssSpatialLayers = 0;
        ssHasResolution = false;
        ssPictureGroups = ABSENT;
        length = 0;
    }

    /** True when the last {@link #parse} succeeded. */
    public boolean valid() {
        return valid;
    }

    /** P: the layer frame is inter-picture predicted. */
    public boolean interPicturePredicted() {
        return (b0 & 0x40) != 0;
    }

    /** L: layer indices are present. */
    public boolean hasLayerIndices() {
        return (b0 & 0x20) != 0;
    }

    /** F: flexible mode. */
    public boolean flexibleMode() {
        return (b0 & 0x10) != 0;
    }

    /** B: the packet starts a layer frame. */
    public boolean beginningOfFrame() {
        return (b0 & 0x08) != 0;
    }

    /** E: the packet ends a layer frame. */
    public boolean endOfFrame() {
        return (b0 & 0x04) != 0;
    }

    /** V: a scalability structure is present. */
    public boolean hasScalabilityStructure() {
        return (b0 & 0x02) != 0;
    }

    /** Z: the layer frame is not used for inter-layer prediction. */
    public boolean notUpperLayerReference() {
        return (b0 & 0x01) != 0;
    }

    /** PictureID (0..127 or 0..32767), or {@link #ABSENT}. */
    public int pictureId() {
        return pictureId;
    }

    /** Width of PictureID: 7, 15, or 0 when absent. */
    public int pictureIdBits() {
        return pictureIdBits;
    }

    /** TID (0..7), or {@link #ABSENT} without layer indices. */
    public int temporalId() {
        return temporalId;
    }

    /** U: switching up point (a higher temporal layer may start here). */
    public boolean switchingUpPoint() {
        return switchingUp;
    }

    /** SID (0..7), or {@link #ABSENT} without layer indices. */
    public int spatialId() {
        return spatialId;
    }

    /** D: the layer frame depends on the next lower spatial layer of the same picture. */
    public boolean interLayerDependency() {
        return interLayerDependency;
    }

    /** TL0PICIDX (non-flexible mode with layer indices), or {@link #ABSENT}. */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** Number of P_DIFF reference indices (flexible mode), 0..3. */
    public int referenceCount() {
        return referenceCount;
    }

    /** Spatial layers announced by the scalability structure, 0 when there is none in this packet. */
    public int ssSpatialLayers() {
        return ssSpatialLayers;
    }

    /** Width of spatial layer {@code i} from the scalability structure, or -1 if not carried. */
    public int ssWidth(int i) {
        return ssHasResolution && i >= 0 && i < ssSpatialLayers ? widths[i] : -1;
    }

    /** Height of spatial layer {@code i} from the scalability structure, or -1 if not carried. */
    public int ssHeight(int i) {
        return ssHasResolution && i >= 0 && i < ssSpatialLayers ? heights[i] : -1;
    }

    /** N_G of the scalability structure, or {@link #ABSENT}. */
    public int ssPictureGroups() {
        return ssPictureGroups;
    }

    /** Descriptor length in bytes, 0 when not valid. */
    public int length() {
        return length;
    }

    /** True when the packet starts a key picture: B set, P clear, and spatial layer 0 (or no layer indices). */
    public boolean keyFrame() {
        return valid && beginningOfFrame() && !interPicturePredicted() && (spatialId == ABSENT || spatialId == 0);
    }
}
