package dev.chorus.media.simulcast;

/**
 * A reusable view over the VP8 RTP payload descriptor (RFC 7741 section 4.2) at the start of an RTP payload, with
 * in-place rewriting of PictureID and TL0PICIDX.
 *
 * <pre>
 *   |X|R|N|S|R| PID |     required
 *   |I|L|T|K| RSV   |     if X
 *   |M| PictureID   |     if I (M=1: 15-bit PictureID over two bytes, M=0: 7 bits in one byte)
 *   |   PictureID   |
 *   |   TL0PICIDX   |     if L
 *   |TID|Y| KEYIDX  |     if T or K
 * </pre>
 *
 * <p>{@link #parse} caches the fields and the positions of PictureID and TL0PICIDX relative to the payload start,
 * so the same layout can be rewritten in place ({@link #setPictureId}, {@link #setTl0PicIdx}) or in a copy of the
 * payload at another offset ({@link #writePictureId}, {@link #writeTl0PicIdx}). {@link #writeWidened} emits the
 * descriptor with a 15-bit PictureID (for a 7-bit source), so a forwarded stream can keep one width.
 * Nothing allocates and nothing throws; a malformed descriptor makes {@code parse} return false.
 * Not thread-safe: one instance per media worker (or per producer on that worker).
 */
public final class Vp8Descriptor {
    /** Longest possible descriptor: 1 + 1 + 2 + 1 + 1 bytes. */
    public static final int MAX_LENGTH = 6;
    /** Value of {@link #pictureId()} / {@link #tl0PicIdx()} / {@link #temporalId()} when the field is absent. */
    public static final int ABSENT = -1;

    private boolean valid;
    private boolean nonReference;
    private boolean startOfPartition;
    private int partitionId;
    private int pictureId = ABSENT;
    private int pictureIdBits;
    private int pictureIdPos;
    private int tl0PicIdx = ABSENT;
    private int tl0Pos;
    private int temporalId = ABSENT;
    private boolean layerSync;
    private int keyIdx = ABSENT;
    private int length;
    private boolean keyFrame;
    private byte[] buf;
    private int off;

    /**
     * Parses the descriptor at {@code buf[off..off+len)} (the RTP payload). Returns false when the payload is empty
     * or the descriptor runs past {@code len} (then every accessor reports an empty descriptor).
     */
    public boolean parse(byte[] buf, int off, int len) {
        reset();
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return false;
        }
        int end = off + len;
        int p = off;
        int b0 = buf[p++] & 0xFF;
        boolean x = (b0 & 0x80) != 0;
        int pid = -1;
        int pidBits = 0;
        int pidPos = 0;
        int tl0 = ABSENT;
        int tl0At = 0;
        int tid = ABSENT;
        boolean y = false;
        int kidx = ABSENT;
        if (x) {
            if (p >= end) {
                return false;
            }
            int xb = buf[p++] & 0xFF;
            if ((xb & 0x80) != 0) {
                if (p >= end) {
                    return false;
                }
                pidPos = p - off;
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
            if ((xb & 0x40) != 0) {
                if (p >= end) {
                    return false;
                }
                tl0At = p - off;
                tl0 = buf[p++] & 0xFF;
            }
            boolean t = (xb & 0x20) != 0;
            boolean k = (xb & 0x10) != 0;
            if (t || k) {
                if (p >= end) {
                    return false;
                }
                int tk = buf[p++] & 0xFF;
                if (t) {
                    tid = tk >>> 6;
                    y = (tk & 0x20) != 0;
                }
                if (k) {
                    kidx = tk & 0x1F;
                }
            }
        }
        this.valid = true;
        this.buf = buf;
        this.off = off;
        this.nonReference = (b0 & 0x20) != 0;
        this.startOfPartition = (b0 & 0x10) != 0;
        this.partitionId = b0 & 0x07;
        this.pictureId = pid;
        this.pictureIdBits = pidBits;
        this.pictureIdPos = pidPos;
        this.tl0PicIdx = tl0;
        this.tl0Pos = tl0At;
        this.temporalId = tid;
        this.layerSync = y;
        this.keyIdx = kidx;
        this.length = p - off;
        // The VP8 payload header (|Size0|H|VER|P|) follows only at the start of partition 0; P=0 is a key frame.
        this.keyFrame = startOfPartition && partitionId == 0 && p < end && (buf[p] & 0x01) == 0;
        return true;
    }

    private void reset() {
        valid = false;
        nonReference = false;
        startOfPartition = false;
        partitionId = 0;
        pictureId = ABSENT;
        pictureIdBits = 0;
        pictureIdPos = 0;
        tl0PicIdx = ABSENT;
        tl0Pos = 0;
        temporalId = ABSENT;
        layerSync = false;
        keyIdx = ABSENT;
        length = 0;
        keyFrame = false;
        buf = null;
        off = 0;
    }

    /** True when the last {@link #parse} succeeded. */
    public boolean valid() {
        return valid;
    }

    /** N bit: the frame is not used as a reference. */
    public boolean nonReference() {
        return nonReference;
    }

    /** S bit: the packet starts a VP8 partition. */
    public boolean startOfPartition() {
        return startOfPartition;
    }

    /** PID: partition index 0..7. */
    public int partitionId() {
        return partitionId;
    }

    /** True when the packet starts a frame (S=1 and partition 0). */
    public boolean startOfFrame() {
        return startOfPartition && partitionId == 0;
    }

    /** PictureID (0..127 or 0..32767), or {@link #ABSENT}. */
    public int pictureId() {
        return pictureId;
    }

    /** Width of the PictureID field: 7, 15, or 0 when absent. */
    public int pictureIdBits() {
        return pictureIdBits;
    }

    /** TL0PICIDX (0..255), or {@link #ABSENT}. */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** TID (0..3), or {@link #ABSENT} when the T bit is clear. */
    public int temporalId() {
        return temporalId;
    }

    /** Y bit (layer sync: the frame depends only on the base temporal layer); false when T is clear. */
    public boolean layerSync() {
        return layerSync;
    }

    /** KEYIDX (0..31), or {@link #ABSENT} when the K bit is clear. */
    public int keyIdx() {
        return keyIdx;
    }

    /** Descriptor length in bytes (where the VP8 payload starts), 0 when not valid. */
    public int length() {
        return length;
    }

    /** True when the packet begins a key frame: start of partition 0 and the payload header's P bit clear. */
    public boolean keyFrame() {
        return keyFrame;
    }

    /** Rewrites PictureID in the parsed buffer, in the field's own width (low 7 or 15 bits used). No-op if absent. */
    public void setPictureId(int value) {
        if (valid && pictureIdBits != 0) {
            writePictureId(buf, off, value);
            pictureId = value & (pictureIdBits == 15 ? 0x7FFF : 0x7F);
        }
    }

    /** Rewrites TL0PICIDX in the parsed buffer (low 8 bits used). No-op if absent. */
    public void setTl0PicIdx(int value) {
        if (valid && tl0PicIdx != ABSENT) {
            writeTl0PicIdx(buf, off, value);
            tl0PicIdx = value & 0xFF;
        }
    }

    /**
     * Writes PictureID, in the parsed layout and width, into a copy of this payload that starts at
     * {@code dst[payloadOff]}. No-op if the parsed descriptor has no PictureID.
     */
    public void writePictureId(byte[] dst, int payloadOff, int value) {
        if (!valid || pictureIdBits == 0) {
            return;
        }
        int p = payloadOff + pictureIdPos;
        if (pictureIdBits == 15) {
            dst[p] = (byte) (0x80 | ((value >>> 8) & 0x7F));
            dst[p + 1] = (byte) value;
        } else {
            dst[p] = (byte) (value & 0x7F);
        }
    }

    /** Writes TL0PICIDX, in the parsed layout, into a copy of this payload starting at {@code dst[payloadOff]}. */
    public void writeTl0PicIdx(byte[] dst, int payloadOff, int value) {
        if (valid && tl0PicIdx != ABSENT) {
            dst[payloadOff + tl0Pos] = (byte) value;
        }
    }

    /**
     * Writes the parsed descriptor to {@code dst[dstOff..]} with a 15-bit PictureID {@code pictureId} and
     * TL0PICIDX {@code tl0} (ignored when absent), keeping every other field. A descriptor without PictureID gets
     * none. Returns the number of bytes written (at most {@link #MAX_LENGTH}), or -1 if not valid. The VP8 payload
     * ({@code length()} bytes into the source) is the caller's to copy after it.
     */
    public int writeWidened(byte[] dst, int dstOff, int pictureId, int tl0) {
        if (!valid) {
            return -1;
        }
        int p = dstOff;
        dst[p++] = buf[off];
        if (length == 1) {
            return 1;
        }
        dst[p++] = buf[off + 1];
        if (pictureIdBits != 0) {
            dst[p++] = (byte) (0x80 | ((pictureId >>> 8) & 0x7F));
            dst[p++] = (byte) pictureId;
        }
        if (tl0PicIdx != ABSENT) {
            dst[p++] = (byte) tl0;
        }
        int xb = buf[off + 1] & 0xFF;
        if ((xb & 0x30) != 0) {
            dst[p++] = buf[off + length - 1];
        }
        return p - dstOff;
    }
}
