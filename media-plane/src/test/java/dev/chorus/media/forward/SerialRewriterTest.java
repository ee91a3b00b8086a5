package dev.chorus.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven. Each row: counter bits, first output, steps. {@code "S99"} = sync(99, 0), {@code "S99+1"} =
 * sync(99, 1), {@code "D101"} = drop(101), {@code "100=1"} = input(100) returns 1 (or -1), {@code "M7"} =
 * maxOutput() is 7.
 */
class SerialRewriterTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
            row("nothing before a sync", 16, 1, "5=-1", "D6", "M0"),
            row("sync starts at the first output", 16, 1, "S99", "100=1", "101=2", "M2"),
            row("random first output", 16, 40000, "S99", "100=40000", "101=40001", "M40001"),
            row("switch continues", 16, 1, "S99", "100=1", "101=2", "S5000", "5001=3", "5002=4", "M4"),
            row("switch with a skipped number", 16, 1, "S99", "100=1", "S5000+1", "5001=3", "M3"),
            row("at or before the sync point refused", 16, 1, "S99", "100=1", "99=-1", "101=2", "M2"),
            row("16-bit input wrap", 16, 1, "S65534", "65535=1", "0=2", "1=3", "M3"),
            row("16-bit output wrap", 16, 65535, "S9", "10=65535", "11=0", "12=1", "M1"),
            row("drops leave no gap", 16, 1, "S99", "100=1", "D101", "D102", "103=2", "M2"),
            row("dropped input refused", 16, 1, "S99", "100=1", "D101", "101=-1", "102=2", "M2"),
            row("repeated drop of one picture counts once", 15, 1, "S9", "10=1", "D11", "D11", "D11", "12=2", "M2"),
            row("reordered packet before a drop", 16, 1, "S99", "100=1", "D102", "103=3", "101=2", "M3"),
            row("15-bit input wrap", 15, 1, "S32766", "32767=1", "D0", "1=2", "2=3", "M3"),
            row("15-bit output wrap", 15, 32767, "S5", "6=32767", "7=0", "M0"),
            row("15-bit switch across both wraps", 15, 32766, "S32766", "32767=32766", "0=32767", "S100",
                "101=0", "102=1", "M1"),
            row("8-bit TL0PICIDX wrap", 8, 255, "S254", "255=255", "0=0", "0=0", "1=1", "S17", "18=2", "M2"),
            row("7-bit wrap", 7, 126, "S126", "127=126", "0=127", "1=0", "M0"),
            row("drops far behind expire (15 bits)", 15, 1, "S0", "1=1", "D2", "3=2", "10000=9999", "20000=19999",
                "30000=29999", "29000=28999", "M29999"));
    }

    private static Arguments row(String name, int bits, int first, String... steps) {
        return Arguments.of(name, bits, first, steps);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, int bits, int first, String[] steps) {
        SerialRewriter r = new SerialRewriter(bits, 64, first);
        for (String step : steps) {
            if (step.startsWith("S")) {
                String[] parts = step.substring(1).split("\\+");
                r.sync(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
            } else if (step.startsWith("D")) {
                r.drop(Integer.parseInt(step.substring(1)));
            } else if (step.startsWith("M")) {
                int expected = Integer.parseInt(step.substring(1));
                int max = (first - 1) & ((1 << bits) - 1);
                assertEquals(expected == 0 && !r.started() ? max : expected, r.maxOutput(), step);
            } else {
                String[] kv = step.split("=");
                assertEquals(Integer.parseInt(kv[1]), r.input(Integer.parseInt(kv[0])), step);
            }
        }
    }

    @Test
    void longRunWithPeriodicDropsIsGapFreeThroughManyWraps() {
        SerialRewriter r = new SerialRewriter(16, 8, 100);
        r.sync(65000, 0);
        int expected = 100;
        for (int i = 1; i < 300_000; i++) {
            int in = (65000 + i) & 0xFFFF;
            if (i % 4 == 2) {
                r.drop(in);
            } else {
                assertEquals(expected & 0xFFFF, r.input(in), "input " + in);
                expected++;
            }
        }
    }

    @Test
    void badWidthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SerialRewriter(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SerialRewriter(32, 1, 0));
        SerialRewriter r = new SerialRewriter(8, 1, 0);
        assertFalse(r.started());
        r.sync(3, 0);
        assertTrue(r.started());
        assertEquals(8, r.bits());
    }
}
