package dev.chorus.media.ortc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngressExtensionMapTest {

    private static int[] expected(int... browserToRouter) {
        int[] map = new int[256];
        for (int i = 0; i < browserToRouter.length; i += 2) {
            map[browserToRouter[i]] = browserToRouter[i + 1];
        }
        return map;
    }

    static Stream<Arguments> chrome() {
        return Stream.of(
                // audio: ssrc-audio-level 1 -> 10, abs-send-time 2 -> 4, transport-cc 3 -> 5 (recvonly), mid 4 -> 1
                Arguments.of(Fixtures.AUDIO_OPUS, expected(1, 10, 2, 4, 3, 5, 4, 1)),
                // video: mid 4 -> 1, rid 10 -> 2, rrid 11 -> 3, abs-send-time 2 -> 4, transport-cc 3 -> 5,
                // video-orientation 13 -> 11, toffset 14 -> 12, playout-delay 5 -> 14
                Arguments.of(Fixtures.VIDEO_VP8, expected(4, 1, 10, 2, 11, 3, 2, 4, 3, 5, 13, 11, 14, 12, 5, 14)),
                Arguments.of(Fixtures.VIDEO_VP8_SIMULCAST,
                        expected(4, 1, 10, 2, 11, 3, 2, 4, 3, 5, 13, 11, 14, 12, 5, 14)));
    }

    @ParameterizedTest
    @MethodSource("chrome")
    void chromeTypicalIds(String fixture, int[] expected) throws OrtcException {
        int[] map = Ortc.ingressExtensionMap(Fixtures.producer(fixture), Fixtures.router(), Fixtures.kindOf(fixture));
        assertEquals(Ortc.EXTENSION_MAP_SIZE, map.length);
        assertArrayEquals(expected, map);
    }

    @Test
    void unknownUrisWrongKindAndSendOnlyRouterEntriesMapToZero() {
        RtpParameters p = new RtpParameters("0", List.of(), List.of(
                new RtpHeaderExtensionParameters("urn:example:unknown", 7, false, Map.of()),
                new RtpHeaderExtensionParameters(HeaderExtensionUris.SSRC_AUDIO_LEVEL, 1, false, Map.of()),
                new RtpHeaderExtensionParameters(HeaderExtensionUris.MID, 255, false, Map.of()),
                new RtpHeaderExtensionParameters("urn:x", 9, false, Map.of())), List.of(), null);
        RtpCapabilities router = new RtpCapabilities(List.of(), List.of(
                new RtpHeaderExtensionCapability("video", HeaderExtensionUris.MID, 1, false, "sendrecv"),
                new RtpHeaderExtensionCapability("audio", HeaderExtensionUris.SSRC_AUDIO_LEVEL, 10, false, "sendrecv"),
                new RtpHeaderExtensionCapability("video", "urn:x", 3, false, "sendonly")));
        assertArrayEquals(expected(255, 1), Ortc.ingressExtensionMap(p, router, "video"));
        assertArrayEquals(expected(1, 10), Ortc.ingressExtensionMap(p, router, "audio"));
    }

    @Test
    void outOfRangeIdsAreIgnored() {
        RtpParameters p = new RtpParameters("0", List.of(), List.of(
                new RtpHeaderExtensionParameters(HeaderExtensionUris.MID, 256, false, Map.of()),
                new RtpHeaderExtensionParameters(HeaderExtensionUris.ABS_SEND_TIME, 0, false, Map.of()),
                new RtpHeaderExtensionParameters(HeaderExtensionUris.TOFFSET, null, false, Map.of())), List.of(), null);
        assertArrayEquals(expected(), Ortc.ingressExtensionMap(p, Fixtures.router(), "video"));
    }

    @Test
    void invalidKindIsRejected() throws OrtcException {
        RtpParameters p = Fixtures.producer(Fixtures.AUDIO_OPUS);
        assertThrows(IllegalArgumentException.class, () -> Ortc.ingressExtensionMap(p, Fixtures.router(), "data"));
    }
}
