package dev.chorus.media.rtcp;

/**
 * Reception statistics of one incoming RTP stream (a producer's encoding), for the receiver reports Chorus sends
 * upstream. Implements the sequence-number validation of RFC 3550 appendix A.1 (max dropout 3000, max misorder
 * 1500), the loss accounting of A.3 and the interarrival jitter of A.8, plus LSR/DLSR bookkeeping.
 *
 * <p>The first packet is accepted at once (no initial probation, an SFU must forward from the first packet). A jump
 * of 3000 or more ahead (or more than 1500 back) rejects the packet and remembers its successor; if that successor
 * arrives next, the sender is assumed to have restarted and the sequence state is re-based on it, with the losses
 * counted so far carried over. Jitter is updated only by packets that advance the highest sequence number, so
 * reordered, duplicated and NACK-repaired packets do not inflate it.
 *
 * <p>Single-threaded; time is passed in. Allocation-free.
 */
public final class ReceiveStreamStats {
    /** Largest forward jump still treated as the same sequence. */
    public static final int MAX_DROPOUT = 3000;
    /** Largest backward distance still treated as reordering. */
    public static final int MAX_MISORDER = 1500;
    private static final int SEQ_MOD = 1 << 16;
    private static final int NO_BAD_SEQ = SEQ_MOD + 1;

    private final long ssrc;
    private final int clockRate;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq = NO_BAD_SEQ;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lostCarry;

    private long packetsReceived;
    private long bytesReceived;

    private boolean haveTransit;
    private int lastTransit;
    private double jitter;

    private boolean haveSr;
    private long lastSrMiddle;
    private long lastSrArrivalMs;

    /**
     * @param ssrc      the stream's SSRC (reported in the blocks)
     * @param clockRate RTP clock rate in Hz (for jitter), positive
     */
    public ReceiveStreamStats(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.clockRate = clockRate;
    }

    /**
     * Records an arriving packet. Returns false if the sequence-number rules reject it (then nothing is counted).
     *
     * @param seq       RTP sequence number (low 16 bits used)
     * @param rtpTs     RTP timestamp (low 32 bits used)
     * @param arrivalMs arrival time in milliseconds on any monotonic clock
     */
    public boolean onPacket(int seq, long rtpTs, long arrivalMs) {
        seq &= 0xFFFF;
        boolean advanced;
        if (!started) {
            started = true;
            rebase(seq);
            advanced = true;
        } else {
            int udelta = (seq - maxSeq) & 0xFFFF;
            if (udelta < MAX_DROPOUT) {
                advanced = udelta != 0;
                if (seq < maxSeq) {
                    cycles += SEQ_MOD;
                }
                maxSeq = seq;
            } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
                if (seq != badSeq) {
                    badSeq = (seq + 1) & 0xFFFF;
                    return false;
                }
                lostCarry += lostSinceBase();
                rebase(seq);
                haveTransit = false;
                advanced = true;
            } else {
                advanced = false;
            }
        }
        received++;
        packetsReceived++;
        if (advanced) {
            updateJitter(rtpTs, arrivalMs);
        }
        return true;
    }

    /** {@link #onPacket(int, long, long)} that also counts {@code bytes} if the packet is accepted. */
    public boolean onPacket(int seq, long rtpTs, long arrivalMs, int bytes) {
        if (!onPacket(seq, rtpTs, arrivalMs)) {
            return false;
        }
        onBytes(bytes);
        return true;
    }

    /** Adds to the byte counter (call with the packet size of each accepted packet). */
    public void onBytes(int bytes) {
        if (bytes > 0) {
            bytesReceived += bytes;
        }
    }

    private void rebase(int seq) {
        maxSeq = seq;
        baseSeq = seq;
        cycles = 0;
        badSeq = NO_BAD_SEQ;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    private void updateJitter(long rtpTs, long arrivalMs) {
        long arrivalRtp = arrivalMs * clockRate / 1000;
        int transit = (int) arrivalRtp - (int) rtpTs;
        if (haveTransit) {
            long d = Math.abs((long) (transit - lastTransit));
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    private long expected() {
        return started ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    private long lostSinceBase() {
        return expected() - received;
    }

    /** Records the arrival of the sender's SR, for the LSR and DLSR fields of later report blocks. */
    public void onSenderReport(long ntp64, long arrivalMs) {
        haveSr = true;
        lastSrMiddle = NtpTime.middle32(ntp64);
        lastSrArrivalMs = arrivalMs;
    }

    /**
     * Fills {@code b} for a receiver report sent at {@code nowMs}: fraction lost since the previous call, cumulative
     * lost (clamped to 24 signed bits), extended highest sequence number, jitter, LSR and DLSR (0 before any SR).
     */
    public void fillReportBlock(ReportBlock b, long nowMs) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = packetsLost();
        int cumulative = (int) Math.max(-0x800000L, Math.min(0x7FFFFFL, lost));
        long lsr = haveSr ? lastSrMiddle : 0;
        long dlsr = haveSr ? NtpTime.millisToDelayUnits(nowMs - lastSrArrivalMs) : 0;
        b.set(ssrc, Math.min(fraction, 255), cumulative, extendedHighestSeq(), jitter(), lsr, dlsr);
    }

    /** SSRC of the stream. */
    public long ssrc() {
        return ssrc;
    }

    /** Extended highest sequence number received (cycles and sequence number, low 32 bits), 0 before any packet. */
    public long extendedHighestSeq() {
        return (cycles + maxSeq) & 0xFFFF_FFFFL;
    }

    /** Accepted packets, duplicates included (as RFC 3550 counts them). */
    public long packetsReceived() {
        return packetsReceived;
    }

    /** Bytes added with {@link #onBytes} (or the four-argument {@code onPacket}). */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Cumulative packets lost: expected minus received, over all sequence restarts; may be negative. */
    public long packetsLost() {
        return lostCarry + lostSinceBase();
    }

    /** Interarrival jitter estimate in RTP timestamp units (truncated). */
    public long jitter() {
        return (long) jitter;
    }
}
