package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A probe cluster's measured rate from synthetic send and arrival times: five bursts of ten 1000-byte packets,
 * 20 ms apart (4 Mbps, as the media worker sends them once per tick), over paths of different capacities, with
 * losses, too few packets, and feedback that never completes.
 */
class ProbeClusterTest {
    private static final int BURSTS = 5;
    private static final int PER_BURST = 10;
    private static final int SIZE = 1000;
    private static final long T0 = 5_000_000;
    /** Receiver clock offset: only differences count. */
    private static final long RX = 123_456_789;

    /**
     * Sends the cluster and reports it through a FIFO path of {@code capacityBps} (30 ms propagation); every
     * {@code lossEvery}-th packet is reported lost (0: none). Returns the evaluated result.
     */
    private static long measure(long capacityBps, int lossEvery, int packets) {
        ProbeCluster c = new ProbeCluster();
        c.start(7);
        long departure = 0;
        long lastSend = 0;
        for (int i = 0; i < packets; i++) {
            c.onSent();
        }
        for (int i = 0; i < packets; i++) {
            long send = T0 + (i / PER_BURST) * 20_000L + (i % PER_BURST) * 10L;
            lastSend = send;
            departure = Math.max(send, departure) + SIZE * 8L * 1_000_000 / capacityBps;
            if (lossEvery > 0 && i % lossEvery == lossEvery - 1) {
                c.onLost(7);
            } else {
                c.onReceived(7, send, RX + departure + 30_000, SIZE, false);
            }
        }
        c.end(lastSend);
        return c.evaluate(lastSend + 200_000);
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                // A path faster than the probe: the probe's own rate (the last burst is left out).
                Arguments.of("fast path", 20_000_000L, 3_800_000L, 4_200_000L),
                Arguments.of("path just above the probe rate", 5_000_000L, 3_800_000L, 4_200_000L),
                // A full path: 95 % of what came through.
                Arguments.of("2 Mbps path", 2_000_000L, 1_800_000L, 2_000_000L),
                Arguments.of("1 Mbps path", 1_000_000L, 900_000L, 1_000_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void measuresTheRateThePathCarried(String name, long capacity, long min, long max) {
        long r = measure(capacity, 0, BURSTS * PER_BURST);
        assertTrue(r >= min && r <= max, name + ": " + r);
    }

    @Test
    void aFewLossesAreToleratedManyAreNot() {
        long r = measure(20_000_000, 10, BURSTS * PER_BURST); // 90 % received
        assertTrue(r >= 3_000_000 && r <= 4_500_000, "10 % lost: " + r);
        assertEquals(ProbeCluster.FAILED, measure(20_000_000, 3, BURSTS * PER_BURST), "a third lost");
    }

    @Test
    void tooFewPacketsOrATooShortSpanGiveNoResult() {
        assertEquals(ProbeCluster.FAILED, measure(20_000_000, 0, ProbeCluster.MIN_PACKETS - 1));
        assertEquals(ProbeCluster.FAILED, measure(20_000_000, 0, PER_BURST), "one burst has no span");
    }

    @Test
    void evaluatedOnceWhenComplete() {
        ProbeCluster c = new ProbeCluster();
        c.start(3);
        for (int i = 0; i < 20; i++) {
            c.onSent();
        }
        assertEquals(ProbeCluster.PENDING, c.evaluate(T0), "still being sent");
        c.end(T0);
        for (int i = 0; i < 19; i++) {
            c.onReceived(3, T0 - 80_000 + i * 4_000L, RX + i * 4_000L, SIZE, false);
        }
        c.onReceived(9, T0, RX, SIZE, false); // another cluster's packet does not count
        assertEquals(ProbeCluster.PENDING, c.evaluate(T0 + 10_000), "one packet not reported yet");
        assertEquals(ProbeCluster.PENDING, c.result());
        long r = c.evaluate(T0 + ProbeCluster.RESULT_TIMEOUT_US);
        assertTrue(r > 1_500_000 && r < 2_100_000, "evaluated with what arrived by the timeout: " + r);
        assertEquals(r, c.result());
        assertEquals(ProbeCluster.PENDING, c.evaluate(T0 + 2 * ProbeCluster.RESULT_TIMEOUT_US), "only once");
    }

    @Test
    void aPacketFirstReportedLostThenReceivedCountsAsReceived() {
        ProbeCluster c = new ProbeCluster();
        c.start(1);
        for (int i = 0; i < 10; i++) {
            c.onSent();
        }
        c.end(T0);
        c.onLost(1);
        for (int i = 0; i < 10; i++) {
            c.onReceived(1, T0 - 90_000 + i * 10_000L, RX + i * 10_000L, SIZE, i == 0);
        }
        long r = c.evaluate(T0);
        assertTrue(r > 0, "complete once the late packet arrived: " + r);
    }
}
