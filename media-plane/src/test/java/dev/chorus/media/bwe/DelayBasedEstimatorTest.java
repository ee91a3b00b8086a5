package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The delay path on synthetic send/arrival times: one group every 10 ms, one feedback every 100 ms. */
class DelayBasedEstimatorTest {
    private static final long GROUP_US = 10_000;

    /** Feeds {@code groups} groups of 3 packets whose arrival spacing is {@code arrivalSpacingUs}. */
    private static BandwidthUsage run(DelayBasedEstimator e, int groups, long arrivalSpacingUs, long[] clock) {
        BandwidthUsage worst = BandwidthUsage.NORMAL;
        for (int g = 0; g < groups; g++) {
            long send = clock[0];
            long arrival = clock[1];
            for (int p = 0; p < 3; p++) {
                e.onPacket(send + p * 500L, arrival + p * 500L);
            }
            clock[0] += GROUP_US;
            clock[1] += arrivalSpacingUs;
            if (g % 10 == 9) {
                e.update(1_000_000, clock[0] / 1000);
                if (e.usage() != BandwidthUsage.NORMAL && worst == BandwidthUsage.NORMAL) {
                    worst = e.usage();
                }
            }
        }
        return worst;
    }

    @Test
    void constantDelayIsNormalAndGrows() {
        DelayBasedEstimator e = new DelayBasedEstimator(500_000, 30_000, 5_000_000);
        long[] clock = {0, 777_000_000};
        assertEquals(BandwidthUsage.NORMAL, run(e, 500, GROUP_US, clock));
        assertTrue(e.estimateBps() > 500_000, "estimate " + e.estimateBps());
        assertTrue(Math.abs(e.trend()) < 1, "trend " + e.trend());
    }

    @Test
    void growingDelayIsOveruseAndDecreases() {
        DelayBasedEstimator e = new DelayBasedEstimator(1_500_000, 30_000, 5_000_000);
        long[] clock = {0, 0};
        run(e, 100, GROUP_US, clock);
        long before = e.estimateBps();
        assertEquals(BandwidthUsage.OVERUSE, run(e, 100, GROUP_US + 1_000, clock), "10% more delay per group");
        assertTrue(e.estimateBps() < before, before + " -> " + e.estimateBps());
        assertTrue(e.estimateBps() <= 850_000 + 1, "decrease to 0.85 * acked: " + e.estimateBps());
    }

    @Test
    void shrinkingDelayIsUnderuseAndHolds() {
        DelayBasedEstimator e = new DelayBasedEstimator(800_000, 30_000, 5_000_000);
        long[] clock = {0, 0};
        run(e, 100, GROUP_US, clock);
        assertEquals(BandwidthUsage.UNDERUSE, run(e, 60, GROUP_US - 1_500, clock));
        long held = e.estimateBps();
        e.update(1_000_000, clock[0] / 1000 + 100);
        assertEquals(held, e.estimateBps());
    }

    @Test
    void aClockJumpRestartsTheFilterInsteadOfSignallingOveruse() {
        DelayBasedEstimator e = new DelayBasedEstimator(800_000, 30_000, 5_000_000);
        long[] clock = {0, 0};
        run(e, 100, GROUP_US, clock);
        clock[1] += 60_000_000;
        assertEquals(BandwidthUsage.NORMAL, run(e, 100, GROUP_US, clock));
    }

    @Test
    void thresholdStaysWithinBounds() {
        OveruseDetector d = new OveruseDetector();
        for (int i = 0; i < 10_000; i++) {
            d.detect(0, 10, 100, i * 10L);
        }
        assertEquals(OveruseDetector.MIN_THRESHOLD, d.threshold(), 1e-9);
        for (int i = 0; i < 100_000; i++) {
            d.detect(d.threshold() + 10, 10, 100, 100_000 + i * 10L);
        }
        assertEquals(OveruseDetector.MAX_THRESHOLD, d.threshold(), 1e-9);
    }
}
