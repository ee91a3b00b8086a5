package dev.chorus.media.engine;

import dev.chorus.media.forward.ResendStamp;

/**
 * Per simulcast or SVC consumer: what each recent output sequence number carried — the producer stream, the input
 * sequence number, and the rewritten RTP timestamp, VP8 PictureID, TL0PICIDX and marker bit — so a NACKed packet
 * is taken from the right stream's retransmission ring and resent with the same header and descriptor — and when it
 * was last re-sent ({@link ResendStamp}), so a NACK repeated within a round trip does not resend it again. A
 * direct-mapped table on the low bits of the output number (like {@link dev.chorus.media.forward.SentSeqMap}): with
 * consecutive outputs it holds exactly the last {@code capacity}. Four int arrays (16 bytes per slot), allocated at
 * the first {@link #record} (a consumer that never forwards keeps none); allocation-free after that; confined to
 * the consumer's media worker.
 */
final class SentLayerMap {
    private final int capacity;
    private final int mask;
    /** Per slot: output sequence number (high 16 bits) and input sequence number (low 16 bits); null until used. */
    private int[] seqs;
    /**
     * Per slot, 0 when empty: marker (bit 30), stream + 1 (bits 25..29), TL0PICIDX + 1 (bits 16..24),
     * PictureID + 1 (bits 0..15); a field + 1 of 0 means absent.
     */
    private int[] meta;
    /** Per slot: the rewritten RTP timestamp (32 bits). */
    private int[] timestamps;
    /** Per slot: when the output was last re-sent; cleared when the slot is reused. */
    private int[] resent;

    /** A map of {@code capacity} slots (a power of two, 1..65536). */
    SentLayerMap(int capacity) {
        if (capacity < 1 || capacity > 65536 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..65536: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
    }

    /** Slots (outputs remembered). */
    int capacity() {
        return capacity;
    }

    /** True once something was recorded (the table exists). */
    boolean allocated() {
        return seqs != null;
    }

    /**
     * Remembers that output {@code outSeq} carried input {@code inSeq} of {@code stream} (0..15) with timestamp
     * {@code outTs}, PictureID {@code pictureId} and TL0PICIDX {@code tl0} (negative: absent).
     */
    void record(int outSeq, int inSeq, int stream, long outTs, int pictureId, int tl0) {
        record(outSeq, inSeq, stream, outTs, pictureId, tl0, false);
    }

    /** {@link #record(int, int, int, long, int, int)} and the {@code marker} bit the output carried (SVC). */
    void record(int outSeq, int inSeq, int stream, long outTs, int pictureId, int tl0, boolean marker) {
        if (seqs == null) {
            seqs = new int[capacity];
            meta = new int[capacity];
            timestamps = new int[capacity];
            resent = new int[capacity];
        }
        int o = outSeq & 0xFFFF;
        int i = o & mask;
        seqs[i] = (o << 16) | (inSeq & 0xFFFF);
        meta[i] = (marker ? 1 << 30 : 0) | ((stream + 1) << 25) | ((tl0 < 0 ? 0 : (tl0 & 0xFF) + 1) << 16)
                | (pictureId < 0 ? 0 : (pictureId & 0x7FFF) + 1);
        timestamps[i] = (int) outTs;
        resent[i] = ResendStamp.NEVER;
    }

    /** The slot holding output {@code outSeq}, or -1 if it is unknown or was overwritten. */
    int slot(int outSeq) {
        int o = outSeq & 0xFFFF;
        int i = o & mask;
        return seqs != null && meta[i] != 0 && (seqs[i] >>> 16) == o ? i : -1;
    }

    /** True if the output in {@code slot} was re-sent less than {@code windowMs} before {@code nowMs}. */
    boolean resentWithin(int slot, long nowMs, long windowMs) {
        return ResendStamp.within(resent[slot], nowMs, windowMs);
    }

    /** Remembers that the output in {@code slot} was re-sent at {@code nowMs}. */
    void markResent(int slot, long nowMs) {
        resent[slot] = ResendStamp.of(nowMs);
    }

    int inSeq(int slot) {
        return seqs[slot] & 0xFFFF;
    }

    int stream(int slot) {
        return ((meta[slot] >>> 25) & 0x1F) - 1;
    }

    long timestamp(int slot) {
        return timestamps[slot] & 0xFFFF_FFFFL;
    }

    /** PictureID sent in that slot, or -1. */
    int pictureId(int slot) {
        return (meta[slot] & 0xFFFF) - 1;
    }

    /** Marker bit sent in that slot (as recorded; false for simulcast, which keeps the original's). */
    boolean marker(int slot) {
        return (meta[slot] & (1 << 30)) != 0;
    }

    /** TL0PICIDX sent in that slot, or -1. */
    int tl0(int slot) {
        return ((meta[slot] >>> 16) & 0x1FF) - 1;
    }
}
