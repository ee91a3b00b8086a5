package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyFrameRequestManagerTest {
    /**
     * Scripts of steps "OP ssrc @ ms = result": S = shouldSend, R = retryDue, K = onKeyFrame (no result),
     * P = isPending.
     */
    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("first ask sends", "S1@0=T"),
                Arguments.of("ask while pending is held back", "S1@0=T S1@500=F S1@999=F"),
                Arguments.of("pending expires at 1000 ms", "S1@0=T S1@999=F S1@1000=T"),
                Arguments.of("retry fires at expiry when asked meanwhile",
                        "S1@0=T S1@500=F R1@999=F R1@1000=T P1@1001=T R1@1001=F"),
                Arguments.of("no retry without a further ask", "S1@0=T R1@1000=F P1@1000=F S1@1000=T"),
                Arguments.of("a retry re-arms the timer", "S1@0=T S1@10=F R1@1200=T S1@2199=F S1@2200=T"),
                Arguments.of("key frame clears pending and the retry", "S1@0=T S1@100=F K1 R1@1000=F S1@200=T"),
                Arguments.of("ssrcs are independent", "S1@0=T S2@10=T S1@20=F S2@30=F K1 S1@40=T S2@40=F"),
                Arguments.of("key frame for unknown ssrc is harmless", "K9 S9@0=T"),
                Arguments.of("unknown ssrc has no retry", "R7@5000=F P7@0=F"),
                Arguments.of("clock far ahead", "S1@0=T S1@1=F R1@100000=T R1@100001=F"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void timingTable(String name, String script) {
        KeyFrameRequestManager m = new KeyFrameRequestManager();
        for (String step : script.split(" ")) {
            char op = step.charAt(0);
            if (op == 'K') {
                m.onKeyFrame(Long.parseLong(step.substring(1)));
                continue;
            }
            int at = step.indexOf('@');
            int eq = step.indexOf('=');
            long ssrc = Long.parseLong(step.substring(1, at));
            long now = Long.parseLong(step.substring(at + 1, eq));
            boolean expected = step.charAt(eq + 1) == 'T';
            boolean actual = switch (op) {
                case 'S' -> m.shouldSend(ssrc, now);
                case 'R' -> m.retryDue(ssrc, now);
                case 'P' -> m.isPending(ssrc, now);
                default -> throw new IllegalArgumentException(step);
            };
            assertEquals(expected, actual, step);
        }
    }

    @Test
    void dueRetriesCollectsOnlyAskedAgainAndExpired() {
        KeyFrameRequestManager m = new KeyFrameRequestManager();
        m.shouldSend(1, 0);
        m.shouldSend(2, 0);
        m.shouldSend(3, 500);
        m.shouldSend(1, 100);
        m.shouldSend(3, 600);
        long[] out = new long[4];
        assertEquals(0, m.dueRetries(999, out));
        assertEquals(1, m.dueRetries(1000, out), "1 was asked again; 2 was not; 3 is not expired");
        assertEquals(1, out[0]);
        assertFalse(m.isPending(2, 1000));
        assertEquals(1, m.dueRetries(1500, out));
        assertEquals(3, out[0]);
        assertEquals(0, m.dueRetries(1600, out));
    }

    @Test
    void dueRetriesKeepsWhatDoesNotFit() {
        KeyFrameRequestManager m = new KeyFrameRequestManager();
        m.shouldSend(1, 0);
        m.shouldSend(2, 0);
        m.shouldSend(1, 1);
        m.shouldSend(2, 1);
        long[] one = new long[1];
        assertEquals(1, m.dueRetries(1000, one));
        long first = one[0];
        assertEquals(1, m.dueRetries(1001, one));
        long[] both = {first, one[0]};
        Arrays.sort(both);
        assertArrayEquals(new long[] {1, 2}, both);
    }

    @Test
    void boundedCapacityEvictsIdleThenOldest() {
        KeyFrameRequestManager m = new KeyFrameRequestManager(2, 1000);
        assertTrue(m.shouldSend(1, 0));
        assertTrue(m.shouldSend(2, 10));
        assertTrue(m.shouldSend(3, 20), "full: evicts the oldest pending (1)");
        assertTrue(m.shouldSend(1, 30), "1 was forgotten, so it is sent again");
        assertFalse(m.shouldSend(3, 40));
        assertFalse(m.shouldSend(1, 40));
        m.onKeyFrame(3);
        assertTrue(m.shouldSend(4, 50), "idle entry 3 is reused");
        assertFalse(m.shouldSend(1, 60), "1 survives");
        m.remove(1);
        assertTrue(m.shouldSend(1, 70));
    }
}
