package dev.chorus.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** JSON helpers for tests: literals written with single quotes, and fixtures from {@code src/test/resources}. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses {@code json}, in which single quotes stand for double quotes (keeps Java literals readable). */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #parse} for an object literal. */
    public static ObjectNode obj(String json) {
        return (ObjectNode) parse(json);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A fixture from {@code src/test/resources/fixtures/}. */
    public static ObjectNode fixture(String name) {
        try (InputStream in = Json.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
