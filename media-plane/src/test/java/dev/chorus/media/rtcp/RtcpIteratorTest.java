package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpIteratorTest {
    /** SR (28 bytes, RC 0) + SDES CNAME "ab" (16 bytes) + BYE (8 bytes). */
    static final String SR = "80C80006 11223344 83AA7E80 00000000 00015F90 0000000A 00000064";
    static final String SDES = "81CA0003 11223344 01026162 00000000";
    static final String BYE = "81CB0001 11223344";
    static final String PLI = "81CE0002 00000001 00000002";

    private static List<int[]> walk(RtcpIterator it) {
        List<int[]> seen = new ArrayList<>();
        while (it.next()) {
            seen.add(new int[] {it.packetType(), it.countOrFmt(), it.packetOffset(), it.packetLength()});
        }
        return seen;
    }

    @Test
    void walksCompoundPacketAtAnOffset() {
        byte[] body = Hex.bytes(SR + SDES + BYE);
        byte[] buf = new byte[body.length + 10];
        System.arraycopy(body, 0, buf, 7, body.length);
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 7, body.length);
        List<int[]> seen = walk(it);
        assertFalse(it.malformed());
        assertEquals(3, seen.size());
        assertArrayEquals(new int[] {200, 0, 7, 28}, seen.get(0));
        assertArrayEquals(new int[] {202, 1, 35, 16}, seen.get(1));
        assertArrayEquals(new int[] {203, 1, 51, 8}, seen.get(2));
        assertFalse(it.next(), "stays at the end");
        assertEquals(-1, it.packetOffset());
    }

    @Test
    void reducedSizeSinglePacket() {
        byte[] buf = Hex.bytes(PLI);
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, buf.length);
        assertTrue(it.next());
        assertEquals(RtcpType.PSFB, it.packetType());
        assertEquals(RtcpType.PLI, it.countOrFmt());
        assertEquals(12, it.packetLength());
        assertFalse(it.next());
        assertFalse(it.malformed());
    }

    @Test
    void paddedLastPacketIsAccepted() {
        // RR with no blocks plus 4 bytes of padding (P bit, count 4 in the last byte)
        byte[] buf = Hex.bytes(SR + "A0C90002 55667788 00000004");
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, buf.length);
        assertEquals(2, walk(it).size());
        assertFalse(it.malformed());
    }

    @Test
    void reusableAfterMalformed() {
        RtcpIterator it = new RtcpIterator();
        byte[] bad = Hex.bytes("40C80006");
        it.wrap(bad, 0, bad.length);
        assertFalse(it.next());
        assertTrue(it.malformed());
        byte[] good = Hex.bytes(BYE);
        it.wrap(good, 0, good.length);
        assertTrue(it.next());
        assertFalse(it.malformed());
        assertEquals(RtcpType.BYE, it.packetType());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty datagram", "", 0),
                Arguments.of("three bytes", "81CB00", 0),
                Arguments.of("truncated header after a packet", BYE + "81CB", 1),
                Arguments.of("length runs past the datagram", "81CB0002 11223344", 0),
                Arguments.of("second packet's length runs past", BYE + "81CE0003 00000001 00000002", 1),
                Arguments.of("version 1", "41CB0001 11223344", 0),
                Arguments.of("version 0", "01CB0001 11223344", 0),
                Arguments.of("version 3", "C1CB0001 11223344", 0),
                Arguments.of("packet type below RTCP range", "80600001 11223344", 0),
                Arguments.of("packet type above RTCP range", "80E00001 11223344", 0),
                Arguments.of("trailing garbage", SR + "DEADBEEF 00", 1),
                Arguments.of("trailing zeros", SDES + "00000000", 1),
                Arguments.of("padding count zero", "A1CB0001 11223300", 0),
                Arguments.of("padding count larger than body", "A1CB0001 11223309", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void stopsOnMalformedInput(String name, String hex, int validBefore) {
        byte[] buf = Hex.bytes(hex);
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, buf.length);
        assertEquals(validBefore, walk(it).size());
        assertTrue(it.malformed());
        assertEquals(-1, it.packetType());
        assertFalse(it.next(), "stays stopped");
    }

    static Stream<Arguments> badWrapArguments() {
        byte[] buf = Hex.bytes(BYE);
        return Stream.of(
                Arguments.of(null, 0, 8),
                Arguments.of(buf, -1, 8),
                Arguments.of(buf, 4, 8),
                Arguments.of(buf, 0, 9),
                Arguments.of(buf, 0, -4));
    }

    @ParameterizedTest
    @MethodSource("badWrapArguments")
    void outOfBoundsWrapIsMalformedNotAnException(byte[] buf, int off, int len) {
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, off, len);
        assertFalse(it.next());
        assertTrue(it.malformed());
    }

    @Test
    void lengthLimitsTheWalkNotTheArray() {
        byte[] buf = Hex.bytes(BYE + BYE);
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, 8);
        assertEquals(1, walk(it).size());
        assertFalse(it.malformed());
    }
}
