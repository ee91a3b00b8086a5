package dev.chorus.ops.loadgen.media;

/**
 * Writes the start of a synthetic VP8 RTP payload (RFC 7741) so that an SFU's VP8 code sees a valid stream: the
 * payload descriptor with a 15-bit PictureID, TL0PICIDX and TID 0 (the layer-sync bit set), and on the first
 * packet of a frame the VP8 payload header, whose P bit is clear on key frames (followed by the key-frame start
 * code and dimensions). The rest of the payload is filler. Allocation-free.
 */
public final class Vp8Payload {
    /** Descriptor length: X, I/L/T/K, 2-byte PictureID, TL0PICIDX, TID/Y/KEYIDX. */
    public static final int DESCRIPTOR_LENGTH = 6;
    /** Payload-header length of an inter frame. */
    public static final int INTER_HEADER_LENGTH = 3;
    /** Payload-header length of a key frame (3 bytes, start code, width, height). */
    public static final int KEY_HEADER_LENGTH = 10;

    private Vp8Payload() {
    }

    /**
     * Writes the payload descriptor at {@code b[off]}; returns its length.
     *
     * @param startOfFrame S bit: the first packet of the frame (partition 0 starts here)
     */
    public static int writeDescriptor(byte[] b, int off, boolean startOfFrame, int pictureId, int tl0PicIdx) {
        b[off] = (byte) (0x80 | (startOfFrame ? 0x10 : 0)); // X, S, PID 0
        b[off + 1] = (byte) 0xE0; // I, L, T
        b[off + 2] = (byte) (0x80 | ((pictureId >>> 8) & 0x7F)); // M: 15-bit PictureID
        b[off + 3] = (byte) pictureId;
        b[off + 4] = (byte) tl0PicIdx;
        b[off + 5] = (byte) 0x20; // TID 0, Y (layer sync), KEYIDX 0
        return DESCRIPTOR_LENGTH;
    }

    /** Writes the VP8 payload header of a frame's first packet at {@code b[off]}; returns its length. */
    public static int writeFrameHeader(byte[] b, int off, boolean keyFrame, int width, int height) {
        // size0 (3 bits) | show_frame (1) | version (3) | P (1, inverse key frame); then size1, size2
        b[off] = (byte) (0x10 | (keyFrame ? 0 : 1));
        b[off + 1] = 0;
        b[off + 2] = 0;
        if (!keyFrame) {
            return INTER_HEADER_LENGTH;
        }
        b[off + 3] = (byte) 0x9d;
        b[off + 4] = (byte) 0x01;
        b[off + 5] = (byte) 0x2a;
        b[off + 6] = (byte) width;
        b[off + 7] = (byte) ((width >>> 8) & 0x3F);
        b[off + 8] = (byte) height;
        b[off + 9] = (byte) ((height >>> 8) & 0x3F);
        return KEY_HEADER_LENGTH;
    }
}
