package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrtcHelpersTest {

    static Stream<Arguments> mimeOf() {
        return Stream.of(
                Arguments.of(Fixtures.VIDEO_VP8, 96, "video/VP8"),
                Arguments.of(Fixtures.VIDEO_VP8, 97, "video/rtx"),
                Arguments.of(Fixtures.VIDEO_VP8, 98, null),
                Arguments.of(Fixtures.VIDEO_VP8, -1, null),
                Arguments.of(Fixtures.VIDEO_H264, 106, "video/H264"),
                Arguments.of(Fixtures.AUDIO_OPUS, 111, "audio/opus"),
                Arguments.of(Fixtures.AUDIO_OPUS, 96, null));
    }

    @ParameterizedTest
    @MethodSource("mimeOf")
    void mimeOfPayloadType(String fixture, int pt, String expected) throws OrtcException {
        assertEquals(expected, Ortc.mimeOf(Fixtures.producer(fixture), pt));
    }

    static Stream<Arguments> isRtx() {
        return Stream.of(
                Arguments.of("video/rtx", true),
                Arguments.of("video/RTX", true),
                Arguments.of("audio/rtx", true),
                Arguments.of("video/VP8", false),
                Arguments.of("rtx", false),
                Arguments.of("/rtx", false),
                Arguments.of("video/rtx2", false),
                Arguments.of("", false),
                Arguments.of(null, false));
    }

    @ParameterizedTest
    @MethodSource("isRtx")
    void isRtx(String mimeType, boolean expected) {
        assertEquals(expected, Ortc.isRtx(mimeType));
    }
}
