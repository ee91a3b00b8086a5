package dev.chorus.media.codec;

/** Opus payload helpers. */
public final class OpusPackets {
    private OpusPackets() {
    }

    /** True for a DTX (comfort-noise / silence) packet: an Opus payload of only 1 or 2 bytes. */
    public static boolean isDtx(int payloadLen) {
        return payloadLen == 1 || payloadLen == 2;
    }
}
