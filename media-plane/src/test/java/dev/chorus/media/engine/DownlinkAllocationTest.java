package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.bwe.BitrateAllocator;
import dev.chorus.media.simulcast.LayerSelector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allocation wiring of a subscriber transport with synthetic inputs and injected time: three VP8 simulcast
 * consumers of priorities 3, 2 and 1 (each of its own publisher, three streams with three temporal layers) and an
 * audio consumer. Estimates are given directly; each consumer's real {@link LayerSelector} shows where its budget
 * leads.
 *
 * <p>Publishers send 80/40/40, 240/120/120 and 720/360/360 kbps of payload per temporal layer (streams 0..2), so
 * the layer options cost, with the 10 % packet overhead, 88/132/176, 264/396/528 and 792/1188/1584 kbps; audio
 * costs 64 kbps. Allocations happen at times that end a full one-second window of {@link
 * dev.chorus.media.simulcast.LayerStats}, so measured bitrates are exact.
 */
class DownlinkAllocationTest {
    private static final long[][] BYTES_PER_10MS = {{100, 50, 50}, {300, 150, 150}, {900, 450, 450}};
    private static final long START = 10_090;

    private final DownlinkAllocation allocation = new DownlinkAllocation(new BitrateAllocator(
            BitrateAllocator.DEFAULT_UP_HEADROOM, BitrateAllocator.DEFAULT_UP_DELAY_MS,
            BitrateAllocator.DEFAULT_PROBE_BACKOFF_MS, DownlinkControl.DOWN_TOLERANCE));
    private final DownlinkSim.Publisher[] publishers = new DownlinkSim.Publisher[3];
    private final DownlinkSim.Sub[] subs = new DownlinkSim.Sub[3];
    private final int[] slots = new int[3];
    private long now;
    private long fedUntil;

    @BeforeEach
    void setUp() {
        for (int i = 0; i < 3; i++) {
            publishers[i] = new DownlinkSim.Publisher(160_000, 480_000, 1_440_000);
            subs[i] = new DownlinkSim.Sub(publishers[i]);
            subs[i].priority = 3 - i;
            slots[i] = allocation.add(subs[i]);
        }
        allocation.add(new DownlinkSim.Sub(null));
        fedUntil = START - 5_000;
        now = START;
        feed();
    }

    /** Every publisher's packets up to {@link #now}, every 10 ms, each temporal layer at its rate. */
    private void feed() {
        for (long t = fedUntil + 10; t <= now; t += 10) {
            for (DownlinkSim.Publisher p : publishers) {
                for (int s = 0; s < 3; s++) {
                    for (int tid = 0; tid < 3; tid++) {
                        p.stats.onPacket(s, tid, (int) BYTES_PER_10MS[s][tid], t);
                    }
                }
            }
        }
        fedUntil = now;
    }

    /** Allocates {@code estimate} every 200 ms for {@code ms}, starting now. */
    private void run(long estimate, long ms) {
        long end = now + ms;
        while (true) {
            feed();
            allocation.allocate(estimate, now);
            if (now + 200 > end) {
                return;
            }
            now += 200;
        }
    }

    /** "spatial/temporal" the selector of consumer {@code i} aims at. */
    private String target(int i) {
        return subs[i].selector.targetSpatial() + "/" + subs[i].selector.targetTemporal();
    }

    private List<String> targets() {
        return List.of(target(0), target(1), target(2));
    }

    static Stream<Arguments> firstAllocations() {
        return Stream.of(
                Arguments.of(6_000_000L, List.of("2/2", "2/2", "2/2"), 3),
                Arguments.of(4_400_000L, List.of("2/2", "2/2", "2/0"), 3),
                Arguments.of(3_000_000L, List.of("2/2", "2/0", "1/1"), 3),
                Arguments.of(1_200_000L, List.of("2/0", "0/2", "0/1"), 3),
                Arguments.of(500_000L, List.of("0/2", "0/1", "0/0"), 3),
                // Priorities 2 and 1 get nothing (budget 0); their selectors still keep the lowest base layer.
                Arguments.of(200_000L, List.of("0/0", "0/0", "0/0"), 1));
    }

    /**
     * A first allocation (nothing committed yet, so every layer needs the 15 % upgrade headroom): audio first, each
     * video's base layer by priority, then the most important consumer climbs as far as it fits, then the next.
     */
    @ParameterizedTest(name = "{0} bps -> {1}")
    @MethodSource("firstAllocations")
    void firstAllocationFavoursHigherPriorities(long estimate, List<String> expected, int budgeted) {
        run(estimate, 0);
        assertEquals(expected, targets(), "targets of priorities 3, 2, 1");
        for (int i = 0; i < 3; i++) {
            assertEquals(allocation.budgetBps(slots[i]), subs[i].budget, "the selector got the slot's budget");
            assertEquals(i < budgeted, subs[i].budget > 0, "budget of priority " + (3 - i) + ": " + subs[i].budget);
        }
        assertTrue(allocation.allocatedBps() <= estimate, "allocated " + allocation.allocatedBps());
    }

    @Test
    void withoutAnEstimateEveryBudgetIsUnlimited() {
        run(LayerSelector.UNLIMITED, 1_000);
        assertEquals(List.of("2/2", "2/2", "2/2"), targets());
        for (int i = 0; i < 3; i++) {
            assertEquals(LayerSelector.UNLIMITED, subs[i].budget);
            assertEquals(LayerSelector.UNLIMITED, allocation.budgetBps(slots[i]));
        }
        assertEquals(0, allocation.probeBps(), "no padding without an estimate");
    }

    @Test
    void layersFallWithTheEstimateAndComeBackAfterTheUpgradeDelay() {
        run(6_000_000, 1_000);
        assertEquals(List.of("2/2", "2/2", "2/2"), targets());
        long[] before = budgets();

        now += 200;
        run(1_200_000, 0);
        List<String> low = targets();
        long[] after = budgets();
        for (int i = 0; i < 3; i++) {
            assertTrue(after[i] < before[i], "budget of priority " + (3 - i) + " fell: " + after[i]);
        }
        assertTrue(below(low.get(2), "2/2"), "the least important consumer went down: " + low);
        assertTrue(!below(low.get(0), low.get(1)) && !below(low.get(1), low.get(2)),
                "a higher priority keeps at least the layers of a lower one: " + low);
        assertEquals("2/0", low.get(0), "the most important consumer keeps the top stream at base frame rate");

        now += 200;
        long recovered = now;
        run(6_000_000, 1_800); // upgrades are pending: not yet switched, but carried as padding
        assertEquals(low, targets(), "no upgrade before the delay");
        assertTrue(allocation.upgradeProbeBps() > 0, "pending upgrades are probed with padding");
        now += 200;
        run(6_000_000, 0);
        assertEquals(2_000, now - recovered);
        assertEquals(List.of("2/2", "2/2", "2/2"), targets(), "back up once the upgrade was possible for 2 s");
        assertEquals(0, allocation.upgradeProbeBps());
    }

    @Test
    void aPausedConsumerGetsNothingAndTheOthersShareItsPart() {
        run(1_200_000, 0);
        assertEquals(List.of("2/0", "0/2", "0/1"), targets());
        long selectorBudget = subs[0].budget;

        subs[0].enabled = false;
        assertTrue(allocation.enabledChanged(), "a consumer stopped forwarding: allocate again now");
        now += 200;
        run(1_200_000, 2_200);
        assertEquals(0, allocation.budgetBps(slots[0]), "paused: no budget");
        assertEquals(selectorBudget, subs[0].budget, "its selector keeps its last budget for the resume");
        assertTrue(below("0/2", target(1)) && below("0/1", target(2)), "the others went up: " + targets());
        assertTrue(!allocation.enabledChanged());

        subs[0].enabled = true;
        assertTrue(allocation.enabledChanged(), "forwarding again: allocate at once");
        now += 200;
        run(1_200_000, 0);
        assertTrue(allocation.budgetBps(slots[0]) > 0, "a resumed consumer starts at once with what fits");
    }

    @Test
    void priorityChangesTakeEffect() {
        run(1_200_000, 0);
        assertEquals(List.of("2/0", "0/2", "0/1"), targets());
        subs[0].priority = 1;
        subs[2].priority = 3;
        now += 200;
        run(1_200_000, 2_200); // the demoted consumer goes down at once, the promoted one up after the delay
        List<String> swapped = targets();
        assertTrue(below(swapped.get(0), swapped.get(2)), "now priority 3 has more: " + swapped);
        assertTrue(below(swapped.get(0), "2/0"), "the demoted consumer went down: " + swapped);
    }

    /** A single-stream video consumer: its measured bitrate is reserved by priority, its budget goes nowhere. */
    private static final class SingleStream implements DownlinkAllocation.Subscription {
        long measured;
        int priority = 4;
        long pushed = -1;

        @Override public boolean audio() { return false; }
        @Override public boolean enabled() { return true; }
        @Override public int priority() { return priority; }
        @Override public int preferredSpatial() { return -1; }
        @Override public int preferredTemporal() { return -1; }
        @Override public dev.chorus.media.simulcast.LayerStats layerStats() { return null; }
        @Override public int spatialLayers() { return 1; }
        @Override public int temporalLayers() { return 1; }
        @Override public long measuredBps(long nowMs) { return measured; }
        @Override public void setAvailableBitrate(long bps, long nowMs) { pushed = bps; }
    }

    @Test
    void aSingleStreamVideoReservesItsMeasuredBitrate() {
        SingleStream single = new SingleStream();
        single.measured = 1_000_000;
        int slot = allocation.add(single);
        run(2_200_000, 0);
        assertEquals(0, allocation.layer(slot), "the most important consumer is served first");
        assertEquals(List.of("2/0", "0/2", "0/1"), targets(), "the simulcast consumers share what is left");
        assertEquals(-1, single.pushed, "no layer selector to hand a budget to");

        single.measured = -1; // its stream stopped
        now += 200;
        run(2_200_000, 2_200);
        assertEquals(-1, allocation.layer(slot));
        assertTrue(below("2/0", target(0)), "the others took its part: " + targets());
    }

    /** A VP9 SVC consumer: one stream whose spatial layers add up; its budget goes to its SVC forwarder. */
    private static final class Svc implements DownlinkAllocation.Subscription {
        final dev.chorus.media.simulcast.LayerStats stats = new dev.chorus.media.simulcast.LayerStats(3);
        long pushed = -1;

        @Override public boolean audio() { return false; }
        @Override public boolean enabled() { return true; }
        @Override public int priority() { return 1; }
        @Override public int preferredSpatial() { return -1; }
        @Override public int preferredTemporal() { return -1; }
        @Override public dev.chorus.media.simulcast.LayerStats layerStats() { return stats; }
        @Override public int spatialLayers() { return 3; }
        @Override public int temporalLayers() { return 1; }
        @Override public boolean cumulativeLayers() { return true; }
        @Override public long measuredBps(long nowMs) { return -1; }
        @Override public void setAvailableBitrate(long bps, long nowMs) { pushed = bps; }
    }

    @Test
    void anSvcConsumerPaysForEveryLayerBelowTheOneItGets() {
        DownlinkAllocation svcOnly = new DownlinkAllocation(new BitrateAllocator());
        Svc svc = new Svc();
        int slot = svcOnly.add(svc);
        // spatial layers of 100, 200 and 400 kbps of their own: 110, 330 and 770 kbps cumulative with overhead
        long[] bytesPer10Ms = {125, 250, 500};
        for (long t = START - 5_000; t <= START; t += 10) {
            for (int sp = 0; sp < 3; sp++) {
                svc.stats.onPacket(sp, 0, (int) bytesPer10Ms[sp], t);
            }
        }
        svcOnly.allocate(500_000, START);
        assertEquals(1, svcOnly.layer(slot), "770 kbps for the top layer does not fit in 500; 330 does");
        assertTrue(svc.pushed >= 330_000 && svc.pushed < 770_000, "budget handed to the forwarder: " + svc.pushed);
    }

    private long[] budgets() {
        return new long[] {subs[0].budget, subs[1].budget, subs[2].budget};
    }

    /** Whether layers "s/t" a are lower than b (spatial first). */
    private static boolean below(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        int sa = Integer.parseInt(x[0]);
        int sb = Integer.parseInt(y[0]);
        return sa < sb || (sa == sb && Integer.parseInt(x[1]) < Integer.parseInt(y[1]));
    }
}
