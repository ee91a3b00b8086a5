package dev.chorus.media.pipe;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The bridge's wire format: a 9-byte header {@code [u8 type][i64 pipeKey, big-endian]} followed by the packet
 * bytes. The type says which way the message flows (RTP from the producing node, RTCP feedback back to it) and the
 * pipe key says which piped producer it belongs to. Helpers work on {@code byte[]} and on Agrona buffers and never
 * allocate.
 */
public final class PipeFrame {
    /** Header length in bytes. */
    public static final int HEADER = 9;
    /** A -> B: an RTP packet of a piped producer. */
    public static final byte RTP = 1;
    /** B -> A: RTCP feedback for a pipe (PLI, FIR, NACK). */
    public static final byte RTCP = 2;

    /** Returned by the {@code payloadLength} checks for a frame that is too short or of an unknown type. */
    public static final int MALFORMED = -1;

    private PipeFrame() {
    }

    /** Whether {@code type} is one of the message types this format defines. */
    public static boolean isKnownType(byte type) {
        return type == RTP || type == RTCP;
    }

    /**
     * Writes header and packet into {@code dst} at {@code dstOff}.
     *
     * @return the frame length ({@link #HEADER} + {@code len})
     * @throws IllegalArgumentException for an unknown type
     * @throws IndexOutOfBoundsException when source or destination ranges do not fit
     */
    public static int encode(byte type, long pipeKey, byte[] src, int off, int len, byte[] dst, int dstOff) {
        requireKnownType(type);
        if (len < 0 || off < 0 || off + len > src.length || dstOff < 0 || dstOff + HEADER + len > dst.length) {
            throw new IndexOutOfBoundsException("frame does not fit: len=" + len + " dst=" + dst.length);
        }
        dst[dstOff] = type;
        for (int i = 0; i < 8; i++) {
            dst[dstOff + 1 + i] = (byte) (pipeKey >>> (56 - 8 * i));
        }
        System.arraycopy(src, off, dst, dstOff + HEADER, len);
        return HEADER + len;
    }

    /**
     * Writes header and packet into an Agrona buffer at {@code dstOff} (bounds are checked by the buffer).
     *
     * @return the frame length ({@link #HEADER} + {@code len})
     * @throws IllegalArgumentException for an unknown type
     */
    public static int encode(byte type, long pipeKey, byte[] src, int off, int len, MutableDirectBuffer dst,
                             int dstOff) {
        requireKnownType(type);
        dst.putByte(dstOff, type);
        dst.putLong(dstOff + 1, pipeKey, ByteOrder.BIG_ENDIAN);
        dst.putBytes(dstOff + HEADER, src, off, len);
        return HEADER + len;
    }

    /** Length of the packet carried by the frame at {@code [off, off+len)}, or {@link #MALFORMED}. */
    public static int payloadLength(byte[] frame, int off, int len) {
        if (len < HEADER || !isKnownType(frame[off])) {
            return MALFORMED;
        }
        return len - HEADER;
    }

    /** Length of the packet carried by the frame at {@code [off, off+len)}, or {@link #MALFORMED}. */
    public static int payloadLength(DirectBuffer frame, int off, int len) {
        if (len < HEADER || !isKnownType(frame.getByte(off))) {
            return MALFORMED;
        }
        return len - HEADER;
    }

    /** The type byte of the frame starting at {@code off}. */
    public static byte type(byte[] frame, int off) {
        return frame[off];
    }

    /** The type byte of the frame starting at {@code off}. */
    public static byte type(DirectBuffer frame, int off) {
        return frame.getByte(off);
    }

    /** The pipe key of the frame starting at {@code off}. */
    public static long pipeKey(byte[] frame, int off) {
        long key = 0;
        for (int i = 1; i <= 8; i++) {
            key = (key << 8) | (frame[off + i] & 0xFFL);
        }
        return key;
    }

    /** The pipe key of the frame starting at {@code off}. */
    public static long pipeKey(DirectBuffer frame, int off) {
        return frame.getLong(off + 1, ByteOrder.BIG_ENDIAN);
    }

    private static void requireKnownType(byte type) {
        if (!isKnownType(type)) {
            throw new IllegalArgumentException("unknown pipe message type " + type);
        }
    }
}
