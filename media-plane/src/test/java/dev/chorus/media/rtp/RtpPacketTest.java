package dev.chorus.media.rtp;

import static dev.chorus.media.rtp.RtpTestPackets.rtp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpPacketTest {
    private final RtpPacket p = new RtpPacket();

    @Test
    void parsesFixedHeaderAtNonZeroOffset() {
        byte[] b = rtp().leading(5).marker(true).pt(111).seq(0xFFFE).ts(0xFFFFFFF0L).ssrc(0xDEADBEEFL)
            .payload(1, 2, 3).build();
        assertTrue(p.wrap(b, 5, b.length - 5));
        assertTrue(p.marker());
        assertEquals(111, p.payloadType());
        assertEquals(0xFFFE, p.sequenceNumber());
        assertEquals(0xFFFFFFF0L, p.timestamp());
        assertEquals(0xDEADBEEFL, p.ssrc());
        assertEquals(0, p.csrcCount());
        assertFalse(p.hasExtension());
        assertEquals(12, p.headerLength());
        assertEquals(17, p.payloadOffset());
        assertEquals(3, p.payloadLength());
        assertEquals(0, p.paddingLength());
        assertEquals(0, p.extensionCount());
        assertEquals(b, p.buffer());
        assertEquals(5, p.offset());
        assertEquals(15, p.length());
    }

    @Test
    void parsesCsrcsAndPadding() {
        byte[] b = rtp().csrcs(1, 2, 0xFFFFFFFFL).payload(9, 9, 9, 9, 9).padding(3).build();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(3, p.csrcCount());
        assertEquals(24, p.headerLength());
        assertEquals(24, p.payloadOffset());
        assertEquals(5, p.payloadLength());
        assertEquals(3, p.paddingLength());
        assertEquals(32, p.length());
    }

    @Test
    void paddingMayFillWholePayload() {
        byte[] b = rtp().padding(4).build();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(0, p.payloadLength());
        assertEquals(4, p.paddingLength());
    }

    @Test
    void parsesOneByteExtensionsSkippingPadding() {
        byte[] b = rtp().csrcs(7).oneByte(1, 0xAA).extRaw(0, 0).oneByte(3, 1, 2, 3)
            .oneByte(14, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15).payload(0x55).build();
        assertTrue(p.wrap(b, 0, b.length));
        assertTrue(p.hasExtension());
        assertEquals(3, p.extensionCount());
        int[][] expected = {{1, 1, 0xAA}, {3, 3, 1}, {14, 16, 0}};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i][0], p.extensionId(i));
            assertEquals(expected[i][1], p.extensionLength(i));
            assertEquals(expected[i][2], b[p.extensionOffset(i)] & 0xFF);
        }
        // 12 + 4 CSRC + 4 ext header; element 1 value right after its 1-byte header
        assertEquals(21, p.extensionOffset(0));
        assertEquals(25, p.extensionOffset(1));
        assertEquals(2, p.findExtension(14));
        assertEquals(-1, p.findExtension(2));
        assertEquals(0x55, b[p.payloadOffset()] & 0xFF);
        assertEquals(1, p.payloadLength());
        // 1+1 +2 pad + 1+3 + 1+16 = 25 -> padded 28; header 16 + 4 + 28
        assertEquals(48, p.headerLength());
    }

    @Test
    void oneByteId15StopsParsing() {
        byte[] b = rtp().oneByte(1, 0x10).extRaw(0xF0, 0x21, 0x22).oneByte(2, 0x20).build();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(1, p.extensionCount());
        assertEquals(1, p.extensionId(0));
        assertEquals(-1, p.findExtension(2));
    }

    @Test
    void elementRunningPastBlockEndsParsingButPacketStaysValid() {
        // data: id1 len1 (2 bytes), then id2 claiming 4 bytes with only 2 left in the 4-byte-aligned block
        byte[] b = rtp().extBlock(0xBE, 0xDE, 0, 1, 0x10, 0xAB, 0x23, 0x01).payload(7).build();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(1, p.extensionCount());
        assertEquals(0xAB, b[p.extensionOffset(0)] & 0xFF);
        assertEquals(1, p.payloadLength());
    }

    @Test
    void ignoresElementsBeyondSixteen() {
        RtpTestPackets.Builder builder = rtp();
        for (int i = 0; i < 18; i++) {
            builder.oneByte(1 + (i % 14), i);
        }
        byte[] b = builder.build();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(16, p.extensionCount());
        assertEquals(15, b[p.extensionOffset(15)] & 0xFF);
        assertEquals(-1, p.extensionId(16));
        assertEquals(-1, p.extensionOffset(-1));
        assertEquals(-1, p.extensionLength(16));
    }

    @Test
    void parsesTwoByteExtensionsWithZeroAndLongValues() {
        int[] longValue = new int[20];
        Arrays.fill(longValue, 0x77);
        byte[] b = rtp().twoByte(200).extRaw(0).twoByte(5, 1, 2).twoByte(17, longValue).extProfile(0x100A)
            .payload(1).build();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(3, p.extensionCount());
        assertEquals(200, p.extensionId(0));
        assertEquals(0, p.extensionLength(0));
        assertEquals(5, p.extensionId(1));
        assertEquals(2, p.extensionLength(1));
        assertEquals(2, b[p.extensionOffset(1) + 1]);
        assertEquals(17, p.extensionId(2));
        assertEquals(20, p.extensionLength(2));
        assertEquals(0x77, b[p.extensionOffset(2) + 19] & 0xFF);
        assertEquals(2, p.findExtension(17));
        // data 2 + 1 + 4 + 22 = 29 -> 32; 12 + 4 + 32
        assertEquals(48, p.headerLength());
    }

    @Test
    void unknownProfileIsSkippedOpaque() {
        byte[] b = rtp().extBlock(0x12, 0x34, 0, 1, 0x10, 0xAA, 0, 0).payload(3).build();
        assertTrue(p.wrap(b, 0, b.length));
        assertTrue(p.hasExtension());
        assertEquals(0, p.extensionCount());
        assertEquals(20, p.headerLength());
        assertEquals(1, p.payloadLength());
    }

    @Test
    void settersWriteThrough() {
        byte[] b = rtp().leading(3).pt(96).seq(10).ts(5).ssrc(1).oneByte(1, 9).payload(4, 5).build();
        byte[] before = b.clone();
        assertTrue(p.wrap(b, 3, b.length - 3));
        p.setMarker(true);
        p.setPayloadType(0xFF);
        p.setSequenceNumber(0x1ABCD);
        p.setTimestamp(0x1_8765_4321L);
        p.setSsrc(0xCAFEBABEL);
        assertTrue(p.marker());
        assertEquals(0x7F, p.payloadType());
        assertEquals(0xABCD, p.sequenceNumber());
        assertEquals(0x87654321L, p.timestamp());
        assertEquals(0xCAFEBABEL, p.ssrc());
        byte[] expectedHeader = {(byte) 0x90, (byte) 0xFF, (byte) 0xAB, (byte) 0xCD, (byte) 0x87, 0x65, 0x43, 0x21,
            (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE};
        assertArrayEquals(expectedHeader, Arrays.copyOfRange(b, 3, 15));
        assertArrayEquals(Arrays.copyOfRange(before, 15, b.length), Arrays.copyOfRange(b, 15, b.length));
        assertArrayEquals(Arrays.copyOfRange(before, 0, 3), Arrays.copyOfRange(b, 0, 3));

        p.setMarker(false);
        p.setPayloadType(100);
        assertEquals((byte) 100, b[4]);
        RtpPacket again = new RtpPacket();
        assertTrue(again.wrap(b, 3, b.length - 3));
        assertFalse(again.marker());
        assertEquals(100, again.payloadType());
        assertEquals(0xABCD, again.sequenceNumber());
        assertEquals(0x87654321L, again.timestamp());
        assertEquals(0xCAFEBABEL, again.ssrc());
        assertEquals(1, again.extensionCount());
    }

    @Test
    void failedWrapClearsPreviousView() {
        byte[] good = rtp().oneByte(1, 1).build();
        assertTrue(p.wrap(good, 0, good.length));
        assertFalse(p.wrap(good, 0, 11));
        assertNull(p.buffer());
        assertEquals(0, p.extensionCount());
        assertEquals(0, p.length());
        p.setSequenceNumber(5);
        assertEquals(0, p.sequenceNumber());
    }

    static Stream<Arguments> malformed() {
        byte[] ok = rtp().payload(1, 2, 3).build();
        return Stream.of(
            Arguments.of("null buffer", null, 0, 12),
            Arguments.of("11 bytes", Arrays.copyOf(ok, 11), 0, 11),
            Arguments.of("len < 12 of a longer array", ok, 0, 11),
            Arguments.of("negative offset", ok, -1, 12),
            Arguments.of("len past array", ok, 4, ok.length - 3),
            Arguments.of("version 0", rtp().version(0).payload(1).build(), 0, 13),
            Arguments.of("version 1", rtp().version(1).payload(1).build(), 0, 13),
            Arguments.of("version 3", rtp().version(3).payload(1).build(), 0, 13),
            Arguments.of("CSRC list past len", cut(rtp().csrcs(1, 2).build(), 4), 0, 16),
            Arguments.of("ext header past len", cut(rtp().extBlock(0xBE, 0xDE, 0, 0).build(), 2), 0, 14),
            Arguments.of("ext block past len", rtp().extBlock(0xBE, 0xDE, 0, 2, 0x10, 1, 0, 0).build(), 0, 20),
            Arguments.of("padding count 0", withLastByte(rtp().payload(1, 2).padding(2).build(), 0), 0, 16),
            Arguments.of("padding > payload", withLastByte(rtp().payload(1, 2).padding(2).build(), 5), 0, 16),
            Arguments.of("padding eats into ext", withLastByte(rtp().oneByte(1, 1).padding(1).build(), 2), 0, 21),
            Arguments.of("P set, no bytes after header", setP(rtp().build()), 0, 12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformed(String name, byte[] buf, int off, int len) {
        assertFalse(p.wrap(buf, off, len));
        assertNull(p.buffer());
    }

    static Stream<Arguments> demux() {
        return Stream.of(
            Arguments.of("rtp pt 96", rtp().pt(96).build(), true),
            Arguments.of("rtp pt 0", rtp().pt(0).build(), true),
            Arguments.of("rtp pt 127 marker", rtp().pt(127).marker(true).build(), true),
            Arguments.of("rtp pt 63 marker -> 191", rtp().pt(63).marker(true).build(), true),
            Arguments.of("rtp pt 96 marker -> 224", rtp().pt(96).marker(true).build(), true),
            Arguments.of("rtcp SR 200", rtcp(200), false),
            Arguments.of("rtcp 192 (FIR)", rtcp(192), false),
            Arguments.of("rtcp RTPFB 205", rtcp(205), false),
            Arguments.of("rtcp 223", rtcp(223), false),
            Arguments.of("version 1", rtp().version(1).build(), false),
            Arguments.of("too short", Arrays.copyOf(rtp().build(), 11), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demux")
    void looksLikeRtp(String name, byte[] buf, boolean expected) {
        assertEquals(expected, RtpPacket.looksLikeRtp(buf, 0, buf.length));
    }

    @Test
    void looksLikeRtpRejectsBadBounds() {
        byte[] b = rtp().build();
        assertFalse(RtpPacket.looksLikeRtp(null, 0, 12));
        assertFalse(RtpPacket.looksLikeRtp(b, 1, 12));
        assertFalse(RtpPacket.looksLikeRtp(b, -1, 12));
    }

    private static byte[] rtcp(int type) {
        byte[] b = new byte[12];
        b[0] = (byte) 0x80;
        b[1] = (byte) type;
        b[3] = 2;
        return b;
    }

    private static byte[] cut(byte[] b, int n) {
        return Arrays.copyOf(b, b.length - n);
    }

    private static byte[] withLastByte(byte[] b, int v) {
        b[b.length - 1] = (byte) v;
        return b;
    }

    private static byte[] setP(byte[] b) {
        b[0] |= 0x20;
        return b;
    }
}
