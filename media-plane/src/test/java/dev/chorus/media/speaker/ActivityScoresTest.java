package dev.chorus.media.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivityScoresTest {
    private static final double EPS = 1e-10;

    @Test
    void binomialAgainstExponentialLogLikelihoodRatio() {
        // n = 2, p = 0.5, lambda = 1: ln(C(2,a) / 4) - ln 1 + a.
        ActivityScores s = new ActivityScores(2, 0.5, 1.0, EPS);
        assertEquals(EPS, s.score(0), 0.0, "ln(1/4) < 0 is floored");
        assertEquals(Math.log(0.5) + 1, s.score(1), 1e-12);
        assertEquals(Math.log(0.25) + 2, s.score(2), 1e-12);
        assertEquals(Math.log(s.score(1)), s.logScore(1), 1e-12);
        assertEquals(s.score(2), s.score(7), 0.0, "counts are clamped");
        assertEquals(s.score(0), s.score(-3), 0.0);
    }

    @Test
    void defaultModelsGrowWithActivityAndRejectShortBursts() {
        DominantSpeakerConfig c = DominantSpeakerConfig.defaults();
        ActivityScores immediate = new ActivityScores(c.subunits, c.p, c.lambdaImmediate, c.epsilon);
        ActivityScores medium = new ActivityScores(c.mediumSlots, c.p, c.lambdaMedium, c.epsilon);
        ActivityScores longTerm = new ActivityScores(c.longBlocks, c.p, c.lambdaLong, c.epsilon);
        for (ActivityScores s : new ActivityScores[] {immediate, medium, longTerm}) {
            for (int a = 1; a <= s.units(); a++) {
                assertTrue(s.score(a) >= s.score(a - 1), "non-decreasing at " + a);
            }
        }
        // As documented: positive from 3 sub-units, 2 active slots and 2 active blocks.
        assertEquals(EPS, immediate.score(2), 0.0);
        assertTrue(immediate.score(3) > 1);
        assertEquals(EPS, medium.score(1), 0.0);
        assertTrue(medium.score(2) > 1);
        assertEquals(EPS, longTerm.score(1), 0.0, "one active block (a cough) scores nothing long-term");
        assertTrue(longTerm.score(2) > 1);
    }

    @Test
    void rejectsBadModels() {
        assertThrows(IllegalArgumentException.class, () -> new ActivityScores(0, 0.5, 1, EPS));
        assertThrows(IllegalArgumentException.class, () -> new ActivityScores(4, 1.0, 1, EPS));
        assertThrows(IllegalArgumentException.class, () -> new ActivityScores(4, 0.5, 0, EPS));
        assertThrows(IllegalArgumentException.class, () -> new ActivityScores(4, 0.5, 1, 0));
    }
}
