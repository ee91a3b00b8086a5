package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.simulcast.LayerSelector;
import org.junit.jupiter.api.Test;

/**
 * {@link DownlinkControl} in a closed loop ({@link DownlinkSim}: simulated time, a bottleneck, real estimator and
 * transport-cc feedback): a subscriber of Chrome-like three-layer simulcast (150 kbps / 500 kbps / 1.5 Mbps) and
 * audio. Durations given to the loop are generous bounds, not timing targets; the times observed are printed.
 */
class DownlinkControlTest {
    private static final long[] CHROME_LAYERS = {150_000, 500_000, 1_500_000};

    @Test
    void aNarrowDownlinkLowersTheLayerAndAClearOneBringsItBackThroughProbing() {
        DownlinkSim sim = new DownlinkSim(5_000_000);
        DownlinkSim.Publisher p = sim.publisher(CHROME_LAYERS);
        sim.subscribeAudio();
        DownlinkSim.Sub video = sim.subscribe(p, 1);
        sim.run(10_000);
        assertEquals(2, video.spatial(), "a clear path gives the top layer: " + video.layerChanges);
        assertTrue(video.budget != LayerSelector.UNLIMITED && sim.bwe.estimateBps() > 1_700_000,
                "under an estimate that covers it: " + sim.bwe.estimateBps());

        sim.capacityBps = 400_000;
        long narrowed = sim.nowMs;
        long down = sim.runUntil(() -> video.spatial() <= 1, 30_000);
        assertTrue(down >= 0, "moved down at 400 kbps: " + video.layerChanges);
        sim.run(10_000);
        long settled = sim.nowMs;
        sim.run(20_000);
        int changesAfterSettling = 0;
        for (String change : video.layerChanges) {
            long at = Long.parseLong(change.substring(0, change.indexOf(':')));
            assertTrue(at <= narrowed + down || !change.contains(":2/"),
                    "never back on the top layer while the link is narrow: " + video.layerChanges);
            changesAfterSettling += at > settled ? 1 : 0;
        }
        assertTrue(changesAfterSettling <= 2, "settled: " + video.layerChanges);
        long probesBefore = sim.control.probes();
        long paddingBefore = sim.paddingBytes;

        sim.capacityBps = 5_000_000;
        long back = sim.runUntil(() -> video.spatial() == 2, 60_000);
        assertTrue(back >= 0, "back on the top layer once the link is clear: " + video.layerChanges);
        assertTrue(sim.control.probes() > probesBefore, "probe clusters found the bandwidth");
        assertTrue(sim.paddingBytes > paddingBefore, "padding was sent");
        System.out.printf("simulated: down %d ms after the link narrowed to 400 kbps, back on the top layer %d ms"
                + " after it cleared; estimate %d bps; %d probe clusters; layers %s%n", down, back,
                sim.bwe.estimateBps(), sim.control.probes(), video.layerChanges);
    }

    @Test
    void withoutFeedbackBudgetsStayUnlimitedAndNothingIsPaddedOrReported() {
        DownlinkSim sim = new DownlinkSim(400_000);
        DownlinkSim.Publisher p = sim.publisher(CHROME_LAYERS);
        sim.subscribeAudio();
        DownlinkSim.Sub video = sim.subscribe(p, 1);
        sim.feedbackOn = false;
        sim.run(10_000);
        assertEquals(2, video.spatial(), "today's behaviour: the preferred layer, whatever the link");
        assertEquals(LayerSelector.UNLIMITED, video.budget);
        assertEquals(0, sim.paddingBytes);
        assertEquals(0, sim.control.probes());
        assertTrue(sim.reports.isEmpty(), "no downlinkBwe without an estimate: " + sim.reports);

        sim.feedbackOn = true;
        long down = sim.runUntil(() -> video.spatial() <= 1, 30_000);
        assertTrue(down >= 0, "once feedback flows the layer follows the link: " + video.layerChanges);
        assertTrue(!sim.reports.isEmpty(), "and downlinkBwe is reported");
    }

    @Test
    void theMoreImportantConsumerKeepsTheBetterLayersOnASharedNarrowLink() {
        DownlinkSim sim = new DownlinkSim(1_500_000);
        DownlinkSim.Sub speaker = sim.subscribe(sim.publisher(CHROME_LAYERS), 2);
        DownlinkSim.Sub other = sim.subscribe(sim.publisher(CHROME_LAYERS), 1);
        sim.subscribeAudio();
        sim.run(30_000);
        for (int i = 0; i < 20; i++) {
            sim.run(500);
            int s = speaker.selector.currentSpatial();
            int o = other.selector.currentSpatial();
            assertTrue(s >= o, "speaker " + speaker.layerChanges + " other " + other.layerChanges);
        }
        assertTrue(speaker.spatial() >= 1 && other.spatial() <= 1,
                "speaker " + speaker.layerChanges + " other " + other.layerChanges);
        assertTrue(speaker.budget > other.budget);
    }

    /**
     * The per-tick path (allocation, budgets, padding, probe clusters) and the feedback path allocate nothing in
     * steady state: a narrow link where probes and upgrade attempts keep happening, measured on this thread (which
     * runs the whole loop).
     */
    @Test
    void theControlLoopAllocatesNothingInSteadyState() {
        DownlinkSim sim = new DownlinkSim(1_200_000);
        DownlinkSim.Sub video = sim.subscribe(sim.publisher(CHROME_LAYERS), 1);
        DownlinkSim.Sub other = sim.subscribe(sim.publisher(CHROME_LAYERS), 2);
        sim.subscribeAudio();
        sim.run(30_000);
        sim.record = false;
        video.record = false;
        other.record = false;
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long probes = sim.control.probes();
        long padding = sim.paddingBytes;
        long reports = sim.reportCount;
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        sim.run(60_000);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(sim.control.probes() > probes, "probe clusters were sent meanwhile");
        assertTrue(sim.paddingBytes > padding, "padding was sent meanwhile");
        assertTrue(sim.reportCount > reports, "downlinkBwe was reported meanwhile");
        // 3000 ticks: anything per tick would show as kilobytes. A few bytes can appear once when the JIT
        // deoptimises a method and materialises an object it had kept in registers.
        assertTrue(allocated < 3000, "bytes allocated in 60 s (3000 ticks) of simulated control loop: " + allocated);
    }

    @Test
    void downlinkBweIsReportedRarely() {
        DownlinkSim sim = new DownlinkSim(5_000_000);
        sim.subscribeAudio();
        DownlinkSim.Sub video = sim.subscribe(sim.publisher(CHROME_LAYERS), 1);
        sim.run(10_000);
        sim.capacityBps = 400_000;
        sim.run(20_000);
        sim.capacityBps = 5_000_000;
        sim.run(30_000);
        assertTrue(sim.reports.size() >= 3, "reports " + sim.reports);
        assertTrue(sim.reports.size() <= 30, "at most one every 2 s over 60 s: " + sim.reports);
        long last = Long.MIN_VALUE;
        for (String r : sim.reports) {
            long at = Long.parseLong(r.substring(0, r.indexOf(':')));
            assertTrue(last == Long.MIN_VALUE || at - last >= DownlinkReport.MIN_INTERVAL_MS, "spacing " + r);
            last = at;
            String[] v = r.substring(r.indexOf(':') + 1).split("/");
            assertTrue(Long.parseLong(v[1]) <= Long.parseLong(v[0]), "allocated <= desired: " + r);
        }
        assertEquals(2, video.spatial());
    }
}
