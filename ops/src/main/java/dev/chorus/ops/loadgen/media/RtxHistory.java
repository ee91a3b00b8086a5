package dev.chorus.ops.loadgen.media;

/**
 * The last packets of one video stream, kept for NACKs: a ring of preallocated slots indexed by sequence number
 * (a packet overwrites the one {@code capacity} numbers older). Copies the plain RTP packet before it is encrypted.
 * Loop thread only; nothing is allocated after construction.
 */
public final class RtxHistory {
    /** Largest packet kept (our video packets are about 1.25 kB). */
    static final int SLOT_SIZE = 1400;

    private final byte[][] slots;
    private final int[] lengths;
    private final int[] payloadOffsets;
    private final int[] seqs;
    private final int mask;

    /** @param capacity number of packets kept, a power of two */
    public RtxHistory(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.slots = new byte[capacity][SLOT_SIZE];
        this.lengths = new int[capacity];
        this.payloadOffsets = new int[capacity];
        this.seqs = new int[capacity];
        java.util.Arrays.fill(seqs, -1);
        this.mask = capacity - 1;
    }

    /** Keeps a copy of the packet {@code b[0..len)} with sequence number {@code seq}; too large ones are skipped. */
    public void store(int seq, byte[] b, int len, int payloadOffset) {
        int i = seq & mask;
        if (len > SLOT_SIZE) {
            seqs[i] = -1;
            return;
        }
        System.arraycopy(b, 0, slots[i], 0, len);
        lengths[i] = len;
        payloadOffsets[i] = payloadOffset;
        seqs[i] = seq & 0xFFFF;
    }

    /** The slot holding sequence number {@code seq}, or -1 if it is no longer (or never was) kept. */
    public int find(int seq) {
        int i = seq & mask;
        return seqs[i] == (seq & 0xFFFF) ? i : -1;
    }

    public byte[] packet(int slot) {
        return slots[slot];
    }

    public int length(int slot) {
        return lengths[slot];
    }

    public int payloadOffset(int slot) {
        return payloadOffsets[slot];
    }
}
