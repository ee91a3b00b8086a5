package dev.chorus.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeqNumTest {

    static Stream<Arguments> pairs() {
        // a, b, diff(a, b), isNewer(a, b)
        return Stream.of(
            Arguments.of(1, 0, 1, true),
            Arguments.of(0, 1, -1, false),
            Arguments.of(5, 5, 0, false),
            Arguments.of(0, 65535, 1, true),
            Arguments.of(65535, 0, -1, false),
            Arguments.of(10, 65530, 16, true),
            Arguments.of(65530, 10, -16, false),
            Arguments.of(32767, 0, 32767, true),
            Arguments.of(0, 32767, -32767, false),
            Arguments.of(32768, 0, -32768, false),
            Arguments.of(0, 32768, -32768, false),
            Arguments.of(32769, 0, -32767, false),
            Arguments.of(0, 32769, 32767, true),
            Arguments.of(0x10005, 3, 2, true),
            Arguments.of(-1, 0, -1, false));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("pairs")
    void diffAndIsNewer(int a, int b, int diff, boolean newer) {
        assertEquals(diff, SeqNum.diff(a, b));
        assertEquals(newer, SeqNum.isNewer(a, b));
    }

    static Stream<Arguments> adds() {
        return Stream.of(
            Arguments.of(0, 1, 1),
            Arguments.of(65535, 1, 0),
            Arguments.of(65530, 10, 4),
            Arguments.of(0, -1, 65535),
            Arguments.of(5, -10, 65531),
            Arguments.of(100, 65536, 100),
            Arguments.of(0x12345, 0, 0x2345));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("adds")
    void add(int a, int delta, int expected) {
        assertEquals(expected, SeqNum.add(a, delta));
    }
}
