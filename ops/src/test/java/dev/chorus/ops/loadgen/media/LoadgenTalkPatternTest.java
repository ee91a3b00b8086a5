package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who talks when, and the audio levels that go with it. */
class LoadgenTalkPatternTest {

    static Stream<Arguments> rooms() {
        return Stream.of(Arguments.of(1, 10), Arguments.of(3, 10), Arguments.of(2, 2), Arguments.of(4, 3),
                Arguments.of(0, 5));
    }

    @ParameterizedTest
    @MethodSource("rooms")
    void exactlyTheConfiguredNumberTalksAtAnyTime(int speakers, int count) {
        TalkPattern t = new TalkPattern(speakers, 1000);
        for (long now = 0; now < 20_000; now += 250) {
            int talking = 0;
            for (int i = 0; i < count; i++) {
                talking += t.talking(i, count, now) ? 1 : 0;
            }
            assertEquals(Math.min(speakers, count), talking, "at " + now);
        }
    }

    @Test
    void theTurnRotatesThroughEveryone() {
        TalkPattern t = new TalkPattern(1, 1000);
        Set<Integer> talkers = new HashSet<>();
        for (long turn = 0; turn < 5; turn++) {
            for (int i = 0; i < 5; i++) {
                if (t.talking(i, 5, turn * 1000 + 10)) {
                    talkers.add(i);
                }
            }
        }
        assertEquals(Set.of(0, 1, 2, 3, 4), talkers);
    }

    @Test
    void talkersAreLoudWithTheVoiceFlagAndTheRestQuiet() {
        TalkPattern t = new TalkPattern(1, 1000);
        for (long now = 0; now < 1000; now += 20) {
            int loud = t.audioLevel(0, 4, now);
            int quiet = t.audioLevel(1, 4, now);
            assertTrue((loud & 0x80) != 0 && (loud & 0x7F) <= 30, "level " + loud);
            assertFalse((quiet & 0x80) != 0);
            assertTrue((quiet & 0x7F) >= 80, "level " + quiet);
        }
    }
}
