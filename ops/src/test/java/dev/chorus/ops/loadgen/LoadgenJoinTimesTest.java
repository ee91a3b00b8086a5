package dev.chorus.ops.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Join times: socket open (or the first other publisher's arrival) to first media. */
class LoadgenJoinTimesTest {
    private static final long MS = 1_000_000L;
    /** An arbitrary clock origin (0 means "never" in the samples). */
    private static final long T = 77_000 * MS;

    @Test
    void earlyJoinersCountFromTheFirstOtherPublisher() {
        List<JoinTimes.Sample> grid = List.of(
                new JoinTimes.Sample(T, T + 900 * MS, T + 1_250 * MS, true),  // first in: waits for p1 (in at 1000)
                new JoinTimes.Sample(T + 10 * MS, T + 1_000 * MS, T + 1_100 * MS, true),  // p0 was in at 900
                new JoinTimes.Sample(T + 5_000 * MS, T + 5_300 * MS, T + 5_400 * MS, true)); // late: from its open
        assertArrayEquals(new double[] {250, 200, 400}, JoinTimes.millis(grid), 1e-9);
    }

    @Test
    void viewersCountFromThePublisherOrTheirOwnOpen() {
        List<JoinTimes.Sample> live = List.of(
                new JoinTimes.Sample(T, T + 500 * MS, 0, true),                  // the publisher receives nothing
                new JoinTimes.Sample(T + 100 * MS, T + 600 * MS, T + 700 * MS, false),
                new JoinTimes.Sample(T + 2_000 * MS, T + 2_200 * MS, T + 2_300 * MS, false),
                new JoinTimes.Sample(T + 3_000 * MS, 0, 0, false));               // never got media: none
        assertArrayEquals(new double[] {200, 300}, JoinTimes.millis(live), 1e-9);
    }
}
