package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouterCapabilitiesTest {

    @Test
    void defaultsProduceTheHandWrittenCapabilities() {
        RtpCapabilities caps = Ortc.routerCapabilities(RouterCodecs.defaults());
        assertEquals(Fixtures.json("router-capabilities-defaults.json"), OrtcJson.toJson(caps));
    }

    @Test
    void defaultCapabilitiesRoundTripThroughJson() throws OrtcException {
        RtpCapabilities caps = Ortc.routerCapabilities(RouterCodecs.defaults());
        assertEquals(caps, OrtcJson.readCapabilities(OrtcJson.toJson(caps)));
    }

    @Test
    void defaultCodecsAreTheDocumentedOnes() {
        List<RtpCodecCapability> d = RouterCodecs.defaults();
        assertEquals(List.of("audio/opus", "video/VP8", "video/VP9", "video/H264"),
                d.stream().map(RtpCodecCapability::mimeType).toList());
        assertEquals(2, d.get(0).channels());
        assertEquals(null, d.get(2).parameters().get("profile-id"));
        assertEquals(1000, d.get(1).parameters().get("x-google-start-bitrate"));
        assertEquals("42e01f", d.get(3).parameters().get("profile-level-id"));
        assertEquals(1, d.get(3).parameters().get("packetization-mode"));
        assertEquals(1, d.get(3).parameters().get("level-asymmetry-allowed"));
    }

    @Test
    void demoConfigWithTwoH264ProfilesGetsPayloadTypes100To108() {
        List<RtpCodecCapability> codecs = new ArrayList<>(RouterCodecs.defaults());
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("packetization-mode", 1);
        main.put("profile-level-id", "4d0032");
        main.put("level-asymmetry-allowed", 1);
        codecs.add(3, new RtpCodecCapability("video", "video/h264", null, 90000, null, main, null));
        RtpCapabilities caps = Ortc.routerCapabilities(codecs);
        List<Integer> pts = caps.codecs().stream().map(RtpCodecCapability::preferredPayloadType).toList();
        assertEquals(List.of(100, 101, 102, 103, 104, 105, 106, 107, 108), pts);
        assertEquals("video/H264", caps.codecs().get(5).mimeType(), "spelling comes from the supported table");
        assertEquals("4d0032", caps.codecs().get(5).parameters().get("profile-level-id"));
        assertEquals(Map.of("apt", 105), caps.codecs().get(6).parameters());
        assertEquals("42e01f", caps.codecs().get(7).parameters().get("profile-level-id"));
        assertEquals(Map.of("apt", 107), caps.codecs().get(8).parameters());
    }

    @Test
    void preferredPayloadTypeIsKeptAndRemovedFromThePool() {
        List<RtpCodecCapability> codecs = List.of(
                new RtpCodecCapability("audio", "audio/opus", 111, 48000, 2, null, null),
                new RtpCodecCapability("video", "video/VP8", null, 90000, null, null, null),
                new RtpCodecCapability("video", "video/VP9", 100, 90000, null, null, null));
        RtpCapabilities caps = Ortc.routerCapabilities(codecs);
        assertEquals(List.of(111, 101, 102, 100, 103),
                caps.codecs().stream().map(RtpCodecCapability::preferredPayloadType).toList());
    }

    @Test
    void poolWrapsFrom127To96AndThenIsExhausted() {
        List<RtpCodecCapability> codecs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            codecs.add(new RtpCodecCapability("video", "video/VP8", null, 90000, null, null, null));
        }
        List<Integer> pts = Ortc.routerCapabilities(codecs).codecs().stream()
                .map(RtpCodecCapability::preferredPayloadType).toList();
        assertEquals(32, pts.size());
        assertEquals(127, pts.get(27));
        assertEquals(96, pts.get(28));
        assertEquals(99, pts.get(31));
        codecs.add(new RtpCodecCapability("audio", "audio/opus", null, 48000, 2, null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ortc.routerCapabilities(codecs));
        assertTrue(e.getMessage().contains("cannot allocate"), e.getMessage());
    }

    @Test
    void applicationParametersOverlayTableParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("level-asymmetry-allowed", 0);
        p.put("profile-level-id", "640032");
        RtpCodecCapability c = new RtpCodecCapability("video", "video/H264", null, 90000, null, p, null);
        RtpCodecCapability out = Ortc.routerCapabilities(List.of(c)).codecs().get(0);
        assertEquals(Map.of("level-asymmetry-allowed", 0, "profile-level-id", "640032"), out.parameters());
        assertEquals(5, out.rtcpFeedback().size());
    }

    static Stream<Arguments> invalidMediaCodecs() {
        return Stream.of(
                Arguments.of(List.of(new RtpCodecCapability("video", "video/AV1", null, 90000, null, null, null)),
                        "media codec not supported"),
                Arguments.of(List.of(new RtpCodecCapability("audio", "audio/opus", null, 48000, null, null, null)),
                        "media codec not supported"),
                Arguments.of(List.of(new RtpCodecCapability("audio", "audio/opus", null, 44100, 2, null, null)),
                        "media codec not supported"),
                Arguments.of(List.of(new RtpCodecCapability("audio", "video/VP8", null, 90000, null, null, null)),
                        "invalid media codec kind"),
                Arguments.of(List.of(new RtpCodecCapability("video", "VP8", null, 90000, null, null, null)),
                        "invalid media codec kind"),
                Arguments.of(List.of(new RtpCodecCapability("video", "video/VP8", 101, 90000, null, null, null),
                        new RtpCodecCapability("video", "video/VP9", 101, 90000, null, null, null)), "duplicated"),
                Arguments.of(List.of(new RtpCodecCapability("video", "video/VP8", 128, 90000, null, null, null)),
                        "invalid or duplicated"),
                Arguments.of(List.of(new RtpCodecCapability("video", "video/VP8", null, 90000, null,
                        Map.of("x", true), null)), "invalid media codec parameter"));
    }

    @ParameterizedTest
    @MethodSource("invalidMediaCodecs")
    void invalidMediaCodecsAreRejected(List<RtpCodecCapability> codecs, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ortc.routerCapabilities(codecs));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
