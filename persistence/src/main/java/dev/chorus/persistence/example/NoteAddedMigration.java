package dev.chorus.persistence.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads version 1 {@link NoteAdded} events (field {@code note}) as version 2 (field {@code text}).
 *
 * <p>Bound with {@code pekko.serialization.jackson.migrations."dev.chorus.persistence.example.NoteAdded" =
 * "dev.chorus.persistence.example.NoteAddedMigration"}. The serializer then writes the manifest
 * {@code ...NoteAdded#2}; events stored without a version are version 1 and pass through {@link #transform}.
 */
public final class NoteAddedMigration extends JacksonMigration {

    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
        if (fromVersion < 2 && json instanceof ObjectNode root && root.has("note")) {
            root.set("text", root.remove("note"));
        }
        return json;
    }
}
