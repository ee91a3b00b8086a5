package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A publisher sending three synthetic simulcast streams (answering key frame requests two frames later) and one
 * consumer whose preferences and budget change: the consumer's output must stay continuous, switch only on key
 * frames of the target stream, and drop filtered temporal layers without gaps.
 */
class SimulcastForwarderTest {
    private static final int[] BYTES_PER_PACKET = {200, 600, 1500};

    private final SimStream[] streams = {
        new SimStream(0, 65_000, 0xFFFE_0000L, 32_000, 15, 200, 2),
        new SimStream(1, 1_000, 7_000, 100, 15, 0, 2),
        new SimStream(2, 30_000, 0x8000_0000L, 32_600, 15, 250, 3),
    };
    private final LayerStats stats = new LayerStats(3);
    private final SenderReportTable srs = new SenderReportTable(3, SimStream.CLOCK);
    private final long[] keyFrameAt = {-1, -1, -1};
    private final List<String> layers = new ArrayList<>();
    private long frame;
    private final LayerSelector selector = new LayerSelector(stats, 3, 3, new LayerSelector.Listener() {
        @Override
        public void keyFrameNeeded(int spatialLayer, long nowMs) {
            if (keyFrameAt[spatialLayer] < frame) {
                keyFrameAt[spatialLayer] = frame + 2;
            }
        }

        @Override
        public void layersChanged(int spatialLayer, int temporalLayer) {
            layers.add(spatialLayer + "/" + temporalLayer);
        }
    });
    private final SimulcastRewriter rewriter = new SimulcastRewriter(srs, 0x1234, 500);
    private final SimulcastForwarder forwarder = new SimulcastForwarder(selector, rewriter);

    /** What went out: per packet, the stream it came from and whether it was the start of a key frame. */
    private final List<int[]> sent = new ArrayList<>();
    private int lastSeq = -1;
    private long lastTs = -1;
    private int lastPid = -1;

    private void run(long until) {
        for (; frame < until; frame++) {
            long now = SimStream.wallMs(frame);
            if (frame % 30 == 0) {
                for (SimStream s : streams) {
                    s.report(srs, frame / 30);
                }
            }
            if (frame % 3 == 0) {
                selector.update(now);
            }
            for (SimStream s : streams) {
                boolean key = frame == keyFrameAt[s.index];
                for (int k = 0; k < s.packetsPerFrame; k++) {
                    s.packet(frame, k, key);
                    stats.onPacket(s.index, s.vp8.temporalId(), BYTES_PER_PACKET[s.index], now);
                    if (forwarder.onPacket(s.index, s.pSeq, s.pTs, s.pMarker, s.vp8.keyFrame(), s.vp8, now)) {
                        check(s, k, key);
                    }
                }
            }
        }
    }

    private void check(SimStream s, int k, boolean key) {
        int seq = rewriter.outSequenceNumber();
        if (lastSeq >= 0) {
            assertEquals((lastSeq + 1) & 0xFFFF, seq, "gap-free at frame " + frame);
        } else {
            assertEquals(500, seq);
        }
        long ts = rewriter.outTimestamp();
        int pid = rewriter.outPictureId();
        if (k == 0 && lastTs >= 0) {
            assertTrue((int) (ts - lastTs) > 0, "timestamp advances at frame " + frame);
            assertEquals((lastPid + 1) & 0x7FFF, pid, "PictureID continuous at frame " + frame);
        } else if (k > 0) {
            assertEquals(lastTs, ts);
            assertEquals(lastPid, pid);
        }
        lastSeq = seq;
        lastTs = ts;
        lastPid = pid;
        sent.add(new int[] {s.index, k == 0 && key ? 1 : 0, SimStream.tidOf((int) frame), (int) frame});
    }

    private int[] firstSentAfter(long fromFrame) {
        for (int[] p : sent) {
            if (p[3] >= fromFrame) {
                return p;
            }
        }
        throw new AssertionError("nothing sent after frame " + fromFrame);
    }

    @Test
    void switchesOnlyOnKeyFramesAndStaysContinuous() {
        run(100);
        assertEquals(List.of("2/2"), layers, "starts on the top stream once it sends a key frame");
        assertEquals(1, sent.get(0)[1], "first packet out is a key frame");
        assertEquals(2, sent.get(0)[0]);

        selector.setPreferredLayers(0, 1);
        selector.update(SimStream.wallMs(frame));
        long changedAt = frame;
        run(200);
        assertEquals(List.of("2/2", "0/1"), layers);
        int[] first = firstSentAfter(changedAt);
        assertEquals(2, first[0], "the old stream keeps flowing until the target's key frame");
        for (int[] p : sent) {
            if (p[3] >= changedAt && p[0] == 0) {
                assertEquals(1, p[1], "first packet of stream 0 is its key frame");
                break;
            }
        }
        long fromStream0 = sent.stream().filter(p -> p[3] > changedAt + 3 && p[0] == 0 && p[2] == 2).count();
        assertEquals(0, fromStream0, "temporal layer 2 is filtered");
        assertTrue(sent.stream().anyMatch(p -> p[3] > changedAt + 10 && p[0] == 0 && p[2] == 1), "TL1 flows");

        selector.setPreferredLayers(1, 2);
        run(300);
        assertEquals("1/2", layers.get(layers.size() - 1));

        selector.setAvailableBitrate(30_000); // stream 0: TL0 24 kbps, TL0+TL1 48 kbps
        run(400);
        assertEquals("0/0", layers.get(layers.size() - 1));
        assertTrue(sent.stream().filter(p -> p[3] > 350).allMatch(p -> p[0] == 0 && p[2] == 0));

        selector.setAvailableBitrate(LayerSelector.UNLIMITED);
        run(500);
        assertEquals("1/2", layers.get(layers.size() - 1), "back up when the budget recovers");
    }

    @Test
    void resumeRestartsOnAKeyFrameWithoutBreakingContinuity() {
        run(50);
        selector.reset();
        long pausedAt = frame;
        run(60); // nothing forwarded until a key frame of the target
        assertEquals("2/2", layers.get(layers.size() - 1));
        int[] first = firstSentAfter(pausedAt);
        assertEquals(1, first[1], "first packet after the reset is a key frame");
        assertEquals(2, first[0]);
    }

    @Test
    void skippedPacketsOfTheCurrentStreamLeaveNoGap() {
        run(10);
        SimStream s = streams[2];
        for (; frame < 20; frame++) {
            long now = SimStream.wallMs(frame);
            for (int k = 0; k < s.packetsPerFrame; k++) {
                s.packet(frame, k, false);
                if (k == 1) {
                    forwarder.skip(2, s.pSeq); // e.g. an unsupported payload type
                    continue;
                }
                if (forwarder.onPacket(2, s.pSeq, s.pTs, s.pMarker, s.vp8.keyFrame(), s.vp8, now)) {
                    assertEquals((lastSeq + 1) & 0xFFFF, rewriter.outSequenceNumber());
                    lastSeq = rewriter.outSequenceNumber();
                }
            }
        }
        forwarder.skip(0, 1); // another stream: ignored
    }
}
