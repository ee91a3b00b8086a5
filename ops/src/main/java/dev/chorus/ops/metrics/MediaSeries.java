package dev.chorus.ops.metrics;

import java.util.List;

/**
 * The table from the media plane's counter names ({@link dev.chorus.media.api.MediaPlane#counters()}) to
 * Prometheus families and labels. One row per series; rows of a family share its type, help and label name.
 */
record MediaSeries(String key, String family, boolean counter, String help, String labelName, String labelValue) {

    private static MediaSeries counter(String key, String family, String help, String label, String value) {
        return new MediaSeries(key, family, true, help, label, value);
    }

    private static MediaSeries gauge(String key, String family, String help) {
        return new MediaSeries(key, family, false, help, null, null);
    }

    private static final String PACKETS_IN = "SRTP/SRTCP packets received from browsers that authenticated, by kind.";
    private static final String PACKETS_OUT = "SRTP/SRTCP packets sent to browsers, by kind.";
    private static final String BYTES_IN = "Bytes of SRTP/SRTCP packets received from browsers that authenticated.";
    private static final String BYTES_OUT = "Bytes of SRTP/SRTCP packets sent to browsers.";
    private static final String FB_IN = "RTCP feedback packets received from subscribers, by type (nack, pli, fir).";
    private static final String FB_OUT = "RTCP feedback packets sent upstream to publishers and over pipes, by type.";
    private static final String DROPS = "Packets dropped (not forwarded), by reason.";
    private static final String PIPE_OUT = "Packets sent to other nodes over inter-node pipes, by kind.";
    private static final String PIPE_IN = "Packets received from other nodes over inter-node pipes, by kind.";

    /** Every series this node exports from the media plane's counters. */
    static final List<MediaSeries> ALL = List.of(
            gauge("routers", "chorus_media_routers", "Routers on this node's media plane (one per room with media here)."),
            gauge("owners", "chorus_media_peers", "Peers holding at least one transport on this node."),
            gauge("transports", "chorus_media_transports", "WebRTC transports on this node."),
            gauge("producers", "chorus_media_producers",
                    "Producers on this node, including pipe producers fed by other nodes."),
            gauge("consumers", "chorus_media_consumers", "Consumers on this node."),
            gauge("pipes", "chorus_media_pipes", "Inter-node pipe ends (sending and receiving) on this node."),
            counter("buffers_allocated", "chorus_media_buffers_allocated",
                    "Packet buffers the pool had to allocate because it was empty (beyond those made at start).",
                    null, null),
            gauge("buffers_idle", "chorus_media_buffers_idle", "Pooled packet buffers idle in the pool now."),
            counter("rtp_in", "chorus_media_packets_received", PACKETS_IN, "kind", "rtp"),
            counter("rtcp_in", "chorus_media_packets_received", PACKETS_IN, "kind", "rtcp"),
            counter("rtp_out", "chorus_media_packets_sent", PACKETS_OUT, "kind", "rtp"),
            counter("rtcp_out", "chorus_media_packets_sent", PACKETS_OUT, "kind", "rtcp"),
            counter("rtp_bytes_in", "chorus_media_received_bytes", BYTES_IN, "kind", "rtp"),
            counter("rtcp_bytes_in", "chorus_media_received_bytes", BYTES_IN, "kind", "rtcp"),
            counter("rtp_bytes_out", "chorus_media_sent_bytes", BYTES_OUT, "kind", "rtp"),
            counter("rtcp_bytes_out", "chorus_media_sent_bytes", BYTES_OUT, "kind", "rtcp"),
            counter("rtp_forwarded", "chorus_media_forwarded_packets",
                    "RTP packets forwarded from a producer to a subscriber (one per subscriber; no retransmissions).",
                    null, null),
            counter("rtp_forwarded_bytes", "chorus_media_forwarded_bytes",
                    "Bytes of the forwarded RTP packets as sent (SRTP included; no retransmissions).", null, null),
            counter("retransmitted", "chorus_media_retransmitted_packets",
                    "RTP packets resent to subscribers in answer to their NACKs.", null, null),
            counter("nacks_received", "chorus_media_feedback_received", FB_IN, "type", "nack"),
            counter("plis_received", "chorus_media_feedback_received", FB_IN, "type", "pli"),
            counter("firs_received", "chorus_media_feedback_received", FB_IN, "type", "fir"),
            counter("nacks_sent", "chorus_media_feedback_sent", FB_OUT, "type", "nack"),
            counter("plis_sent", "chorus_media_feedback_sent", FB_OUT, "type", "pli"),
            counter("firs_sent", "chorus_media_feedback_sent", FB_OUT, "type", "fir"),
            counter("drop_srtp_auth", "chorus_media_dropped_packets", DROPS, "reason", "srtp_auth"),
            counter("drop_malformed", "chorus_media_dropped_packets", DROPS, "reason", "malformed"),
            counter("drop_unknown_ssrc", "chorus_media_dropped_packets", DROPS, "reason", "unknown_ssrc"),
            counter("drop_unknown_payload_type", "chorus_media_dropped_packets", DROPS, "reason",
                    "unknown_payload_type"),
            counter("drop_not_connected", "chorus_media_dropped_packets", DROPS, "reason", "not_connected"),
            counter("drop_queue_full", "chorus_media_dropped_packets", DROPS, "reason", "queue_full"),
            counter("drop_padding_only", "chorus_media_dropped_packets", DROPS, "reason", "padding_only"),
            counter("drop_waiting_key_frame", "chorus_media_dropped_packets", DROPS, "reason", "waiting_key_frame"),
            counter("drop_not_demuxed", "chorus_media_dropped_packets", DROPS, "reason", "not_demuxed"),
            counter("pipe_drop_unknown", "chorus_media_dropped_packets", DROPS, "reason", "pipe_unknown"),
            counter("udp_dropped", "chorus_media_dropped_packets", DROPS, "reason", "udp_unknown_source"),
            counter("udp_received", "chorus_media_udp_datagrams_received",
                    "Datagrams received on the shared media UDP port (STUN, DTLS, SRTP, anything).", null, null),
            counter("pipe_rtp_sent", "chorus_media_pipe_packets_sent", PIPE_OUT, "kind", "rtp"),
            counter("pipe_rtcp_sent", "chorus_media_pipe_packets_sent", PIPE_OUT, "kind", "rtcp"),
            counter("pipe_rtp_received", "chorus_media_pipe_packets_received", PIPE_IN, "kind", "rtp"),
            counter("pipe_rtcp_received", "chorus_media_pipe_packets_received", PIPE_IN, "kind", "rtcp"),
            counter("pipe_rtp_resent", "chorus_media_pipe_retransmitted_packets",
                    "RTP packets resent over pipes in answer to NACKs from other nodes.", null, null),
            counter("pipe_send_failed", "chorus_media_pipe_send_failures",
                    "Pipe sends that failed (the other node's stream was not connected or back-pressured).",
                    null, null),
            counter("aeron_messages_sent", "chorus_aeron_messages_sent",
                    "Messages offered to Aeron publications (inter-node data plane).", null, null),
            counter("aeron_messages_received", "chorus_aeron_messages_received",
                    "Messages received from Aeron subscriptions (inter-node data plane).", null, null),
            counter("aeron_send_failures", "chorus_aeron_send_failures",
                    "Aeron offers that failed (no subscriber, back pressure, closed).", null, null),
            counter("aeron_malformed", "chorus_aeron_malformed_messages",
                    "Aeron messages that could not be parsed as pipe frames.", null, null));
}
