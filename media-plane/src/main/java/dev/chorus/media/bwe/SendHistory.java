package dev.chorus.media.bwe;

import java.util.Arrays;

/**
 * Egress side of transport-wide congestion control for one subscriber transport: hands out the transport-wide
 * sequence number that each outgoing RTP packet carries in its transport-cc header extension, and remembers, in a
 * ring, when each was sent and how big it was, so that a transport-cc feedback can be matched to send times.
 *
 * <p>Sequence numbers are counted internally as 64-bit extended numbers; the 16-bit value written on the wire is
 * the low half. {@link #extend} maps a 16-bit number from a feedback back to the extended one closest to the last
 * number handed out; an entry older than the ring's capacity is gone.
 *
 * <p>Each entry also has a feedback state ({@link #UNREPORTED}, {@link #REPORTED_LOST}, {@link #REPORTED_RECEIVED})
 * so that overlapping or repeated feedback is counted once, and a packet first reported lost and later received
 * is recognised. An entry also carries the probe cluster it was sent in (0: none), see {@link ProbeCluster}.
 *
 * <p>Threading: confined to the media worker that owns the transport (sending and feedback both run there).
 * Allocation-free after construction.
 */
public final class SendHistory {
    /** Default number of packets remembered: several seconds at 10 Mbit/s. */
    public static final int DEFAULT_CAPACITY = 8192;
    /** Feedback state: no feedback has covered the packet yet. */
    public static final byte UNREPORTED = 0;
    /** Feedback state: a feedback reported the packet lost. */
    public static final byte REPORTED_LOST = 1;
    /** Feedback state: a feedback reported the packet received. */
    public static final byte REPORTED_RECEIVED = 2;

    private final int capacity;
    private final int mask;
    private final long[] seqs;
    private final long[] sendUs;
    private final int[] sizes;
    private final byte[] states;
    private final int[] clusters;
    private long next;
    private long sentPackets;

    /** Capacity {@link #DEFAULT_CAPACITY}, first sequence number 0. */
    public SendHistory() {
        this(DEFAULT_CAPACITY, 0);
    }

    /**
     * @param capacity packets remembered, a power of two in 256..32768 (so that a 16-bit number is unambiguous)
     * @param firstSeq the first transport-wide sequence number handed out (0..65535)
     */
    public SendHistory(int capacity, int firstSeq) {
        if (capacity < 256 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 256..32768: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.seqs = new long[capacity];
        this.sendUs = new long[capacity];
        this.sizes = new int[capacity];
        this.states = new byte[capacity];
        this.clusters = new int[capacity];
        Arrays.fill(seqs, -1);
        this.next = firstSeq & 0xFFFF;
    }

    /**
     * Records an egress packet and returns the 16-bit transport-wide sequence number to write into its transport-cc
     * header extension. Called by the media worker for every RTP packet (media, RTX or padding) sent on the
     * transport, just before SRTP protection.
     *
     * @param sizeBytes the packet's size on the wire as far as known (RTP header, payload, padding)
     * @param nowUs     the send time in microseconds (the worker's monotonic clock)
     */
    public int onSend(int sizeBytes, long nowUs) {
        return onSend(sizeBytes, nowUs, 0);
    }

    /** {@link #onSend(int, long)} for a packet sent as part of probe cluster {@code cluster} (0: none). */
    public int onSend(int sizeBytes, long nowUs, int cluster) {
        long seq = next++;
        int i = (int) (seq & mask);
        seqs[i] = seq;
        sendUs[i] = nowUs;
        sizes[i] = sizeBytes;
        states[i] = UNREPORTED;
        clusters[i] = cluster;
        sentPackets++;
        return (int) (seq & 0xFFFF);
    }

    /**
     * The extended sequence number of a 16-bit one from a feedback, or -1 if it is not (or no longer) in the ring
     * or was never handed out.
     */
    public long extend(int seq16) {
        if (sentPackets == 0) {
            return -1;
        }
        long last = next - 1;
        long ext = last + (short) ((seq16 & 0xFFFF) - (int) (last & 0xFFFF));
        if (ext < 0 || ext > last || seqs[(int) (ext & mask)] != ext) {
            return -1;
        }
        return ext;
    }

    /** Send time in microseconds of an extended sequence number returned by {@link #extend}. */
    public long sendTimeUs(long ext) {
        return sendUs[(int) (ext & mask)];
    }

    /** Size in bytes of an extended sequence number returned by {@link #extend}. */
    public int size(long ext) {
        return sizes[(int) (ext & mask)];
    }

    /** Probe cluster (0: none) of an extended sequence number returned by {@link #extend}. */
    public int cluster(long ext) {
        return clusters[(int) (ext & mask)];
    }

    /** Feedback state of an extended sequence number returned by {@link #extend}. */
    public byte state(long ext) {
        return states[(int) (ext & mask)];
    }

    /** Sets the feedback state and returns the previous one. */
    public byte markReported(long ext, boolean received) {
        int i = (int) (ext & mask);
        byte prev = states[i];
        if (received) {
            states[i] = REPORTED_RECEIVED;
        } else if (prev == UNREPORTED) {
            states[i] = REPORTED_LOST;
        }
        return prev;
    }

    /** The 16-bit number the next {@link #onSend} will return. */
    public int nextSeq() {
        return (int) (next & 0xFFFF);
    }

    /** Packets recorded so far. */
    public long sentPackets() {
        return sentPackets;
    }

    /** Packets remembered. */
    public int capacity() {
        return capacity;
    }
}
