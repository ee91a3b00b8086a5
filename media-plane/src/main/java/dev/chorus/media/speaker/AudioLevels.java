package dev.chorus.media.speaker;

import dev.chorus.media.codec.OpusPackets;
import dev.chorus.media.rtp.RtpPacket;

/**
 * Reads the RFC 6464 client-to-mixer audio level ({@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}) from a
 * wrapped {@link RtpPacket}, without allocating.
 *
 * <p>The element carries one byte: the V flag (bit 7: the sender's voice-activity decision) and a 7-bit level in
 * -dBov (0 = 0 dBov, the loudest; 127 = -127 dBov or less, i.e. silence). In the one-byte header form (RFC 8285
 * profile {@code 0xBEDE}) the element has length nibble 0; in the two-byte form (profile {@code 0x100X}) its length
 * byte is 1, usually followed by a zero padding byte. {@link RtpPacket#wrap} already indexes both forms, so this
 * class only looks the element up by its negotiated id. A longer element is tolerated (its first byte is read); an
 * empty one counts as absent.
 *
 * <p>The result is packed into one {@code int} so nothing is allocated: {@link #NONE} when absent, otherwise
 * {@code (V << 7) | level}; split it with {@link #level(int)} and {@link #voice(int)}. Stateless; any thread.
 */
public final class AudioLevels {
    /** Returned by {@link #read} when the packet has no (usable) audio-level element. */
    public static final int NONE = -1;
    /** The level meaning silence (-127 dBov or quieter). */
    public static final int SILENCE = 127;

    private AudioLevels() {
    }

    /**
     * The raw audio-level byte of {@code packet} ({@code 0..255}: V flag in bit 7, level in bits 0..6), or
     * {@link #NONE} when {@code extId} is not a valid id ({@code <= 0}), the packet has no element with that id,
     * or the element is empty. {@code packet} must be wrapped (after a failed wrap it has no elements).
     */
    public static int read(RtpPacket packet, int extId) {
        if (extId <= 0) {
            return NONE;
        }
        int i = packet.findExtension(extId);
        if (i < 0 || packet.extensionLength(i) < 1) {
            return NONE;
        }
        return packet.buffer()[packet.extensionOffset(i)] & 0xFF;
    }

    /** The level in -dBov (0..127, 127 = silence) of a raw value from {@link #read}; {@link #SILENCE} for NONE. */
    public static int level(int raw) {
        return raw < 0 ? SILENCE : raw & 0x7F;
    }

    /** The V (voice activity) flag of a raw value from {@link #read}; false for {@link #NONE}. */
    public static boolean voice(int raw) {
        return raw >= 0 && (raw & 0x80) != 0;
    }

    /**
     * True when the (Opus) payload of {@code packet} is a DTX / comfort-noise frame: 1 or 2 payload bytes
     * (padding excluded), see {@link OpusPackets#isDtx(int)}. Such packets only keep the stream alive; their level
     * should be treated as silence and a consumer that ignores DTX does not forward them.
     */
    public static boolean isDtx(RtpPacket packet) {
        return OpusPackets.isDtx(packet.payloadLength());
    }
}
