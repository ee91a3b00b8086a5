package dev.chorus.media.forward;

/**
 * Per-consumer record of which input sequence number each recent output sequence number carried, so a NACK for
 * an output number can be mapped back to the publisher's retransmission ring, and when that output was last
 * re-sent, so a NACK repeated within a round trip does not resend it again.
 *
 * <p>A direct-mapped table of {@code capacity} slots (rounded up to a power of two, at least 2, at most 65536)
 * indexed by the low bits of the output number: with consecutive outputs it holds exactly the last
 * {@code capacity} of them. Per slot 8 bytes: output and input number packed in one int, and a
 * {@link ResendStamp}. The table is allocated at the first {@link #put} (a consumer that never forwards keeps
 * none); allocation-free after that. Not thread-safe.
 */
public final class SentSeqMap {
    private final int capacity;
    private final int mask;
    /** Per slot: output number (high 16 bits) and input number (low 16 bits); null until the first put. */
    private int[] seqs;
    /** Per slot: when the output was last re-sent ({@link ResendStamp}); cleared when the slot is reused. */
    private int[] resent;

    /** A map remembering about the last {@code capacity} outputs (1..65536, rounded up to a power of two). */
    public SentSeqMap(int capacity) {
        if (capacity < 1 || capacity > 65536) {
            throw new IllegalArgumentException("capacity must be in 1..65536: " + capacity);
        }
        this.capacity = Math.max(2, Integer.highestOneBit(capacity * 2 - 1));
        this.mask = this.capacity - 1;
    }

    /** Slots (outputs remembered). */
    public int capacity() {
        return capacity;
    }

    /** True once something was {@link #put} (the table exists). */
    public boolean allocated() {
        return seqs != null;
    }

    /** Records that output {@code outSeq} carried input {@code inSeq} (both low 16 bits); forgets any resend. */
    public void put(int outSeq, int inSeq) {
        if (seqs == null) {
            allocate();
        }
        int o = outSeq & 0xFFFF;
        int i = o & mask;
        seqs[i] = (o << 16) | (inSeq & 0xFFFF);
        resent[i] = ResendStamp.NEVER;
    }

    /** The slot holding output {@code outSeq}, or -1 if it is unknown or was overwritten. */
    public int slot(int outSeq) {
        int o = outSeq & 0xFFFF;
        int i = o & mask;
        return seqs != null && (seqs[i] >>> 16) == o ? i : -1;
    }

    /** Input sequence number in {@code slot} (from {@link #slot}). */
    public int inSeq(int slot) {
        return seqs[slot] & 0xFFFF;
    }

    /** Input sequence number sent as {@code outSeq}, or -1 if unknown or already overwritten. */
    public int get(int outSeq) {
        int s = slot(outSeq);
        return s < 0 ? -1 : inSeq(s);
    }

    /** True if the output in {@code slot} was re-sent less than {@code windowMs} before {@code nowMs}. */
    public boolean resentWithin(int slot, long nowMs, long windowMs) {
        return ResendStamp.within(resent[slot], nowMs, windowMs);
    }

    /** Remembers that the output in {@code slot} was re-sent at {@code nowMs}. */
    public void markResent(int slot, long nowMs) {
        resent[slot] = ResendStamp.of(nowMs);
    }

    /** Every slot starts with an output number whose low bits are not its index: it matches no output. */
    private void allocate() {
        int[] s = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            s[i] = (i ^ 1) << 16;
        }
        seqs = s;
        resent = new int[capacity];
    }
}
