package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtcp.Nacks;
import dev.chorus.media.rtcp.ReceiverReports;
import dev.chorus.media.rtcp.ReportBlocks;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtp.RtpWriter;
import dev.chorus.ops.loadgen.rtc.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reception accounting of a synthetic subscriber with synthetic packet sequences and injected arrival times:
 * loss, RTX repair, jitter, latency from the send stamp, NACKs, PLIs and receiver reports, across the 16-bit
 * sequence wrap.
 */
class LoadgenSubscriberTest {
    private static final long AUDIO = 5000;
    private static final long VIDEO = 6000;
    private static final long VIDEO_RTX = 6001;

    private final EventLoop loop = new EventLoop("test-loop");
    private final CapturingSender sender = new CapturingSender(loop);
    private final LoopStats stats = new LoopStats();
    private final Subscriber sub = new Subscriber("p1", loop, sender, stats, "cname");

    @AfterEach
    void close() {
        loop.close();
    }

    private long at(long ms) {
        return loop.originNanos() + ms * 1_000_000L;
    }

    /** A plain RTP packet with a payload ending in a send stamp {@code latencyMs} before {@code arrivalMs}. */
    private byte[] packet(long ssrc, int pt, int seq, long ts, int payload, long arrivalMs, long latencyMs) {
        byte[] b = new byte[12 + payload];
        RtpWriter.writeHeader(b, 0, false, pt, seq, ts, ssrc, false, 0);
        SendStamp.write(b, b.length - SendStamp.LENGTH, (at(arrivalMs) - latencyMs * 1_000_000L) / 1000L);
        return b;
    }

    private void receive(byte[] b, long arrivalMs) {
        sub.onRtp(b, b.length, at(arrivalMs));
    }

    private StreamSummary summary(String consumerId) {
        return sub.summaries().stream().filter(s -> s.consumerId().equals(consumerId)).findFirst().orElseThrow();
    }

    @Test
    void lossAcrossTheSequenceWrapCountsOnlyTheMissingPacket() {
        sub.add(new ConsumerOffer("a", "prod", "p0", "audio", AUDIO, 0, 100, -1, 48000));
        int seq = 65530;
        for (int i = 0; i < 16; i++, seq = (seq + 1) & 0xFFFF) {
            if (seq != 2) {
                receive(packet(AUDIO, 100, seq, 1000L + i * 960L, 100, i * 20L, 5), i * 20L);
            }
        }
        StreamSummary s = summary("a");
        assertEquals(15, s.packets());
        assertEquals(1, s.lost());
        assertEquals(0.0, s.jitterMs(), 1e-9, "evenly spaced");
        assertEquals(15, stats.rtpReceived);
        LoopStats.Snapshot snap = stats.snapshot(0, 0, false, false);
        assertEquals(15, snap.audioWindow().getTotalCount());
        assertEquals(5000, snap.audioWindow().getValueAtPercentile(50), 5, "5 ms in microseconds");
        assertTrue(s.firstPacketNanos() > 0);
        assertEquals(at(0), sub.firstMediaNanos());
    }

    @Test
    void jitterFollowsRfc3550() {
        sub.add(new ConsumerOffer("a", "prod", "p0", "audio", AUDIO, 0, 100, -1, 48000));
        for (int i = 0; i < 400; i++) {
            long arrival = i * 20L + (i % 2 == 0 ? 0 : 4);
            receive(packet(AUDIO, 100, i, i * 960L, 60, arrival, 1), arrival);
        }
        // |D| = 4 ms for every pair, so J converges to 4 ms (192 units at 48 kHz)
        assertEquals(4.0, summary("a").jitterMs(), 0.1);
    }

    @Test
    void rtxRepairsAGapAndIsNotCountedAsLatency() {
        sub.add(new ConsumerOffer("v", "prod", "p0", "video", VIDEO, VIDEO_RTX, 101, 102, 90000));
        receive(packet(VIDEO, 101, 65534, 0, 300, 0, 2), 0);
        receive(packet(VIDEO, 101, 65535, 0, 300, 1, 2), 1);
        receive(packet(VIDEO, 101, 1, 3000, 300, 30, 2), 30);
        assertEquals(1, summary("v").lost());
        byte[] rtx = packet(VIDEO_RTX, 102, 777, 3000, 302, 60, 2);
        rtx[12] = 0;
        rtx[13] = 0; // original sequence number 0
        receive(rtx, 60);
        StreamSummary s = summary("v");
        assertEquals(0, s.lost());
        assertEquals(4, s.packets());
        assertEquals(1, s.rtxPackets());
        assertEquals(1, stats.rtxReceived);
        assertEquals(3, stats.rtpReceived, "media packets; the RTX one counts apart");
        assertEquals(3, stats.snapshot(0, 0, false, false).videoWindow().getTotalCount());
    }

    @Test
    void aVideoGapIsNackedAfterTheGapDelay() {
        sub.add(new ConsumerOffer("v", "prod", "p0", "video", VIDEO, VIDEO_RTX, 101, 102, 90000));
        sub.start();
        receive(packet(VIDEO, 101, 10, 0, 300, 0, 1), 0);
        receive(packet(VIDEO, 101, 13, 0, 300, 1, 1), 1);
        loop.timers().advance(40);
        List<Integer> nacked = new ArrayList<>();
        for (byte[] c : sender.rtcp) {
            RtcpIterator it = new RtcpIterator();
            it.wrap(c, 0, c.length);
            while (it.next()) {
                if (it.packetType() == RtcpType.RTPFB && it.countOrFmt() == RtcpType.NACK) {
                    Nacks.forEachLost(c, it.packetOffset(), it.packetLength(), nacked::add);
                }
            }
        }
        assertEquals(List.of(11, 12), nacked);
        assertEquals(2, stats.nacksSent);
    }

    @Test
    void aVideoStreamWithoutPacketsAsksForAKeyFrameAfterASecond() {
        sub.add(new ConsumerOffer("v", "prod", "p0", "video", VIDEO, VIDEO_RTX, 101, 102, 90000));
        sub.start();
        loop.timers().advance(900);
        assertEquals(0, stats.plisSent);
        loop.timers().advance(2100);
        assertTrue(stats.plisSent >= 1 && stats.plisSent <= 3, "PLIs " + stats.plisSent);
    }

    @Test
    void receiverReportsCarryABlockPerStream() {
        sub.add(new ConsumerOffer("a", "prod", "p0", "audio", AUDIO, 0, 100, -1, 48000));
        sub.add(new ConsumerOffer("v", "prod", "p0", "video", VIDEO, VIDEO_RTX, 101, 102, 90000));
        sub.start();
        receive(packet(AUDIO, 100, 1, 0, 60, 0, 1), 0);
        receive(packet(AUDIO, 100, 3, 960, 60, 40, 1), 40);
        loop.timers().advance(1100);
        byte[] c = sender.rtcp.get(0);
        RtcpIterator it = new RtcpIterator();
        it.wrap(c, 0, c.length);
        assertTrue(it.next());
        assertEquals(RtcpType.RR, it.packetType());
        assertEquals(2, ReceiverReports.reportCount(c, it.packetOffset(), it.packetLength()));
        int block = ReceiverReports.reportBlockOffset(c, it.packetOffset(), 0);
        assertEquals(AUDIO, ReportBlocks.ssrc(c, block));
        assertEquals(1, ReportBlocks.cumulativeLost(c, block));
        assertTrue(it.next());
        assertEquals(RtcpType.SDES, it.packetType());
        assertFalse(it.next());
        assertFalse(it.malformed());
    }

    @Test
    void unknownSsrcsAndUnstampedPacketsAreCounted() {
        sub.add(new ConsumerOffer("a", "prod", "p0", "audio", AUDIO, 0, 100, -1, 48000));
        receive(packet(4242, 100, 1, 0, 60, 0, 1), 0);
        byte[] plain = new byte[40];
        RtpWriter.writeHeader(plain, 0, false, 100, 1, 0, AUDIO, false, 0);
        receive(plain, 0);
        assertEquals(1, stats.unknownSsrc);
        assertEquals(1, stats.stampMissing);
    }

    @Test
    void aClosedStreamKeepsItsFiguresAndStopsCounting() {
        sub.add(new ConsumerOffer("a", "prod", "p0", "audio", AUDIO, 0, 100, -1, 48000));
        receive(packet(AUDIO, 100, 1, 0, 60, 0, 1), 0);
        sub.remove("a");
        receive(packet(AUDIO, 100, 2, 960, 60, 20, 1), 20);
        StreamSummary s = summary("a");
        assertTrue(s.closed());
        assertEquals(1, s.packets());
        assertEquals(1, stats.unknownSsrc);
        assertEquals(1, stats.closedStreamPackets);
    }
}
