package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a subscriber transport probes, and how fast: the first decision, then the intervals between probes. */
class ProbeControllerTest {
    private static final long T = 50_000;

    static Stream<Arguments> firstProbes() {
        return Stream.of(
                Arguments.of("wants more: twice the estimate", 500_000L, 3_000_000L, false, 1_000_000L),
                Arguments.of("capped by what is wanted", 500_000L, 700_000L, false, 700_000L),
                Arguments.of("capped by the ceiling", 4_000_000L, 20_000_000L, false, ProbeController.MAX_PROBE_BPS),
                Arguments.of("wants no more than the estimate", 500_000L, 500_000L, false, 0L),
                Arguments.of("the estimate just dropped", 500_000L, 3_000_000L, true, 0L),
                Arguments.of("too small a gain to be worth it", 500_000L, 540_000L, false, 0L),
                Arguments.of("no estimate", 0L, 3_000_000L, false, 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstProbes")
    void firstProbe(String name, long estimate, long wanted, boolean backedOff, long expected) {
        assertEquals(expected, new ProbeController().due(estimate, wanted, backedOff, T));
    }

    @Test
    void probesAtMostEveryIntervalAndSoonerWhileTheyFindMore() {
        ProbeController p = new ProbeController();
        assertEquals(1_000_000, p.due(500_000, 3_000_000, false, T));
        p.onResult(1_100_000); // found more than 1.25 x 500 kbps
        assertEquals(0, p.due(1_100_000, 3_000_000, false, T + ProbeController.FOLLOW_UP_MS - 20));
        assertEquals(2_200_000, p.due(1_100_000, 3_000_000, false, T + ProbeController.FOLLOW_UP_MS));
        p.onResult(2_100_000); // carried: twice the estimate again soon
        long t = T + 2 * ProbeController.FOLLOW_UP_MS;
        assertEquals(2_500_000, p.due(2_100_000, 2_500_000, false, t), "up to what is wanted");
        p.onResult(2_500_000); // carried, but little more than the estimate: the normal interval
        assertEquals(ProbeController.INTERVAL_MS, p.intervalMs());
        assertEquals(0, p.due(2_500_000, 3_000_000, false, t + ProbeController.INTERVAL_MS - 20));
        assertEquals(3_000_000, p.due(2_500_000, 3_000_000, false, t + ProbeController.INTERVAL_MS));
        assertEquals(4, p.probes());
    }

    @Test
    void probesThatFindAFullPathAreSpacedOutUpToTheLongestInterval() {
        ProbeController p = new ProbeController();
        long t = T;
        long[] waits = {6_000, 12_000, 12_000};
        assertEquals(800_000, p.due(400_000, 3_000_000, false, t));
        for (long wait : waits) {
            p.onResult(420_000); // the path did not carry the 800 kbps probe
            assertEquals(wait, p.intervalMs());
            assertEquals(0, p.due(400_000, 3_000_000, false, t + wait - 20));
            t += wait;
            assertEquals(800_000, p.due(400_000, 3_000_000, false, t));
        }
        p.onResult(ProbeCluster.FAILED);
        assertEquals(ProbeController.MAX_INTERVAL_MS, p.intervalMs());
        t += ProbeController.MAX_INTERVAL_MS;
        assertEquals(800_000, p.due(400_000, 3_000_000, false, t));
        p.onResult(800_000); // the path opened: probing speeds up again
        assertEquals(ProbeController.INTERVAL_MS, p.intervalMs());
        assertEquals(1_600_000, p.due(800_000, 3_000_000, false, t + ProbeController.FOLLOW_UP_MS));
    }
}
