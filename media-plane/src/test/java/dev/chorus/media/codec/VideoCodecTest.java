package dev.chorus.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VideoCodecTest {

    static Stream<Arguments> mimes() {
        return Stream.of(
            Arguments.of("video/VP8", VideoCodec.VP8),
            Arguments.of("VIDEO/vp8", VideoCodec.VP8),
            Arguments.of("video/vp9", VideoCodec.VP9),
            Arguments.of("video/H264", VideoCodec.H264),
            Arguments.of("video/h264", VideoCodec.H264),
            Arguments.of("video/H265", VideoCodec.OTHER),
            Arguments.of("video/AV1", VideoCodec.OTHER),
            Arguments.of("audio/opus", VideoCodec.OTHER),
            Arguments.of("VP8", VideoCodec.OTHER),
            Arguments.of("video/VP8 ", VideoCodec.OTHER),
            Arguments.of("", VideoCodec.OTHER),
            Arguments.of(null, VideoCodec.OTHER));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("mimes")
    void fromMimeType(String mime, VideoCodec expected) {
        assertEquals(expected, VideoCodec.fromMimeType(mime));
    }
}
