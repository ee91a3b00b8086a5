package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsumerParametersTest {
    private static final long SSRC = 493021877L;
    private static final long RTX_SSRC = 493021878L;

    private static RtpParameters consumer(String fixture, RtpCapabilities device, boolean enableRtx)
            throws OrtcException {
        RtpParameters producer = Fixtures.producer(fixture);
        return Ortc.consumerParameters(ConsumableParametersTest.consumable(fixture), device, enableRtx, "3", SSRC,
                RTX_SSRC, Ortc.producerType(producer));
    }

    /** The device fixture after {@code change}. */
    static RtpCapabilities device(Consumer<ObjectNode> change) throws OrtcException {
        ObjectNode d = Fixtures.mutable("device-chrome.json");
        change.accept(d);
        return OrtcJson.readCapabilities(d);
    }

    static Consumer<ObjectNode> removeExtension(String kind, String uri) {
        return d -> {
            ArrayNode exts = d.withArray("headerExtensions");
            for (int i = exts.size() - 1; i >= 0; i--) {
                if (exts.get(i).get("uri").asText().equals(uri) && exts.get(i).get("kind").asText().equals(kind)) {
                    exts.remove(i);
                }
            }
        };
    }

    static Consumer<ObjectNode> removeCodec(String mimeType) {
        return d -> {
            ArrayNode codecs = d.withArray("codecs");
            for (int i = codecs.size() - 1; i >= 0; i--) {
                if (codecs.get(i).get("mimeType").asText().equalsIgnoreCase(mimeType)) {
                    codecs.remove(i);
                }
            }
        };
    }

    static Consumer<ObjectNode> setCodecParameter(String mimeType, String key, String value) {
        return d -> {
            for (JsonNode c : d.withArray("codecs")) {
                if (c.get("mimeType").asText().equals(mimeType)) {
                    ((ObjectNode) c.get("parameters")).put(key, value);
                }
            }
        };
    }

    @Test
    void simulcastVp8ForChromeMatchesTheDocumentedExample() throws Exception {
        RtpParameters c = consumer(Fixtures.VIDEO_VP8_SIMULCAST, Fixtures.device(), true);
        JsonNode expected = OrtcJson.mapper().readTree("""
                {"mid":"3",
                 "codecs":[{"mimeType":"video/VP8","payloadType":101,"clockRate":90000,"parameters":{},
                            "rtcpFeedback":[{"type":"transport-cc","parameter":""},{"type":"ccm","parameter":"fir"},
                                            {"type":"nack","parameter":""},{"type":"nack","parameter":"pli"}]},
                           {"mimeType":"video/rtx","payloadType":102,"clockRate":90000,"parameters":{"apt":101},
                            "rtcpFeedback":[]}],
                 "headerExtensions":[
                   {"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":1,"encrypt":false,"parameters":{}},
                   {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","id":4,"encrypt":false,"parameters":{}},
                   {"uri":"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01","id":5,"encrypt":false,"parameters":{}},
                   {"uri":"urn:3gpp:video-orientation","id":11,"encrypt":false,"parameters":{}},
                   {"uri":"urn:ietf:params:rtp-hdrext:toffset","id":12,"encrypt":false,"parameters":{}},
                   {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/playout-delay","id":14,"encrypt":false,"parameters":{}}],
                 "encodings":[{"ssrc":493021877,"rtx":{"ssrc":493021878},"scalabilityMode":"L3T3","maxBitrate":5000000}],
                 "rtcp":{"cname":"kDvrxLm1fJ3pQw8s","reducedSize":true}}""");
        assertEquals(expected, Fixtures.wire(c));
    }

    @Test
    void opusConsumerKeepsNackAndDropsTransportCcWithoutTheExtension() throws Exception {
        RtpParameters c = consumer(Fixtures.AUDIO_OPUS, Fixtures.device(), true);
        JsonNode expected = OrtcJson.mapper().readTree("""
                {"mid":"3",
                 "codecs":[{"mimeType":"audio/opus","payloadType":100,"clockRate":48000,"channels":2,
                            "parameters":{"minptime":10,"useinbandfec":1,"sprop-stereo":1,"usedtx":1},
                            "rtcpFeedback":[{"type":"nack","parameter":""}]}],
                 "headerExtensions":[
                   {"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":1,"encrypt":false,"parameters":{}},
                   {"uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","id":4,"encrypt":false,"parameters":{}},
                   {"uri":"urn:ietf:params:rtp-hdrext:ssrc-audio-level","id":10,"encrypt":false,"parameters":{}}],
                 "encodings":[{"ssrc":493021877}],
                 "rtcp":{"cname":"kDvrxLm1fJ3pQw8s","reducedSize":true}}""");
        assertEquals(expected, Fixtures.wire(c));
    }

    @Test
    void withoutRtxThereIsNoRtxCodecNoRtxSsrcAndNoPlainNack() throws OrtcException {
        RtpParameters c = consumer(Fixtures.VIDEO_VP8, Fixtures.device(), false);
        assertEquals(List.of(101), c.codecs().stream().map(RtpCodecParameters::payloadType).toList());
        assertEquals(List.of(new RtcpFeedback("transport-cc", ""), new RtcpFeedback("ccm", "fir"),
                new RtcpFeedback("nack", "pli")), c.codecs().get(0).rtcpFeedback());
        assertEquals(new RtpEncodingParameters(SSRC, null, null, null, null, null, 1_500_000L, null, null),
                c.encodings().get(0));
    }

    @Test
    void h264ConsumerKeepsTheProducerProfileAndRtx() throws OrtcException {
        RtpParameters c = consumer(Fixtures.VIDEO_H264, Fixtures.device(), true);
        assertEquals(List.of(105, 106), c.codecs().stream().map(RtpCodecParameters::payloadType).toList());
        assertEquals("42e01f", c.codecs().get(0).parameters().get("profile-level-id"));
        assertEquals(new RtxParameters(RTX_SSRC), c.encodings().get(0).rtx());
        assertNull(c.encodings().get(0).scalabilityMode());
        assertNull(c.encodings().get(0).maxBitrate());
    }

    @Test
    void rtxWhoseMediaCodecTheDeviceLacksIsDropped() throws OrtcException {
        // The device has no VP8 but keeps an RTX entry: the consumable RTX (apt 101) must not survive alone.
        RtpCapabilities d = device(removeCodec("video/VP8").andThen(removeCodec("video/H264")));
        OrtcException e = assertThrows(OrtcException.class, () -> consumer(Fixtures.VIDEO_VP8, d, true));
        assertEquals("no compatible media codecs", e.getMessage());
    }

    static Stream<Arguments> scalability() {
        return Stream.of(
                Arguments.of("simulcast L1T3 x3", List.of("L1T3", "L1T3", "L1T3"), ProducerType.SIMULCAST, "L3T3"),
                Arguments.of("simulcast without modes", Arrays.asList(null, null), ProducerType.SIMULCAST,
                        "L2T1"),
                Arguments.of("simulcast, mode only on the last", Arrays.asList(null, "L1T2"),
                        ProducerType.SIMULCAST, "L2T2"),
                Arguments.of("single-stream VP8 L1T3", List.of("L1T3"), ProducerType.SIMULCAST, "L1T3"),
                Arguments.of("VP9 SVC", List.of("L3T3_KEY"), ProducerType.SVC, "L3T3_KEY"),
                Arguments.of("simple", Collections.singletonList(null), ProducerType.SIMPLE, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalability")
    void consumerScalabilityMode(String name, List<String> modes, ProducerType type, String expected)
            throws OrtcException {
        RtpParameters base = ConsumableParametersTest.consumable(Fixtures.VIDEO_VP8);
        List<RtpEncodingParameters> encodings = new ArrayList<>();
        long ssrc = 300_000_000L;
        for (String m : modes) {
            encodings.add(new RtpEncodingParameters(ssrc++, null, null, null, false, m, null, null, null));
        }
        RtpParameters consumable = new RtpParameters(null, base.codecs(), base.headerExtensions(), encodings,
                base.rtcp());
        RtpParameters c = Ortc.consumerParameters(consumable, Fixtures.device(), true, "0", SSRC, RTX_SSRC, type);
        assertEquals(expected, c.encodings().get(0).scalabilityMode());
    }

    @Test
    void extensionsNeedTheSameUriAndIdAndKind() throws OrtcException {
        RtpCapabilities d = device(dev -> {
            for (JsonNode e : dev.withArray("headerExtensions")) {
                String uri = e.get("uri").asText();
                if (uri.equals(HeaderExtensionUris.TOFFSET)) {
                    ((ObjectNode) e).put("preferredId", 13);
                }
                if (uri.equals(HeaderExtensionUris.MID) && e.get("kind").asText().equals("video")) {
                    ((ObjectNode) e).put("kind", "audio");
                }
            }
        });
        RtpParameters c = consumer(Fixtures.VIDEO_VP8, d, true);
        assertEquals(List.of(HeaderExtensionUris.ABS_SEND_TIME, HeaderExtensionUris.TRANSPORT_WIDE_CC,
                        HeaderExtensionUris.VIDEO_ORIENTATION, HeaderExtensionUris.PLAYOUT_DELAY),
                c.headerExtensions().stream().map(RtpHeaderExtensionParameters::uri).toList());
        assertEquals(List.of(4, 5, 11, 14), c.headerExtensions().stream().map(RtpHeaderExtensionParameters::id).toList());
    }

    static Stream<Arguments> feedbackReduction() {
        return Stream.of(
                Arguments.of("transport-cc negotiated", (Consumer<ObjectNode>) d -> { },
                        List.of("transport-cc", "ccm", "nack", "nack")),
                Arguments.of("abs-send-time only", removeExtension("video", HeaderExtensionUris.TRANSPORT_WIDE_CC),
                        List.of("goog-remb", "ccm", "nack", "nack")),
                Arguments.of("neither", removeExtension("video", HeaderExtensionUris.TRANSPORT_WIDE_CC)
                        .andThen(removeExtension("video", HeaderExtensionUris.ABS_SEND_TIME)),
                        List.of("ccm", "nack", "nack")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feedbackReduction")
    void feedbackIsReducedByTheNegotiatedExtensions(String name, Consumer<ObjectNode> change, List<String> types)
            throws OrtcException {
        RtpParameters c = consumer(Fixtures.VIDEO_VP8, device(change), true);
        assertEquals(types, c.codecs().get(0).rtcpFeedback().stream().map(RtcpFeedback::type).toList());
        assertEquals(List.of(), c.codecs().get(1).rtcpFeedback());
    }

    static Stream<Arguments> incompatible() {
        return Stream.of(
                Arguments.of("device without VP8", Fixtures.VIDEO_VP8, removeCodec("video/VP8")),
                Arguments.of("device without opus", Fixtures.AUDIO_OPUS, removeCodec("audio/opus")),
                Arguments.of("device with only RTX", Fixtures.VIDEO_VP8,
                        removeCodec("video/VP8").andThen(removeCodec("video/VP9")).andThen(removeCodec("video/H264"))
                                .andThen(removeCodec("audio/opus"))),
                Arguments.of("device H264 Baseline only", Fixtures.VIDEO_H264,
                        setCodecParameter("video/H264", "profile-level-id", "42001f")),
                Arguments.of("device H264 packetization-mode 0", Fixtures.VIDEO_H264,
                        setCodecParameter("video/H264", "packetization-mode", "0")),
                Arguments.of("device mono opus", Fixtures.AUDIO_OPUS,
                        (Consumer<ObjectNode>) d -> ((ObjectNode) d.withArray("codecs").get(0)).put("channels", 1)),
                Arguments.of("empty device", Fixtures.VIDEO_VP8, (Consumer<ObjectNode>) ObjectNode::removeAll));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompatible")
    void noCompatibleCodec(String name, String fixture, Consumer<ObjectNode> change) throws OrtcException {
        RtpCapabilities d = device(change);
        RtpParameters consumable = ConsumableParametersTest.consumable(fixture);
        assertEquals(false, Ortc.canConsume(consumable, d));
        OrtcException e = assertThrows(OrtcException.class, () -> consumer(fixture, d, true));
        assertEquals("no compatible media codecs", e.getMessage());
    }

    static Stream<Arguments> compatible() {
        return Stream.of(Fixtures.AUDIO_OPUS, Fixtures.VIDEO_VP8, Fixtures.VIDEO_VP8_SIMULCAST, Fixtures.VIDEO_H264)
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("compatible")
    void chromeCanConsumeEveryFixture(String fixture) throws OrtcException {
        assertEquals(true, Ortc.canConsume(ConsumableParametersTest.consumable(fixture), Fixtures.device()));
    }

    @Test
    void nullDeviceCannotConsume() throws OrtcException {
        RtpParameters consumable = ConsumableParametersTest.consumable(Fixtures.VIDEO_VP8);
        assertEquals(false, Ortc.canConsume(consumable, null));
        OrtcException e = assertThrows(OrtcException.class,
                () -> Ortc.consumerParameters(consumable, null, true, "0", SSRC, RTX_SSRC, ProducerType.SIMPLE));
        assertEquals("no compatible media codecs", e.getMessage());
    }
}
