package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RembsTest {
    static Stream<Arguments> encodings() {
        return Stream.of(
                // bitrate, expected exp/mantissa byte triple, decoded value
                Arguments.of(0L, "000000", 0L),
                Arguments.of(1L, "000001", 1L),
                Arguments.of(0x3FFFFL, "03FFFF", 0x3FFFFL),
                Arguments.of(0x40000L, "060000", 0x40000L),
                Arguments.of(0x40001L, "060000", 0x40000L),
                Arguments.of(1_500_000L, "0EDC6C", 1_500_000L),
                Arguments.of(1_000_001L, "0BD090", 1_000_000L),
                Arguments.of(0x3FFFFL << 40, "A3FFFF", 0x3FFFFL << 40));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void exponentAndMantissa(long bps, String triple, long decoded) {
        byte[] out = new byte[64];
        long[] ssrcs = {0x11111111L, 0x22222222L};
        int n = RtcpWriter.remb(out, 0, 64, 0xAABBCCDDL, bps, ssrcs, 2);
        assertEquals(28, n);
        assertEquals("8FCE0006 AABBCCDD 00000000 52454D42 02" + triple + " 11111111 22222222", Hex.of(out, 0, n));
        assertTrue(Rembs.isRemb(out, 0, n));
        assertEquals(decoded, Rembs.bitrate(out, 0));
        assertEquals(2, Rembs.ssrcCount(out, 0, n));
        assertEquals(0x11111111L, Rembs.ssrc(out, 0, 0));
        assertEquals(0x22222222L, Rembs.ssrc(out, 0, 1));
        assertEquals(-1, Rembs.ssrc(out, 0, 2));
    }

    @Test
    void decodeSaturatesOnOverflow() {
        // exp 63, mantissa 0x3FFFF: far beyond a long
        byte[] buf = Hex.bytes("8FCE0004 00000001 00000000 52454D42 00FFFFFF");
        assertEquals(Long.MAX_VALUE, Rembs.bitrate(buf, 0));
        // exp 45 with mantissa 0x3FFFF (18 bits) needs 63 bits: still fits
        byte[] fits = Hex.bytes("8FCE0004 00000001 00000000 52454D42 00B7FFFF");
        assertEquals(0x3FFFFL << 45, Rembs.bitrate(fits, 0));
        byte[] over = Hex.bytes("8FCE0004 00000001 00000000 52454D42 00BBFFFF");
        assertEquals(Long.MAX_VALUE, Rembs.bitrate(over, 0));
    }

    @Test
    void largestBitrateEncodesWithoutLoopingForever() {
        byte[] out = new byte[64];
        assertEquals(20, RtcpWriter.remb(out, 0, 64, 1, Long.MAX_VALUE, null, 0));
        long back = Rembs.bitrate(out, 0);
        assertTrue(back <= Long.MAX_VALUE && back > Long.MAX_VALUE / 2, "rounded down: " + back);
        assertEquals(-1, RtcpWriter.remb(out, 0, 64, 1, -1, null, 0));
        assertEquals(-1, RtcpWriter.remb(out, 0, 19, 1, 1000, null, 0));
        assertEquals(-1, RtcpWriter.remb(out, 0, 64, 1, 1000, new long[1], 2));
    }

    static Stream<Arguments> notRemb() {
        return Stream.of(
                Arguments.of("wrong tag", "8FCE0004 00000001 00000000 52454D43 00000001"),
                Arguments.of("PLI FMT", "81CE0004 00000001 00000000 52454D42 00000001"),
                Arguments.of("RTPFB type", "8FCD0004 00000001 00000000 52454D42 00000001"),
                Arguments.of("ssrc list beyond packet", "8FCE0004 00000001 00000000 52454D42 01000001"),
                Arguments.of("too short", "8FCE0003 00000001 00000000 52454D42"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notRemb")
    void rejectsNonRemb(String name, String hex) {
        byte[] buf = Hex.bytes(hex);
        assertFalse(Rembs.isRemb(buf, 0, buf.length));
        assertEquals(-1, Rembs.bitrate(buf, 0));
        assertEquals(-1, Rembs.ssrcCount(buf, 0, buf.length));
        assertEquals(-1, Rembs.ssrc(buf, 0, 0));
    }
}
