package dev.chorus.http.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.http.signaling.RequestLimiter.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The per-connection rate limit with injected time (nanoseconds): burst, refill, refusals, then the close. */
class RequestLimiterTest {
    private static final long MS = 1_000_000L;

    private static SignalingLimits limits(double perSecond, int burst, int excess, Duration window) {
        return new SignalingLimits(perSecond, burst, excess, window, 64 * 1024, List.of());
    }

    private static Map<Verdict, Integer> tally(List<Verdict> verdicts) {
        Map<Verdict, Integer> out = new TreeMap<>();
        verdicts.forEach(v -> out.merge(v, 1, Integer::sum));
        return out;
    }

    @Test
    void aBurstPassesThenRequestsAreRefusedThenTheConnectionIsClosed() {
        RequestLimiter l = new RequestLimiter(limits(10, 5, 3, Duration.ofSeconds(10)));
        List<Verdict> v = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            v.add(l.admit(0));
        }
        assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.PASS,
                Verdict.REFUSE, Verdict.REFUSE, Verdict.REFUSE, Verdict.CLOSE), v);
    }

    @Test
    void theBudgetRefillsAtTheConfiguredRate() {
        RequestLimiter l = new RequestLimiter(limits(10, 1, 100, Duration.ofSeconds(10)));
        assertEquals(Verdict.PASS, l.admit(0));
        assertEquals(Verdict.REFUSE, l.admit(50 * MS), "half a token after 50 ms at 10/s");
        assertEquals(Verdict.PASS, l.admit(100 * MS), "a whole token after 100 ms");
        // A client that keeps to 10 requests a second is never refused.
        List<Verdict> steady = new ArrayList<>();
        for (int i = 2; i < 200; i++) {
            steady.add(l.admit(i * 100 * MS));
        }
        assertEquals(Map.of(Verdict.PASS, 198), tally(steady));
    }

    @Test
    void aClientThatSlowsDownEarnsItsRefusalAllowanceBack() {
        // 2 refusals allowed per second; the budget of 1 refills at 1/s.
        RequestLimiter l = new RequestLimiter(limits(1, 1, 2, Duration.ofSeconds(1)));
        assertEquals(Verdict.PASS, l.admit(0));
        assertEquals(Verdict.REFUSE, l.admit(0));
        assertEquals(Verdict.REFUSE, l.admit(0));
        assertEquals(Verdict.PASS, l.admit(1000 * MS), "the budget refilled");
        assertEquals(Verdict.REFUSE, l.admit(1000 * MS), "and the refusal allowance too");
        assertEquals(Verdict.REFUSE, l.admit(1000 * MS));
        assertEquals(Verdict.CLOSE, l.admit(1000 * MS));
    }

    @Test
    void timeGoingBackwardsChangesNothing() {
        RequestLimiter l = new RequestLimiter(limits(10, 1, 1, Duration.ofSeconds(10)));
        assertEquals(Verdict.PASS, l.admit(5000 * MS));
        assertEquals(Verdict.REFUSE, l.admit(1000 * MS));
        assertEquals(Verdict.CLOSE, l.admit(1000 * MS));
    }
}
