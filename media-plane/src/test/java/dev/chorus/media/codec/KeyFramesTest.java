package dev.chorus.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyFramesTest {

    static Stream<Arguments> vp8() {
        return Stream.of(
            row("minimal key: S, PID 0, P=0", true, 0x10, 0x00),
            row("minimal delta: P=1", false, 0x10, 0x01),
            row("not start of partition (S=0)", false, 0x00, 0x00),
            row("start of partition 1 (PID=1)", false, 0x11, 0x00),
            row("N bit does not matter", true, 0x30, 0x9C),
            row("X, I with 7-bit picture id", true, 0x90, 0x80, 0x05, 0x00),
            row("X, I with 15-bit picture id", true, 0x90, 0x80, 0x81, 0x23, 0x00),
            row("X, 15-bit picture id, P=1", false, 0x90, 0x80, 0x81, 0x23, 0x01),
            row("X, I 15-bit, L, T/K", true, 0x90, 0xF0, 0x81, 0x23, 0x07, 0x40, 0x10),
            row("X, L only", true, 0x90, 0x40, 0x07, 0x00),
            row("X, K only", true, 0x90, 0x10, 0x1F, 0x00),
            row("X, I/L/T: the P-looking byte is inside the descriptor", false, 0x90, 0xE0, 0x00, 0x00, 0x00),
            row("truncated: descriptor only", false, 0x10),
            row("truncated: X without extension byte", false, 0x90),
            row("truncated: 15-bit picture id cut", false, 0x90, 0x80, 0x81),
            row("truncated: T/K byte missing", false, 0x90, 0x20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vp8")
    void vp8KeyFrames(String name, boolean key, byte[] payload) {
        assertEquals(key, KeyFrames.isKeyFrame(VideoCodec.VP8, payload, 0, payload.length));
        assertEquals(key, atOffset(VideoCodec.VP8, payload));
    }

    static Stream<Arguments> vp9() {
        // I P L F B E V Z = 0x80 0x40 0x20 0x10 0x08 0x04 0x02 0x01
        return Stream.of(
            row("B only, key", true, 0x08, 0xAA),
            row("B and P: delta", false, 0x48, 0xAA),
            row("not start (B=0)", false, 0x04, 0xAA),
            row("I 7-bit + B", true, 0x88, 0x11, 0xAA),
            row("I 15-bit + B", true, 0x88, 0x81, 0x11, 0xAA),
            row("non-flexible L, SID 0 + TL0PICIDX", true, 0xA8, 0x81, 0x11, 0x00, 0x05, 0xAA),
            row("non-flexible L, SID 1", false, 0xA8, 0x81, 0x11, 0x02, 0x05, 0xAA),
            row("flexible L, SID 0", true, 0xB8, 0x81, 0x11, 0x00, 0xAA),
            row("flexible L, SID 2", false, 0xB8, 0x81, 0x11, 0x04, 0xAA),
            row("SID 0 with TID 2 and U, D bits", true, 0xB8, 0x81, 0x11, 0x51, 0xAA),
            row("V with SS: 2 layers, Y, G with 1 group of 1 ref", true,
                0x8A, 0x11, 0x38, 0x01, 0x40, 0x00, 0xF0, 0x02, 0x80, 0x01, 0x68, 0x01, 0x04, 0x01, 0xAA),
            row("V with SS, no Y, no G", true, 0x8A, 0x11, 0x00, 0xAA),
            row("truncated: SS resolutions cut", false, 0x8A, 0x11, 0x38, 0x01, 0x40),
            row("truncated: SS group cut", false, 0x0A, 0x08, 0x02, 0x04),
            row("truncated: descriptor only", false, 0x08),
            row("truncated: I set, no picture id", false, 0x88),
            row("truncated: 15-bit picture id cut", false, 0x88, 0x81),
            row("truncated: L set, no layer byte", false, 0xA8, 0x11),
            row("truncated: non-flexible L without TL0PICIDX", false, 0xA8, 0x11, 0x00),
            row("truncated: non-flexible L + TL0PICIDX, no VP9 data", false, 0xA8, 0x11, 0x00, 0x05),
            row("non-flexible L + TL0PICIDX then SS", true, 0xAA, 0x11, 0x00, 0x05, 0x00, 0xAA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vp9")
    void vp9KeyFrames(String name, boolean key, byte[] payload) {
        assertEquals(key, KeyFrames.isKeyFrame(VideoCodec.VP9, payload, 0, payload.length));
        assertEquals(key, atOffset(VideoCodec.VP9, payload));
    }

    static Stream<Arguments> h264() {
        return Stream.of(
            row("IDR slice", true, 0x65, 0x88, 0x80),
            row("SPS", true, 0x67, 0x42, 0xC0, 0x1F),
            row("PPS alone", false, 0x68, 0xCE, 0x3C),
            row("non-IDR slice", false, 0x41, 0x9A),
            row("SEI", false, 0x06, 0x05),
            row("STAP-A with SPS, PPS, IDR", true,
                0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xCE, 0x00, 0x02, 0x65, 0x88),
            row("STAP-A with IDR last", true, 0x78, 0x00, 0x01, 0x06, 0x00, 0x02, 0x65, 0x88),
            row("STAP-A without key NALs", false, 0x78, 0x00, 0x02, 0x06, 0x05, 0x00, 0x01, 0x41),
            row("STAP-A size past end", false, 0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x09, 0x65),
            row("STAP-A zero size", false, 0x78, 0x00, 0x00, 0x00, 0x02, 0x67, 0x42),
            row("STAP-A dangling size byte", false, 0x78, 0x00, 0x02, 0x67, 0x42, 0x00),
            row("STAP-A header only", false, 0x78),
            row("FU-A start of IDR", true, 0x7C, 0x85, 0x88, 0x80),
            row("FU-A start of SPS", true, 0x7C, 0x87, 0x42),
            row("FU-A middle of IDR", false, 0x7C, 0x05, 0x88),
            row("FU-A end of IDR", false, 0x7C, 0x45, 0x88),
            row("FU-A start of non-IDR", false, 0x7C, 0x81, 0x9A),
            row("FU-A without payload", false, 0x7C, 0x85),
            row("FU-A indicator only", false, 0x7C),
            row("STAP-B not handled", false, 0x79, 0x00, 0x00, 0x00, 0x02, 0x65, 0x88),
            row("FU-B not handled", false, 0x7D, 0x85, 0x00, 0x00, 0x88));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("h264")
    void h264KeyFrames(String name, boolean key, byte[] payload) {
        assertEquals(key, KeyFrames.isKeyFrame(VideoCodec.H264, payload, 0, payload.length));
        assertEquals(key, atOffset(VideoCodec.H264, payload));
    }

    @Test
    void lengthLimitsTheParse() {
        // The same bytes are a key frame, but the caller's length cuts the STAP-A's second NAL short.
        byte[] stap = bytes(0x78, 0x00, 0x01, 0x06, 0x00, 0x02, 0x65, 0x88);
        assertEquals(true, KeyFrames.isKeyFrame(VideoCodec.H264, stap, 0, 8));
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.H264, stap, 0, 7));
        byte[] vp8 = bytes(0x90, 0x80, 0x05, 0x00);
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.VP8, vp8, 0, 3));
    }

    @Test
    void badArgumentsAreNotKeyFrames() {
        byte[] idr = bytes(0x65, 0x88);
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.H264, null, 0, 2));
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.H264, idr, 0, 0));
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.H264, idr, -1, 2));
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.H264, idr, 1, 2));
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.H264, idr, 0, -5));
        assertFalse(KeyFrames.isKeyFrame(VideoCodec.OTHER, idr, 0, 2));
        assertFalse(KeyFrames.isKeyFrame(null, idr, 0, 2));
    }

    private static boolean atOffset(VideoCodec codec, byte[] payload) {
        byte[] buf = new byte[payload.length + 9];
        java.util.Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(payload, 0, buf, 4, payload.length);
        return KeyFrames.isKeyFrame(codec, buf, 4, payload.length);
    }

    private static Arguments row(String name, boolean key, int... payload) {
        return Arguments.of(name, key, bytes(payload));
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
