package dev.chorus.actors.room;

import dev.chorus.actors.CborSerializable;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * What an operator sets for a room (persisted with {@link RoomEvent.RoomOpened} and {@link RoomEvent.SettingsChanged}).
 *
 * <p>Last-N ({@code lastN}, {@code lastNAudio}): how many other peers' video and audio each subscriber receives
 * (see {@link RoomLastN}). Each limit is either explicit — {@code 0..}{@value #MAX_PARTICIPANTS_LIMIT} applies
 * always, {@value #LAST_N_OFF} switches last-N off for that kind (everyone is forwarded) — or {@code null}:
 * automatic, off while the room has at most {@code chorus.room.last-n.auto-above} joined peers and the node's
 * default above that. {@code pinned} peers are always in every selection (hosts, moderators), even beyond the limit.
 *
 * <p>Fields added later ({@code lastNAudio}, {@code pinned}) are absent in older journal entries and read as
 * null: automatic audio limit, nobody pinned (see docs/persistence-events.md).
 *
 * @param maxParticipants at most this many joined peers (null: no limit); a further join is refused
 * @param lastN           how many peers' video each subscriber receives at most (null: automatic; -1: all)
 * @param publish         who may publish media
 * @param publishers      the peer ids allowed to publish when {@code publish} is {@link Publish#LISTED}
 * @param lastNAudio      how many peers' audio each subscriber receives at most (null: automatic; -1: all)
 * @param pinned          peer ids always selected by last-N (empty: none)
 */
public record RoomSettings(Integer maxParticipants, Integer lastN, Publish publish, List<String> publishers,
                           Integer lastNAudio, List<String> pinned)
        implements CborSerializable {

    public static final int MAX_PARTICIPANTS_LIMIT = 10_000;
    public static final int MAX_PUBLISHERS = 1_000;
    /** At most this many pinned peers: each is in every subscriber's selection. */
    public static final int MAX_PINNED = 100;
    /** The value of {@code lastN} / {@code lastNAudio} that switches last-N off for that kind. */
    public static final int LAST_N_OFF = -1;

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

    /** Settings without an audio limit of their own (automatic) and nobody pinned. */
    public RoomSettings(Integer maxParticipants, Integer lastN, Publish publish, List<String> publishers) {
        this(maxParticipants, lastN, publish, publishers, null, List.of());
    }

    /** @throws IllegalArgumentException with a message fit for an API client */
    public RoomSettings {
        if (maxParticipants != null && (maxParticipants < 1 || maxParticipants > MAX_PARTICIPANTS_LIMIT)) {
            throw new IllegalArgumentException("maxParticipants must be between 1 and " + MAX_PARTICIPANTS_LIMIT);
        }
        checkLastN("lastN", lastN);
        checkLastN("lastNAudio", lastNAudio);
        publish = publish == null ? Publish.EVERYONE : publish;
        publishers = peerIds("publishers", publishers, MAX_PUBLISHERS);
        pinned = peerIds("pinned", pinned, MAX_PINNED);
    }

    private static void checkLastN(String name, Integer value) {
        if (value != null && (value < LAST_N_OFF || value > MAX_PARTICIPANTS_LIMIT)) {
            throw new IllegalArgumentException(name + " must be between 0 and " + MAX_PARTICIPANTS_LIMIT
                    + ", -1 (off) or null (automatic)");
        }
    }

    private static List<String> peerIds(String name, List<String> ids, int max) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > max) {
            throw new IllegalArgumentException("at most " + max + " " + name);
        }
        for (String p : ids) {
            if (p == null || p.isBlank() || p.length() > 128) {
                throw new IllegalArgumentException(name + " must be non-empty peer ids of at most 128 characters");
            }
        }
        return List.copyOf(ids);
    }

    public boolean mayPublish(String peerId) {
        return switch (publish) {
            case EVERYONE -> true;
            case NOBODY -> false;
            case LISTED -> publishers.contains(peerId);
        };
    }
}
