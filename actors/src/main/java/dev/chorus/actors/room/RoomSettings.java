package dev.chorus.actors.room;

import dev.chorus.actors.CborSerializable;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * What an operator sets for a room (persisted with {@link RoomEvent.RoomOpened} and {@link RoomEvent.SettingsChanged}).
 *
 * @param maxParticipants at most this many joined peers (null: no limit); a further join is refused
 * @param lastN           how many video streams each subscriber receives at most (null: all); see the last-N feature
 * @param publish         who may publish media
 * @param publishers      the peer ids allowed to publish when {@code publish} is {@link Publish#LISTED}
 */
public record RoomSettings(Integer maxParticipants, Integer lastN, Publish publish, List<String> publishers)
        implements CborSerializable {

    public static final int MAX_PARTICIPANTS_LIMIT = 10_000;
    public static final int MAX_PUBLISHERS = 1_000;

    /** Who may publish in a room; written in lower case (as in the REST API and the history tables). */
    public enum Publish {
        EVERYONE, LISTED, NOBODY;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Publish of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public static final RoomSettings DEFAULT = new RoomSettings(null, null, Publish.EVERYONE, List.of());

    /** @throws IllegalArgumentException with a message fit for an API client */
    public RoomSettings {
        if (maxParticipants != null && (maxParticipants < 1 || maxParticipants > MAX_PARTICIPANTS_LIMIT)) {
            throw new IllegalArgumentException("maxParticipants must be between 1 and " + MAX_PARTICIPANTS_LIMIT);
        }
        if (lastN != null && (lastN < 0 || lastN > MAX_PARTICIPANTS_LIMIT)) {
            throw new IllegalArgumentException("lastN must be between 0 and " + MAX_PARTICIPANTS_LIMIT);
        }
        publish = publish == null ? Publish.EVERYONE : publish;
        publishers = publishers == null ? List.of() : List.copyOf(publishers);
        if (publishers.size() > MAX_PUBLISHERS) {
            throw new IllegalArgumentException("at most " + MAX_PUBLISHERS + " publishers");
        }
        for (String p : publishers) {
            if (p == null || p.isBlank() || p.length() > 128) {
                throw new IllegalArgumentException("publishers must be non-empty peer ids of at most 128 characters");
            }
        }
    }

    public boolean mayPublish(String peerId) {
        return switch (publish) {
            case EVERYONE -> true;
            case NOBODY -> false;
            case LISTED -> publishers.contains(peerId);
        };
    }
}
