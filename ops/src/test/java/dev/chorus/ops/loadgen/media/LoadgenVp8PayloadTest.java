package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.codec.KeyFrames;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.simulcast.Vp8Descriptor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Synthetic VP8 payloads as the SFU's VP8 code reads them (descriptor fields, key-frame detection). */
class LoadgenVp8PayloadTest {

    static Stream<Arguments> packets() {
        return Stream.of(
                // startOfFrame, keyFrame, pictureId, tl0, expected key frame
                Arguments.of(true, true, 0, 0, true),
                Arguments.of(true, false, 1, 1, false),
                Arguments.of(false, true, 32767, 255, false),
                Arguments.of(false, false, 12345, 17, false),
                Arguments.of(true, true, 32767, 255, true));
    }

    @ParameterizedTest
    @MethodSource("packets")
    void descriptorAndKeyFrameFlagAreWhatTheSfuReads(boolean startOfFrame, boolean keyFrame, int pictureId, int tl0,
                                                      boolean expectKey) {
        byte[] b = new byte[64];
        int p = 7;
        int d = Vp8Payload.writeDescriptor(b, p, startOfFrame, pictureId, tl0);
        int h = startOfFrame ? Vp8Payload.writeFrameHeader(b, p + d, keyFrame, 640, 360) : 0;
        int len = d + h + 20;

        Vp8Descriptor desc = new Vp8Descriptor();
        assertTrue(desc.parse(b, p, len));
        assertEquals(Vp8Payload.DESCRIPTOR_LENGTH, desc.length());
        assertEquals(pictureId, desc.pictureId());
        assertEquals(15, desc.pictureIdBits());
        assertEquals(tl0, desc.tl0PicIdx());
        assertEquals(0, desc.temporalId());
        assertTrue(desc.layerSync());
        assertEquals(startOfFrame, desc.startOfFrame());
        assertEquals(expectKey, KeyFrames.isKeyFrame(VideoCodec.VP8, b, p, len));
        if (startOfFrame) {
            assertEquals(keyFrame ? Vp8Payload.KEY_HEADER_LENGTH : Vp8Payload.INTER_HEADER_LENGTH, h);
        }
    }

    @Test
    void keyFrameHeaderCarriesTheStartCodeAndSize() {
        byte[] b = new byte[16];
        Vp8Payload.writeFrameHeader(b, 0, true, 1280, 720);
        assertEquals(0x9d, b[3] & 0xFF);
        assertEquals(0x01, b[4] & 0xFF);
        assertEquals(0x2a, b[5] & 0xFF);
        assertEquals(1280, (b[6] & 0xFF) | ((b[7] & 0x3F) << 8));
        assertEquals(720, (b[8] & 0xFF) | ((b[9] & 0x3F) << 8));
        assertEquals(0, b[0] & 0x01, "P bit clear on a key frame");
    }
}
