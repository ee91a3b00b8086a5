package dev.chorus.ops.loadgen.media;

/**
 * A synthetic Opus payload: a TOC byte for one 20 ms hybrid full-band frame (config 15, mono, code 0) followed by
 * filler; never a DTX-sized packet (1–2 bytes), which an SFU may drop.
 */
public final class OpusPayload {
    /** TOC: config 15 (hybrid FB, 20 ms), s = 0, c = 0. */
    static final byte TOC = (byte) 0x78;
    /** Opus samples per 20 ms at 48 kHz: the RTP timestamp step. */
    public static final int SAMPLES_PER_FRAME = 960;
    /** Frame duration in ms. */
    public static final int FRAME_MS = 20;

    private OpusPayload() {
    }

    /** Writes the TOC byte at {@code b[off]}; the caller fills the rest; returns 1. */
    public static int writeToc(byte[] b, int off) {
        b[off] = TOC;
        return 1;
    }
}
