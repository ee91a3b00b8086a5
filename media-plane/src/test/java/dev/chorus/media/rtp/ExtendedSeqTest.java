package dev.chorus.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExtendedSeqTest {

    static Stream<Arguments> sequences() {
        return Stream.of(
            Arguments.of("in order", new int[] {10, 11, 12}, new long[] {10, 11, 12}),
            Arguments.of("forward wrap", new int[] {65534, 65535, 0, 1}, new long[] {65534, 65535, 65536, 65537}),
            Arguments.of("late packet from before the wrap", new int[] {65534, 0, 65535, 1},
                new long[] {65534, 65536, 65535, 65537}),
            Arguments.of("reorder after wrap", new int[] {65535, 2, 0, 1}, new long[] {65535, 65538, 65536, 65537}),
            Arguments.of("two wraps", new int[] {0, 30000, 60000, 24000, 54000, 18000},
                new long[] {0, 30000, 60000, 89536, 119536, 149072}),
            Arguments.of("duplicate", new int[] {7, 7, 8}, new long[] {7, 7, 8}),
            Arguments.of("late packet before the first one", new int[] {3, 65534, 4},
                new long[] {3, -2, 4}),
            Arguments.of("jump back of exactly half range stays behind", new int[] {40000, 7232, 40001},
                new long[] {40000, 7232, 40001}),
            Arguments.of("high bits ignored", new int[] {0x1FFFF, 0x20000}, new long[] {65535, 65536}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void unwraps(String name, int[] input, long[] expected) {
        ExtendedSeq e = new ExtendedSeq();
        long[] actual = new long[input.length];
        for (int i = 0; i < input.length; i++) {
            actual[i] = e.update(input[i]);
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void tracksHighestAndCycles() {
        ExtendedSeq e = new ExtendedSeq();
        assertEquals(-1, e.highest());
        assertEquals(0, e.cycles());
        e.update(65000);
        e.update(100);
        e.update(64000);
        assertEquals(65636, e.highest());
        assertEquals(1, e.cycles());
    }
}
