package dev.chorus.media.engine;

import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.Firs;
import dev.chorus.media.rtcp.ReceiverReports;
import dev.chorus.media.rtcp.ReportBlocks;
import dev.chorus.media.rtcp.Rembs;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.SenderReports;

/**
 * Incoming RTCP of one transport (compound or reduced-size): SR feeds producer receive statistics, RR feeds
 * consumer send statistics (RTT, loss), NACK is answered from the retransmission ring, PLI/FIR becomes an
 * upstream key-frame request, REMB is recorded. SDES, BYE and APP are ignored. Worker-owned.
 */
final class RtcpHandler {
    private final WebRtcTransport transport;
    private final MediaCounters counters;
    private final RtcpIterator it = new RtcpIterator();
    /** RTPFB format of transport-wide congestion control feedback. */
    private static final int TRANSPORT_CC_FMT = 15;

    RtcpHandler(WebRtcTransport transport, MediaCounters counters) {
        this.transport = transport;
        this.counters = counters;
    }

    void handle(byte[] buf, int off, int len, long nowMs) {
        it.wrap(buf, off, len);
        while (it.next()) {
            int po = it.packetOffset();
            int pl = it.packetLength();
            switch (it.packetType()) {
                case RtcpType.SR -> onSenderReport(buf, po, pl, nowMs);
                case RtcpType.RR -> onReceiverReport(buf, po, pl, nowMs);
                case RtcpType.RTPFB -> {
                    if (it.countOrFmt() == RtcpType.NACK) {
                        counters.nacksReceived.increment();
                        Consumer c = transport.consumersBySsrc.get(Feedback.mediaSsrc(buf, po));
                        if (c != null) {
                            c.onNack(buf, po, pl, nowMs);
                        }
                    } else if (it.countOrFmt() == TRANSPORT_CC_FMT && !transport.consumers.isEmpty()) {
                        // The subscriber's feedback on the transport-wide sequence numbers we sent.
                        transport.downlink.onTransportCcFeedback(buf, po, pl, System.nanoTime() / 1000);
                    }
                }
                case RtcpType.PSFB -> onPayloadFeedback(buf, po, pl, nowMs);
                default -> {
                    // SDES, BYE, APP, XR: nothing to do.
                }
            }
        }
        if (it.malformed()) {
            counters.dropMalformed.increment();
        }
    }

    private void onSenderReport(byte[] buf, int po, int pl, long nowMs) {
        ProducerStream s = transport.streamBySsrc(SenderReports.senderSsrc(buf, po, pl));
        if (s != null && s.stats != null) {
            s.stats.onSenderReport(SenderReports.ntpTimestamp(buf, po, pl), nowMs);
            if (s.producer.senderReports != null && s.mediaSsrc == SenderReports.senderSsrc(buf, po, pl)) {
                s.producer.senderReports.onSenderReport(s.encodingIndex, SenderReports.ntpTimestamp(buf, po, pl),
                        SenderReports.rtpTimestamp(buf, po, pl));
            }
        }
        int n = SenderReports.reportCount(buf, po, pl);
        for (int i = 0; i < n; i++) {
            onReportBlock(buf, SenderReports.reportBlockOffset(buf, po, i), pl + po, nowMs);
        }
    }

    private void onReceiverReport(byte[] buf, int po, int pl, long nowMs) {
        int n = ReceiverReports.reportCount(buf, po, pl);
        for (int i = 0; i < n; i++) {
            onReportBlock(buf, ReceiverReports.reportBlockOffset(buf, po, i), pl + po, nowMs);
        }
    }

    private void onReportBlock(byte[] buf, int blockOff, int end, long nowMs) {
        if (blockOff < 0 || blockOff + 24 > end) {
            return;
        }
        Consumer c = transport.consumersBySsrc.get(ReportBlocks.ssrc(buf, blockOff));
        if (c != null && c.ssrc == ReportBlocks.ssrc(buf, blockOff)) {
            c.stats.onReceiverReport(buf, blockOff, nowMs);
            if (c.stats.rttMs() > 0) {
                transport.downlink.setRttMs(Math.round(c.stats.rttMs()));
            }
        }
    }

    private void onPayloadFeedback(byte[] buf, int po, int pl, long nowMs) {
        int fmt = it.countOrFmt();
        if (fmt == RtcpType.PLI) {
            counters.plisReceived.increment();
            Consumer c = transport.consumersBySsrc.get(Feedback.mediaSsrc(buf, po));
            if (c != null) {
                c.requestKeyFrame(nowMs);
            }
        } else if (fmt == RtcpType.FIR) {
            counters.firsReceived.increment();
            int n = Firs.count(buf, po, pl);
            for (int i = 0; i < n; i++) {
                Consumer c = transport.consumersBySsrc.get(Firs.ssrc(buf, po, i));
                if (c != null) {
                    c.requestKeyFrame(nowMs);
                }
            }
        } else if (fmt == RtcpType.AFB && Rembs.isRemb(buf, po, pl)) {
            transport.remb = Rembs.bitrate(buf, po);
            transport.downlink.onRemb(transport.remb, System.nanoTime() / 1000);
        }
    }
}
