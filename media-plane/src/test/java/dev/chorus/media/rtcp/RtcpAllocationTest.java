package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** Proves the per-packet paths of this package allocate nothing once warmed up. */
class RtcpAllocationTest {
    private static final int ROUNDS = 20_000;

    private long sinkTotal;
    private final byte[] datagram = new byte[1500];
    private final byte[] feedback = new byte[1500];
    private final RtcpIterator iterator = new RtcpIterator();
    private final TransportCcRecorder recorder = new TransportCcRecorder();
    private final ReceiveStreamStats receive = new ReceiveStreamStats(1, 90000);
    private final SendStreamStats send = new SendStreamStats(2, 90000);
    private final KeyFrameRequestManager keyFrames = new KeyFrameRequestManager();
    private final ReportBlock block = new ReportBlock();
    private final ReportBlock[] blocks = {block};
    private final int[] lost = {10, 11, 40};
    private final long[] rembSsrcs = {7};
    private final byte[] cname = "chorus".getBytes(StandardCharsets.UTF_8);
    private final IntConsumer nackSink = seq -> sinkTotal += seq;
    private final TccPacketVisitor tccSink = (seq, received, deltaUs) -> sinkTotal += deltaUs;
    private int datagramLen;

    private void round(int i) {
        long now = 1_000L * i;
        int seq = i & 0xFFFF;
        receive.onPacket(seq, seq * 3000L, now);
        send.onPacketSent(1000, seq * 3000L, now);
        recorder.onPacket(seq, now * 1000);
        keyFrames.shouldSend(1, now);
        if (i % 50 == 0) {
            int p = 0;
            p += send.writeSenderReport(datagram, p, 1500 - p, now);
            receive.fillReportBlock(block, now);
            p += RtcpWriter.receiverReport(datagram, p, 1500 - p, 1, blocks, 1);
            p += RtcpWriter.sdesCname(datagram, p, 1500 - p, 1, cname);
            p += RtcpWriter.nack(datagram, p, 1500 - p, 1, 2, lost, lost.length);
            p += RtcpWriter.pli(datagram, p, 1500 - p, 1, 2);
            p += RtcpWriter.fir(datagram, p, 1500 - p, 1, 2, i);
            p += RtcpWriter.remb(datagram, p, 1500 - p, 1, 2_000_000, rembSsrcs, 1);
            p += recorder.buildFeedback(datagram, p, 1500 - p, 1, 2);
            p += RtcpWriter.bye(datagram, p, 1500 - p, 1);
            datagramLen = p;
            parse(now);
        }
    }

    private void parse(long now) {
        iterator.wrap(datagram, 0, datagramLen);
        while (iterator.next()) {
            int off = iterator.packetOffset();
            int len = iterator.packetLength();
            switch (iterator.packetType()) {
                case RtcpType.SR -> {
                    receive.onSenderReport(SenderReports.ntpTimestamp(datagram, off, len), now);
                    sinkTotal += SenderReports.reportCount(datagram, off, len);
                }
                case RtcpType.RR -> send.onReceiverReport(datagram, ReceiverReports.reportBlockOffset(datagram, off, 0),
                        now);
                case RtcpType.RTPFB -> {
                    if (iterator.countOrFmt() == RtcpType.NACK) {
                        Nacks.forEachLost(datagram, off, len, nackSink);
                    } else {
                        TransportCcFeedbacks.parse(datagram, off, len, tccSink);
                    }
                }
                case RtcpType.PSFB -> {
                    sinkTotal += Feedback.mediaSsrc(datagram, off) + Firs.count(datagram, off, len);
                    if (Rembs.isRemb(datagram, off, len)) {
                        sinkTotal += Rembs.bitrate(datagram, off);
                    }
                }
                default -> sinkTotal += iterator.countOrFmt();
            }
        }
    }

    /**
     * Warms up, then measures several batches and expects one of them to allocate nothing: a per-call allocation
     * shows up in every batch, while the JIT may allocate a few bytes once (deoptimization) in an early batch.
     */
    @Test
    void hotPathsDoNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        int i = 0;
        for (; i < ROUNDS; i++) {
            round(i);
        }
        long least = Long.MAX_VALUE;
        for (int batch = 0; batch < 5 && least > 0; batch++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int end = i + ROUNDS; i < end; i++) {
                round(i);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least, "bytes allocated by " + ROUNDS + " rounds in the best batch");
        assertTrue(datagramLen > 100 && sinkTotal != 0);
    }
}
