package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NacksTest {
    private static final String HEAD = "00000001 00000002 ";

    /** Collects sink calls into a fixed array (the sink itself does not capture per call). */
    private static final class Collector {
        final int[] seen = new int[64];
        int n;

        void add(int seq) {
            seen[n++] = seq;
        }

        int[] values() {
            return Arrays.copyOf(seen, n);
        }
    }

    static Stream<Arguments> expansions() {
        return Stream.of(
                Arguments.of("PID only", "0064 0000", new int[] {100}),
                Arguments.of("BLP bit 0 and 15", "0064 8001", new int[] {100, 101, 116}),
                Arguments.of("all BLP bits", "0000 FFFF",
                        new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                Arguments.of("wrap 65535 -> 0", "FFFF 0003", new int[] {65535, 0, 1}),
                Arguments.of("wrap near the top", "FFF5 8400", new int[] {65525, 0, 5}),
                Arguments.of("two entries", "0005 0002 1000 0000", new int[] {5, 7, 4096}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expansions")
    void expandsPidAndBlp(String name, String fci, int[] expected) {
        String words = fci.replace(" ", "");
        int size = 12 + words.length() / 2;
        String head = String.format("81CD%04X ", size / 4 - 1);
        byte[] buf = Hex.bytes(head + HEAD + fci);
        Collector c = new Collector();
        int n = Nacks.forEachLost(buf, 0, buf.length, c::add);
        assertEquals(expected.length, n);
        assertArrayEquals(expected, c.values());
        assertEquals(words.length() / 8, Nacks.count(buf, 0, buf.length));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("PLI, not NACK", "81CE0002 00000001 00000002"),
                Arguments.of("transport-cc FMT", "8FCD0003 00000001 00000002 00640000"),
                Arguments.of("too short", "81CD0001 00000001"),
                Arguments.of("length beyond datagram", "81CD0004 00000001 00000002 00640000"),
                Arguments.of("version 1", "41CD0003 00000001 00000002 00640000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, String hex) {
        byte[] buf = Hex.bytes(hex);
        Collector c = new Collector();
        assertEquals(-1, Nacks.forEachLost(buf, 0, buf.length, c::add));
        assertEquals(0, c.n, "no partial output");
        assertEquals(-1, Nacks.count(buf, 0, buf.length));
    }

    static Stream<Arguments> packings() {
        return Stream.of(
                Arguments.of(new int[] {100}, "0064 0000"),
                Arguments.of(new int[] {100, 101, 116}, "0064 8001"),
                Arguments.of(new int[] {100, 117}, "0064 0000 0075 0000"),
                Arguments.of(new int[] {65534, 65535, 0, 1}, "FFFE 0007"),
                Arguments.of(new int[] {65535, 15, 16}, "FFFF 8000 0010 0000"),
                Arguments.of(new int[] {7, 7, 8}, "0007 0001"),
                Arguments.of(new int[] {70000}, "1170 0000"));
    }

    @ParameterizedTest
    @MethodSource("packings")
    void packsPidAndBlpAndRoundTrips(int[] lost, String fci) {
        byte[] out = new byte[100];
        int n = RtcpWriter.nack(out, 0, 100, 1, 2, lost, lost.length);
        int fciBytes = fci.replace(" ", "").length() / 2;
        assertEquals(12 + fciBytes, n);
        assertEquals(String.format("81CD%04X", n / 4 - 1), Hex.of(out, 0, 4));
        assertEquals(Hex.of(Hex.bytes(HEAD + fci), 0, 8 + fciBytes), Hex.of(out, 4, n - 4));

        Collector c = new Collector();
        Nacks.forEachLost(out, 0, n, c::add);
        int[] expected = Arrays.stream(lost).map(s -> s & 0xFFFF).distinct().toArray();
        assertArrayEquals(expected, c.values());
    }

    @Test
    void writerLimits() {
        byte[] out = new byte[100];
        int[] lost = {1, 100, 200};
        assertEquals(24, RtcpWriter.nack(out, 0, 24, 1, 2, lost, 3));
        assertEquals(-1, RtcpWriter.nack(out, 0, 23, 1, 2, lost, 3));
        assertEquals(-1, RtcpWriter.nack(out, 0, 15, 1, 2, lost, 1));
        assertEquals(16, RtcpWriter.nack(out, 0, 16, 1, 2, lost, 1));
        assertEquals(0, RtcpWriter.nack(out, 0, 100, 1, 2, lost, 0));
        assertEquals(-1, RtcpWriter.nack(out, 0, 100, 1, 2, lost, 4));
        assertEquals(-1, RtcpWriter.nack(out, 90, 100, 1, 2, lost, 3), "array too small");
    }
}
