package dev.chorus.media.rtp;

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

class RtpHeaderExtensionWriterTest {
    private final RtpHeaderExtensionWriter w = new RtpHeaderExtensionWriter();

    @Test
    void roundTripThroughRtpPacket() {
        byte[] buf = new byte[200];
        Arrays.fill(buf, (byte) 0x5A);
        int off = 7;
        int pos = off + RtpWriter.writeHeader(buf, off, true, 100, 65535, 0xFFFFFFFFL, 0x01020304L, true, 0);
        w.begin(buf, pos);
        byte[] mid = {'a', 'b', 'c'};
        assertTrue(w.add(1, mid, 0, 3));
        assertTrue(w.addBytes(3, 3));
        int absSendTime = w.lastValueOffset();
        buf[absSendTime] = 0x11;
        buf[absSendTime + 2] = 0x33;
        byte[] level = {0, (byte) 0x85, 0};
        assertTrue(w.add(10, level, 1, 1));
        int ext = w.finish();
        // data (1+3) + (1+3) + (1+1) = 10 -> padded to 12 -> block 16
        assertEquals(16, ext);
        assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 3}, Arrays.copyOfRange(buf, pos, pos + 4));
        assertEquals(0, buf[pos + 14]);
        assertEquals(0, buf[pos + 15]);
        int payload = pos + ext;
        buf[payload] = 42;

        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(buf, off, payload + 1 - off));
        assertTrue(p.marker());
        assertEquals(65535, p.sequenceNumber());
        assertEquals(3, p.extensionCount());
        assertEquals(1, p.extensionId(0));
        assertArrayEquals(mid, Arrays.copyOfRange(buf, p.extensionOffset(0), p.extensionOffset(0) + 3));
        int i = p.findExtension(3);
        assertEquals(1, i);
        assertEquals(absSendTime, p.extensionOffset(i));
        assertArrayEquals(new byte[] {0x11, 0, 0x33}, Arrays.copyOfRange(buf, absSendTime, absSendTime + 3));
        int j = p.findExtension(10);
        assertEquals(1, p.extensionLength(j));
        assertEquals((byte) 0x85, buf[p.extensionOffset(j)]);
        assertEquals(28, p.headerLength());
        assertEquals(1, p.payloadLength());
        assertEquals(42, buf[p.payloadOffset()]);
    }

    @Test
    void alignedBlockNeedsNoPadding() {
        byte[] buf = new byte[16];
        w.begin(buf, 0);
        assertTrue(w.addBytes(2, 3));
        assertEquals(8, w.finish());
        assertEquals(1, buf[3]);
        assertEquals(0x22, buf[4]);
    }

    @Test
    void finishWithoutElementsWritesNothing() {
        byte[] buf = new byte[16];
        Arrays.fill(buf, (byte) 9);
        w.begin(buf, 2);
        assertFalse(w.add(0, new byte[] {1}, 0, 1));
        assertEquals(0, w.finish());
        assertEquals(-1, w.lastValueOffset());
        byte[] untouched = new byte[16];
        Arrays.fill(untouched, (byte) 9);
        assertArrayEquals(untouched, buf);
    }

    @Test
    void writerIsReusable() {
        byte[] a = new byte[32];
        w.begin(a, 0);
        assertTrue(w.addBytes(1, 16));
        assertEquals(24, w.finish());
        byte[] b = new byte[32];
        w.begin(b, 4);
        assertTrue(w.addBytes(5, 1));
        assertEquals(8, w.finish());
        assertEquals(1, b[7]);
        assertEquals(0x50, b[8]);
    }

    @Test
    void rejectsElementThatWouldNotFitWithPadding() {
        byte[] buf = new byte[12];
        w.begin(buf, 0);
        assertTrue(w.addBytes(1, 2));     // data 3 -> padded 4, block 8
        assertTrue(w.addBytes(2, 1));     // data 5 -> padded 8, block 12
        assertTrue(w.addBytes(3, 1));     // data 7 -> padded 8, block 12
        assertFalse(w.addBytes(4, 1));    // data 9 -> padded 12, block 16 > 12
        assertFalse(w.add(4, new byte[] {1}, 0, 1));
        assertEquals(12, w.finish());
        assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 2, 0x11, 0, 0, 0x20, 0, 0x30, 0, 0}, buf);
    }

    static Stream<Arguments> invalid() {
        byte[] src = new byte[20];
        return Stream.of(
            Arguments.of("id 0", 0, src, 0, 1),
            Arguments.of("id 15", 15, src, 0, 1),
            Arguments.of("id -1", -1, src, 0, 1),
            Arguments.of("len 0", 1, src, 0, 0),
            Arguments.of("len 17", 1, src, 0, 17),
            Arguments.of("src null", 1, null, 0, 1),
            Arguments.of("src range past end", 1, src, 15, 6),
            Arguments.of("negative src offset", 1, src, -1, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidAddWritesNothing(String name, int id, byte[] src, int srcOff, int len) {
        byte[] buf = new byte[64];
        w.begin(buf, 0);
        assertFalse(w.add(id, src, srcOff, len));
        assertEquals(-1, w.lastValueOffset());
        assertEquals(0, w.finish());
        assertArrayEquals(new byte[64], buf);
    }

    static Stream<Arguments> invalidReserve() {
        return Stream.of(Arguments.of(0, 1), Arguments.of(15, 1), Arguments.of(1, 0), Arguments.of(14, 17),
            Arguments.of(1, -3));
    }

    @ParameterizedTest(name = "id {0} len {1}")
    @MethodSource("invalidReserve")
    void invalidAddBytesWritesNothing(int id, int len) {
        byte[] buf = new byte[64];
        Arrays.fill(buf, (byte) 3);
        w.begin(buf, 0);
        assertFalse(w.addBytes(id, len));
        assertEquals(0, w.finish());
        byte[] expected = new byte[64];
        Arrays.fill(expected, (byte) 3);
        assertArrayEquals(expected, buf);
    }

    @Test
    void addBeforeBeginFails() {
        RtpHeaderExtensionWriter fresh = new RtpHeaderExtensionWriter();
        assertFalse(fresh.add(1, new byte[] {1}, 0, 1));
        assertFalse(fresh.addBytes(1, 1));
        assertEquals(0, fresh.finish());
    }
}
