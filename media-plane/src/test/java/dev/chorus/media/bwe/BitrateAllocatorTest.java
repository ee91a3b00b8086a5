package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BitrateAllocatorTest {
    private static final long[] SIMULCAST = {150_000, 500_000, 1_500_000};
    private static final long U = BitrateAllocator.UNAVAILABLE;

    /** One consumer of a table case: audio, or video with a priority, a preferred option and layer bitrates. */
    record C(boolean isAudio, int priority, int preferred, long[] layers) {
        static C voice() {
            return new C(true, 1, 0, new long[] {64_000});
        }

        static C video(int priority) {
            return new C(false, priority, 15, SIMULCAST);
        }

        static C video(int priority, int preferred) {
            return new C(false, priority, preferred, SIMULCAST);
        }

        static C video(int priority, long... layers) {
            return new C(false, priority, 15, layers);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("plenty: everyone at the top", 10_000_000L,
                List.of(C.video(1), C.video(1), C.voice()), new long[] {1_500_000, 1_500_000, 64_000}),
            Arguments.of("unlimited", BitrateAllocator.UNLIMITED,
                List.of(C.video(1), C.video(5)), new long[] {1_500_000, 1_500_000}),
            Arguments.of("higher priority reaches its preferred layer first", 2_300_000L,
                List.of(C.video(1), C.video(2)), new long[] {500_000, 1_500_000}),
            Arguments.of("priority order does not depend on insertion order", 2_300_000L,
                List.of(C.video(2), C.video(1)), new long[] {1_500_000, 500_000}),
            Arguments.of("equal priorities are raised round-robin", 1_300_000L,
                List.of(C.video(1), C.video(1)), new long[] {500_000, 500_000}),
            Arguments.of("everyone gets the base layer before anyone goes up", 700_000L,
                List.of(C.video(9), C.video(1), C.video(1)), new long[] {150_000, 150_000, 150_000}),
            Arguments.of("lowest priority loses its video when even base layers do not fit", 400_000L,
                List.of(C.video(1), C.video(3), C.video(2)), new long[] {0, 150_000, 150_000}),
            Arguments.of("audio is never starved", 50_000L,
                List.of(C.voice(), C.video(255), C.voice()), new long[] {64_000, 0, 64_000}),
            Arguments.of("audio comes off the top", 700_000L,
                List.of(C.voice(), C.video(1)), new long[] {64_000, 500_000}),
            Arguments.of("preferred layer caps the budget", 10_000_000L,
                List.of(C.video(1, 0), C.video(1, 1), C.video(1, -1)), new long[] {150_000, 500_000, 0}),
            Arguments.of("unavailable layers are skipped", 10_000_000L,
                List.of(C.video(1, 150_000, U, 1_500_000), C.video(1, U, 500_000, U)),
                new long[] {1_500_000, 500_000}),
            Arguments.of("unavailable middle layer: the top does not fit, stay at the base", 1_000_000L,
                List.of(C.video(1, 150_000, U, 1_500_000)), new long[] {150_000}),
            Arguments.of("zero available: only audio", 0L,
                List.of(C.voice(), C.video(1)), new long[] {64_000, 0}),
            Arguments.of("a cheap layer table gets its top while an expensive one waits", 1_000_000L,
                List.of(C.video(1, 100_000, 200_000, 300_000), C.video(1)),
                new long[] {300_000, 500_000}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allocates(String name, long available, List<C> consumers, long[] expected) {
        BitrateAllocator a = new BitrateAllocator();
        int[] slots = new int[consumers.size()];
        for (int i = 0; i < slots.length; i++) {
            C c = consumers.get(i);
            slots[i] = c.isAudio() ? a.addAudio(c.layers()[0]) : a.addVideo(c.priority(), c.layers());
            if (!c.isAudio()) {
                a.setPreferredLayer(slots[i], c.preferred());
            }
        }
        a.allocate(available, 0);
        long[] budgets = new long[slots.length];
        long sum = 0;
        for (int i = 0; i < slots.length; i++) {
            budgets[i] = a.budgetBps(slots[i]);
            sum += budgets[i];
        }
        assertArrayEquals(expected, budgets, name);
        assertEquals(sum, a.allocatedBps());
    }

    @Test
    void upgradesNeedHeadroomAndTimeWhileTheReservedRateIsProbed() {
        BitrateAllocator a = new BitrateAllocator(0.15, 2_000, 5_000);
        int v = a.addVideo(1, SIMULCAST);
        a.allocate(600_000, 0);
        assertEquals(1, a.layer(v));
        a.allocate(1_600_000, 100);
        assertEquals(1, a.layer(v), "1.5 Mbps fits but without 15% headroom");
        assertEquals(-1, a.pendingLayer(v));
        assertTrue(a.probeBps() > 0, "probe to find out whether the top layer would fit");
        a.allocate(1_800_000, 200);
        assertEquals(1, a.layer(v));
        assertEquals(2, a.pendingLayer(v));
        assertEquals(1_000_000, a.probeBps(), "padding for the difference while the upgrade is pending");
        assertEquals(500_000, a.budgetBps(v));
        a.allocate(1_800_000, 1_200);
        assertEquals(1, a.layer(v));
        a.allocate(1_800_000, 2_200);
        assertEquals(2, a.layer(v));
        assertEquals(1_500_000, a.budgetBps(v));
        assertEquals(0, a.probeBps(), "nothing more wanted");
    }

    @Test
    void aPendingUpgradeIsCancelledByADropAndDowngradesAreImmediate() {
        BitrateAllocator a = new BitrateAllocator(0.15, 2_000, 5_000);
        int v = a.addVideo(1, SIMULCAST);
        a.allocate(600_000, 0);
        a.allocate(1_800_000, 100);
        assertEquals(2, a.pendingLayer(v));
        a.allocate(1_000_000, 1_000);
        assertEquals(-1, a.pendingLayer(v));
        a.allocate(1_800_000, 1_500);
        a.allocate(1_800_000, 3_000);
        assertEquals(1, a.layer(v), "the wait restarted at 1.5 s");
        a.allocate(1_800_000, 3_500);
        assertEquals(2, a.layer(v));
        a.allocate(300_000, 3_600);
        assertEquals(0, a.layer(v), "immediately down");
        assertEquals(0, a.probeBps(), "no probing right after a drop");
        a.allocate(300_000, 8_700);
        assertTrue(a.probeBps() > 0, "probing again after the back-off");
    }

    @Test
    void aPendingUpgradeKeepsItsReservationFromLowerPriorities() {
        BitrateAllocator a = new BitrateAllocator(0.15, 2_000, 5_000);
        int hi = a.addVideo(2, SIMULCAST);
        int lo = a.addVideo(1, SIMULCAST);
        a.allocate(1_300_000, 0);
        assertEquals(1, a.layer(hi));
        assertEquals(1, a.layer(lo));
        a.allocate(2_400_000, 100);
        assertEquals(2, a.pendingLayer(hi));
        assertEquals(1, a.layer(lo), "the reserved rate is not given to the lower priority");
        assertEquals(-1, a.pendingLayer(lo));
        a.allocate(2_400_000, 2_100);
        assertEquals(2, a.layer(hi));
        assertEquals(1, a.layer(lo));
    }

    @Test
    void noFlappingWhenTheEstimateOscillatesAroundALayerBitrate() {
        BitrateAllocator a = new BitrateAllocator();
        int v = a.addVideo(1, SIMULCAST);
        a.allocate(1_800_000, 0);
        a.allocate(1_800_000, 3_000);
        assertEquals(2, a.layer(v));
        int changes = 0;
        int last = a.layer(v);
        for (int i = 0; i < 600; i++) {
            long available = i % 2 == 0 ? 1_450_000 : 1_600_000;
            a.allocate(available, 3_100 + i * 100L);
            if (a.layer(v) != last) {
                changes++;
                last = a.layer(v);
            }
        }
        assertEquals(1, changes, "down once below 1.5 Mbps, never back up without headroom");

        changes = 0;
        for (int i = 0; i < 600; i++) {
            long available = (i / 5) % 2 == 0 ? 1_700_000 : 1_800_000;
            a.allocate(available, 70_000 + i * 100L);
            if (a.layer(v) != last) {
                changes++;
                last = a.layer(v);
            }
        }
        assertEquals(0, changes, "around the upgrade threshold the upgrade never stays possible for 2 s");
    }

    @Test
    void aDownToleranceKeepsALayerThroughTheDipAfterADecrease() {
        BitrateAllocator a = new BitrateAllocator(0.15, 2_000, 5_000, 0.15);
        int v = a.addVideo(1, SIMULCAST);
        a.allocate(1_800_000, 0);
        assertEquals(2, a.layer(v));
        a.allocate(1_300_000, 100); // 87 % of the layer: an estimator's dip, the layer stays
        assertEquals(2, a.layer(v));
        assertEquals(1_500_000, a.budgetBps(v));
        assertEquals(1_500_000, a.allocatedBps(), "the budget is the layer's full bitrate");
        a.allocate(1_250_000, 200); // less than 85 %: the path does not carry the layer
        assertEquals(1, a.layer(v));
        a.allocate(1_400_000, 300);
        assertEquals(1, a.layer(v), "going up again needs the headroom, not the tolerance");
        assertThrows(IllegalArgumentException.class, () -> new BitrateAllocator(0.15, 0, 0, 1.0));
    }

    @Test
    void upgradeProbingCoversOnlyPendingUpgrades() {
        BitrateAllocator a = new BitrateAllocator(0.15, 2_000, 5_000);
        int v = a.addVideo(1, SIMULCAST);
        a.allocate(700_000, 0);
        assertEquals(1, a.layer(v));
        assertEquals(0, a.upgradeProbeBps(), "nothing pending");
        assertEquals(200_000, a.probeBps(), "the allocator suggests filling the estimate");
        a.allocate(2_000_000, 100);
        assertEquals(2, a.pendingLayer(v));
        assertEquals(1_000_000, a.upgradeProbeBps(), "the pending layer minus the committed one");
        assertEquals(a.probeBps(), a.upgradeProbeBps());
        assertEquals(3, a.layerCount(v));
        assertEquals(500_000, a.layerBps(v, 1));
        assertThrows(IllegalArgumentException.class, () -> a.layerBps(v, 3));
    }

    @Test
    void priorityAndEnabledChangesApplyOnTheNextAllocation() {
        BitrateAllocator a = new BitrateAllocator(0.15, 0, 5_000);
        int x = a.addVideo(1, SIMULCAST);
        int y = a.addVideo(2, SIMULCAST);
        a.allocate(2_300_000, 0);
        assertEquals(500_000, a.budgetBps(x));
        assertEquals(1_500_000, a.budgetBps(y));
        a.setPriority(x, 3);
        a.allocate(2_300_000, 100);
        assertEquals(1_500_000, a.budgetBps(x));
        assertEquals(500_000, a.budgetBps(y));
        a.setEnabled(x, false);
        a.allocate(2_300_000, 200);
        assertEquals(0, a.budgetBps(x));
        assertEquals(1_500_000, a.budgetBps(y));
        assertEquals(1_500_000, a.desiredBps());
        a.remove(x);
        assertThrows(IllegalArgumentException.class, () -> a.budgetBps(x));
        int z = a.addAudio(32_000);
        assertEquals(x, z, "slot reused");
        assertEquals(32_000 + 1_500_000, a.desiredBps());
    }

    @Test
    void layerTablesAreValidated() {
        BitrateAllocator a = new BitrateAllocator();
        assertThrows(IllegalArgumentException.class, () -> a.addVideo(1, new long[] {500_000, 100_000}));
        assertThrows(IllegalArgumentException.class, () -> a.addVideo(1, new long[0]));
        assertThrows(IllegalArgumentException.class, () -> a.addVideo(1, new long[BitrateAllocator.MAX_LAYERS + 1]));
        int v = a.addVideo(1, SIMULCAST);
        a.setLayerBitrates(v, new long[] {100_000, U, 900_000}, 3);
        a.allocate(10_000_000, 0);
        assertEquals(900_000, a.budgetBps(v));
    }
}
