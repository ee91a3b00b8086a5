package dev.chorus.media.forward;

import java.util.Arrays;

/**
 * Per-consumer record of which input sequence number each recent output sequence number carried, so a NACK for
 * an output number can be mapped back to the publisher's retransmission ring.
 *
 * <p>A direct-mapped table of {@code capacity} slots (rounded up to a power of two, at most 65536) indexed by the
 * low bits of the output number: with consecutive outputs it holds exactly the last {@code capacity} of them.
 * Allocation-free after construction. Not thread-safe.
 */
public final class SentSeqMap {
    private final int mask;
    private final int[] outs;
    private final int[] ins;

    /** A map remembering about the last {@code capacity} outputs (1..65536, rounded up to a power of two). */
    public SentSeqMap(int capacity) {
        if (capacity < 1 || capacity > 65536) {
            throw new IllegalArgumentException("capacity must be in 1..65536: " + capacity);
        }
        int cap = Integer.highestOneBit(capacity * 2 - 1);
        this.mask = cap - 1;
        this.outs = new int[cap];
        this.ins = new int[cap];
        Arrays.fill(outs, -1);
    }

    /** Records that output {@code outSeq} carried input {@code inSeq} (both low 16 bits). */
    public void put(int outSeq, int inSeq) {
        int o = outSeq & 0xFFFF;
        int i = o & mask;
        outs[i] = o;
        ins[i] = inSeq & 0xFFFF;
    }

    /** Input sequence number sent as {@code outSeq}, or -1 if unknown or already overwritten. */
    public int get(int outSeq) {
        int o = outSeq & 0xFFFF;
        int i = o & mask;
        return outs[i] == o ? ins[i] : -1;
    }
}
