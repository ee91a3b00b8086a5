package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a producer's streams are layered, which decides the consumer flavour: one plain stream, several
 * simulcast streams (or one VP8/H264 stream with temporal layers), or one SVC stream. On the wire it is the
 * lower-case name ({@code "simple"}, {@code "simulcast"}, {@code "svc"}).
 */
public enum ProducerType {
    SIMPLE, SIMULCAST, SVC;

    /** The wire name: {@code "simple"}, {@code "simulcast"} or {@code "svc"}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name (case-insensitive); unknown names are rejected with IllegalArgumentException. */
    @JsonCreator
    public static ProducerType fromWireName(String name) {
        if (name != null) {
            for (ProducerType t : values()) {
                if (t.wireName().equalsIgnoreCase(name)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown producer type " + name);
    }
}
