package dev.chorus.actors.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The grace-period state machine with injected time (milliseconds). */
class GracePeriodTest {
    private final GracePeriod grace = new GracePeriod(Duration.ofSeconds(10));

    @Test
    void aReconnectWithinTheGracePeriodResumes() {
        int epoch = grace.start(1_000);
        assertTrue(grace.active());
        assertTrue(grace.resume(10_999), "9.999 s after the drop");
        assertFalse(grace.active());
        assertEquals(-1, grace.onTimer(epoch, 11_000), "the timer of a resumed drop is stale");
    }

    @Test
    void aReconnectAfterTheGracePeriodDoesNotResume() {
        grace.start(1_000);
        assertFalse(grace.resume(11_000), "exactly 10 s later is too late");
    }

    @Test
    void theTimerEndsThePeerOnlyOnceTheGracePeriodIsOver() {
        int epoch = grace.start(0);
        assertEquals(4_000, grace.onTimer(epoch, 6_000), "fired early: re-arm for what is left");
        assertTrue(grace.active());
        assertEquals(0, grace.onTimer(epoch, 10_000), "over: clean up");
        assertFalse(grace.active());
        assertEquals(-1, grace.onTimer(epoch, 12_000), "and only once");
    }

    @Test
    void aTimerFromAnEarlierDropNeverEndsALaterOne() {
        int first = grace.start(0);
        assertTrue(grace.resume(2_000));
        int second = grace.start(5_000);
        assertTrue(second != first);
        assertEquals(-1, grace.onTimer(first, 10_000), "stale epoch");
        assertEquals(5_000, grace.onTimer(second, 10_000));
        assertEquals(0, grace.onTimer(second, 15_000));
    }

    @Test
    void withoutADropThereIsNothingToResumeOrExpire() {
        assertFalse(grace.resume(0));
        assertEquals(-1, grace.onTimer(0, 100_000));
    }

    @Test
    void zeroGraceIsDisabledAndNegativeIsRefused() {
        assertFalse(new GracePeriod(Duration.ZERO).enabled());
        assertTrue(grace.enabled());
        assertThrows(IllegalArgumentException.class, () -> new GracePeriod(Duration.ofMillis(-1)));
    }
}
