package dev.chorus.media.rtcp;

import dev.chorus.media.rtp.SeqNum;

/**
 * Loss detection and NACK scheduling for one incoming RTP stream (a producer's encoding): decides which sequence
 * numbers Chorus asks the publisher to retransmit (RFC 4585 generic NACK, built with {@link RtcpWriter#nack}).
 *
 * <p>Rules:
 * <ul>
 *   <li>The highest sequence number seen is tracked wrap-aware (internally as an extended 64-bit value). A packet
 *       ahead of it by {@code d > 1} makes the {@code d - 1} numbers in between pending, stamped with the time of
 *       detection.</li>
 *   <li>A pending number is due {@code gapDelayMs} after detection, then again every retry interval
 *       ({@code retryIntervalMs}, or the RTT once {@link #setRttMs} gave one). It is sent at most
 *       {@code maxRetries} times; when it falls due once more after that, it is given up.</li>
 *   <li>A packet arriving behind the highest removes its pending entry (reordering, or a repair by RTX).
 *       {@link #onPacket} returns true only if at least one NACK had been sent for it. Duplicates and packets
 *       that were never pending are ignored.</li>
 *   <li>Entries more than {@code maxAgePackets} behind the highest are given up.</li>
 *   <li>If a gap would make more than {@code maxPackets} entries pending, all entries are dropped instead and a
 *       key frame is needed. Giving up an entry (retries exhausted, or too old) also makes a key frame needed.</li>
 *   <li>A key-frame packet drops every entry older than itself: the decoder restarts there, so earlier packets
 *       are not needed. A key frame that advances the highest therefore clears the whole list (even across a
 *       large gap) and withdraws an unreported key-frame need. The caller must flag only the packet that starts
 *       a key frame (flagging a later packet of the frame would drop NACKs for the frame's own first packets).</li>
 *   <li>A packet more than {@code maxAgePackets} behind the highest is taken as a restart of the sender's
 *       numbering: the list is cleared, the state re-based on that packet, and a key frame is needed (unless it is
 *       itself a key frame).</li>
 * </ul>
 *
 * <p>Pending entries live in a fixed ring sorted by sequence number (removal marks an entry dead; dead entries
 * are compacted away by {@link #dueNacks}), so memory is bounded by {@code maxPackets}. Single-threaded; time is
 * passed in; allocation-free after construction; malformed input (any {@code int} sequence number, a null or
 * short output array, time going backwards) never throws.
 */
public final class NackGenerator {
    /** Default upper bound of pending entries. */
    public static final int DEFAULT_MAX_PACKETS = 1000;
    /** Default number of NACKs sent per lost packet. */
    public static final int DEFAULT_MAX_RETRIES = 10;
    /** Default delay from detecting a gap to the first NACK. */
    public static final long DEFAULT_GAP_DELAY_MS = 10;
    /** Default interval between NACKs for the same packet while no RTT is known. */
    public static final long DEFAULT_RETRY_INTERVAL_MS = 40;
    /** Default age, in packets behind the highest, after which an entry is given up. */
    public static final int DEFAULT_MAX_AGE_PACKETS = 10_000;
    /** Largest allowed {@code maxAgePackets}: half the 16-bit sequence space, minus one. */
    public static final int MAX_AGE_LIMIT = 32767;

    private static final int DEAD = -1;

    private final int maxPackets;
    private final int maxRetries;
    private final long gapDelayMs;
    private final long retryIntervalMs;
    private final int maxAgePackets;

    private final long[] seqs;
    private final long[] timesMs;
    private final int[] tries;
    private final int mask;
    private int head;
    private int size;
    private int live;

    private boolean started;
    private long highest;
    private boolean keyFrameNeeded;
    private long rttMs;
    private long recovered;
    private long givenUp;

    /** 1000 entries, 10 retries, 10 ms gap delay, 40 ms retry interval, 10 000 packets of age. */
    public NackGenerator() {
        this(DEFAULT_MAX_PACKETS, DEFAULT_MAX_RETRIES, DEFAULT_GAP_DELAY_MS, DEFAULT_RETRY_INTERVAL_MS,
                DEFAULT_MAX_AGE_PACKETS);
    }

    /**
     * @param maxPackets      most entries pending at once, at least 1
     * @param maxRetries      NACKs per lost packet before giving up, at least 1
     * @param gapDelayMs      delay before the first NACK, at least 0
     * @param retryIntervalMs interval between NACKs of one packet while no RTT is set, at least 1
     * @param maxAgePackets   entries further behind the highest are given up; {@code maxPackets} to
     *                        {@link #MAX_AGE_LIMIT}
     */
    public NackGenerator(int maxPackets, int maxRetries, long gapDelayMs, long retryIntervalMs, int maxAgePackets) {
        if (maxPackets < 1 || maxRetries < 1 || gapDelayMs < 0 || retryIntervalMs < 1
                || maxAgePackets < maxPackets || maxAgePackets > MAX_AGE_LIMIT) {
            throw new IllegalArgumentException("invalid NACK generator settings: maxPackets=" + maxPackets
                    + " maxRetries=" + maxRetries + " gapDelayMs=" + gapDelayMs + " retryIntervalMs="
                    + retryIntervalMs + " maxAgePackets=" + maxAgePackets);
        }
        this.maxPackets = maxPackets;
        this.maxRetries = maxRetries;
        this.gapDelayMs = gapDelayMs;
        this.retryIntervalMs = retryIntervalMs;
        this.maxAgePackets = maxAgePackets;
        int capacity = maxPackets == 1 ? 1 : Integer.highestOneBit(maxPackets - 1) << 1;
        this.seqs = new long[capacity];
        this.timesMs = new long[capacity];
        this.tries = new int[capacity];
        this.mask = capacity - 1;
    }

    /**
     * A media packet (original or repaired by RTX) arrived. Returns true if it fills a gap we were NACKing (a
     * recovered packet: it was pending and at least one NACK had been sent for it).
     *
     * @param seq        RTP sequence number (low 16 bits used)
     * @param isKeyFrame true only for the first packet of a key frame
     * @param nowMs      arrival time in milliseconds on the same clock as {@link #dueNacks}
     */
    public boolean onPacket(int seq, boolean isKeyFrame, long nowMs) {
        int s = seq & 0xFFFF;
        if (!started) {
            started = true;
            highest = s;
            return false;
        }
        int d = SeqNum.diff(s, (int) highest);
        long ext = highest + d;
        if (d > 0) {
            advance(ext, isKeyFrame, nowMs);
            return false;
        }
        if (d == 0) {
            return false;
        }
        if (-d > maxAgePackets) {
            clearEntries();
            highest = ext;
            keyFrameNeeded = !isKeyFrame;
            return false;
        }
        boolean wasNacked = false;
        int slot = find(ext);
        if (slot >= 0 && tries[slot] != DEAD) {
            wasNacked = tries[slot] > 0;
            tries[slot] = DEAD;
            live--;
        }
        if (isKeyFrame) {
            dropOlderThan(ext);
        }
        if (wasNacked) {
            recovered++;
        }
        return wasNacked;
    }

    /**
     * Collects the sequence numbers to NACK now into {@code out} (capacity {@code out.length}), oldest first;
     * returns how many. Each collected entry counts as one NACK sent at {@code nowMs}. Due entries that do not fit
     * stay due for the next call. Entries past their last retry are given up here. Call every ~20-40 ms.
     */
    public int dueNacks(long nowMs, int[] out) {
        int capacity = out == null ? 0 : out.length;
        long interval = rttMs > 0 ? rttMs : retryIntervalMs;
        int n = 0;
        int w = 0;
        for (int i = 0; i < size; i++) {
            int r = (head + i) & mask;
            int t = tries[r];
            if (t == DEAD) {
                continue;
            }
            if (nowMs - timesMs[r] >= (t == 0 ? gapDelayMs : interval)) {
                if (t >= maxRetries) {
                    tries[r] = DEAD;
                    live--;
                    giveUp();
                    continue;
                }
                if (n < capacity) {
                    out[n++] = (int) (seqs[r] & 0xFFFF);
                    tries[r] = t + 1;
                    timesMs[r] = nowMs;
                }
            }
            moveEntry(r, w++);
        }
        size = w;
        return n;
    }

    /**
     * True once (then resets) when too many packets were lost or given up on: the caller should request a key
     * frame instead.
     */
    public boolean keyFrameNeeded() {
        boolean needed = keyFrameNeeded;
        keyFrameNeeded = false;
        return needed;
    }

    /**
     * Uses {@code rttMs} as the interval between NACKs of the same packet; a value of 0 or less goes back to the
     * configured retry interval.
     */
    public void setRttMs(long rttMs) {
        this.rttMs = Math.max(0, rttMs);
    }

    /**
     * Forgets all state (pending entries, the highest sequence number, an unreported key-frame need); the
     * counters are kept.
     */
    public void reset() {
        clearEntries();
        started = false;
        keyFrameNeeded = false;
    }

    /** Number of sequence numbers currently pending (waiting or due). */
    public int pending() {
        return live;
    }

    /** Packets that arrived after at least one NACK was sent for them, since construction. */
    public long recoveredCount() {
        return recovered;
    }

    /** Entries given up (retries exhausted or too old), since construction. */
    public long givenUpCount() {
        return givenUp;
    }

    private void advance(long ext, boolean isKeyFrame, long nowMs) {
        long gap = ext - highest - 1;
        long first = highest + 1;
        highest = ext;
        if (isKeyFrame) {
            clearEntries();
            keyFrameNeeded = false;
            return;
        }
        while (size > 0 && highest - seqs[head] > maxAgePackets) {
            if (tries[head] != DEAD) {
                live--;
                giveUp();
            }
            popHead();
        }
        if (gap == 0) {
            return;
        }
        if (live + gap > maxPackets) {
            clearEntries();
            keyFrameNeeded = true;
            return;
        }
        if (size + gap > seqs.length) {
            compact();
        }
        for (long s = first; s < ext; s++) {
            int r = (head + size) & mask;
            seqs[r] = s;
            timesMs[r] = nowMs;
            tries[r] = 0;
            size++;
        }
        live += (int) gap;
    }

    /** Ring slot holding extended sequence number {@code ext} (live or dead), or -1. */
    private int find(long ext) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int r = (head + mid) & mask;
            long v = seqs[r];
            if (v < ext) {
                lo = mid + 1;
            } else if (v > ext) {
                hi = mid - 1;
            } else {
                return r;
            }
        }
        return -1;
    }

    private void dropOlderThan(long ext) {
        while (size > 0 && seqs[head] < ext) {
            if (tries[head] != DEAD) {
                live--;
            }
            popHead();
        }
    }

    private void compact() {
        int w = 0;
        for (int i = 0; i < size; i++) {
            int r = (head + i) & mask;
            if (tries[r] != DEAD) {
                moveEntry(r, w++);
            }
        }
        size = w;
    }

    /** Copies the entry in slot {@code from} to ring position {@code toIndex} (which is at or before it). */
    private void moveEntry(int from, int toIndex) {
        int to = (head + toIndex) & mask;
        if (to != from) {
            seqs[to] = seqs[from];
            timesMs[to] = timesMs[from];
            tries[to] = tries[from];
        }
    }

    private void popHead() {
        head = (head + 1) & mask;
        size--;
    }

    private void giveUp() {
        givenUp++;
        keyFrameNeeded = true;
    }

    private void clearEntries() {
        head = 0;
        size = 0;
        live = 0;
    }
}
