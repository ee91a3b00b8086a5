package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProducerMappingTest {
    private static final long BASE = 512_000_000L;

    static Stream<Arguments> chromeProducers() {
        return Stream.of(
                Arguments.of(Fixtures.AUDIO_OPUS, List.of(new CodecMapping(111, 100)),
                        List.of(new EncodingMapping(3942613507L, null, null, BASE))),
                Arguments.of(Fixtures.VIDEO_VP8, List.of(new CodecMapping(96, 101), new CodecMapping(97, 102)),
                        List.of(new EncodingMapping(2849263013L, null, null, BASE))),
                Arguments.of(Fixtures.VIDEO_VP8_SIMULCAST,
                        List.of(new CodecMapping(96, 101), new CodecMapping(97, 102)),
                        List.of(new EncodingMapping(null, "r0", "L1T3", BASE),
                                new EncodingMapping(null, "r1", "L1T3", BASE + 1),
                                new EncodingMapping(null, "r2", "L1T3", BASE + 2))),
                Arguments.of(Fixtures.VIDEO_H264, List.of(new CodecMapping(106, 105), new CodecMapping(107, 106)),
                        List.of(new EncodingMapping(1770531520L, null, null, BASE))));
    }

    @ParameterizedTest
    @MethodSource("chromeProducers")
    void chromeProducersMapToRouterPayloadTypesAndConsecutiveSsrcs(String fixture, List<CodecMapping> codecs,
            List<EncodingMapping> encodings) throws OrtcException {
        RtpMapping m = Ortc.producerMapping(Fixtures.producer(fixture), Fixtures.router(), Fixtures.fixed(BASE));
        assertEquals(new RtpMapping(codecs, encodings), m);
    }

    @Test
    void mappedSsrcsStayInRangeAtBothEnds() throws OrtcException {
        RtpParameters p = Fixtures.producer(Fixtures.VIDEO_VP8_SIMULCAST);
        List<Long> low = ssrcs(Ortc.producerMapping(p, Fixtures.router(), Fixtures.extreme(false)));
        List<Long> high = ssrcs(Ortc.producerMapping(p, Fixtures.router(), Fixtures.extreme(true)));
        assertEquals(List.of(100_000_000L, 100_000_001L, 100_000_002L), low);
        assertEquals(List.of(999_999_997L, 999_999_998L, 999_999_999L), high);
    }

    @Test
    void mappedSsrcsFromARealGeneratorAreConsecutiveAndInRange() throws OrtcException {
        RtpParameters p = Fixtures.producer(Fixtures.VIDEO_VP8_SIMULCAST);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            List<Long> s = ssrcs(Ortc.producerMapping(p, Fixtures.router(), rnd));
            assertTrue(s.get(0) >= 100_000_000L && s.get(2) <= 999_999_999L, s.toString());
            assertEquals(s.get(0) + 1, s.get(1));
            assertEquals(s.get(0) + 2, s.get(2));
        }
    }

    private static List<Long> ssrcs(RtpMapping m) {
        return m.encodings().stream().map(EncodingMapping::mappedSsrc).toList();
    }

    private static Consumer<ObjectNode> codec0(String field, Object value) {
        return n -> {
            ObjectNode c = (ObjectNode) n.withArray("codecs").get(0);
            c.set(field, OrtcJson.mapper().valueToTree(value));
        };
    }

    private static Consumer<ObjectNode> h264Profile(String profileLevelId) {
        return n -> ((ObjectNode) n.at("/codecs/0/parameters")).put("profile-level-id", profileLevelId);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("AV1", Fixtures.VIDEO_VP8, codec0("mimeType", "video/AV1"),
                        "unsupported codec [mimeType:video/AV1, payloadType:96]"),
                Arguments.of("H264 High 64001f", Fixtures.VIDEO_H264, h264Profile("64001f"),
                        "unsupported codec [mimeType:video/H264, payloadType:106]"),
                Arguments.of("H264 Baseline 42001f", Fixtures.VIDEO_H264, h264Profile("42001f"),
                        "unsupported codec [mimeType:video/H264, payloadType:106]"),
                Arguments.of("H264 Main 4d0032", Fixtures.VIDEO_H264, h264Profile("4d0032"),
                        "unsupported codec [mimeType:video/H264, payloadType:106]"),
                Arguments.of("H264 malformed profile", Fixtures.VIDEO_H264, h264Profile("42e0"),
                        "unsupported codec [mimeType:video/H264, payloadType:106]"),
                Arguments.of("H264 packetization-mode 0", Fixtures.VIDEO_H264,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.at("/codecs/0/parameters")).remove("packetization-mode"),
                        "unsupported codec [mimeType:video/H264, payloadType:106]"),
                Arguments.of("VP9 profile 2", Fixtures.VIDEO_VP8,
                        codec0("mimeType", "video/VP9").andThen(codec0("parameters", Map.of("profile-id", 2))),
                        "unsupported codec [mimeType:video/VP9, payloadType:96]"),
                Arguments.of("opus mono", Fixtures.AUDIO_OPUS, codec0("channels", 1),
                        "unsupported codec [mimeType:audio/opus, payloadType:111]"),
                Arguments.of("opus 16 kHz", Fixtures.AUDIO_OPUS, codec0("clockRate", 16000),
                        "unsupported codec [mimeType:audio/opus, payloadType:111]"),
                Arguments.of("RTX apt to nothing", Fixtures.VIDEO_VP8,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.at("/codecs/1/parameters")).put("apt", 99),
                        "missing media codec found for RTX PT 97 (apt 99)"),
                Arguments.of("RTX apt to itself", Fixtures.VIDEO_VP8,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.at("/codecs/1/parameters")).put("apt", 97),
                        "missing media codec found for RTX PT 97 (apt 97)"),
                Arguments.of("only RTX", Fixtures.VIDEO_VP8,
                        (Consumer<ObjectNode>) n -> n.withArray("codecs").remove(0),
                        "no media codec in rtpParameters.codecs"),
                Arguments.of("simulcast encoding without rid", Fixtures.VIDEO_VP8_SIMULCAST,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.at("/encodings/1")).remove("rid"),
                        "encodings[1] has neither ssrc nor rid (required with 3 encodings)"),
                Arguments.of("simulcast duplicated rid", Fixtures.VIDEO_VP8_SIMULCAST,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.at("/encodings/2")).put("rid", "r0"),
                        "duplicated ssrc or rid in encodings[2]"),
                Arguments.of("single encoding without ssrc, rid or mid", Fixtures.VIDEO_VP8,
                        (Consumer<ObjectNode>) n -> {
                            n.remove("mid");
                            n.putArray("encodings").addObject();
                        },
                        "single encoding without ssrc or rid requires rtpParameters.mid"),
                Arguments.of("no encodings and no mid", Fixtures.AUDIO_OPUS,
                        (Consumer<ObjectNode>) n -> {
                            n.remove("mid");
                            n.remove("encodings");
                        },
                        "single encoding without ssrc or rid requires rtpParameters.mid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectedProducers(String name, String fixture, Consumer<ObjectNode> change, String message)
            throws OrtcException {
        ObjectNode json = Fixtures.mutable(fixture);
        change.accept(json);
        RtpParameters p = Fixtures.producer(json, Fixtures.kindOf(fixture));
        OrtcException e = assertThrows(OrtcException.class,
                () -> Ortc.producerMapping(p, Fixtures.router(), Fixtures.fixed(BASE)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void routerWithoutRtxRejectsAProducerRtxCodec() throws OrtcException {
        RtpCapabilities full = Fixtures.router();
        List<RtpCodecCapability> noRtx = new ArrayList<>();
        for (RtpCodecCapability c : full.codecs()) {
            if (!Ortc.isRtx(c.mimeType())) {
                noRtx.add(c);
            }
        }
        RtpCapabilities router = new RtpCapabilities(noRtx, full.headerExtensions());
        OrtcException e = assertThrows(OrtcException.class,
                () -> Ortc.producerMapping(Fixtures.producer(Fixtures.VIDEO_VP8), router, Fixtures.fixed(BASE)));
        assertEquals("no RTX codec for capability codec PT 101", e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("H264 other level", Fixtures.VIDEO_H264, h264Profile("42e034"), 105),
                Arguments.of("H264 numeric packetization-mode as string", Fixtures.VIDEO_H264,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.at("/codecs/0/parameters")).put("packetization-mode", "1"),
                        105),
                Arguments.of("lower-case mimeType", Fixtures.VIDEO_VP8, codec0("mimeType", "video/vp8"), 101),
                Arguments.of("VP9 without profile-id", Fixtures.VIDEO_VP8, codec0("mimeType", "video/VP9"), 103),
                Arguments.of("VP9 explicit profile 0", Fixtures.VIDEO_VP8,
                        codec0("mimeType", "video/VP9").andThen(codec0("parameters", Map.of("profile-id", "0"))), 103),
                Arguments.of("single encoding without ssrc but with mid", Fixtures.VIDEO_VP8,
                        (Consumer<ObjectNode>) n -> n.putArray("encodings").addObject(), 101));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedVariants(String name, String fixture, Consumer<ObjectNode> change, int routerPt)
            throws OrtcException {
        ObjectNode json = Fixtures.mutable(fixture);
        change.accept(json);
        RtpMapping m = Ortc.producerMapping(Fixtures.producer(json, "video"), Fixtures.router(), Fixtures.fixed(BASE));
        assertEquals(routerPt, m.codecs().get(0).mappedPayloadType());
        assertEquals(BASE, m.encodings().get(0).mappedSsrc());
    }

    @Test
    void h264ProfilesPickTheMatchingRouterCodec() throws OrtcException {
        List<RtpCodecCapability> codecs = new ArrayList<>(RouterCodecs.defaults());
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("packetization-mode", 1);
        main.put("profile-level-id", "4d0032");
        codecs.add(3, new RtpCodecCapability("video", "video/H264", null, 90000, null, main, null));
        RtpCapabilities router = Ortc.routerCapabilities(codecs);

        ObjectNode json = Fixtures.mutable(Fixtures.VIDEO_H264);
        RtpMapping baseline = Ortc.producerMapping(Fixtures.producer(json, "video"), router, Fixtures.fixed(BASE));
        assertEquals(List.of(new CodecMapping(106, 107), new CodecMapping(107, 108)), baseline.codecs());

        h264Profile("4d001f").accept(json);
        RtpMapping mainMapping = Ortc.producerMapping(Fixtures.producer(json, "video"), router, Fixtures.fixed(BASE));
        assertEquals(List.of(new CodecMapping(106, 105), new CodecMapping(107, 106)), mainMapping.codecs());
    }
}
