package dev.chorus.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AbsSendTimeTest {
    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(0L, 0),
                Arguments.of(1_000_000L, 1 << 18),
                Arguments.of(500_000L, 1 << 17),
                Arguments.of(4L, 1), // one unit is 1/262144 s, about 3.8 us
                Arguments.of(3_815L, 1000),
                Arguments.of(63_999_997L, 0xFFFFFF), // just before the 64 s wrap
                Arguments.of(64_000_000L, 0),
                Arguments.of(64_000_000L * 1_000_000 + 250_000L, 1 << 16)); // a large clock value
    }

    @ParameterizedTest(name = "{0} us -> {1}")
    @MethodSource("values")
    void sixPointEighteenSecondsIn24Bits(long us, int expected) {
        assertEquals(expected, AbsSendTime.fromMicros(us));
    }
}
