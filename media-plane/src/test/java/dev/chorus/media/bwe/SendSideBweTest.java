package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The send-side estimator against a simulated bottleneck, with feedback written by the real receive-side
 * {@code TransportCcRecorder}: stable paths let it grow, queues make it drop, loss bounds it, REMB caps it.
 */
class SendSideBweTest {
    private static final long SECOND = 1_000_000;
    /** Puts the 24-bit feedback reference time 10 s before its wrap. */
    private static final long REF_WRAP_OFFSET_US = (1L << 24) * 64_000 - 10 * SECOND;

    private static SendSideBwe bwe(long startBps, int firstSeq) {
        return new SendSideBwe(startBps, 30_000, 20_000_000, new SendHistory(8192, firstSeq));
    }

    @Test
    void stablePathGrowsTheEstimate() {
        SendSideBwe bwe = bwe(300_000, 0);
        SimulatedLink link = new SimulatedLink(bwe, 10_000_000, 0);
        long[] min = {Long.MAX_VALUE};
        link.runUntil(20 * SECOND, now -> {
            min[0] = Math.min(min[0], bwe.estimateBps());
            return bwe.estimateBps();
        });
        assertEquals(0, link.feedbackErrors);
        assertTrue(bwe.feedbackCount() > 150, "feedbacks " + bwe.feedbackCount());
        assertTrue(bwe.estimateBps() > 900_000, "estimate " + bwe.estimateBps());
        assertTrue(min[0] >= 300_000, "never dropped below the start: " + min[0]);
        assertEquals(BandwidthUsage.NORMAL, bwe.usage());
        assertEquals(LossBasedEstimator.UNBOUNDED, bwe.lossBoundBps());
    }

    @Test
    void growingDelayMakesTheEstimateDrop() {
        SendSideBwe bwe = bwe(1_500_000, 0);
        SimulatedLink link = new SimulatedLink(bwe, 1_000_000, 0);
        boolean[] overuse = {false};
        link.runUntil(4 * SECOND, now -> {
            overuse[0] |= bwe.usage() == BandwidthUsage.OVERUSE;
            return 1_600_000;
        });
        assertTrue(overuse[0], "over-use detected");
        assertTrue(bwe.estimateBps() < 1_000_000, "estimate " + bwe.estimateBps());
        assertTrue(bwe.ackedBps() > 800_000 && bwe.ackedBps() < 1_100_000, "acked " + bwe.ackedBps());
    }

    @Test
    void followsTheCapacityDownAndUpAgainAcrossSeqAndReferenceTimeWraps() {
        SendSideBwe bwe = bwe(300_000, 65_000);
        SimulatedLink link = new SimulatedLink(bwe, 2_000_000, REF_WRAP_OFFSET_US);
        SimulatedLink.RatePolicy follow = now -> bwe.estimateBps();
        link.runUntil(30 * SECOND, follow);
        long high = bwe.estimateBps();
        assertTrue(high > 1_300_000 && high < 3_200_000, "estimate at 2 Mbps " + high);
        link.capacityBps = 700_000;
        link.runUntil(36 * SECOND, follow);
        long low = bwe.estimateBps();
        assertTrue(low < 800_000, "estimate after the capacity dropped to 700 kbps: " + low);
        link.capacityBps = 2_000_000;
        link.runUntil(70 * SECOND, follow);
        assertTrue(bwe.estimateBps() > 1_300_000, "recovered: " + bwe.estimateBps());
        assertEquals(0, link.feedbackErrors);
        assertEquals(0, bwe.unknownPackets());
    }

    @Test
    void tenPercentLossLowersTheEstimate() {
        SendSideBwe bwe = bwe(1_000_000, 0);
        SimulatedLink link = new SimulatedLink(bwe, 50_000_000, 0);
        link.lossEvery = 10;
        link.runUntil(5 * SECOND, now -> 1_000_000);
        assertEquals(0.10, bwe.lossFraction(), 0.02);
        assertTrue(bwe.lossBoundBps() <= 950_000, "bound " + bwe.lossBoundBps());
        assertTrue(bwe.estimateBps() <= 950_000, "estimate " + bwe.estimateBps());
        assertTrue(bwe.delayBasedBps() >= 1_000_000, "the delay-based part did not see a queue");
    }

    @Test
    void lossBoundIsLiftedOnceLossStops() {
        SendSideBwe bwe = bwe(1_000_000, 0);
        SimulatedLink link = new SimulatedLink(bwe, 50_000_000, 0);
        link.lossEvery = 5;
        link.runUntil(3 * SECOND, now -> bwe.estimateBps());
        long lowered = bwe.estimateBps();
        assertTrue(lowered < 700_000, "20% loss: " + lowered);
        link.lossEvery = 0;
        link.runUntil(40 * SECOND, now -> bwe.estimateBps());
        assertTrue(bwe.estimateBps() > lowered * 2, "after loss stopped: " + bwe.estimateBps());
        assertTrue(bwe.lossFraction() < 0.02);
    }

    @Test
    void rembAloneIsTheEstimateAndCapsTransportCcWhileFresh() {
        SendSideBwe remb = bwe(600_000, 0);
        remb.onRemb(400_000, 0);
        assertEquals(400_000, remb.estimateBps());
        remb.onRemb(2_500_000, 1_000);
        assertEquals(2_500_000, remb.estimateBps());
        remb.onRemb(5_000, 2_000);
        assertEquals(30_000, remb.estimateBps(), "clamped to the minimum");

        SendSideBwe bwe = bwe(300_000, 0);
        SimulatedLink link = new SimulatedLink(bwe, 10_000_000, 0);
        link.runUntil(15 * SECOND, now -> bwe.estimateBps());
        long tcc = bwe.estimateBps();
        assertTrue(tcc > 500_000, "transport-cc estimate " + tcc);
        bwe.onRemb(250_000, link.nowUs());
        assertEquals(250_000, bwe.estimateBps());
        assertEquals(250_000, bwe.rembBps());
        assertEquals(tcc, bwe.refresh(link.nowUs() + SendSideBwe.REMB_TIMEOUT_US + 1), "a stale REMB no longer caps");
    }

    @Test
    void invalidFeedbackChangesNothing() {
        SendSideBwe bwe = bwe(600_000, 0);
        byte[] junk = {(byte) 0x8F, (byte) 205, 0, 1, 0, 0, 0, 1};
        assertFalse(bwe.onTransportCcFeedback(junk, 0, junk.length, 0));
        assertFalse(bwe.onTransportCcFeedback(new byte[40], 0, 40, 0));
        assertEquals(600_000, bwe.estimateBps());
        assertEquals(0, bwe.feedbackCount());
    }
}
