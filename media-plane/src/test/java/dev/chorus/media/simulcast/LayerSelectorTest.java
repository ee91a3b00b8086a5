package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerSelectorTest {
    /** Per-temporal-layer kbps of streams 0, 1, 2 (cumulative L0..L2: 300, 900, 2400). */
    private static final int[] KBPS_PER_TL = {100, 300, 800};
    private static final long NOW = 10_050;
    private static final long U = LayerSelector.UNLIMITED;

    /** Records listener calls as strings: "K2" (key frame needed on 2), "L1/2" (layers changed). */
    static final class Events implements LayerSelector.Listener {
        final List<String> log = new ArrayList<>();

        @Override
        public void keyFrameNeeded(int spatialLayer, long nowMs) {
            log.add("K" + spatialLayer);
        }

        @Override
        public void layersChanged(int spatialLayer, int temporalLayer) {
            log.add("L" + spatialLayer + "/" + temporalLayer);
        }

        List<String> take() {
            List<String> out = new ArrayList<>(log);
            log.clear();
            return out;
        }
    }

    /**
     * Feeds stream s with temporal layers 0..|layers[s]|-1 every 10 ms until NOW: for 5 s, or for 500 ms when
     * layers[s] is negative (a stream that just came up); 0 = inactive.
     */
    static LayerStats stats(int... layers) {
        LayerStats stats = new LayerStats(3);
        for (int s = 0; s < layers.length; s++) {
            int n = Math.abs(layers[s]);
            long from = NOW - (layers[s] < 0 ? 500 : 5000);
            for (long t = from; t <= NOW; t += 10) {
                for (int tid = 0; tid < n; tid++) {
                    stats.onPacket(s, tid, KBPS_PER_TL[s] * 10 / 8, t);
                }
            }
        }
        return stats;
    }

    static Stream<Arguments> targets() {
        return Stream.of(
            row("all active, highest preferred", new int[] {3, 3, 3}, 2, 2, U, 2, 2),
            row("preferred middle layer", new int[] {3, 3, 3}, 1, 2, U, 1, 2),
            row("preferred low layer, low fps", new int[] {3, 3, 3}, 0, 1, U, 0, 1),
            row("preferred top resolution, base fps", new int[] {3, 3, 3}, 2, 0, U, 2, 0),
            row("preferred stream missing: lower one at full fps", new int[] {3, 3, 0}, 2, 0, U, 1, 2),
            row("only a higher stream: its base layer", new int[] {0, 0, 3}, 0, 2, U, 2, 0),
            row("nothing active", new int[] {0, 0, 0}, 2, 2, U, -1, -1),
            row("budget 2 Mbps", new int[] {3, 3, 3}, 2, 2, 2_000_000, 2, 1),
            row("budget 1 Mbps: top resolution at base fps", new int[] {3, 3, 3}, 2, 2, 1_000_000, 2, 0),
            row("budget 700 kbps", new int[] {3, 3, 3}, 2, 2, 700_000, 1, 1),
            row("budget 250 kbps", new int[] {3, 3, 3}, 2, 2, 250_000, 0, 1),
            row("budget below everything: lowest base layer", new int[] {3, 3, 3}, 2, 2, 50_000, 0, 0),
            row("budget below everything, stream 0 off", new int[] {0, 3, 3}, 2, 2, 50_000, 1, 0),
            row("budget and preference", new int[] {3, 3, 3}, 1, 2, 700_000, 1, 1),
            row("zero budget", new int[] {3, 3, 3}, 2, 2, 0, 0, 0),
            row("temporal layers the stream does not send", new int[] {3, 3, 1}, 2, 2, U, 2, 0),
            row("single temporal layer everywhere", new int[] {1, 1, 1}, 2, 2, U, 2, 0),
            row("a stream that just came up is not preferred over stable ones", new int[] {3, 3, -3}, 2, 2, U,
                1, 2),
            row("all streams just came up", new int[] {-3, -3, -3}, 2, 2, U, 2, 2),
            row("only the new stream is active", new int[] {0, 0, -3}, 2, 2, U, 2, 2));
    }

    private static Arguments row(String name, int[] layers, int ps, int pt, long budget, int ts, int tt) {
        return Arguments.of(name, layers, ps, pt, budget, ts, tt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void target(String name, int[] layers, int ps, int pt, long budget, int ts, int tt) {
        Events ev = new Events();
        LayerSelector sel = new LayerSelector(stats(layers), 3, 3, ev);
        sel.setPreferredLayers(ps, pt);
        sel.setAvailableBitrate(budget);
        sel.update(NOW);
        assertEquals(ts, sel.targetSpatial(), "spatial");
        assertEquals(tt, sel.targetTemporal(), "temporal");
        assertEquals(ts >= 0 ? List.of("K" + ts) : List.of(), ev.take(), "asks for a key frame of the target");
    }

    @Test
    void preferencesAreClamped() {
        LayerSelector sel = new LayerSelector(stats(3, 3, 3), 3, 3, new Events());
        sel.setPreferredLayers(9, -4);
        assertEquals(2, sel.preferredSpatial());
        assertEquals(0, sel.preferredTemporal());
    }

    @Test
    void spatialSwitchWaitsForAKeyFrameOfTheTarget() {
        Events ev = new Events();
        LayerStats stats = stats(3, 3, 3);
        LayerSelector sel = new LayerSelector(stats, 3, 3, ev);
        sel.setPreferredLayers(0, 2);
        sel.update(NOW);
        assertEquals(List.of("K0"), ev.take());
        assertEquals(LayerSelector.IGNORE, sel.onPacket(0, 1000, false, 0, false, NOW), "not a key frame");
        assertEquals(LayerSelector.IGNORE, sel.onPacket(2, 1000, true, 0, false, NOW), "not the target");
        assertEquals(LayerSelector.SWITCH, sel.onPacket(0, 2000, true, 0, false, NOW));
        assertEquals(List.of("L0/2"), ev.take());
        assertEquals(LayerSelector.FORWARD, sel.onPacket(0, 2000, false, 0, false, NOW), "rest of the key frame");
        sel.update(NOW);
        assertEquals(List.of(), ev.take(), "no key frame request once on target");

        sel.setPreferredLayers(2, 2);
        sel.update(NOW);
        assertEquals(List.of("K2"), ev.take());
        // Until a key frame of stream 2 arrives, stream 0 keeps flowing and stream 2 is ignored.
        assertEquals(LayerSelector.IGNORE, sel.onPacket(2, 5000, false, 0, false, NOW));
        assertEquals(LayerSelector.FORWARD, sel.onPacket(0, 3000, false, 0, false, NOW));
        assertEquals(LayerSelector.IGNORE, sel.onPacket(1, 5000, true, 0, false, NOW), "key frame of another");
        sel.update(NOW + 100);
        assertEquals(List.of("K2"), ev.take(), "asks again while waiting");
        assertEquals(LayerSelector.SWITCH, sel.onPacket(2, 6000, true, 0, false, NOW));
        assertEquals(List.of("L2/2"), ev.take());
        assertEquals(LayerSelector.IGNORE, sel.onPacket(0, 3000, false, 0, false, NOW), "old stream now ignored");
        assertEquals(2, sel.currentSpatial());

        // Down-switch also waits for a key frame of the lower stream.
        sel.setAvailableBitrate(250_000);
        sel.update(NOW);
        assertEquals(List.of("K0"), ev.take());
        assertEquals(LayerSelector.IGNORE, sel.onPacket(0, 4000, false, 0, false, NOW));
        assertEquals(LayerSelector.SWITCH, sel.onPacket(0, 7000, true, 0, false, NOW));
        assertEquals(List.of("L0/1"), ev.take());
    }

    @Test
    void temporalLayersGoDownAtOnceAndUpAtSyncPoints() {
        Events ev = new Events();
        LayerSelector sel = new LayerSelector(stats(3, 3, 3), 3, 3, ev);
        sel.setPreferredLayers(2, 0);
        sel.update(NOW);
        assertEquals(LayerSelector.SWITCH, sel.onPacket(2, 0, true, 0, false, NOW));
        ev.take();
        // Frames: ts advances by 3000; TID pattern 0 2 1 2.
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 3000, false, 2, true, NOW));
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 3000, false, 2, true, NOW), "same frame, same answer");
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 6000, false, 1, true, NOW));
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 12000, false, 0, false, NOW));

        sel.setPreferredLayers(2, 2);
        sel.update(NOW);
        assertEquals(List.of(), ev.take(), "same stream: no key frame needed");
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 15000, false, 2, true, NOW), "needs TL1 first");
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 18000, false, 1, false, NOW), "TL1 without sync bit");
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 24000, false, 0, false, NOW));
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 27000, false, 2, false, NOW));
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 30000, false, 1, true, NOW), "TL1 sync point");
        assertEquals(List.of("L2/1"), ev.take());
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 30000, false, 1, false, NOW));
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 33000, false, 2, true, NOW), "TL2 sync point");
        assertEquals(List.of("L2/2"), ev.take());
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 36000, false, 0, false, NOW));

        sel.setPreferredLayers(2, 0);
        sel.update(NOW);
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 36000, false, 0, false, NOW), "frame in progress");
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 39000, false, 2, false, NOW), "down at once");
        assertEquals(List.of("L2/0"), ev.take());
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 42000, false, 1, true, NOW));
        sel.setPreferredLayers(2, 2);
        sel.update(NOW);
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 48000, true, 0, false, NOW), "key frame: straight up");
        assertEquals(List.of("L2/2"), ev.take());
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 51000, false, 2, false, NOW));
    }

    @Test
    void budgetDropsTemporalLayersOfTheCurrentStreamWhileWaitingForTheSwitch() {
        Events ev = new Events();
        LayerSelector sel = new LayerSelector(stats(3, 3, 3), 3, 3, ev);
        sel.update(NOW);
        assertEquals(LayerSelector.SWITCH, sel.onPacket(2, 0, true, 0, false, NOW));
        sel.setAvailableBitrate(700_000);
        sel.update(NOW);
        assertEquals(1, sel.targetSpatial());
        ev.take();
        assertEquals(LayerSelector.DROP, sel.onPacket(2, 3000, false, 1, false, NOW));
        assertEquals(List.of("L2/0"), ev.take());
        assertEquals(LayerSelector.FORWARD, sel.onPacket(2, 6000, false, 0, false, NOW));
    }

    @Test
    void resetWaitsForAKeyFrameAgain() {
        Events ev = new Events();
        LayerSelector sel = new LayerSelector(stats(3, 3, 3), 3, 3, ev);
        sel.update(NOW);
        assertEquals(LayerSelector.SWITCH, sel.onPacket(2, 0, true, 0, false, NOW));
        ev.take();
        sel.reset();
        assertEquals(List.of("L-1/-1"), ev.take());
        sel.update(NOW);
        assertEquals(List.of("K2"), ev.take());
        assertEquals(LayerSelector.IGNORE, sel.onPacket(2, 3000, false, 0, false, NOW));
        assertEquals(LayerSelector.SWITCH, sel.onPacket(2, 6000, true, 0, false, NOW));
    }

    @Test
    void targetFollowsStreamsGoingOffAndOn() {
        LayerStats stats = new LayerStats(3);
        Events ev = new Events();
        LayerSelector sel = new LayerSelector(stats, 3, 1, ev);
        long t = 0;
        for (; t < 3000; t += 10) {
            stats.onPacket(0, -1, 100, t);
            stats.onPacket(1, -1, 300, t);
            stats.onPacket(2, -1, 900, t);
        }
        sel.update(t);
        assertEquals(2, sel.targetSpatial());
        sel.onPacket(2, 0, true, -1, false, t);
        // Stream 2 stops (the publisher's uplink got worse).
        for (; t < 5000; t += 10) {
            stats.onPacket(0, -1, 100, t);
            stats.onPacket(1, -1, 300, t);
        }
        sel.update(t);
        assertEquals(1, sel.targetSpatial());
        assertEquals(LayerSelector.SWITCH, sel.onPacket(1, 0, true, -1, false, t));
        // It comes back: not preferred until it has been up for STABLE_MS.
        long back = t;
        for (; t < back + LayerSelector.STABLE_MS; t += 10) {
            stats.onPacket(0, -1, 100, t);
            stats.onPacket(1, -1, 300, t);
            stats.onPacket(2, -1, 900, t);
            sel.update(t);
            assertEquals(1, sel.targetSpatial(), "at " + t);
        }
        stats.onPacket(2, -1, 900, t);
        sel.update(t);
        assertEquals(2, sel.targetSpatial());
    }
}
