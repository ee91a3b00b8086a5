package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScalabilityModeTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("L1T1", 1, 1, false),
                Arguments.of("L1T3", 1, 3, false),
                Arguments.of("L3T3_KEY", 3, 3, true),
                Arguments.of("S3T3", 3, 3, false),
                Arguments.of("L2T2_KEY_SHIFT", 2, 2, true),
                Arguments.of("L12T4h", 12, 4, false),
                Arguments.of(null, 1, 1, false),
                Arguments.of("", 1, 1, false),
                Arguments.of("T3", 1, 1, false),
                Arguments.of("l1t3", 1, 1, false),
                Arguments.of("L0T3", 1, 1, false),
                Arguments.of("L3T0", 1, 1, false),
                Arguments.of("L1234T1", 1, 1, false),
                Arguments.of("L99999999999T1", 1, 1, false),
                Arguments.of("xL1T3", 1, 1, false));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void parse(String mode, int spatial, int temporal, boolean ksvc) {
        assertEquals(new ScalabilityMode(spatial, temporal, ksvc), ScalabilityMode.parse(mode));
    }
}
