package dev.chorus.media.rtcp;

/**
 * Sending statistics of one outgoing RTP stream (a consumer): packet and octet counters for its sender reports,
 * the SR itself (NTP = now, RTP timestamp extrapolated from the newest sent timestamp), and what the receiver
 * reports about it (round-trip time from LSR/DLSR, fraction lost). Single-threaded; time is passed in as
 * milliseconds of the clock used for NTP (Unix time, or any clock shared by the streams that must stay in sync).
 */
public final class SendStreamStats {
    private final long ssrc;
    private final int clockRate;

    private long packetsSent;
    private long octetsSent;
    private boolean hasSent;
    private long maxTs;
    private long maxTsMs;

    private double rttMs;
    private int fractionLost;
    private int cumulativeLost;
    private long receiverJitter;

    /**
     * @param ssrc      the SSRC this stream is sent with
     * @param clockRate RTP clock rate in Hz, positive
     */
    public SendStreamStats(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.clockRate = clockRate;
    }

    /**
     * Counts a sent packet. {@code payloadBytes} is what the SR octet count includes (payload only, no header or
     * padding). The newest timestamp (wrap-aware) and its send time anchor the SR's RTP timestamp; packets with an
     * older or equal timestamp do not move the anchor.
     */
    public void onPacketSent(int payloadBytes, long rtpTs, long nowMs) {
        packetsSent++;
        if (payloadBytes > 0) {
            octetsSent += payloadBytes;
        }
        long ts = rtpTs & 0xFFFF_FFFFL;
        if (!hasSent || (int) (ts - maxTs) > 0) {
            maxTs = ts;
            maxTsMs = nowMs;
        }
        hasSent = true;
    }

    /** True once a packet has been sent; no SR is due before that. */
    public boolean hasSent() {
        return hasSent;
    }

    /**
     * Writes an SR without report blocks. Returns its size, 0 if nothing was sent yet, or -1 if it does not fit.
     */
    public int writeSenderReport(byte[] out, int off, int maxLen, long nowMs) {
        if (!hasSent) {
            return 0;
        }
        long elapsedMs = Math.max(0, nowMs - maxTsMs);
        long rtpTs = (maxTs + elapsedMs * clockRate / 1000) & 0xFFFF_FFFFL;
        return RtcpWriter.senderReport(out, off, maxLen, ssrc, NtpTime.toNtp64(nowMs), rtpTs,
                packetsSent & 0xFFFF_FFFFL, octetsSent & 0xFFFF_FFFFL);
    }

    /**
     * Applies the report block at {@code blockOff} if it is about this stream's SSRC: keeps fraction and cumulative
     * lost and jitter, and if LSR is set computes the round-trip time as now - LSR - DLSR (a negative result counts
     * as 0). Returns false if the block is out of bounds or about another SSRC.
     */
    public boolean onReceiverReport(byte[] buf, int blockOff, long nowMs) {
        long blockSsrc = ReportBlocks.ssrc(buf, blockOff);
        if (blockSsrc < 0 || blockSsrc != ssrc) {
            return false;
        }
        fractionLost = ReportBlocks.fractionLost(buf, blockOff);
        cumulativeLost = ReportBlocks.cumulativeLost(buf, blockOff);
        receiverJitter = ReportBlocks.jitter(buf, blockOff);
        long lsr = ReportBlocks.lastSr(buf, blockOff);
        if (lsr != 0) {
            long dlsr = ReportBlocks.delaySinceLastSr(buf, blockOff);
            long now = NtpTime.middle32(NtpTime.toNtp64(nowMs));
            int units = (int) (now - lsr - dlsr);
            rttMs = units <= 0 ? 0 : NtpTime.delayUnitsToMillis(units);
        }
        return true;
    }

    /** SSRC of the stream. */
    public long ssrc() {
        return ssrc;
    }

    public long packetsSent() {
        return packetsSent;
    }

    /** Payload octets sent. */
    public long octetsSent() {
        return octetsSent;
    }

    /** Latest round-trip time in milliseconds, 0 until a report block with LSR arrived. */
    public double rttMs() {
        return rttMs;
    }

    /** Latest fraction lost reported by the receiver, in 1/256 units. */
    public int fractionLost() {
        return fractionLost;
    }

    /** Latest cumulative loss reported by the receiver. */
    public int cumulativeLost() {
        return cumulativeLost;
    }

    /** Latest interarrival jitter reported by the receiver, in RTP timestamp units. */
    public long receiverJitter() {
        return receiverJitter;
    }
}
