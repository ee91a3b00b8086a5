package dev.chorus.ops.loadgen.media;

import dev.chorus.media.rtcp.ReportBlock;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtcp.SenderReports;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.ops.loadgen.rtc.ClientTransport;
import dev.chorus.ops.loadgen.rtc.EventLoop;
import dev.chorus.ops.loadgen.rtc.MediaSender;
import dev.chorus.ops.loadgen.rtc.TimerWheel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The receiving half of a synthetic participant, on its receive transport, behaving like a browser: it knows the
 * consumers it accepted by SSRC (media and RTX), measures each packet's end-to-end latency from its
 * {@link SendStamp}, keeps RFC 3550 statistics per stream, sends receiver reports (with an SDES CNAME) every
 * second, NACKs for video gaps every 20 ms as they fall due, and PLIs when a video stream cannot be decoded (NACK
 * given up) or has not started a second after it was accepted. Loop thread only (except
 * {@link #firstMediaNanos()}); nothing is allocated per packet.
 */
public final class Subscriber implements ClientTransport.Media {
    static final long REPORT_INTERVAL_MS = 1000;
    static final long FEEDBACK_INTERVAL_MS = 20;
    private static final int BLOCKS_PER_RR = 31;
    /** Room left in a report datagram for the SDES chunk and the SRTCP trailer. */
    private static final int REPORT_BUDGET = 1100;

    private final String participantId;
    private final EventLoop loop;
    private final MediaSender transport;
    private final LoopStats stats;
    private final byte[] cname;
    private final long localSsrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
    private final Int2ObjectHashMap<InboundStream> byMediaSsrc = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<InboundStream> byRtxSsrc = new Int2ObjectHashMap<>();
    private final List<InboundStream> streams = new ArrayList<>();
    private final List<InboundStream> feedbackDue = new ArrayList<>();
    private final List<StreamSummary> closed = new ArrayList<>();
    private final ReportBlock[] blocks = new ReportBlock[BLOCKS_PER_RR];
    private final int[] lost = new int[InboundStream.NACK_CAPACITY];
    private final RtpPacket rtp = new RtpPacket();
    private final RtcpIterator rtcp = new RtcpIterator();
    private final TimerWheel.Timer reportTimer = TimerWheel.of(this::reportTick);
    private final TimerWheel.Timer feedbackTimer = TimerWheel.of(this::feedbackTick);
    private volatile long firstMediaNanos;

    public Subscriber(String participantId, EventLoop loop, MediaSender transport, LoopStats stats,
                      String cname) {
        this.participantId = participantId;
        this.loop = loop;
        this.transport = transport;
        this.stats = stats;
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new ReportBlock();
        }
    }

    /** Starts the report and feedback timers. */
    public void start() {
        long now = loop.nowMs();
        loop.timers().schedule(reportTimer, now + ThreadLocalRandom.current().nextLong(REPORT_INTERVAL_MS));
        loop.timers().schedule(feedbackTimer, now + FEEDBACK_INTERVAL_MS);
    }

    /** Stops the timers and closes every stream (their figures stay in {@link #summaries}). */
    public void stop() {
        loop.timers().cancel(reportTimer);
        loop.timers().cancel(feedbackTimer);
        for (InboundStream s : new ArrayList<>(streams)) {
            remove(s.offer().consumerId());
        }
    }

    /** Expects the consumer's packets from now on (call before accepting the offer). */
    public void add(ConsumerOffer offer) {
        InboundStream s = new InboundStream(offer, loop.nowMs());
        streams.add(s);
        byMediaSsrc.put((int) offer.ssrc(), s);
        if (offer.rtxSsrc() != 0) {
            byRtxSsrc.put((int) offer.rtxSsrc(), s);
        }
    }

    /** Forgets a closed consumer, keeping its figures. */
    public void remove(String consumerId) {
        for (int i = 0; i < streams.size(); i++) {
            InboundStream s = streams.get(i);
            if (s.offer().consumerId().equals(consumerId)) {
                streams.remove(i);
                feedbackDue.remove(s);
                byMediaSsrc.remove((int) s.offer().ssrc());
                if (s.offer().rtxSsrc() != 0) {
                    byRtxSsrc.remove((int) s.offer().rtxSsrc());
                }
                StreamSummary summary = s.summary(participantId, true);
                closed.add(summary);
                stats.closedStreamPackets += summary.packets();
                stats.closedStreamLost += summary.lost();
                return;
            }
        }
    }

    /** {@link System#nanoTime()} of the first media packet, 0 before it. Any thread. */
    public long firstMediaNanos() {
        return firstMediaNanos;
    }

    /** Packets received and lost over the live streams (loop thread). */
    public void addLiveTotals(long[] packetsAndLost) {
        for (InboundStream s : streams) {
            packetsAndLost[0] += s.stats().packetsReceived();
            packetsAndLost[1] += Math.max(0, s.stats().packetsLost());
        }
    }

    /** Figures of every stream this subscriber had, live and closed (loop thread). */
    public List<StreamSummary> summaries() {
        List<StreamSummary> out = new ArrayList<>(closed);
        for (InboundStream s : streams) {
            out.add(s.summary(participantId, false));
        }
        return out;
    }

    @Override
    public void onRtp(byte[] buf, int len, long nowNanos) {
        if (!rtp.wrap(buf, 0, len)) {
            return;
        }
        int ssrc = (int) rtp.ssrc();
        int seq = rtp.sequenceNumber();
        int payloadOff = rtp.payloadOffset();
        int payloadLen = rtp.payloadLength();
        boolean rtx = false;
        InboundStream s = byMediaSsrc.get(ssrc);
        if (s == null) {
            s = byRtxSsrc.get(ssrc);
            if (s == null || payloadLen < 2) {
                stats.unknownSsrc++;
                return;
            }
            rtx = true;
            seq = ((buf[payloadOff] & 0xFF) << 8) | (buf[payloadOff + 1] & 0xFF);
            payloadOff += 2;
            payloadLen -= 2;
        }
        long nowMs = loop.toLoopMs(nowNanos);
        if (!s.onPacket(seq, rtp.timestamp(), buf, payloadOff, payloadLen, len, rtx, nowMs, nowNanos)) {
            return;
        }
        if (firstMediaNanos == 0) {
            firstMediaNanos = nowNanos;
        }
        if (rtx) {
            stats.rtxReceived++;
        } else {
            stats.rtpReceived++;
            stats.rtpBytesReceived += len;
            long sent = SendStamp.read(buf, payloadOff, payloadLen);
            if (sent < 0) {
                stats.stampMissing++;
            } else {
                stats.recordLatency(s.offer().video(), nowNanos / 1000L - sent);
            }
        }
        if (!s.feedbackListed() && s.feedbackPending()) {
            s.feedbackListed(true);
            feedbackDue.add(s);
        }
    }

    @Override
    public void onRtcp(byte[] buf, int len, long nowNanos) {
        stats.rtcpReceived++;
        rtcp.wrap(buf, 0, len);
        while (rtcp.next()) {
            int off = rtcp.packetOffset();
            int plen = rtcp.packetLength();
            if (rtcp.packetType() == RtcpType.SR && SenderReports.isValid(buf, off, plen)) {
                InboundStream s = byMediaSsrc.get((int) SenderReports.senderSsrc(buf, off, plen));
                if (s != null) {
                    s.stats().onSenderReport(SenderReports.ntpTimestamp(buf, off, plen), loop.toLoopMs(nowNanos));
                }
            }
        }
    }

    private void feedbackTick(long nowMs) {
        byte[] b = loop.txBuffer();
        for (int i = feedbackDue.size() - 1; i >= 0; i--) {
            InboundStream s = feedbackDue.get(i);
            int n = s.dueNacks(nowMs, lost);
            if (n > 0) {
                int len = RtcpWriter.nack(b, 0, REPORT_BUDGET, localSsrc, s.offer().ssrc(), lost, n);
                if (len > 0 && transport.sendRtcp(len)) {
                    stats.nacksSent += n;
                }
            }
            sendPliIfNeeded(s, nowMs);
            if (!s.feedbackPending()) {
                s.feedbackListed(false);
                feedbackDue.remove(i);
            }
        }
        loop.timers().schedule(feedbackTimer, nowMs + FEEDBACK_INTERVAL_MS);
    }

    private void sendPliIfNeeded(InboundStream s, long nowMs) {
        if (s.needsKeyFrame(nowMs)) {
            int len = RtcpWriter.pli(loop.txBuffer(), 0, REPORT_BUDGET, localSsrc, s.offer().ssrc());
            if (len > 0 && transport.sendRtcp(len)) {
                stats.plisSent++;
                s.pliSent(nowMs);
            }
        }
    }

    private void reportTick(long nowMs) {
        byte[] b = loop.txBuffer();
        int i = 0;
        do {
            int p = 0;
            while (i < streams.size() && p + 8 + BLOCKS_PER_RR * 24 <= REPORT_BUDGET) {
                int n = 0;
                while (n < BLOCKS_PER_RR && i < streams.size()) {
                    streams.get(i++).stats().fillReportBlock(blocks[n++], nowMs);
                }
                p += RtcpWriter.receiverReport(b, p, b.length - p, localSsrc, blocks, n);
            }
            if (p == 0) {
                p = RtcpWriter.receiverReport(b, 0, b.length, localSsrc, blocks, 0);
            }
            p += RtcpWriter.sdesCname(b, p, b.length - p, localSsrc, cname);
            if (transport.sendRtcp(p)) {
                stats.receiverReportsSent++;
            }
        } while (i < streams.size());
        for (int k = 0; k < streams.size(); k++) {
            InboundStream s = streams.get(k);
            if (!s.feedbackListed() && s.needsKeyFrame(nowMs)) {
                sendPliIfNeeded(s, nowMs);
            }
        }
        loop.timers().schedule(reportTimer, nowMs + REPORT_INTERVAL_MS);
    }
}
