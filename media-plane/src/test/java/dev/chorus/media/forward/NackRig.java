package dev.chorus.media.forward;

import dev.chorus.media.buffer.BufferPool;

/**
 * Benchmark rig for the NACK bookkeeping, sized as the engine sizes it for video: a producer stream's
 * {@link RetransmissionRing} (1024 slots, 2 s) and a consumer's {@link SentSeqMap} (as many entries).
 * {@link #store} is the per-forwarded-packet work (ring copy of a 1200-byte packet, output → input record);
 * {@link #lookup} is the per-NACKed-packet work (output → input, ring length and buffer). The ring is full from the
 * start, so storing overwrites slots and reuses their buffers (the steady state).
 */
public final class NackRig {
    static final int RING_SLOTS = 1024;
    static final int SENT_ENTRIES = 1024;
    /** Lookups cycle over the last this-many packets (all still in the ring and the map). */
    static final int LOOKUP_WINDOW = 512;
    /** Output numbers run this far ahead of input numbers (the consumer's rewrite offset). */
    static final int OUT_OFFSET = 12_345;

    private final BufferPool pool = new BufferPool(RING_SLOTS * 2, RING_SLOTS + 16);
    private final RetransmissionRing ring = new RetransmissionRing(pool, RING_SLOTS, 2000);
    private final SentSeqMap sent = new SentSeqMap(SENT_ENTRIES);
    private final byte[] packet;
    private final long nowMs = 1_000_000;
    private int seq;
    private int lookups;

    public NackRig(int packetLength) {
        packet = new byte[packetLength];
        for (int i = 0; i < packetLength; i++) {
            packet[i] = (byte) i;
        }
        packet[0] = (byte) 0x80;
        for (int i = 0; i < RING_SLOTS; i++) {
            store();
        }
    }

    /** The benchmark operation for a forwarded packet: store the next packet and record its output number. */
    public int store() {
        int in = seq & 0xFFFF;
        seq++;
        ring.store(in, packet, 0, packet.length, nowMs);
        sent.put(in + OUT_OFFSET, in);
        return in;
    }

    /**
     * The benchmark operation for a NACKed packet: map one of the last {@link #LOOKUP_WINDOW} output numbers back
     * and find its copy. Returns the stored length plus its first byte; throws if the packet is missing.
     */
    public int lookup() {
        int in = (seq - 1 - (lookups++ & (LOOKUP_WINDOW - 1))) & 0xFFFF;
        int found = sent.get(in + OUT_OFFSET);
        int len = found < 0 ? -1 : ring.length(found, nowMs);
        if (len < 0 || found != in) {
            throw new IllegalStateException("packet " + in + " not found");
        }
        return len + ring.buffer(found)[ring.offset(found)];
    }

    /** Buffers the ring's pool had to allocate beyond its pre-allocation (steady-state storing must add none). */
    public long poolAllocations() {
        return pool.allocated();
    }
}
