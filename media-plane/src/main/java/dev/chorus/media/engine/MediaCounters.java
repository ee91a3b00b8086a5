package dev.chorus.media.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide packet counters, drops counted by reason. Incremented on media threads without allocation or contention (LongAdder);
 * read as a snapshot for metrics and tests. Packet and byte counts of RTP and RTCP are SRTP datagrams as they cross
 * the socket (bytes include the SRTP tag); "in" counts only what authenticated.
 */
public final class MediaCounters {
    public final LongAdder rtpIn = new LongAdder();
    public final LongAdder rtpOut = new LongAdder();
    public final LongAdder rtcpIn = new LongAdder();
    public final LongAdder rtcpOut = new LongAdder();
    public final LongAdder rtpBytesIn = new LongAdder();
    public final LongAdder rtpBytesOut = new LongAdder();
    public final LongAdder rtcpBytesIn = new LongAdder();
    public final LongAdder rtcpBytesOut = new LongAdder();
    /** Media packets sent to subscribers as forwarded from a producer (a subset of rtpOut: no retransmissions). */
    public final LongAdder rtpForwarded = new LongAdder();
    /** Bytes (as sent, SRTP included) of the forwarded packets counted in {@link #rtpForwarded}. */
    public final LongAdder rtpForwardedBytes = new LongAdder();
    /** Packets resent to subscribers in answer to their NACKs. */
    public final LongAdder retransmitted = new LongAdder();
    /** Generic NACK feedback packets: sent to publishers for upstream losses, received from subscribers. */
    public final LongAdder nacksSent = new LongAdder();
    public final LongAdder nacksReceived = new LongAdder();
    /** Key-frame requests: sent upstream (to publishers and over pipes), received from subscribers. */
    public final LongAdder plisSent = new LongAdder();
    public final LongAdder firsSent = new LongAdder();
    public final LongAdder plisReceived = new LongAdder();
    public final LongAdder firsReceived = new LongAdder();
    public final LongAdder dropSrtpAuth = new LongAdder();
    public final LongAdder dropMalformed = new LongAdder();
    public final LongAdder dropUnknownSsrc = new LongAdder();
    public final LongAdder dropUnknownPayloadType = new LongAdder();
    public final LongAdder dropNotConnected = new LongAdder();
    public final LongAdder dropQueueFull = new LongAdder();
    public final LongAdder dropPaddingOnly = new LongAdder();
    public final LongAdder dropWaitingKeyFrame = new LongAdder();
    public final LongAdder dropNotDemuxed = new LongAdder();
    /** Opus DTX packets not sent to a consumer that ignores DTX (counted per consumer). */
    public final LongAdder dropDtx = new LongAdder();
    /** Inter-node pipes: RTP sent once per producer and remote node, received, resent on NACK, feedback. */
    public final LongAdder pipeRtpSent = new LongAdder();
    public final LongAdder pipeRtpReceived = new LongAdder();
    public final LongAdder pipeRtpResent = new LongAdder();
    public final LongAdder pipeRtcpSent = new LongAdder();
    public final LongAdder pipeRtcpReceived = new LongAdder();
    public final LongAdder pipeSendFailed = new LongAdder();
    public final LongAdder pipeDropUnknown = new LongAdder();

    /** Current values by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("rtp_in", rtpIn.sum());
        m.put("rtp_out", rtpOut.sum());
        m.put("rtcp_in", rtcpIn.sum());
        m.put("rtcp_out", rtcpOut.sum());
        m.put("rtp_bytes_in", rtpBytesIn.sum());
        m.put("rtp_bytes_out", rtpBytesOut.sum());
        m.put("rtcp_bytes_in", rtcpBytesIn.sum());
        m.put("rtcp_bytes_out", rtcpBytesOut.sum());
        m.put("rtp_forwarded", rtpForwarded.sum());
        m.put("rtp_forwarded_bytes", rtpForwardedBytes.sum());
        m.put("retransmitted", retransmitted.sum());
        m.put("nacks_sent", nacksSent.sum());
        m.put("nacks_received", nacksReceived.sum());
        m.put("plis_sent", plisSent.sum());
        m.put("firs_sent", firsSent.sum());
        m.put("plis_received", plisReceived.sum());
        m.put("firs_received", firsReceived.sum());
        m.put("drop_srtp_auth", dropSrtpAuth.sum());
        m.put("drop_malformed", dropMalformed.sum());
        m.put("drop_unknown_ssrc", dropUnknownSsrc.sum());
        m.put("drop_unknown_payload_type", dropUnknownPayloadType.sum());
        m.put("drop_not_connected", dropNotConnected.sum());
        m.put("drop_queue_full", dropQueueFull.sum());
        m.put("drop_padding_only", dropPaddingOnly.sum());
        m.put("drop_waiting_key_frame", dropWaitingKeyFrame.sum());
        m.put("drop_not_demuxed", dropNotDemuxed.sum());
        m.put("drop_dtx", dropDtx.sum());
        m.put("pipe_rtp_sent", pipeRtpSent.sum());
        m.put("pipe_rtp_received", pipeRtpReceived.sum());
        m.put("pipe_rtp_resent", pipeRtpResent.sum());
        m.put("pipe_rtcp_sent", pipeRtcpSent.sum());
        m.put("pipe_rtcp_received", pipeRtcpReceived.sum());
        m.put("pipe_send_failed", pipeSendFailed.sum());
        m.put("pipe_drop_unknown", pipeDropUnknown.sum());
        return m;
    }
}
