package dev.chorus.ops.loadgen.media;

/**
 * The send timestamp every synthetic RTP packet carries in the last {@value #LENGTH} bytes of its payload: a magic
 * number and the send time in microseconds on the generator's monotonic clock ({@link System#nanoTime()} / 1000).
 * Publishers and subscribers run in one process, so the receiver's clock minus the stamp is the end-to-end latency
 * through the SFU. The SFU forwards payloads unchanged (apart from the VP8 descriptor at the front), so the end of
 * the payload survives.
 */
public final class SendStamp {
    /** Bytes of the stamp. */
    public static final int LENGTH = 12;
    /** "CLG1". */
    static final int MAGIC = 0x434C4731;

    private SendStamp() {
    }

    /** The current time as stamped: microseconds of {@link System#nanoTime()}. */
    public static long nowMicros() {
        return System.nanoTime() / 1000L;
    }

    /** Writes the stamp at {@code b[off..off+12)}. */
    public static void write(byte[] b, int off, long micros) {
        Bytes.put32(b, off, MAGIC);
        Bytes.put32(b, off + 4, (int) (micros >>> 32));
        Bytes.put32(b, off + 8, (int) micros);
    }

    /**
     * The send time in the last 12 bytes of the payload {@code b[payloadOff..payloadOff+payloadLen)}, or -1 if the
     * payload is too short or does not end with a stamp.
     */
    public static long read(byte[] b, int payloadOff, int payloadLen) {
        if (payloadLen < LENGTH || payloadOff < 0 || payloadOff + payloadLen > b.length) {
            return -1;
        }
        int p = payloadOff + payloadLen - LENGTH;
        if (Bytes.get32(b, p) != MAGIC) {
            return -1;
        }
        return ((long) Bytes.get32(b, p + 4) << 32) | (Bytes.get32(b, p + 8) & 0xFFFF_FFFFL);
    }
}
