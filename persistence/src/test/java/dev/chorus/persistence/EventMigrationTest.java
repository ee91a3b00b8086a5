package dev.chorus.persistence;

import com.typesafe.config.ConfigFactory;
import dev.chorus.persistence.CborEvent;
import dev.chorus.persistence.example.NoteAdded;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The example event evolution of docs/persistence-events.md: a version 1 {@code NoteAdded} stored in CBOR (field
 * {@code note}, manifest without version) reads back as version 2 through
 * {@link dev.chorus.persistence.example.NoteAddedMigration}, with the added field at its default.
 */
class EventMigrationTest {

    /** The shape NoteAdded had in version 1, as a class of its own so the real serializer can write it. */
    record NoteAddedV1(String note) implements CborEvent {
    }

    private static ActorTestKit kit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("EventMigrationTest", ConfigFactory.parseString("""
                pekko.actor.provider = local
                pekko.serialization.jackson.migrations {
                  "dev.chorus.persistence.example.NoteAdded" = "dev.chorus.persistence.example.NoteAddedMigration"
                }
                """).withFallback(ConfigFactory.load()));
        serialization = SerializationExtension.get(kit.system().classicSystem());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void versionOneEventIsReadThroughTheMigration() {
        NoteAddedV1 old = new NoteAddedV1("hello");
        Serializer serializer = serialization.findSerializerFor(old);
        assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName(), "CborEvent binding");
        byte[] bytes = serialization.serialize(old).get();
        // what a version 1 journal row holds: these bytes, the serializer id and the unversioned class name
        Object read = serialization.deserialize(bytes, serializer.identifier(), NoteAdded.class.getName()).get();
        assertEquals(new NoteAdded("hello", false), read);
    }

    @Test
    void currentVersionIsWrittenWithItsVersionAndRoundTrips() {
        NoteAdded event = new NoteAdded("pinned note", true);
        Serializer serializer = serialization.findSerializerFor(event);
        String manifest = Serializers.manifestFor(serializer, event);
        assertEquals(NoteAdded.class.getName() + "#2", manifest);
        byte[] bytes = serialization.serialize(event).get();
        assertEquals(event, serialization.deserialize(bytes, serializer.identifier(), manifest).get());
    }
}
