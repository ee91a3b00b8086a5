package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransportCcFeedbacksTest {
    private static final String SSRCS = " 00000001 00000002 ";

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("run-length of small deltas",
                        "8FCD0006" + SSRCS + "00640003 00000107 20030408 00000000",
                        100, 3, 1, 7, "100:R:1000 101:R:2000 102:R:0"),
                Arguments.of("1-bit vector with losses across seq wrap",
                        "8FCD0006" + SSRCS + "FFFE0005 00001000 AC000102 FF000000",
                        65534, 5, 16, 0, "65534:R:250 65535:L 0:R:500 1:R:63750 2:L"),
                Arguments.of("2-bit vector with large and negative deltas, negative reference time",
                        "8FCD0006" + SSRCS + "000A0004 FFFFFF01 E4800400 10FFFE00",
                        10, 4, -1, 1, "10:R:256000 11:R:4000 12:L 13:R:-500"),
                Arguments.of("run of losses then run of extreme large deltas",
                        "8FCD0007" + SSRCS + "00000008 7FFFFFFF 00054003 80007FFF 00000000",
                        0, 8, 8388607, 255,
                        "0:L 1:L 2:L 3:L 4:L 5:R:-8192000 6:R:8191750 7:R:0"),
                Arguments.of("run longer than the status count is cut",
                        "8FCD0005" + SSRCS + "01000002 00000000 200A0102",
                        256, 2, 0, 0, "256:R:250 257:R:500"),
                Arguments.of("vector slots beyond the status count are ignored",
                        "8FCD0006" + SSRCS + "00050003 00000000 BFFF0102 03000000",
                        5, 3, 0, 0, "5:R:250 6:R:500 7:R:750"),
                Arguments.of("padding signalled with the P bit",
                        "AFCD0006" + SSRCS + "00640003 00000107 20030408 00000003",
                        100, 3, 1, 7, "100:R:1000 101:R:2000 102:R:0"),
                Arguments.of("two chunks: 1-bit vector then run-length",
                        "8FCD000A" + SSRCS + "00100011 00000203 BFFF2003 01010101 01010101 01010101 01010101"
                                + " 01000000",
                        16, 17, 2, 3,
                        "16:R:250 17:R:250 18:R:250 19:R:250 20:R:250 21:R:250 22:R:250 23:R:250 24:R:250"
                                + " 25:R:250 26:R:250 27:R:250 28:R:250 29:R:250 30:R:250 31:R:250 32:R:250"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parsesHandBuiltVectors(String name, String hex, int baseSeq, int count, int refTime, int fbCount,
                                String expected) {
        byte[] buf = Hex.bytes(hex);
        int len = buf.length;
        assertEquals(baseSeq, TransportCcFeedbacks.baseSeq(buf, 0, len));
        assertEquals(count, TransportCcFeedbacks.statusCount(buf, 0, len));
        assertEquals(refTime, TransportCcFeedbacks.referenceTime(buf, 0, len));
        assertEquals(fbCount, TransportCcFeedbacks.fbPktCount(buf, 0, len));
        TccLog log = new TccLog();
        assertEquals(count, TransportCcFeedbacks.parse(buf, 0, len, log));
        assertEquals(expected, log.toString());
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, len);
        assertTrue(it.next());
        assertEquals(RtcpType.TCC, it.countOrFmt());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("reserved symbol in a 2-bit vector", "8FCD0005" + SSRCS + "00000001 00000000 F0000000"),
                Arguments.of("reserved symbol in a run", "8FCD0005" + SSRCS + "00000001 00000000 60010000"),
                Arguments.of("no room for chunks", "8FCD0004" + SSRCS + "00000001 00000000"),
                Arguments.of("chunks run out", "8FCD0005" + SSRCS + "00000014 00000000 80000000"),
                Arguments.of("deltas run past the packet", "8FCD0005" + SSRCS + "00000002 00000000 40020000"),
                Arguments.of("status count zero", "8FCD0005" + SSRCS + "00000000 00000000 20010100"),
                Arguments.of("NACK, not transport-cc", "81CD0005" + SSRCS + "00000001 00000000 20010100"),
                Arguments.of("PSFB type", "8FCE0005" + SSRCS + "00000001 00000000 20010100"),
                Arguments.of("shorter than the fixed part", "8FCD0003" + SSRCS + "00000001"),
                Arguments.of("length field beyond the data", "8FCD0006" + SSRCS + "00000001 00000000 20010100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedWithoutVisiting(String name, String hex) {
        byte[] buf = Hex.bytes(hex);
        TccLog log = new TccLog();
        assertEquals(-1, TransportCcFeedbacks.parse(buf, 0, buf.length, log));
        assertEquals(0, log.entries.size());
    }

    @Test
    void fieldAccessorsRejectOtherPackets() {
        byte[] buf = Hex.bytes(RtcpIteratorTest.PLI);
        assertEquals(-1, TransportCcFeedbacks.baseSeq(buf, 0, buf.length));
        assertEquals(-1, TransportCcFeedbacks.statusCount(buf, 0, buf.length));
        assertEquals(Integer.MIN_VALUE, TransportCcFeedbacks.referenceTime(buf, 0, buf.length));
        assertEquals(-1, TransportCcFeedbacks.fbPktCount(buf, 0, buf.length));
        assertEquals(-1, TransportCcFeedbacks.parse(buf, 0, buf.length, new TccLog()));
        assertEquals(-1, TransportCcFeedbacks.parse(null, 0, 20, new TccLog()));
    }
}
