package dev.chorus.actors.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Journal compatibility of {@link RoomSettings}: events and snapshots written before {@code lastNAudio} and
 * {@code pinned} existed still read, with the defaults those fields stand for (automatic audio limit, nobody
 * pinned). The "old" bytes are what the CBOR serializer writes for the same settings, with the new fields removed
 * from the stored map — exactly what an older node wrote, since the other fields and the manifest are unchanged.
 */
class RoomSettingsCompatTest {
    private static final Instant AT = Instant.parse("2026-11-22T10:00:01.250Z");
    private static final RoomSettings OLD_SHAPE = new RoomSettings(25, 4, RoomSettings.Publish.LISTED, List.of("p"));
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("RoomSettingsCompatTest");
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** The stored form of each record, and where its settings map sits in it. */
    static Stream<Arguments> storedForms() {
        return Stream.of(
            row(new RoomEvent.SettingsChanged(OLD_SHAPE, AT), t -> t.get("settings"),
                    e -> ((RoomEvent.SettingsChanged) e).settings()),
            row(new RoomEvent.RoomOpened("r", OLD_SHAPE, "api", AT), t -> t.get("settings"),
                    e -> ((RoomEvent.RoomOpened) e).settings()),
            row(new RoomState(true, OLD_SHAPE, "api", AT, Map.of(), Map.of()), t -> t.get("settings"),
                    e -> ((RoomState) e).settings()));
    }

    private static Arguments row(Object stored, Function<JsonNode, JsonNode> settingsOf,
                                 Function<Object, RoomSettings> read) {
        return Arguments.of(Named.of(stored.getClass().getSimpleName(), stored), settingsOf, read);
    }

    @ParameterizedTest
    @MethodSource("storedForms")
    void anEntryWrittenBeforeTheLastNFieldsReadsWithTheirDefaults(Object stored,
            Function<JsonNode, JsonNode> settingsOf, Function<Object, RoomSettings> read) throws Exception {
        Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
        Serializer serializer = serialization.findSerializerFor(stored);
        String manifest = Serializers.manifestFor(serializer, stored);
        byte[] current = serialization.serialize(stored).get();

        ObjectMapper cbor = new ObjectMapper(new CBORFactory())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        JsonNode tree = cbor.readTree(current);
        ObjectNode settings = (ObjectNode) settingsOf.apply(tree);
        assertTrue(settings.has("lastNAudio") && settings.has("pinned"), () -> "written today: " + settings);
        settings.remove(List.of("lastNAudio", "pinned"));
        byte[] old = cbor.writeValueAsBytes(tree);

        Object back = serialization.deserialize(old, serializer.identifier(), manifest).get();
        assertEquals(stored.getClass(), back.getClass());
        RoomSettings s = read.apply(back);
        assertEquals(OLD_SHAPE, s);
        assertNull(s.lastNAudio(), "no audio limit of its own: automatic");
        assertEquals(List.of(), s.pinned(), "nobody pinned");
        assertEquals(4, s.lastN(), "the video limit is read as before");
        assertEquals(stored, back, "nothing else changed");
    }

    @Test
    void theNewFieldsRoundTrip() {
        RoomSettings full = new RoomSettings(null, RoomSettings.LAST_N_OFF, RoomSettings.Publish.EVERYONE, List.of(),
                3, List.of("host", "moderator"));
        Object stored = new RoomEvent.SettingsChanged(full, AT);
        Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
        Object back = serialization.deserialize(serialization.serialize(stored).get(),
                serialization.findSerializerFor(stored).identifier(),
                Serializers.manifestFor(serialization.findSerializerFor(stored), stored)).get();
        assertEquals(stored, back);
    }

    @Test
    void lastNValuesAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new RoomSettings(null, -2, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RoomSettings(null, null, null, null, 10_001, null));
        assertThrows(IllegalArgumentException.class,
                () -> new RoomSettings(null, null, null, null, null, List.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> new RoomSettings(null, null, null, null, null,
                java.util.Collections.nCopies(RoomSettings.MAX_PINNED + 1, "p")));
        RoomSettings off = new RoomSettings(null, -1, null, null, -1, null);
        assertEquals(RoomSettings.LAST_N_OFF, off.lastN());
        assertFalse(off.pinned() == null);
    }
}
