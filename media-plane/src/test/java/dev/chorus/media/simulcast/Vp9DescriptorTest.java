package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Vp9DescriptorTest {
    private final Vp9Descriptor d = new Vp9Descriptor();

    /** First byte from its bits (RFC 9628: I P L F B E V Z). */
    static int b0(boolean i, boolean p, boolean l, boolean f, boolean b, boolean e, boolean v, boolean z) {
        return (i ? 0x80 : 0) | (p ? 0x40 : 0) | (l ? 0x20 : 0) | (f ? 0x10 : 0) | (b ? 0x08 : 0) | (e ? 0x04 : 0)
            | (v ? 0x02 : 0) | (z ? 0x01 : 0);
    }

    /** Layer byte TID(3) U SID(3) D. */
    static int layer(int tid, boolean u, int sid, boolean dep) {
        return (tid << 5) | (u ? 0x10 : 0) | (sid << 1) | (dep ? 1 : 0);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void nonFlexibleModeWithLayersAndTl0() {
        byte[] p = bytes(b0(true, true, true, false, true, false, false, false), 0x80 | 0x12, 0x34,
            layer(2, true, 1, true), 77, 0xAA, 0xBB);
        assertTrue(d.parse(p, 0, p.length));
        assertEquals(0x1234, d.pictureId());
        assertEquals(15, d.pictureIdBits());
        assertEquals(2, d.temporalId());
        assertTrue(d.switchingUpPoint());
        assertEquals(1, d.spatialId());
        assertTrue(d.interLayerDependency());
        assertEquals(77, d.tl0PicIdx());
        assertFalse(d.flexibleMode());
        assertTrue(d.interPicturePredicted());
        assertTrue(d.beginningOfFrame());
        assertFalse(d.endOfFrame());
        assertEquals(5, d.length());
        assertFalse(d.keyFrame());
    }

    @Test
    void flexibleModeWithReferenceIndices() {
        byte[] p = bytes(b0(true, true, true, true, false, true, false, true), 0x05, layer(1, false, 2, false),
            (3 << 1) | 1, (1 << 1) | 1, 2 << 1, 0xFF);
        assertTrue(d.parse(p, 0, p.length));
        assertEquals(5, d.pictureId());
        assertEquals(7, d.pictureIdBits());
        assertEquals(1, d.temporalId());
        assertEquals(2, d.spatialId());
        assertEquals(-1, d.tl0PicIdx(), "no TL0PICIDX in flexible mode");
        assertEquals(3, d.referenceCount());
        assertTrue(d.endOfFrame());
        assertTrue(d.notUpperLayerReference());
        assertEquals(6, d.length());
        byte[] four = bytes(b0(false, true, false, true, true, false, false, false), 1, 1, 1, 1, 0);
        assertFalse(d.parse(four, 0, four.length), "at most three P_DIFF");
    }

    @Test
    void keyPictureWithScalabilityStructure() {
        // 3 spatial layers with resolutions, one picture group of one frame with one reference.
        byte[] p = bytes(b0(true, false, true, false, true, false, true, false), 0x80, 0x01, layer(0, false, 0, false),
            0, (2 << 5) | 0x10 | 0x08, 0x01, 0x40, 0x00, 0xB4, 0x02, 0x80, 0x01, 0x68, 0x05, 0x00, 0x02, 0xD0,
            1, (0 << 5) | (1 << 2), 1, 0x9D);
        assertTrue(d.parse(p, 0, p.length));
        assertTrue(d.keyFrame());
        assertEquals(3, d.ssSpatialLayers());
        assertEquals(320, d.ssWidth(0));
        assertEquals(180, d.ssHeight(0));
        assertEquals(640, d.ssWidth(1));
        assertEquals(1280, d.ssWidth(2));
        assertEquals(720, d.ssHeight(2));
        assertEquals(-1, d.ssWidth(3));
        assertEquals(1, d.ssPictureGroups());
        assertEquals(p.length - 1, d.length());
    }

    @Test
    void upperSpatialLayerOfAKeyPictureIsNotItsStart() {
        byte[] p = bytes(b0(true, false, true, false, true, true, false, false), 0x10, layer(0, false, 1, true), 3, 0);
        assertTrue(d.parse(p, 0, p.length));
        assertFalse(d.keyFrame());
        byte[] noLayers = bytes(b0(false, false, false, false, true, true, false, false), 0);
        assertTrue(d.parse(noLayers, 0, noLayers.length));
        assertTrue(d.keyFrame());
        assertEquals(-1, d.spatialId());
    }

    @Test
    void truncationIsRejected() {
        byte[] p = bytes(b0(true, false, true, false, true, false, true, false), 0x80, 0x01, layer(0, false, 0, false),
            0, (1 << 5) | 0x10, 0x01, 0x40, 0x00, 0xB4, 0x02, 0x80, 0x01, 0x68);
        assertTrue(d.parse(p, 0, p.length));
        for (int len = 1; len < p.length; len++) {
            assertFalse(d.parse(p, 0, len), "length " + len);
            assertFalse(d.valid());
        }
        assertFalse(d.parse(p, 0, 0));
    }
}
