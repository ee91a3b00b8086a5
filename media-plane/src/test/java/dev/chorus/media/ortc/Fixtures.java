package dev.chorus.media.ortc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.random.RandomGenerator;

/** Loads the JSON fixtures under {@code src/test/resources/ortc/} and builds common test inputs. */
final class Fixtures {
    static final String AUDIO_OPUS = "producer-audio-opus.json";
    static final String VIDEO_VP8 = "producer-video-vp8.json";
    static final String VIDEO_VP8_SIMULCAST = "producer-video-vp8-simulcast.json";
    static final String VIDEO_H264 = "producer-video-h264.json";

    private Fixtures() {
    }

    static JsonNode json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ortc/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return OrtcJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inline JSON written with single quotes for readability. */
    static JsonNode inline(String text) {
        try {
            return OrtcJson.mapper().readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A record as the client will read it: serialized and parsed again, so numbers compare by value
     * (a {@code Long} 5 and a parsed {@code 5} are equal).
     */
    static JsonNode wire(Object record) {
        try {
            return OrtcJson.mapper().readTree(OrtcJson.mapper().writeValueAsString(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture as an object tree that a test may modify. */
    static ObjectNode mutable(String name) {
        return (ObjectNode) json(name).deepCopy();
    }

    static RtpCapabilities router() {
        return Ortc.routerCapabilities(RouterCodecs.defaults());
    }

    static RtpCapabilities device() throws OrtcException {
        return OrtcJson.readCapabilities(json("device-chrome.json"));
    }

    static String kindOf(String fixture) {
        return fixture.startsWith("producer-audio") ? "audio" : "video";
    }

    /** Read and validated producer parameters of a fixture. */
    static RtpParameters producer(String name) throws OrtcException {
        return producer(json(name), kindOf(name));
    }

    static RtpParameters producer(JsonNode node, String kind) throws OrtcException {
        return Ortc.validateRtpParameters(OrtcJson.readRtpParameters(node), kind);
    }

    /** A RandomGenerator whose nextLong(origin, bound) always answers {@code value} (checked to be in range). */
    static RandomGenerator fixed(long value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public long nextLong(long origin, long bound) {
                if (value < origin || value >= bound) {
                    throw new AssertionError(value + " outside [" + origin + ", " + bound + ")");
                }
                return value;
            }
        };
    }

    /** A RandomGenerator whose nextLong(origin, bound) answers the lowest or the highest allowed value. */
    static RandomGenerator extreme(boolean highest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long origin, long bound) {
                return highest ? bound - 1 : origin;
            }
        };
    }
}
