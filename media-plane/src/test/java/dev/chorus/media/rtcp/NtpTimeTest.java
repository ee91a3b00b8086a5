package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NtpTimeTest {
    static Stream<Arguments> conversions() {
        return Stream.of(
                Arguments.of(0L, 0x83AA7E80_00000000L, 0x7E800000L),
                Arguments.of(1L, 0x83AA7E80_00418937L, 0x7E800041L),
                Arguments.of(500L, 0x83AA7E80_80000000L, 0x7E808000L),
                Arguments.of(-1L, 0x83AA7E7F_FFBE76C8L, 0x7E7FFFBEL),
                Arguments.of(1_700_000_000_250L, ((1_700_000_000L + 2_208_988_800L) << 32) | 0x40000000L,
                        (((1_700_000_000L + 2_208_988_800L) & 0xFFFF) << 16) | 0x4000L));
    }

    @ParameterizedTest
    @MethodSource("conversions")
    void unixMillisToNtpAndBack(long millis, long ntp, long middle) {
        assertEquals(ntp, NtpTime.toNtp64(millis));
        assertEquals(millis, NtpTime.toMillis(ntp));
        assertEquals(middle, NtpTime.middle32(ntp));
    }

    static Stream<Arguments> delays() {
        return Stream.of(
                Arguments.of(1000L, 65536L),
                Arguments.of(500L, 32768L),
                Arguments.of(1L, 66L),
                Arguments.of(0L, 0L),
                Arguments.of(-5L, 0L),
                Arguments.of(250L, 16384L));
    }

    @ParameterizedTest
    @MethodSource("delays")
    void delayUnits(long millis, long units) {
        assertEquals(units, NtpTime.millisToDelayUnits(millis));
        if (millis > 0 && millis % 125 == 0) {
            assertEquals(millis, NtpTime.delayUnitsToMillis(units), 0.0);
        }
    }
}
