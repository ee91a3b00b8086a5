package dev.chorus.media.ortc;

import static dev.chorus.media.ortc.H264ProfileLevelId.BASELINE;
import static dev.chorus.media.ortc.H264ProfileLevelId.CONSTRAINED_BASELINE;
import static dev.chorus.media.ortc.H264ProfileLevelId.CONSTRAINED_HIGH;
import static dev.chorus.media.ortc.H264ProfileLevelId.HIGH;
import static dev.chorus.media.ortc.H264ProfileLevelId.INVALID;
import static dev.chorus.media.ortc.H264ProfileLevelId.MAIN;
import static dev.chorus.media.ortc.H264ProfileLevelId.PREDICTIVE_HIGH_444;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class H264ProfileLevelIdTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("42e01f", CONSTRAINED_BASELINE),
                Arguments.of("42E01F", CONSTRAINED_BASELINE),
                Arguments.of("42c01f", CONSTRAINED_BASELINE),
                Arguments.of("42e034", CONSTRAINED_BASELINE),   // level 5.2: level may differ
                Arguments.of("4d801f", CONSTRAINED_BASELINE),   // Main with constraint_set0
                Arguments.of("58c01f", CONSTRAINED_BASELINE),   // Extended with constraint_set0+1
                Arguments.of("42001f", BASELINE),
                Arguments.of("42800a", BASELINE),
                Arguments.of("58801f", BASELINE),
                Arguments.of("4d0032", MAIN),
                Arguments.of("4d401f", MAIN),
                Arguments.of("640032", HIGH),
                Arguments.of("64001f", HIGH),
                Arguments.of("640c1f", CONSTRAINED_HIGH),
                Arguments.of("f4001f", PREDICTIVE_HIGH_444),
                Arguments.of("42f00b", CONSTRAINED_BASELINE),   // level 1b (level_idc 11 with constraint_set3)
                Arguments.of(640032, HIGH),                     // numeric value from an SDP parser
                Arguments.of(null, BASELINE),                   // RFC 6184 default 42000a
                // malformed
                Arguments.of("42e01", INVALID),
                Arguments.of("42e01f0", INVALID),
                Arguments.of("", INVALID),
                Arguments.of("zze01f", INVALID),
                Arguments.of("42e0ff", INVALID),                // unknown level
                Arguments.of("42e000", INVALID),
                Arguments.of("42e11f", INVALID),                // reserved bit set
                Arguments.of("4d201f", INVALID),                // Main with constraint_set2 only
                Arguments.of("64081f", INVALID),
                Arguments.of("6e001f", INVALID),                // High 10: not negotiable here
                Arguments.of(42, INVALID));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void profileOf(Object profileLevelId, int expected) {
        assertEquals(expected, H264ProfileLevelId.profileOf(profileLevelId));
    }
}
