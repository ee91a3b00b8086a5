package dev.chorus.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ResendStamp}: a resend time in one int, compared as the long times it stands for would be. */
class ResendStampTest {

    static Stream<Arguments> cases() {
        long wallClock = 1_760_000_000_000L; // ms since 1970, around 2025
        long wrap = 1L << 31;
        return Stream.of(
                Arguments.of("just re-sent", wallClock, wallClock, 100L, true),
                Arguments.of("within the round trip", wallClock, wallClock + 99, 100L, true),
                Arguments.of("a round trip later", wallClock, wallClock + 100, 100L, false),
                Arguments.of("long after", wallClock, wallClock + 3_600_000, 100L, false),
                Arguments.of("a long round trip", wallClock, wallClock + 2_500, 3_000L, true),
                Arguments.of("across the 2^31 ms wrap", wrap - 40, wrap + 40, 100L, true),
                Arguments.of("across the wrap, later", wrap - 40, wrap + 60, 100L, false),
                Arguments.of("the clock stepped back", wallClock, wallClock - 5_000, 100L, true),
                Arguments.of("time zero", 0L, 50L, 100L, true),
                Arguments.of("ten days later", wallClock, wallClock + 864_000_000L, 100L, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void comparesLikeLongTimes(String name, long resentMs, long nowMs, long windowMs, boolean within) {
        assertEquals(within, ResendStamp.within(ResendStamp.of(resentMs), nowMs, windowMs));
        assertEquals(nowMs - resentMs < windowMs, within, "what the long comparison says");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverMeansNotResent(String name, long resentMs, long nowMs, long windowMs, boolean within) {
        assertEquals(false, ResendStamp.within(ResendStamp.NEVER, nowMs, windowMs));
    }
}
