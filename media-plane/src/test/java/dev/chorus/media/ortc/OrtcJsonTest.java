package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrtcJsonTest {

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{'codecs':[{'mimeType':'video/VP8','payloadType':'96','clockRate':90000}]}",
                        "invalid rtpParameters.codecs[0].payloadType: expected an integer"),
                Arguments.of("{'codecs':[{'mimeType':'video/VP8','payloadType':96.5,'clockRate':90000}]}",
                        "invalid rtpParameters.codecs[0].payloadType: expected an integer"),
                Arguments.of("{'codecs':[{'mimeType':'video/VP8','payloadType':true,'clockRate':90000}]}",
                        "invalid rtpParameters.codecs[0].payloadType: expected an integer"),
                Arguments.of("{'codecs':[{'mimeType':'video/VP8','payloadType':96,'clockRate':'90000'}]}",
                        "invalid rtpParameters.codecs[0].clockRate: expected an integer"),
                Arguments.of("{'codecs':[{'mimeType':7,'payloadType':96,'clockRate':90000}]}",
                        "invalid rtpParameters.codecs[0].mimeType: expected a string"),
                Arguments.of("{'codecs':{}}", "invalid rtpParameters.codecs: expected an array"),
                Arguments.of("{'codecs':'VP8'}", "invalid rtpParameters.codecs: expected an array"),
                Arguments.of("{'codecs':[],'headerExtensions':[{'uri':'urn:x','id':'4'}]}",
                        "invalid rtpParameters.headerExtensions[0].id: expected an integer"),
                Arguments.of("{'codecs':[],'encodings':[{'ssrc':'123'}]}",
                        "invalid rtpParameters.encodings[0].ssrc: expected an integer"),
                Arguments.of("{'codecs':[],'encodings':[{'ssrc':123,'rtx':{'ssrc':'1'}}]}",
                        "invalid rtpParameters.encodings[0].rtx.ssrc: expected an integer"),
                Arguments.of("{'codecs':[],'encodings':[{'ssrc':123456789012345678901234567890}]}",
                        "invalid rtpParameters.encodings[0].ssrc: malformed or out-of-range value"),
                Arguments.of("{'codecs':[],'encodings':[{'dtx':'false'}]}",
                        "invalid rtpParameters.encodings[0].dtx: expected a boolean"),
                Arguments.of("{'codecs':[],'rtcp':{'reducedSize':1}}",
                        "invalid rtpParameters.rtcp.reducedSize: expected a boolean"),
                Arguments.of("{'codecs':[],'rtcp':[]}", "invalid rtpParameters.rtcp: expected an object"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void wrongTypesGiveReadableErrors(String json, String message) {
        OrtcException e = assertThrows(OrtcException.class, () -> OrtcJson.readRtpParameters(Fixtures.inline(json)));
        assertEquals(message, e.getMessage());
    }

    static Stream<Arguments> notAnObject() {
        return Stream.of(
                Arguments.of(null, "missing rtpParameters"),
                Arguments.of(NullNode.getInstance(), "missing rtpParameters"),
                Arguments.of(MissingNode.getInstance(), "missing rtpParameters"),
                Arguments.of(Fixtures.inline("[1,2]"), "invalid rtpParameters: expected an object"),
                Arguments.of(Fixtures.inline("'x'"), "invalid rtpParameters: expected an object"));
    }

    @ParameterizedTest
    @MethodSource("notAnObject")
    void missingOrNonObjectInput(JsonNode node, String message) {
        OrtcException e = assertThrows(OrtcException.class, () -> OrtcJson.readRtpParameters(node));
        assertEquals(message, e.getMessage());
    }

    @Test
    void unknownFieldsAreIgnoredAndNullsOmitted() throws OrtcException {
        RtpParameters p = OrtcJson.readRtpParameters(Fixtures.inline(
                "{'mid':'0','future':1,'codecs':[{'mimeType':'audio/opus','payloadType':111,'clockRate':48000,"
                        + "'extra':{'a':1}}],'rtcp':{'cname':'c','mux':true}}"));
        assertEquals(Fixtures.inline("{'mid':'0','codecs':[{'mimeType':'audio/opus','payloadType':111,"
                + "'clockRate':48000}],'rtcp':{'cname':'c'}}"), OrtcJson.toJson(p));
    }

    @Test
    void fixtureRoundTripsToTheSameJson() throws OrtcException {
        JsonNode in = Fixtures.json(Fixtures.VIDEO_VP8_SIMULCAST);
        RtpParameters p = OrtcJson.readRtpParameters(in);
        JsonNode out = OrtcJson.toJson(p);
        // scaleResolutionDownBy is a Double: 4 comes back as 4.0, numerically equal.
        assertEquals(4.0, out.at("/encodings/0/scaleResolutionDownBy").asDouble());
        assertEquals(in.at("/codecs"), out.at("/codecs"));
        assertEquals(in.at("/headerExtensions"), out.at("/headerExtensions"));
        assertEquals("r2", out.at("/encodings/2/rid").asText());
        assertFalse(out.at("/encodings/0").has("ssrc"));
    }

    @Test
    void parameterValuesKeepTheirJsonTypesAndOrder() throws OrtcException {
        RtpParameters p = OrtcJson.readRtpParameters(Fixtures.json(Fixtures.VIDEO_H264));
        Map<String, Object> params = p.codecs().get(0).parameters();
        assertEquals(List.of("level-asymmetry-allowed", "packetization-mode", "profile-level-id"),
                List.copyOf(params.keySet()));
        assertEquals(1, params.get("packetization-mode"));
        assertEquals("42e01f", params.get("profile-level-id"));
    }

    @Test
    void producerTypeIsLowerCaseOnTheWire() throws Exception {
        assertEquals("\"simulcast\"", OrtcJson.mapper().writeValueAsString(ProducerType.SIMULCAST));
        assertEquals(ProducerType.SVC, OrtcJson.mapper().readValue("\"svc\"", ProducerType.class));
        assertEquals("simple", ProducerType.SIMPLE.wireName());
        assertThrows(IllegalArgumentException.class, () -> ProducerType.fromWireName("layered"));
    }

    @Test
    void mappingSerializesWithWireNames() {
        RtpMapping m = new RtpMapping(List.of(new CodecMapping(96, 101)),
                List.of(new EncodingMapping(null, "r0", "L1T3", 123456789L)));
        assertEquals(Fixtures.inline("{'codecs':[{'payloadType':96,'mappedPayloadType':101}],"
                + "'encodings':[{'rid':'r0','scalabilityMode':'L1T3','mappedSsrc':123456789}]}"), Fixtures.wire(m));
    }

    static Stream<Arguments> invalidCapabilities() {
        return Stream.of(
                Arguments.of("{'codecs':[{'kind':'video','mimeType':'video/VP8','preferredPayloadType':101}]}",
                        "missing or invalid codec clockRate (mimeType video/VP8)"),
                Arguments.of("{'codecs':[{'kind':'video','mimeType':'VP8','clockRate':90000}]}",
                        "invalid codec mimeType \"VP8\" in rtpCapabilities"),
                Arguments.of("{'codecs':[{'mimeType':'video/VP8','preferredPayloadType':'101','clockRate':90000}]}",
                        "invalid rtpCapabilities.codecs[0].preferredPayloadType: expected an integer"),
                Arguments.of("{'codecs':[{'mimeType':'video/rtx','clockRate':90000,'parameters':{'apt':'101'}}]}",
                        "invalid codec parameter [key:apt, value:101] (mimeType video/rtx)"),
                Arguments.of("{'codecs':[{'mimeType':'video/VP8','clockRate':90000,'rtcpFeedback':[{}]}]}",
                        "invalid rtcpFeedback entry (mimeType video/VP8)"),
                Arguments.of("{'headerExtensions':[{'uri':'urn:x','preferredId':1}]}",
                        "invalid header extension kind \"null\" (uri urn:x)"),
                Arguments.of("{'headerExtensions':[{'kind':'video','uri':'urn:x','preferredId':0}]}",
                        "missing or invalid header extension preferredId 0 (uri urn:x)"),
                Arguments.of("{'headerExtensions':[{'kind':'video','preferredId':3}]}",
                        "missing header extension uri in rtpCapabilities"),
                Arguments.of("{'headerExtensions':[{'kind':'video','uri':'urn:x','preferredId':3,'direction':'up'}]}",
                        "invalid header extension direction \"up\""));
    }

    @ParameterizedTest
    @MethodSource("invalidCapabilities")
    void invalidCapabilitiesAreRejected(String json, String message) {
        OrtcException e = assertThrows(OrtcException.class, () -> OrtcJson.readCapabilities(Fixtures.inline(json)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void capabilitiesAreNormalized() throws OrtcException {
        RtpCapabilities c = OrtcJson.readCapabilities(Fixtures.inline(
                "{'codecs':[{'kind':'video','mimeType':'audio/opus','clockRate':48000,'rtcpFeedback':[{'type':'nack'}]},"
                        + "{'mimeType':'video/VP8','clockRate':90000,'channels':1}],"
                        + "'headerExtensions':[{'kind':'audio','uri':'urn:x','preferredId':3}]}"));
        assertEquals(new RtpCodecCapability("audio", "audio/opus", null, 48000, 1, Map.of(),
                List.of(new RtcpFeedback("nack", ""))), c.codecs().get(0));
        assertEquals(new RtpCodecCapability("video", "video/VP8", null, 90000, null, Map.of(), List.of()),
                c.codecs().get(1));
        assertEquals(new RtpHeaderExtensionCapability("audio", "urn:x", 3, false, "sendrecv"),
                c.headerExtensions().get(0));
        assertEquals(new RtpCapabilities(List.of(), List.of()), OrtcJson.readCapabilities(Fixtures.inline("{}")));
    }
}
