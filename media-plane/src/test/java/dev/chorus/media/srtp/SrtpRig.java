package dev.chorus.media.srtp;

import dev.chorus.media.buffer.BufferPool;
import java.util.Arrays;

/**
 * Benchmark rig for SRTP: two {@link SrtpSession}s with mirrored keys, and one RTP packet (12-byte header, a
 * 12-byte extension block, {@code payloadLength} payload bytes) in a pool-sized buffer. Each operation advances the
 * sequence number, protects the packet in place with the sending session and unprotects it once with the receiving
 * one, which restores the plain packet, so nothing is copied between operations. Sequence numbers run on through
 * 65535 → 0, so both sides also roll their rollover counters over (the first wrap comes after 536 operations).
 */
public final class SrtpRig {
    private static final int HEADER = 12 + 4 + 12;
    private static final int FIRST_SEQ = 65_000;

    private final SrtpSession sender;
    private final SrtpSession receiver;
    private final byte[] buf = new byte[BufferPool.BUFFER_SIZE];
    private final byte[] plain;
    private final int length;
    private int seq = FIRST_SEQ;

    public SrtpRig(SrtpProfile profile, int payloadLength) {
        SrtpKeys keys = new SrtpKeys(profile, fill(profile.keyLength(), 1), fill(profile.saltLength(), 2),
                fill(profile.keyLength(), 3), fill(profile.saltLength(), 4));
        sender = new SrtpSession(keys);
        receiver = new SrtpSession(new SrtpKeys(profile, keys.remoteKey(), keys.remoteSalt(), keys.localKey(),
                keys.localSalt()));
        length = HEADER + payloadLength;
        buf[0] = (byte) 0x90; // V=2, X=1
        buf[1] = (byte) 111;
        writeInt(buf, 4, 123_456);
        writeInt(buf, 8, 0x0BADCAFE);
        buf[12] = (byte) 0xBE;
        buf[13] = (byte) 0xDE;
        buf[15] = 3; // three words of one-byte extensions
        for (int i = 16; i < length; i++) {
            buf[i] = (byte) (i * 7);
        }
        plain = Arrays.copyOf(buf, length);
    }

    /**
     * The benchmark operation: protect the next packet, then unprotect it. Returns the unprotected length (the
     * plain packet's); throws if either step fails, so a broken set-up cannot be measured as a fast one.
     */
    public int roundTrip() {
        seq = (seq + 1) & 0xFFFF;
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        int n = sender.protectRtp(buf, 0, length);
        if (n < 0) {
            throw new IllegalStateException("protect failed at sequence number " + seq);
        }
        int m = receiver.unprotectRtp(buf, 0, n);
        if (m != length) {
            throw new IllegalStateException("unprotect failed at sequence number " + seq);
        }
        return m;
    }

    /** Length of the plain packet. */
    public int length() {
        return length;
    }

    /** True if the buffer holds the original plain packet again (apart from the sequence number). */
    public boolean holdsPlainPacket() {
        return Arrays.equals(buf, 4, length, plain, 4, length) && buf[0] == plain[0] && buf[1] == plain[1];
    }

    /** Packets the receiving session dropped (authentication, replay or malformed). */
    public long receiverDrops() {
        return receiver.authFailures() + receiver.replayDrops() + receiver.malformed();
    }

    private static byte[] fill(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 41 + 3 * i);
        }
        return b;
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
