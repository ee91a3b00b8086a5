package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProducerTypeTest {

    private static RtpParameters params(String mime, String... modes) {
        List<RtpCodecParameters> codecs = List.of(
                new RtpCodecParameters("video/rtx", 97, 90000, null, Map.of("apt", 96), List.of()),
                new RtpCodecParameters(mime, 96, 90000, null, Map.of(), List.of()));
        List<RtpEncodingParameters> encodings = Stream.of(modes)
                .map(m -> new RtpEncodingParameters(1L, null, null, null, false, m, null, null, null))
                .toList();
        return new RtpParameters("0", codecs, List.of(), encodings, null);
    }

    static Stream<Arguments> rows() throws OrtcException {
        return Stream.of(
                Arguments.of("opus fixture", Fixtures.producer(Fixtures.AUDIO_OPUS), ProducerType.SIMPLE),
                Arguments.of("VP8 fixture", Fixtures.producer(Fixtures.VIDEO_VP8), ProducerType.SIMPLE),
                Arguments.of("VP8 simulcast fixture", Fixtures.producer(Fixtures.VIDEO_VP8_SIMULCAST),
                        ProducerType.SIMULCAST),
                Arguments.of("H264 fixture", Fixtures.producer(Fixtures.VIDEO_H264), ProducerType.SIMPLE),
                Arguments.of("VP8 L1T3 single stream", params("video/VP8", "L1T3"), ProducerType.SIMULCAST),
                Arguments.of("VP8 L1T1", params("video/VP8", "L1T1"), ProducerType.SIMPLE),
                Arguments.of("VP8 unreadable mode", params("video/VP8", "foo"), ProducerType.SIMPLE),
                Arguments.of("H264 L1T3", params("video/H264", "L1T3"), ProducerType.SIMULCAST),
                Arguments.of("VP9 L3T3_KEY", params("video/VP9", "L3T3_KEY"), ProducerType.SVC),
                Arguments.of("VP9 L1T3", params("video/VP9", "L1T3"), ProducerType.SVC),
                Arguments.of("VP9 no mode", params("video/VP9", (String) null), ProducerType.SIMPLE),
                Arguments.of("H264-SVC L2T2", params("video/H264-SVC", "L2T2"), ProducerType.SVC),
                Arguments.of("AV1 L1T3 (unknown layering)", params("video/AV1", "L1T3"), ProducerType.SIMPLE),
                Arguments.of("two VP9 encodings", params("video/VP9", "L1T3", "L1T3"), ProducerType.SIMULCAST),
                Arguments.of("two plain encodings", params("video/VP8", null, null), ProducerType.SIMULCAST),
                Arguments.of("no encodings", params("video/VP8"), ProducerType.SIMPLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void producerType(String name, RtpParameters p, ProducerType expected) {
        assertEquals(expected, Ortc.producerType(p));
    }
}
