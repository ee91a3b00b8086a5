package dev.chorus.ops.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Roles and expected stream counts per scenario. */
class LoadgenScenarioTest {

    static Stream<Arguments> roles() {
        return Stream.of(
                Arguments.of(Scenario.GRID, 0, true, new Scenario.Role(true, true, true)),
                Arguments.of(Scenario.GRID, 3, false, new Scenario.Role(true, false, true)),
                Arguments.of(Scenario.AUDIO, 5, true, new Scenario.Role(true, false, true)),
                Arguments.of(Scenario.LIVESTREAM, 0, true, new Scenario.Role(true, true, false)),
                Arguments.of(Scenario.LIVESTREAM, 1, true, new Scenario.Role(false, false, true)),
                Arguments.of(Scenario.CHURN, 7, true, new Scenario.Role(true, true, true)));
    }

    @ParameterizedTest
    @MethodSource("roles")
    void roleOfEachParticipant(Scenario s, int index, boolean video, Scenario.Role expected) {
        assertEquals(expected, s.role(index, video));
    }

    static Stream<Arguments> expected() {
        return Stream.of(
                // scenario, n, video, video last-N limited, audio last-N limited, expected
                Arguments.of(Scenario.GRID, 10, true, false, false, OptionalLong.of(180)),
                Arguments.of(Scenario.GRID, 10, false, false, false, OptionalLong.of(90)),
                Arguments.of(Scenario.GRID, 10, true, true, false, OptionalLong.empty()),
                Arguments.of(Scenario.GRID, 10, false, true, false, OptionalLong.of(90)),
                Arguments.of(Scenario.GRID, 10, true, false, true, OptionalLong.empty()),
                Arguments.of(Scenario.AUDIO, 10, true, false, false, OptionalLong.of(90)),
                Arguments.of(Scenario.AUDIO, 10, true, true, false, OptionalLong.of(90)),
                Arguments.of(Scenario.AUDIO, 10, true, false, true, OptionalLong.empty()),
                Arguments.of(Scenario.LIVESTREAM, 101, true, false, false, OptionalLong.of(200)),
                Arguments.of(Scenario.CHURN, 10, true, false, false, OptionalLong.empty()));
    }

    @ParameterizedTest
    @MethodSource("expected")
    void expectedStreams(Scenario s, int n, boolean video, boolean videoLastN, boolean audioLastN,
                         OptionalLong streams) {
        assertEquals(streams, s.expectedStreams(n, video, videoLastN, audioLastN));
    }
}
