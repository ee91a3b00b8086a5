package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsumableParametersTest {
    private static final long BASE = 300_000_000L;

    static RtpParameters consumable(String fixture) throws OrtcException {
        RtpParameters p = Fixtures.producer(fixture);
        RtpCapabilities router = Fixtures.router();
        RtpMapping m = Ortc.producerMapping(p, router, Fixtures.fixed(BASE));
        return Ortc.consumableParameters(Fixtures.kindOf(fixture), p, router, m);
    }

    private static final String VIDEO_FB = """
            [{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"},{"type":"ccm","parameter":"fir"},
             {"type":"goog-remb","parameter":""},{"type":"transport-cc","parameter":""}]""";

    private static final String VIDEO_EXTS = """
            [{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":1,"encrypt":false,"parameters":{}},
             {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","id":4,"encrypt":false,"parameters":{}},
             {"uri":"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01","id":5,"encrypt":false,"parameters":{}},
             {"uri":"http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07","id":6,"encrypt":false,"parameters":{}},
             {"uri":"urn:ietf:params:rtp-hdrext:framemarking","id":7,"encrypt":false,"parameters":{}},
             {"uri":"urn:3gpp:video-orientation","id":11,"encrypt":false,"parameters":{}},
             {"uri":"urn:ietf:params:rtp-hdrext:toffset","id":12,"encrypt":false,"parameters":{}},
             {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time","id":13,"encrypt":false,"parameters":{}},
             {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/playout-delay","id":14,"encrypt":false,"parameters":{}}]""";

    private static final String AUDIO_EXTS = """
            [{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":1,"encrypt":false,"parameters":{}},
             {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","id":4,"encrypt":false,"parameters":{}},
             {"uri":"urn:ietf:params:rtp-hdrext:ssrc-audio-level","id":10,"encrypt":false,"parameters":{}},
             {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time","id":13,"encrypt":false,"parameters":{}},
             {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/playout-delay","id":14,"encrypt":false,"parameters":{}}]""";

    private static final String RTCP = """
            {"cname":"kDvrxLm1fJ3pQw8s","reducedSize":true}""";

    static Stream<Arguments> expected() {
        return Stream.of(
                Arguments.of(Fixtures.AUDIO_OPUS, """
                        {"codecs":[{"mimeType":"audio/opus","payloadType":100,"clockRate":48000,"channels":2,
                          "parameters":{"minptime":10,"useinbandfec":1,"sprop-stereo":1,"usedtx":1},
                          "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"transport-cc","parameter":""}]}],
                         "headerExtensions":%s,
                         "encodings":[{"ssrc":300000000,"dtx":false}],
                         "rtcp":%s}""".formatted(AUDIO_EXTS, RTCP)),
                Arguments.of(Fixtures.VIDEO_VP8, """
                        {"codecs":[{"mimeType":"video/VP8","payloadType":101,"clockRate":90000,"parameters":{},
                                    "rtcpFeedback":%s},
                                   {"mimeType":"video/rtx","payloadType":102,"clockRate":90000,"parameters":{"apt":101},
                                    "rtcpFeedback":[]}],
                         "headerExtensions":%s,
                         "encodings":[{"ssrc":300000000,"dtx":false,"maxBitrate":1500000}],
                         "rtcp":%s}""".formatted(VIDEO_FB, VIDEO_EXTS, RTCP)),
                Arguments.of(Fixtures.VIDEO_VP8_SIMULCAST, """
                        {"codecs":[{"mimeType":"video/VP8","payloadType":101,"clockRate":90000,"parameters":{},
                                    "rtcpFeedback":%s},
                                   {"mimeType":"video/rtx","payloadType":102,"clockRate":90000,"parameters":{"apt":101},
                                    "rtcpFeedback":[]}],
                         "headerExtensions":%s,
                         "encodings":[
                           {"ssrc":300000000,"dtx":false,"scalabilityMode":"L1T3","maxBitrate":500000,"scaleResolutionDownBy":4.0,"active":true},
                           {"ssrc":300000001,"dtx":false,"scalabilityMode":"L1T3","maxBitrate":1000000,"scaleResolutionDownBy":2.0,"active":true},
                           {"ssrc":300000002,"dtx":false,"scalabilityMode":"L1T3","maxBitrate":5000000,"scaleResolutionDownBy":1.0,"active":true}],
                         "rtcp":%s}""".formatted(VIDEO_FB, VIDEO_EXTS, RTCP)),
                Arguments.of(Fixtures.VIDEO_H264, """
                        {"codecs":[{"mimeType":"video/H264","payloadType":105,"clockRate":90000,
                                    "parameters":{"level-asymmetry-allowed":1,"packetization-mode":1,"profile-level-id":"42e01f"},
                                    "rtcpFeedback":%s},
                                   {"mimeType":"video/rtx","payloadType":106,"clockRate":90000,"parameters":{"apt":105},
                                    "rtcpFeedback":[]}],
                         "headerExtensions":%s,
                         "encodings":[{"ssrc":300000000,"dtx":false}],
                         "rtcp":%s}""".formatted(VIDEO_FB, VIDEO_EXTS, RTCP)));
    }

    @ParameterizedTest
    @MethodSource("expected")
    void consumableParametersOfChromeProducers(String fixture, String expectedJson) throws Exception {
        assertEquals(OrtcJson.mapper().readTree(expectedJson), Fixtures.wire(consumable(fixture)));
    }

    @Test
    void producerCodecParametersAreKeptNotTheRouters() throws OrtcException {
        RtpParameters c = consumable(Fixtures.VIDEO_VP8);
        assertEquals(null, c.codecs().get(0).parameters().get("x-google-start-bitrate"));
    }

    @Test
    void mappingOfAnotherProducerIsRejected() throws OrtcException {
        RtpParameters vp8 = Fixtures.producer(Fixtures.VIDEO_VP8);
        RtpParameters simulcast = Fixtures.producer(Fixtures.VIDEO_VP8_SIMULCAST);
        RtpParameters h264 = Fixtures.producer(Fixtures.VIDEO_H264);
        RtpCapabilities router = Fixtures.router();
        RtpMapping simulcastMapping = Ortc.producerMapping(simulcast, router, Fixtures.fixed(BASE));
        assertThrows(IllegalArgumentException.class,
                () -> Ortc.consumableParameters("video", vp8, router, simulcastMapping));
        RtpMapping vp8Mapping = Ortc.producerMapping(vp8, router, Fixtures.fixed(BASE));
        assertThrows(IllegalArgumentException.class, () -> Ortc.consumableParameters("video", h264, router, vp8Mapping));
        assertThrows(IllegalArgumentException.class,
                () -> Ortc.consumableParameters("data", vp8, router, vp8Mapping));
        RtpMapping wrongPt = new RtpMapping(List.of(new CodecMapping(96, 120)), vp8Mapping.encodings());
        assertThrows(IllegalArgumentException.class, () -> Ortc.consumableParameters("video", vp8, router, wrongPt));
    }
}
