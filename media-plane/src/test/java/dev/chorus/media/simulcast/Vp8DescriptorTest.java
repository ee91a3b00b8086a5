package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Vp8DescriptorTest {
    private final Vp8Descriptor d = new Vp8Descriptor();

    static Stream<Arguments> layouts() {
        // start, pidBits, pid, tl0, tid, y, keyIdx, key -> expected length, keyFrame
        return Stream.of(
            Arguments.of(true, 0, -1, -1, -1, false, -1, true, 1, true),
            Arguments.of(true, 7, 100, -1, -1, false, -1, false, 3, false),
            Arguments.of(true, 15, 30000, -1, -1, false, -1, true, 4, true),
            Arguments.of(true, 15, 32767, 255, 2, true, -1, true, 6, true),
            Arguments.of(false, 15, 5, 7, 1, false, -1, true, 6, false),
            Arguments.of(true, 7, 127, 0, 3, true, 17, false, 5, false),
            Arguments.of(true, 0, -1, 9, -1, false, -1, true, 3, true),
            Arguments.of(true, 0, -1, -1, -1, false, 31, true, 3, true),
            Arguments.of(true, 0, -1, -1, 0, false, -1, false, 3, false));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void parsesEveryLayout(boolean start, int bits, int pid, int tl0, int tid, boolean y, int keyIdx, boolean key,
                           int length, boolean keyFrame) {
        byte[] p = Vp8Payloads.payload(start, bits, pid, tl0, tid, y, keyIdx, key);
        byte[] buf = new byte[p.length + 7];
        System.arraycopy(p, 0, buf, 5, p.length);
        assertTrue(d.parse(buf, 5, p.length));
        assertEquals(bits, d.pictureIdBits());
        assertEquals(bits == 0 ? -1 : pid, d.pictureId());
        assertEquals(tl0, d.tl0PicIdx());
        assertEquals(tid, d.temporalId());
        assertEquals(tid >= 0 && y, d.layerSync());
        assertEquals(keyIdx, d.keyIdx());
        assertEquals(length, d.length());
        assertEquals(keyFrame, d.keyFrame());
        assertEquals(start, d.startOfFrame());
    }

    @Test
    void nonReferenceAndPartitionBits() {
        byte[] p = {(byte) 0x23, 0x11};
        assertTrue(d.parse(p, 0, 2));
        assertTrue(d.nonReference());
        assertFalse(d.startOfPartition());
        assertEquals(3, d.partitionId());
        assertFalse(d.keyFrame());
        byte[] q = {(byte) 0x13, 0x10};
        assertTrue(d.parse(q, 0, 2));
        assertTrue(d.startOfPartition());
        assertFalse(d.startOfFrame());
        assertFalse(d.keyFrame(), "S=1 on partition 3 has no payload header");
    }

    @Test
    void truncatedDescriptorsAreRejected() {
        byte[] full = Vp8Payloads.payload(true, 15, 1234, 5, 1, true, -1, true);
        for (int len = 1; len < 6; len++) {
            assertFalse(d.parse(full, 0, len) && d.length() > len, "len " + len);
        }
        assertFalse(d.parse(full, 0, 3), "15-bit PictureID cut after its first byte");
        assertFalse(d.valid());
        assertEquals(-1, d.pictureId());
        assertFalse(d.parse(full, 0, 0));
        assertFalse(d.parse(null, 0, 1));
        assertFalse(d.parse(full, 10, 5));
        assertTrue(d.parse(full, 0, 6), "descriptor complete, no VP8 payload yet");
        assertFalse(d.keyFrame(), "no payload header byte");
    }

    @Test
    void rewritesInPlaceInTheFieldsWidth() {
        byte[] p15 = Vp8Payloads.payload(true, 15, 32767, 255, 2, true, -1, true);
        assertTrue(d.parse(p15, 0, p15.length));
        d.setPictureId(0x1_0005);
        d.setTl0PicIdx(0x1FE);
        assertArrayEquals(Vp8Payloads.payload(true, 15, 5, 0xFE, 2, true, -1, true), p15);
        assertEquals(5, d.pictureId());
        assertEquals(0xFE, d.tl0PicIdx());

        byte[] p7 = Vp8Payloads.payload(true, 7, 127, 3, 0, false, 4, false);
        assertTrue(d.parse(p7, 0, p7.length));
        d.setPictureId(200);
        assertArrayEquals(Vp8Payloads.payload(true, 7, 200 & 0x7F, 3, 0, false, 4, false), p7);
        assertEquals(72, d.pictureId());
    }

    @Test
    void rewritesIntoACopyAtAnotherOffset() {
        byte[] src = Vp8Payloads.payload(true, 15, 77, 9, 1, false, -1, false);
        assertTrue(d.parse(src, 0, src.length));
        byte[] dst = new byte[40];
        System.arraycopy(src, 0, dst, 20, src.length);
        d.writePictureId(dst, 20, 12345);
        d.writeTl0PicIdx(dst, 20, 10);
        byte[] expect = Vp8Payloads.payload(true, 15, 12345, 10, 1, false, -1, false);
        byte[] got = new byte[expect.length];
        System.arraycopy(dst, 20, got, 0, got.length);
        assertArrayEquals(expect, got);
        assertEquals(77, d.pictureId(), "the source view is untouched");
    }

    @Test
    void absentFieldsAreNotWritten() {
        byte[] p = Vp8Payloads.payload(true, 0, -1, -1, 1, false, -1, true);
        byte[] copy = p.clone();
        assertTrue(d.parse(p, 0, p.length));
        d.setPictureId(5);
        d.setTl0PicIdx(5);
        assertArrayEquals(copy, p);
    }

    @Test
    void widensA7BitPictureId() {
        byte[] p7 = Vp8Payloads.payload(true, 7, 100, 42, 2, true, 3, true);
        assertTrue(d.parse(p7, 0, p7.length));
        byte[] dst = new byte[Vp8Descriptor.MAX_LENGTH];
        int n = d.writeWidened(dst, 0, 20000, 43);
        byte[] expect = Vp8Payloads.payload(true, 15, 20000, 43, 2, true, 3, true);
        assertEquals(d.length() + 1, n);
        byte[] got = new byte[n];
        System.arraycopy(dst, 0, got, 0, n);
        byte[] expectDescriptor = new byte[n];
        System.arraycopy(expect, 0, expectDescriptor, 0, n);
        assertArrayEquals(expectDescriptor, got);

        byte[] plain = Vp8Payloads.payload(true, 0, -1, -1, -1, false, -1, true);
        assertTrue(d.parse(plain, 0, plain.length));
        assertEquals(1, d.writeWidened(dst, 0, 1, 1));
        assertEquals(plain[0], dst[0]);
    }
}
