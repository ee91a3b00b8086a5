package dev.chorus.ops.loadgen.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.media.ortc.Ortc;
import dev.chorus.media.ortc.OrtcJson;
import dev.chorus.media.ortc.ProducerType;
import dev.chorus.media.ortc.RouterCodecs;
import dev.chorus.media.ortc.RtpCapabilities;
import dev.chorus.media.ortc.RtpHeaderExtensionParameters;
import dev.chorus.media.ortc.RtpMapping;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.ops.loadgen.media.ConsumerOffer;
import dev.chorus.ops.loadgen.rtc.TransportParameters;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The synthetic participants' signaling data against Chorus's own ORTC code: the receive capabilities they join
 * with and the parameters they produce with must be accepted and negotiated as a browser's would.
 */
class LoadgenSignalingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RtpCapabilities ROUTER = Ortc.routerCapabilities(RouterCodecs.defaults());

    private static RouterCapabilities caps() throws IOException {
        return RouterCapabilities.parse(OrtcJson.toJson(ROUTER));
    }

    @Test
    void deviceCapabilitiesUseRouterNumbersAndLeaveOutWhatTheRouterOnlyReceives() throws Exception {
        RouterCapabilities caps = caps();
        RtpCapabilities device = OrtcJson.readCapabilities(caps.deviceCapabilities());
        assertEquals(List.of("audio/opus", "video/VP8", "video/rtx"),
                device.codecs().stream().map(c -> c.mimeType()).toList());
        assertEquals(caps.opusPayloadType(), device.codecs().get(0).preferredPayloadType());
        assertEquals(caps.vp8PayloadType(), device.codecs().get(1).preferredPayloadType());
        Set<String> uris = device.headerExtensions().stream().map(e -> e.kind() + " " + e.uri())
                .collect(Collectors.toSet());
        assertTrue(uris.contains("video urn:ietf:params:rtp-hdrext:sdes:mid"));
        assertTrue(uris.contains("audio urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        assertFalse(uris.contains("audio " + ProducerParameters.URI_TRANSPORT_CC), "recvonly on the router");
        assertFalse(uris.contains("video " + ProducerParameters.URI_RID));
        assertTrue(device.codecs().get(1).rtcpFeedback().stream().noneMatch(f -> "goog-remb".equals(f.type())));
    }

    @Test
    void audioProducerIsAcceptedMappedAndConsumableByAnotherParticipant() throws Exception {
        RtpParameters p = Ortc.validateRtpParameters(
                OrtcJson.readRtpParameters(ProducerParameters.audio("0", 1234, "cname")), "audio");
        RtpMapping mapping = Ortc.producerMapping(p, ROUTER, new Random(1));
        assertEquals(ProducerParameters.OPUS_PT, mapping.codecs().get(0).payloadType());
        assertEquals(caps().opusPayloadType(), mapping.codecs().get(0).mappedPayloadType());
        int[] ext = Ortc.ingressExtensionMap(p, ROUTER, "audio");
        assertEquals(10, ext[dev.chorus.ops.loadgen.media.ExtensionIds.AUDIO_LEVEL], "router id of audio level");
        RtpParameters consumable = Ortc.consumableParameters("audio", p, ROUTER, mapping);
        RtpCapabilities device = OrtcJson.readCapabilities(caps().deviceCapabilities());
        assertTrue(Ortc.canConsume(consumable, device));
        RtpParameters consumer = Ortc.consumerParameters(consumable, device, true, "0", 5555, 5556,
                ProducerType.SIMPLE);
        assertTrue(consumer.headerExtensions().stream().map(RtpHeaderExtensionParameters::uri).toList()
                .contains(ProducerParameters.URI_AUDIO_LEVEL));
    }

    @Test
    void videoProducerWithRtxIsSimpleAndSimulcastHasThreeRidEncodings() throws Exception {
        RtpParameters single = Ortc.validateRtpParameters(OrtcJson.readRtpParameters(ProducerParameters.video("1",
                new long[] {11}, new long[] {12}, new int[] {800_000}, "c")), "video");
        RtpMapping m1 = Ortc.producerMapping(single, ROUTER, new Random(1));
        assertEquals(2, m1.codecs().size(), "VP8 and its RTX");
        assertEquals(ProducerType.SIMPLE, Ortc.producerType(single));
        RtpParameters sim = Ortc.validateRtpParameters(OrtcJson.readRtpParameters(ProducerParameters.video("1",
                new long[] {1, 2, 3}, new long[] {4, 5, 6}, new int[] {80_000, 240_000, 800_000}, "c")), "video");
        RtpMapping m3 = Ortc.producerMapping(sim, ROUTER, new Random(1));
        assertEquals(List.of("r0", "r1", "r2"), m3.encodings().stream().map(e -> e.rid()).toList());
        assertEquals(ProducerType.SIMULCAST, Ortc.producerType(sim));
        RtpCapabilities device = OrtcJson.readCapabilities(caps().deviceCapabilities());
        RtpParameters consumer = Ortc.consumerParameters(Ortc.consumableParameters("video", sim, ROUTER, m3), device,
                true, "1", 7000, 7001, ProducerType.SIMULCAST);
        assertEquals("video/rtx", consumer.codecs().get(1).mimeType().toLowerCase());
        assertEquals(7001L, consumer.encodings().get(0).rtx().ssrc());
    }

    @Test
    void transportAnswersOfBothDemoGenerations() throws Exception {
        JsonNode legacy = JSON.readTree("""
                {"id":"t1","iceParameters":{"usernameFragment":"uf","password":"pw","iceLite":true},
                 "iceCandidates":[{"protocol":"tcp","ip":"10.0.0.1","port":1},
                                  {"protocol":"udp","ip":"127.0.0.1","port":44444}],
                 "dtlsParameters":{"role":"auto","fingerprints":[{"algorithm":"sha-1","value":"AA"},
                                   {"algorithm":"sha-256","value":"BB"},{"algorithm":"sha-512","value":"CC"}]}}""");
        TransportParameters t = SignalingReads.transport(legacy);
        assertEquals("t1", t.id());
        assertEquals(44444, t.udpCandidate().getPort());
        assertEquals("sha-256", t.serverFingerprint().algorithm());
        assertEquals("BB", t.serverFingerprint().value());
        JsonNode modern = JSON.readTree("""
                {"transportId":"t2","iceParameters":{"usernameFragment":"uf","password":"pw"},
                 "iceCandidates":[{"protocol":"udp","address":"127.0.0.1","port":5}],
                 "dtlsParameters":{"fingerprints":[{"algorithm":"sha-384","value":"DD"}]}}""");
        TransportParameters t2 = SignalingReads.transport(modern);
        assertEquals("t2", t2.id());
        assertEquals("sha-384", t2.serverFingerprint().algorithm());
        assertThrows(IOException.class, () -> SignalingReads.transport(JSON.readTree("""
                {"id":"t3","iceParameters":{"usernameFragment":"uf","password":"pw"},
                 "iceCandidates":[{"protocol":"tcp","ip":"127.0.0.1","port":5}],
                 "dtlsParameters":{"fingerprints":[{"algorithm":"sha-256","value":"EE"}]}}""")), "no UDP");
    }

    @Test
    void newConsumerRequests() throws Exception {
        JsonNode data = JSON.readTree("""
                {"peerId":"p3","producerId":"prod","id":"c1","consumerId":"c1","kind":"video",
                 "rtpParameters":{"codecs":[{"mimeType":"video/VP8","payloadType":101,"clockRate":90000},
                                            {"mimeType":"video/rtx","payloadType":102,"clockRate":90000}],
                                  "encodings":[{"ssrc":123456789,"rtx":{"ssrc":123456790}}]}}""");
        ConsumerOffer o = SignalingReads.consumer(data);
        assertEquals(new ConsumerOffer("c1", "prod", "p3", "video", 123456789L, 123456790L, 101, 102, 90000), o);
        JsonNode audio = JSON.readTree("""
                {"peerId":"p3","id":"c2","kind":"audio",
                 "rtpParameters":{"codecs":[{"mimeType":"audio/opus","payloadType":100,"clockRate":48000}],
                                  "encodings":[{"ssrc":42}]}}""");
        assertEquals(0, SignalingReads.consumer(audio).rtxSsrc());
        assertThrows(IOException.class, () -> SignalingReads.consumer(JSON.readTree("{\"id\":\"x\"}")));
    }

    @Test
    void aRouterWithoutVp8IsRefused() throws Exception {
        assertThrows(IOException.class, () -> RouterCapabilities.parse(JSON.readTree(
                "{\"codecs\":[{\"mimeType\":\"audio/opus\",\"preferredPayloadType\":100,\"clockRate\":48000}]}")));
    }
}
