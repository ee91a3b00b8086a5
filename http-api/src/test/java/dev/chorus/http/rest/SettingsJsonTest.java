package dev.chorus.http.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.actors.room.RoomSettings;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Room settings in the REST JSON: the last-N fields read over a base, written back, and refused when invalid. */
class SettingsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoomSettings BASE = new RoomSettings(10, 4, RoomSettings.Publish.EVERYONE, List.of(), 2,
            List.of("host"));

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static Stream<Arguments> reads() {
        return Stream.of(
            Arguments.of("{}", 4, 2, List.of("host")),
            Arguments.of("{'lastN':null,'lastNAudio':null}", null, null, List.of("host")),
            Arguments.of("{'lastN':-1,'lastNAudio':-1}", -1, -1, List.of("host")),
            Arguments.of("{'lastNAudio':0,'pinned':[]}", 4, 0, List.of()),
            Arguments.of("{'pinned':['a','b']}", 4, 2, List.of("a", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void readsOverTheBase(String body, Integer lastN, Integer lastNAudio, List<String> pinned) {
        RoomSettings s = SettingsJson.read(json(body), BASE, Set.of());
        assertEquals(lastN, s.lastN());
        assertEquals(lastNAudio, s.lastNAudio());
        assertEquals(pinned, s.pinned());
        assertEquals(10, s.maxParticipants(), "untouched fields keep their value");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
            Arguments.of("{'lastN':-2}", "lastN must be between 0 and 10000, -1 (off) or null"),
            Arguments.of("{'lastNAudio':10001}", "lastNAudio must be between"),
            Arguments.of("{'lastNAudio':'five'}", "lastNAudio must be an integer or null"),
            Arguments.of("{'lastNAudio':1.5}", "lastNAudio must be an integer or null"),
            Arguments.of("{'pinned':'host'}", "pinned must be an array of peer ids"),
            Arguments.of("{'pinned':[3]}", "pinned must be an array of peer ids"),
            Arguments.of("{'pinned':['']}", "pinned must be non-empty peer ids"),
            Arguments.of("{'pinned':null}", "pinned must be an array of peer ids"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void badValuesAreRefusedWithAReason(String body, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsJson.read(json(body), RoomSettings.DEFAULT, Set.of()));
        assertTrue(e.getMessage().contains(reason), () -> "'" + e.getMessage() + "' lacks '" + reason + "'");
    }

    @Test
    void tooManyPinnedPeersAreRefused() {
        StringBuilder b = new StringBuilder("{'pinned':[");
        for (int i = 0; i <= RoomSettings.MAX_PINNED; i++) {
            b.append(i == 0 ? "" : ",").append("'p").append(i).append('\'');
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsJson.read(json(b + "]}"), RoomSettings.DEFAULT, Set.of()));
        assertEquals("at most " + RoomSettings.MAX_PINNED + " pinned", e.getMessage());
    }

    @Test
    void writesEveryField() {
        assertEquals(json("{'maxParticipants':10,'lastN':4,'lastNAudio':2,'publish':'everyone','publishers':[],"
                + "'pinned':['host']}"), SettingsJson.write(BASE));
        assertEquals(json("{'maxParticipants':null,'lastN':null,'lastNAudio':null,'publish':'everyone',"
                + "'publishers':[],'pinned':[]}"), SettingsJson.write(RoomSettings.DEFAULT));
    }
}
