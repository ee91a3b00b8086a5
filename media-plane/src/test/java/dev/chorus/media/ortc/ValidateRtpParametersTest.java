package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateRtpParametersTest {
    private static final String VP8 = "{'mimeType':'video/VP8','payloadType':96,'clockRate':90000}";
    private static final String OPUS = "{'mimeType':'audio/opus','payloadType':111,'clockRate':48000,'channels':2}";

    private static RtpParameters parse(String inlineJson) throws OrtcException {
        return OrtcJson.readRtpParameters(Fixtures.inline(inlineJson));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("data", "{'codecs':[" + VP8 + "]}", "invalid kind \"data\" (must be audio or video)"),
                Arguments.of(null, "{'codecs':[" + VP8 + "]}", "invalid kind \"null\" (must be audio or video)"),
                Arguments.of("video", "{'mid':'1'}", "missing rtpParameters.codecs"),
                Arguments.of("video", "{'codecs':[]}", "rtpParameters.codecs is empty"),
                Arguments.of("video", "{'codecs':[null]}", "invalid codec at codecs[0]"),
                Arguments.of("video", "{'codecs':[{'payloadType':96,'clockRate':90000}]}",
                        "missing codec mimeType (codecs[0])"),
                Arguments.of("video", "{'codecs':[{'mimeType':'VP8','payloadType':96,'clockRate':90000}]}",
                        "invalid codec mimeType \"VP8\""),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/','payloadType':96,'clockRate':90000}]}",
                        "invalid codec mimeType \"video/\""),
                Arguments.of("video", "{'codecs':[" + OPUS + "]}", "codec mimeType audio/opus does not match kind video"),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/VP8','clockRate':90000}]}",
                        "missing codec payloadType (mimeType video/VP8)"),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/VP8','payloadType':128,'clockRate':90000}]}",
                        "invalid codec payloadType 128"),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/VP8','payloadType':-1,'clockRate':90000}]}",
                        "invalid codec payloadType -1"),
                Arguments.of("audio", "{'codecs':[{'mimeType':'audio/opus','payloadType':111,'channels':2}]}",
                        "missing codec clockRate (mimeType audio/opus)"),
                Arguments.of("audio", "{'codecs':[{'mimeType':'audio/opus','payloadType':111,'clockRate':0}]}",
                        "invalid codec clockRate 0"),
                Arguments.of("audio", "{'codecs':[{'mimeType':'audio/opus','payloadType':111,'clockRate':48000,"
                        + "'channels':0}]}", "invalid codec channels 0"),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/VP8','payloadType':96,'clockRate':90000,"
                        + "'parameters':{'x':true}}]}", "invalid parameter [key:x, value:true] (codec PT 96)"),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/VP8','payloadType':96,'clockRate':90000,"
                        + "'parameters':{'x':{'y':1}}}]}", "invalid parameter [key:x, value:{y=1}] (codec PT 96)"),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/VP8','payloadType':96,'clockRate':90000,"
                        + "'parameters':{'x':null}}]}", "invalid parameter [key:x, value:null] (codec PT 96)"),
                Arguments.of("video", "{'codecs':[" + VP8 + ",{'mimeType':'video/rtx','payloadType':97,"
                        + "'clockRate':90000}]}", "missing apt parameter in RTX codec PT 97"),
                Arguments.of("video", "{'codecs':[" + VP8 + ",{'mimeType':'video/rtx','payloadType':97,"
                        + "'clockRate':90000,'parameters':{'apt':'96'}}]}", "invalid codec apt parameter (codec PT 97)"),
                Arguments.of("video", "{'codecs':[" + VP8 + ",{'mimeType':'video/rtx','payloadType':97,"
                        + "'clockRate':90000,'parameters':{'apt':96.5}}]}", "invalid codec apt parameter (codec PT 97)"),
                Arguments.of("video", "{'codecs':[" + VP8 + "," + VP8 + "]}", "duplicated codec payloadType 96"),
                Arguments.of("video", "{'codecs':[{'mimeType':'video/VP8','payloadType':96,'clockRate':90000,"
                        + "'rtcpFeedback':[{'parameter':'pli'}]}]}", "invalid rtcpFeedback entry (codec PT 96)"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'headerExtensions':[{'id':4}]}",
                        "missing header extension uri (headerExtensions[0])"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'headerExtensions':[{'uri':'urn:x'}]}",
                        "missing header extension id (uri urn:x)"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'headerExtensions':[{'uri':'urn:x','id':0}]}",
                        "invalid header extension id 0 (uri urn:x)"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'headerExtensions':[{'uri':'urn:x','id':256}]}",
                        "invalid header extension id 256 (uri urn:x)"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'headerExtensions':[{'uri':'urn:x','id':4},"
                        + "{'uri':'urn:y','id':4}]}", "duplicated header extension id 4"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'encodings':[{'ssrc':-1}]}", "invalid encoding ssrc -1"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'encodings':[{'ssrc':4294967296}]}",
                        "invalid encoding ssrc 4294967296"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'encodings':[{'rid':''}]}",
                        "invalid empty encoding rid (encodings[0])"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'encodings':[{'ssrc':1,'rtx':{}}]}",
                        "missing encoding rtx.ssrc (encodings[0])"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'encodings':[{'ssrc':1,'rtx':{'ssrc':4294967296}}]}",
                        "invalid encoding rtx.ssrc 4294967296"),
                Arguments.of("video", "{'codecs':[" + VP8 + "],'encodings':[null]}", "invalid encoding at encodings[0]"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidParametersAreRejectedWithAReason(String kind, String json, String message) throws OrtcException {
        RtpParameters p = parse(json);
        OrtcException e = assertThrows(OrtcException.class, () -> Ortc.validateRtpParameters(p, kind));
        assertEquals(message, e.getMessage());
    }

    @Test
    void nullParametersAreRejected() {
        OrtcException e = assertThrows(OrtcException.class, () -> Ortc.validateRtpParameters(null, "audio"));
        assertEquals("missing rtpParameters", e.getMessage());
    }

    @Test
    void minimalAudioIsNormalized() throws OrtcException {
        RtpParameters p = Ortc.validateRtpParameters(
                parse("{'codecs':[{'mimeType':'audio/opus','payloadType':111,'clockRate':48000,"
                        + "'rtcpFeedback':[{'type':'nack'}]}]}"), "audio");
        RtpCodecParameters c = p.codecs().get(0);
        assertEquals(1, c.channels(), "audio channels default to 1");
        assertEquals(Map.of(), c.parameters());
        assertEquals(List.of(new RtcpFeedback("nack", "")), c.rtcpFeedback());
        assertEquals(List.of(), p.headerExtensions());
        assertEquals(List.of(new RtpEncodingParameters(null, null, null, null, false, null, null, null, null)),
                p.encodings(), "one empty encoding with dtx false");
        assertEquals(new RtcpParameters(null, true), p.rtcp());
        assertNull(p.mid());
    }

    @Test
    void videoChannelsAreDroppedAndDefaultsApplied() throws OrtcException {
        RtpParameters p = Ortc.validateRtpParameters(
                parse("{'mid':'1','codecs':[{'mimeType':'video/VP8','payloadType':96,'clockRate':90000,'channels':2}],"
                        + "'headerExtensions':[{'uri':'urn:ietf:params:rtp-hdrext:sdes:mid','id':4}],"
                        + "'encodings':[{'ssrc':1},{'ssrc':2,'dtx':true}],'rtcp':{'cname':'abc','reducedSize':false}}"),
                "video");
        assertNull(p.codecs().get(0).channels());
        assertEquals(new RtpHeaderExtensionParameters(HeaderExtensionUris.MID, 4, false, Map.of()),
                p.headerExtensions().get(0));
        assertEquals(Boolean.FALSE, p.encodings().get(0).dtx());
        assertEquals(Boolean.TRUE, p.encodings().get(1).dtx());
        assertEquals(new RtcpParameters("abc", false), p.rtcp(), "an explicit reducedSize is kept");
        assertEquals("1", p.mid());
    }

    @Test
    void chromeFixturesValidateUnchangedWhereAlreadyNormal() throws OrtcException {
        RtpParameters raw = OrtcJson.readRtpParameters(Fixtures.json(Fixtures.VIDEO_VP8_SIMULCAST));
        assertEquals(raw, Ortc.validateRtpParameters(raw, "video"));
        RtpParameters audio = Fixtures.producer(Fixtures.AUDIO_OPUS);
        assertEquals(Map.of("minptime", 10, "useinbandfec", 1, "sprop-stereo", 1, "usedtx", 1),
                audio.codecs().get(0).parameters());
        assertEquals(3942613507L, audio.encodings().get(0).ssrc());
    }

    @Test
    void validatedCopyIsImmutable() throws OrtcException {
        RtpParameters p = Fixtures.producer(Fixtures.VIDEO_VP8);
        assertThrows(UnsupportedOperationException.class, () -> p.codecs().add(null));
        assertThrows(UnsupportedOperationException.class, () -> p.codecs().get(0).parameters().put("a", 1));
    }
}
