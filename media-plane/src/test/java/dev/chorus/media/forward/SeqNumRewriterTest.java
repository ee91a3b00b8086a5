package dev.chorus.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each row is a scenario of steps. {@code "S99"} = sync(99), {@code "D101"} = drop(101),
 * {@code "100=1"} = input(100) must return 1 (or -1), {@code "M7"} = maxOutput() must be 7.
 */
class SeqNumRewriterTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
            row("first input without sync maps to itself", "100=100", "101=101", "M101"),
            row("sync starts right after maxOutput", "S99", "100=1", "101=2", "102=3", "M3"),
            row("sync mid-stream switches source", "S99", "100=1", "101=2", "S5000", "5001=3", "5002=4", "M4"),
            row("sync point and older are refused", "S99", "100=1", "99=-1", "98=-1", "101=2", "M2"),
            row("input wraps 65535 -> 0", "S65533", "65534=1", "65535=2", "0=3", "1=4", "M4"),
            row("output wraps 65535 -> 0", "65533=65533", "S200", "201=65534", "202=65535", "203=0", "204=1",
                "M1"),
            row("both wrap, identity start", "65534=65534", "65535=65535", "0=0", "1=1", "M1"),
            row("out of order", "S99", "100=1", "102=3", "101=2", "103=4", "M4"),
            row("late packet does not lower maxOutput", "S99", "100=1", "103=4", "101=2", "M4"),
            row("duplicates map to the same output", "S99", "100=1", "101=2", "101=2", "100=1", "102=3", "M3"),
            row("drop leaves no gap", "S99", "100=1", "D101", "102=2", "103=3", "M3"),
            row("dropped input itself is refused", "S99", "100=1", "D101", "101=-1", "102=2", "M2"),
            row("drop before a reordered packet", "S99", "100=1", "D102", "103=3", "101=2", "104=4", "M4"),
            row("reordered packet before a drop", "S99", "100=1", "101=2", "D103", "104=4", "102=3", "M4"),
            row("drop jumping ahead, then late arrivals", "S99", "100=1", "D105", "103=4", "104=5", "101=2",
                "102=3", "106=6", "M6"),
            row("consecutive drops", "S99", "100=1", "D101", "D102", "D103", "104=2", "105=3", "M3"),
            row("drops across the wrap", "S65533", "65534=1", "D65535", "0=2", "D1", "D2", "3=3", "65535=-1",
                "1=-1", "2=-1", "4=4", "M4"),
            row("drop of an already seen input is ignored", "S99", "100=1", "101=2", "102=3", "D101", "101=2",
                "103=4", "M4"),
            row("drop of the highest input is ignored", "S99", "100=1", "D100", "100=1", "101=2", "M2"),
            row("drop before any start is ignored", "D5", "6=6", "7=7", "M7"),
            row("sync clears drops", "S99", "100=1", "D101", "S100", "101=2", "102=3", "M3"),
            row("sync after a pause jump", "S99", "100=1", "101=2", "S40000", "40001=3", "40002=4",
                "40000=-1", "39999=-1", "M4"),
            row("sync keeps counting across output wrap", "65535=65535", "S9", "10=0", "D11", "12=1", "M1"),
            row("drops far behind fold into the base", "S99", "100=1", "D101", "102=2", "20000=19900",
                "40000=39900", "40001=39901", "60000=59900", "65535=65435", "0=65436", "100=0", "M0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, String[] steps) {
        run(new SeqNumRewriter(), steps);
    }

    static Stream<Arguments> smallHistory() {
        return Stream.of(
            Arguments.of("oldest drop evicted: inputs at or before it are refused", 2, new String[] {
                "S99", "100=1", "D101", "D102", "D103", "104=2", "102=-1", "103=-1", "101=-1", "100=-1",
                "105=3", "M3"}),
            Arguments.of("eviction keeps later mapping exact", 1, new String[] {
                "S99", "100=1", "D102", "D104", "103=3", "105=4", "101=-1", "106=5", "M5"}),
            Arguments.of("history of 3 rounds up to 4", 3, new String[] {
                "S0", "1=1", "D2", "D3", "D4", "D5", "1=1", "6=2", "D7", "1=-1", "6=2", "8=3", "M3"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallHistory")
    void boundedDropHistory(String name, int history, String[] steps) {
        run(new SeqNumRewriter(history), steps);
    }

    @Test
    void startedAfterSyncOrInput() {
        SeqNumRewriter a = new SeqNumRewriter();
        assertFalse(a.started());
        assertEquals(0, a.maxOutput());
        a.drop(3);
        assertFalse(a.started());
        a.sync(3);
        assertTrue(a.started());
        SeqNumRewriter b = new SeqNumRewriter();
        assertEquals(9, b.input(9));
        assertTrue(b.started());
    }

    @Test
    void highBitsOfInputsAreIgnored() {
        SeqNumRewriter r = new SeqNumRewriter();
        r.sync(0x10063);
        assertEquals(1, r.input(0x20064));
        r.drop(0xF0065);
        assertEquals(2, r.input(102));
    }

    private static void run(SeqNumRewriter r, String[] steps) {
        for (int i = 0; i < steps.length; i++) {
            String s = steps[i];
            String where = "step " + i + " '" + s + "'";
            if (s.startsWith("S")) {
                r.sync(Integer.parseInt(s.substring(1)));
            } else if (s.startsWith("D")) {
                r.drop(Integer.parseInt(s.substring(1)));
            } else if (s.startsWith("M")) {
                assertEquals(Integer.parseInt(s.substring(1)), r.maxOutput(), where);
            } else {
                String[] kv = s.split("=");
                assertEquals(Integer.parseInt(kv[1]), r.input(Integer.parseInt(kv[0])), where);
            }
        }
    }

    private static Arguments row(String name, String... steps) {
        return Arguments.of(name, steps);
    }
}
