package dev.chorus.ops.loadgen.media;

import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.media.rtp.RtpWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One RTP stream a synthetic participant sends (an audio stream, a video stream, or one simulcast encoding): its
 * SSRCs, payload types, MID/RID, running sequence numbers, RTP clock and the sender-report counters. Writes the
 * RTP header with the one-byte extension block a browser would send: MID, RID (or repaired RID on RTX), audio
 * level for audio, abs-send-time and the transport-wide sequence number. Loop thread only.
 */
public final class OutboundStream {
    private final long ssrc;
    private final long rtxSsrc;
    private final int pt;
    private final int rtxPt;
    private final byte[] mid;
    private final byte[] rid;
    private final int clockRate;
    private final long tsBase;
    private final RtxHistory history;
    private int seq;
    private int rtxSeq;
    private long packets;
    private long octets;
    private long startMs = -1;

    /**
     * @param rtxSsrc 0 without RTX
     * @param rid     the simulcast RID, or null
     * @param history where sent packets are kept for NACKs, or null (no retransmission)
     */
    public OutboundStream(long ssrc, long rtxSsrc, int pt, int rtxPt, String mid, String rid,
                          int clockRate, RtxHistory history) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.pt = pt;
        this.rtxPt = rtxPt;
        this.mid = mid.getBytes(StandardCharsets.US_ASCII);
        this.rid = rid == null ? null : rid.getBytes(StandardCharsets.US_ASCII);
        this.clockRate = clockRate;
        this.tsBase = r.nextLong(1L << 32);
        this.history = history;
        this.seq = r.nextInt(1 << 16);
        this.rtxSeq = r.nextInt(1 << 16);
    }

    /**
     * Writes the header of the next media packet at {@code b[0]} (consuming a sequence number); returns the
     * header length (the payload starts there).
     *
     * @param audioLevel RFC 6464 level 0..127 with bit 7 as the voice flag, or -1 for none
     * @param twccSeq    transport-wide sequence number, or -1 for none
     */
    public int writeMediaHeader(byte[] b, RtpHeaderExtensionWriter ext, boolean marker, long ts, int audioLevel,
                                long nowMicros, int twccSeq) {
        int s = seq;
        seq = (seq + 1) & 0xFFFF;
        return writeHeader(b, ext, pt, ssrc, s, ts, marker, rid, ExtensionIds.RID, audioLevel, nowMicros, twccSeq);
    }

    /** Writes the header of the next RTX packet (its own sequence number, the repaired RID); returns its length. */
    public int writeRtxHeader(byte[] b, RtpHeaderExtensionWriter ext, boolean marker, long ts, long nowMicros,
                              int twccSeq) {
        int s = rtxSeq;
        rtxSeq = (rtxSeq + 1) & 0xFFFF;
        return writeHeader(b, ext, rtxPt, rtxSsrc, s, ts, marker, rid, ExtensionIds.REPAIRED_RID, -1, nowMicros,
                twccSeq);
    }

    private int writeHeader(byte[] b, RtpHeaderExtensionWriter ext, int payloadType, long ssrcToWrite, int sequence,
                            long ts, boolean marker, byte[] ridValue, int ridId, int audioLevel, long nowMicros,
                            int twccSeq) {
        RtpWriter.writeHeader(b, 0, marker, payloadType, sequence, ts, ssrcToWrite, true, 0);
        ext.begin(b, 12);
        ext.add(ExtensionIds.MID, mid, 0, mid.length);
        if (ridValue != null) {
            ext.add(ridId, ridValue, 0, ridValue.length);
        }
        if (audioLevel >= 0) {
            ext.addBytes(ExtensionIds.AUDIO_LEVEL, 1);
            b[ext.lastValueOffset()] = (byte) audioLevel;
        }
        ext.addBytes(ExtensionIds.ABS_SEND_TIME, 3);
        Bytes.put24(b, ext.lastValueOffset(), absSendTime(nowMicros));
        if (twccSeq >= 0) {
            ext.addBytes(ExtensionIds.TRANSPORT_CC, 2);
            Bytes.put16(b, ext.lastValueOffset(), twccSeq);
        }
        return 12 + ext.finish();
    }

    /** abs-send-time: seconds in 6.18 fixed point, 24 bits. */
    static int absSendTime(long micros) {
        return (int) (((micros << 18) / 1_000_000L) & 0xFFFFFF);
    }

    /** Counts a sent media packet for the sender reports. */
    public void countSent(int payloadLength) {
        packets++;
        octets += payloadLength;
    }

    /** The RTP timestamp of media captured at {@code nowMs} on the loop clock (the clock starts at the first call). */
    public long rtpTimestamp(long nowMs) {
        if (startMs < 0) {
            startMs = nowMs;
        }
        return (tsBase + (nowMs - startMs) * clockRate / 1000L) & 0xFFFF_FFFFL;
    }

    public long ssrc() {
        return ssrc;
    }

    public long rtxSsrc() {
        return rtxSsrc;
    }

    public RtxHistory history() {
        return history;
    }

    public long packets() {
        return packets;
    }

    public long octets() {
        return octets;
    }

    /** True once {@link #rtpTimestamp} started the stream's clock (a sender report needs it). */
    public boolean started() {
        return startMs >= 0;
    }
}
