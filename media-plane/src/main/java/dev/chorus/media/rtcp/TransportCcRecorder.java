package dev.chorus.media.rtcp;

import java.util.Arrays;

/**
 * Receive side of transport-wide congestion control for one transport: records the arrival time of every packet's
 * transport-wide sequence number and turns them into transport-cc feedback packets
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01), which is what lets the browser's send-side estimator grow
 * its bitrate.
 *
 * <p>Each {@link #buildFeedback} call covers the sequence numbers from the first one not yet reported up to the
 * highest received: the reference time is the first received packet's arrival time rounded down to 64 ms, and each
 * received packet carries its arrival time minus the previous received packet's (quantized) arrival time, rounded
 * to 250 us. A feedback ends early, and the rest waits for the next call, when a delta does not fit in 16 signed
 * bits or the packet would exceed {@code maxLen}; a feedback never ends with lost packets (they go into the next
 * one, so late arrivals still count). Packets that arrive after their sequence number was reported are ignored.
 *
 * <p>Memory is bounded by the capacity (a power of two): if more sequence numbers than that accumulate unreported,
 * the oldest are dropped. Single-threaded; allocation-free after construction.
 */
public final class TransportCcRecorder {
    /** Default number of sequence numbers kept. */
    public static final int DEFAULT_CAPACITY = 4096;
    /** Smallest {@code maxLen} that always makes progress. */
    public static final int MIN_FEEDBACK_SIZE = 24;
    private static final long NOT_RECEIVED = Long.MIN_VALUE;

    private final int capacity;
    private final int mask;
    private final long[] arrivals;
    private final byte[] symbols;
    private final short[] deltas;
    private final TccChunkEncoder encoder;

    private boolean started;
    private boolean reportedAny;
    private long highest;
    private long next;
    private int feedbackCount;
    private long ignored;

    /** Capacity {@link #DEFAULT_CAPACITY}. */
    public TransportCcRecorder() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity sequence numbers kept, a power of two in 64..16384 */
    public TransportCcRecorder(int capacity) {
        if (capacity < 64 || capacity > 16384 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 64..16384: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.arrivals = new long[capacity];
        this.symbols = new byte[capacity];
        this.deltas = new short[capacity];
        this.encoder = new TccChunkEncoder(capacity);
    }

    /**
     * Records that the packet with transport-wide sequence number {@code transportSeq} (low 16 bits) arrived at
     * {@code arrivalUs} (microseconds, any monotonic clock). Duplicates keep their first arrival time.
     */
    public void onPacket(int transportSeq, long arrivalUs) {
        int seq = transportSeq & 0xFFFF;
        if (!started) {
            begin(seq, arrivalUs);
            return;
        }
        long ext = highest + (short) (seq - (int) (highest & 0xFFFF));
        if (ext > highest) {
            if (ext - highest >= capacity) {
                Arrays.fill(arrivals, NOT_RECEIVED);
            } else {
                for (long s = highest + 1; s < ext; s++) {
                    arrivals[(int) (s & mask)] = NOT_RECEIVED;
                }
            }
            highest = ext;
            arrivals[(int) (ext & mask)] = arrivalUs;
            if (highest - next >= capacity) {
                next = highest - capacity + 1;
            }
            return;
        }
        if (ext >= next) {
            int slot = (int) (ext & mask);
            if (arrivals[slot] == NOT_RECEIVED) {
                arrivals[slot] = arrivalUs;
            } else {
                ignored++;
            }
            return;
        }
        if (!reportedAny && highest - ext < capacity) {
            for (long s = ext + 1; s < next; s++) {
                arrivals[(int) (s & mask)] = NOT_RECEIVED;
            }
            arrivals[(int) (ext & mask)] = arrivalUs;
            next = ext;
        } else if (next - ext > capacity) {
            begin(seq, arrivalUs);
        } else {
            ignored++;
        }
    }

    private void begin(int seq, long arrivalUs) {
        started = true;
        reportedAny = false;
        highest = seq;
        next = seq;
        arrivals[seq & mask] = arrivalUs;
    }

    /**
     * Writes one RTPFB FMT 15 packet for what was recorded since the last feedback. Returns its size, 0 if there is
     * nothing new, or -1 if {@code maxLen} is below {@link #MIN_FEEDBACK_SIZE} or the array is too small. Call it
     * periodically (every 100 ms); when it had to stop early, the remainder goes out on the next call.
     */
    public int buildFeedback(byte[] out, int off, int maxLen, long senderSsrc, long mediaSsrc) {
        if (!started || next > highest) {
            return 0;
        }
        if (out == null || off < 0 || maxLen < MIN_FEEDBACK_SIZE || out.length - off < MIN_FEEDBACK_SIZE) {
            return -1;
        }
        int limit = Math.min(maxLen, out.length - off);
        long baseTicks = Math.floorDiv(firstArrival(), TransportCcFeedbacks.REFERENCE_TIME_UNIT_US);
        int count = collect(baseTicks * TransportCcFeedbacks.REFERENCE_TIME_UNIT_US);
        encoder.encode(symbols, count);
        int n = fit(count, limit);
        int keep = n;
        while (keep > 0 && symbols[keep - 1] == TransportCcFeedbacks.NOT_RECEIVED) {
            keep--;
        }
        if (keep > 0) {
            n = keep;
        }
        return write(out, off, n, baseTicks, senderSsrc, mediaSsrc);
    }

    private long firstArrival() {
        for (long s = next; s <= highest; s++) {
            long a = arrivals[(int) (s & mask)];
            if (a != NOT_RECEIVED) {
                return a;
            }
        }
        return arrivals[(int) (highest & mask)];
    }

    /** Fills symbols/deltas from {@code next}; stops before a delta that needs more than 16 bits. */
    private int collect(long baseUs) {
        long last = baseUs;
        int count = 0;
        for (long s = next; s <= highest; s++) {
            long a = arrivals[(int) (s & mask)];
            if (a == NOT_RECEIVED) {
                symbols[count] = (byte) TransportCcFeedbacks.NOT_RECEIVED;
                deltas[count] = 0;
            } else {
                long ticks = roundedTicks(a - last);
                if (ticks < Short.MIN_VALUE || ticks > Short.MAX_VALUE) {
                    break;
                }
                symbols[count] = (byte) (ticks >= 0 && ticks <= 255
                        ? TransportCcFeedbacks.SMALL : TransportCcFeedbacks.LARGE);
                deltas[count] = (short) ticks;
                last += ticks * TransportCcFeedbacks.DELTA_UNIT_US;
            }
            count++;
        }
        return count;
    }

    private static long roundedTicks(long us) {
        long half = TransportCcFeedbacks.DELTA_UNIT_US / 2;
        return us >= 0 ? (us + half) / TransportCcFeedbacks.DELTA_UNIT_US
                : -((-us + half) / TransportCcFeedbacks.DELTA_UNIT_US);
    }

    private static int padded(int bytes) {
        return (bytes + 3) & ~3;
    }

    /** Largest number of leading symbols whose packet fits in {@code limit} bytes (at least 1). */
    private int fit(int count, int limit) {
        int deltaBytes = 0;
        int taken = 0;
        for (int c = 0; c < encoder.chunks(); c++) {
            int chunkBytes = TransportCcFeedbacks.FIXED + 2 * (c + 1);
            int s = encoder.start(c);
            int e = s + encoder.length(c);
            for (int i = s; i < e; i++) {
                if (padded(chunkBytes + deltaBytes + symbols[i]) > limit) {
                    return taken;
                }
                deltaBytes += symbols[i];
                taken++;
            }
        }
        return taken;
    }

    private int write(byte[] out, int off, int n, long baseTicks, long senderSsrc, long mediaSsrc) {
        int lastChunk = encoder.chunkOf(n - 1);
        int p = off + TransportCcFeedbacks.FIXED;
        for (int c = 0; c <= lastChunk; c++) {
            int used = Math.min(encoder.length(c), n - encoder.start(c));
            RtcpBytes.put16(out, p, encoder.chunkValue(c, used));
            p += 2;
        }
        for (int i = 0; i < n; i++) {
            if (symbols[i] == TransportCcFeedbacks.SMALL) {
                out[p++] = (byte) deltas[i];
            } else if (symbols[i] == TransportCcFeedbacks.LARGE) {
                RtcpBytes.put16(out, p, deltas[i]);
                p += 2;
            }
        }
        while (((p - off) & 3) != 0) {
            out[p++] = 0;
        }
        int size = p - off;
        RtcpBytes.header(out, off, RtcpType.TCC, RtcpType.RTPFB, size);
        RtcpBytes.put32(out, off + 4, senderSsrc);
        RtcpBytes.put32(out, off + 8, mediaSsrc);
        RtcpBytes.put16(out, off + 12, (int) (next & 0xFFFF));
        RtcpBytes.put16(out, off + 14, n);
        RtcpBytes.put24(out, off + 16, (int) (baseTicks & 0xFFFFFF));
        out[off + 19] = (byte) feedbackCount;
        feedbackCount = (feedbackCount + 1) & 0xFF;
        next += n;
        reportedAny = true;
        return size;
    }

    /** Packets ignored because they were duplicates or arrived after their sequence number was reported. */
    public long ignoredPackets() {
        return ignored;
    }

    /** Sequence numbers recorded but not yet reported (received or lost), up to the highest received. */
    public int unreported() {
        return started && next <= highest ? (int) (highest - next + 1) : 0;
    }

    /** Forgets everything except the feedback packet counter. */
    public void reset() {
        started = false;
        reportedAny = false;
        highest = 0;
        next = 0;
    }
}
