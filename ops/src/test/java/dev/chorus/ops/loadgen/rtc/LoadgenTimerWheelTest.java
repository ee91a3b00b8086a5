package dev.chorus.ops.loadgen.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's timer wheel with injected time. */
class LoadgenTimerWheelTest {
    private final List<String> fired = new ArrayList<>();

    private TimerWheel.Timer recording(String name) {
        return TimerWheel.of(now -> fired.add(name + "@" + now));
    }

    @Test
    void firesDueTimersInTimeOrderAndNotBefore() {
        TimerWheel w = new TimerWheel(64, 0);
        w.schedule(recording("b"), 20);
        w.schedule(recording("a"), 10);
        w.schedule(recording("c"), 30);
        assertEquals(0, w.advance(9));
        assertEquals(1, w.advance(15));
        assertEquals(List.of("a@15"), fired);
        assertEquals(2, w.advance(30));
        assertEquals(List.of("a@15", "b@30", "c@30"), fired);
        assertEquals(0, w.size());
    }

    @Test
    void aPeriodicTimerReArmsItselfWhileFiring() {
        TimerWheel w = new TimerWheel(16, 0);
        long[] count = {0};
        TimerWheel.Timer[] t = new TimerWheel.Timer[1];
        t[0] = TimerWheel.of(now -> {
            count[0]++;
            w.schedule(t[0], t[0].deadlineMs() + 20);
        });
        w.schedule(t[0], 20);
        for (long now = 1; now <= 1000; now++) {
            w.advance(now);
        }
        assertEquals(50, count[0]);
        assertTrue(t[0].scheduled());
    }

    @Test
    void deadlinesBeyondOneRotationWaitForTheirTurn() {
        TimerWheel w = new TimerWheel(16, 0);
        w.schedule(recording("far"), 100);
        for (long now = 1; now < 100; now++) {
            w.advance(now);
        }
        assertTrue(fired.isEmpty());
        w.advance(100);
        assertEquals(List.of("far@100"), fired);
    }

    @Test
    void aLongPauseFiresEverythingDueOnce() {
        TimerWheel w = new TimerWheel(16, 0);
        for (int i = 1; i <= 40; i++) {
            w.schedule(recording("t" + i), i * 3);
        }
        assertEquals(33, w.advance(100));
        assertEquals(7, w.size());
        assertEquals(7, w.advance(120));
    }

    @Test
    void aTaskMayCancelTheNextTimerOfItsSlot() {
        TimerWheel w = new TimerWheel(16, 0);
        TimerWheel.Timer victim = recording("victim");
        TimerWheel.Timer killer = TimerWheel.of(now -> {
            fired.add("killer");
            w.cancel(victim);
        });
        // same slot and deadline: whichever runs first, the victim must not fire after being cancelled
        w.schedule(victim, 5);
        w.schedule(killer, 5);
        w.advance(5);
        assertEquals(List.of("killer"), fired);
        assertFalse(victim.scheduled());
        assertEquals(0, w.size());
    }

    @Test
    void aPastDeadlineFiresOnTheNextAdvance() {
        TimerWheel w = new TimerWheel(16, 0);
        w.advance(50);
        w.schedule(recording("late"), 10);
        w.advance(51);
        assertEquals(List.of("late@51"), fired);
    }

    @Test
    void reschedulingMovesAndCancelRemoves() {
        TimerWheel w = new TimerWheel(16, 0);
        TimerWheel.Timer t = recording("t");
        w.schedule(t, 5);
        w.schedule(t, 8);
        assertEquals(1, w.size());
        w.advance(6);
        assertTrue(fired.isEmpty());
        w.cancel(t);
        w.advance(20);
        assertTrue(fired.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(12, 0));
    }
}
