package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Probe clusters in the estimator, over a simulated bottleneck with real transport-cc feedback: a sender that has
 * only been sending 300 kbps (estimate about 460 kbps) probes at 3 Mbps for 100 ms. On a fast path the estimate jumps to about the probe
 * rate (instead of creeping up at the AIMD pace); on a 1 Mbps path it rises to about what the path carried; a
 * probe slower than the estimate changes nothing.
 */
class SendSideBweProbeTest {
    private static final long SECOND = 1_000_000;
    private static final long PROBE_AT = 10 * SECOND;

    private static final class Prober implements SimulatedLink.RatePolicy {
        final SendSideBwe bwe;
        final long probeBps;
        final long probeUs;
        int cluster;
        boolean ended;

        Prober(SendSideBwe bwe, long probeBps, long probeUs) {
            this.bwe = bwe;
            this.probeBps = probeBps;
            this.probeUs = probeUs;
        }

        @Override
        public long bps(long nowUs) {
            if (nowUs >= PROBE_AT && cluster == 0) {
                cluster = bwe.startProbe();
            }
            if (nowUs >= PROBE_AT + probeUs && !ended) {
                bwe.endProbe(nowUs);
                ended = true;
            }
            return cluster != 0 && !ended ? probeBps : 300_000;
        }
    }

    private static SendSideBwe bwe() {
        return new SendSideBwe(300_000, 30_000, 20_000_000, new SendHistory());
    }

    @Test
    void aProbeOnAFastPathLiftsTheEstimateToItsRate() {
        SendSideBwe bwe = bwe();
        SimulatedLink link = new SimulatedLink(bwe, 20_000_000, 0);
        Prober prober = new Prober(bwe, 3_000_000, 100_000);
        link.runUntil(PROBE_AT - 1, prober);
        long before = bwe.estimateBps();
        assertTrue(before < 600_000, "an app-limited sender's estimate stays near its rate: " + before);
        assertEquals(ProbeCluster.FAILED, bwe.probeResultBps(1), "no cluster yet");
        link.runUntil(PROBE_AT + SECOND, prober);
        long result = bwe.probeResultBps(prober.cluster);
        assertTrue(result > 2_500_000 && result < 3_400_000, "probe result " + result);
        assertTrue(bwe.estimateBps() >= 2_500_000, "estimate " + bwe.estimateBps());
        assertEquals(1, bwe.probesApplied());
        assertEquals(0, link.feedbackErrors);
    }

    @Test
    void aProbeOnASlowerPathLiftsTheEstimateToWhatThePathCarried() {
        SendSideBwe bwe = bwe();
        SimulatedLink link = new SimulatedLink(bwe, 1_000_000, 0);
        Prober prober = new Prober(bwe, 3_000_000, 100_000);
        link.runUntil(PROBE_AT + SECOND, prober);
        long result = bwe.probeResultBps(prober.cluster);
        assertTrue(result > 800_000 && result < 1_050_000, "saturated probe: 95 % of the path " + result);
        assertTrue(bwe.estimateBps() < 1_100_000, "never above what the path carried: " + bwe.estimateBps());
    }

    @Test
    void aProbeBelowTheEstimateChangesNothing() {
        SendSideBwe bwe = bwe();
        SimulatedLink link = new SimulatedLink(bwe, 20_000_000, 0);
        Prober prober = new Prober(bwe, 400_000, 400_000);
        link.runUntil(PROBE_AT + SECOND, prober);
        assertTrue(bwe.probeResultBps(prober.cluster) > 0, "measured");
        assertEquals(0, bwe.probesApplied(), "lower than the estimate: not applied");
    }

    @Test
    void aProbeRaisesALossBound() {
        SendSideBwe bwe = bwe();
        SimulatedLink link = new SimulatedLink(bwe, 20_000_000, 0);
        link.lossEvery = 5; // 20 % loss: the loss-based bound takes over
        Prober prober = new Prober(bwe, 3_000_000, 100_000);
        link.runUntil(PROBE_AT - SECOND / 2, prober);
        assertTrue(bwe.lossBoundBps() < 400_000, "bound " + bwe.lossBoundBps());
        link.lossEvery = 0; // the loss is gone; the bound alone would take tens of seconds to grow
        link.runUntil(PROBE_AT + SECOND, prober);
        assertTrue(bwe.lossBoundBps() >= 2_500_000, "bound after the probe " + bwe.lossBoundBps());
        assertTrue(bwe.estimateBps() >= 2_500_000, "estimate " + bwe.estimateBps());
    }
}
