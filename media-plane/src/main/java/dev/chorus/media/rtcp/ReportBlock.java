package dev.chorus.media.rtcp;

/**
 * Mutable holder for one reception report block (RFC 3550 section 6.4.1). Filled by
 * {@link ReceiveStreamStats#fillReportBlock} or {@link #readFrom}, written by {@link RtcpWriter#receiverReport}.
 * Reuse instances; they are not thread-safe.
 */
public final class ReportBlock {
    private long ssrc;
    private int fractionLost;
    private int cumulativeLost;
    private long extendedHighestSeq;
    private long jitter;
    private long lastSr;
    private long delaySinceLastSr;

    /** Sets every field at once; values are masked to their wire widths when written. */
    public ReportBlock set(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter,
                           long lastSr, long delaySinceLastSr) {
        this.ssrc = ssrc;
        this.fractionLost = fractionLost;
        this.cumulativeLost = cumulativeLost;
        this.extendedHighestSeq = extendedHighestSeq;
        this.jitter = jitter;
        this.lastSr = lastSr;
        this.delaySinceLastSr = delaySinceLastSr;
        return this;
    }

    /** Copies the block at {@code blockOff}; returns false (leaving this unchanged) if it does not fit. */
    public boolean readFrom(byte[] buf, int blockOff) {
        if (!RtcpBytes.inside(buf, blockOff, ReportBlocks.SIZE, ReportBlocks.SIZE)) {
            return false;
        }
        set(ReportBlocks.ssrc(buf, blockOff), ReportBlocks.fractionLost(buf, blockOff),
                ReportBlocks.cumulativeLost(buf, blockOff), ReportBlocks.extendedHighestSeq(buf, blockOff),
                ReportBlocks.jitter(buf, blockOff), ReportBlocks.lastSr(buf, blockOff),
                ReportBlocks.delaySinceLastSr(buf, blockOff));
        return true;
    }

    /** Writes the 24-byte block at {@code off}; the caller has checked the space. */
    void writeTo(byte[] out, int off) {
        RtcpBytes.put32(out, off, ssrc);
        out[off + 4] = (byte) fractionLost;
        RtcpBytes.put24(out, off + 5, clamp24(cumulativeLost));
        RtcpBytes.put32(out, off + 8, extendedHighestSeq);
        RtcpBytes.put32(out, off + 12, jitter);
        RtcpBytes.put32(out, off + 16, lastSr);
        RtcpBytes.put32(out, off + 20, delaySinceLastSr);
    }

    static int clamp24(int v) {
        return Math.max(-0x800000, Math.min(0x7FFFFF, v));
    }

    public long ssrc() {
        return ssrc;
    }

    public int fractionLost() {
        return fractionLost;
    }

    public int cumulativeLost() {
        return cumulativeLost;
    }

    public long extendedHighestSeq() {
        return extendedHighestSeq;
    }

    public long jitter() {
        return jitter;
    }

    public long lastSr() {
        return lastSr;
    }

    public long delaySinceLastSr() {
        return delaySinceLastSr;
    }

    @Override
    public String toString() {
        return "ReportBlock{ssrc=" + ssrc + ", fractionLost=" + fractionLost + ", cumulativeLost=" + cumulativeLost
                + ", extendedHighestSeq=" + extendedHighestSeq + ", jitter=" + jitter + ", lastSr=" + lastSr
                + ", delaySinceLastSr=" + delaySinceLastSr + '}';
    }
}
