package dev.chorus.actors.room;

import com.typesafe.config.Config;

/**
 * The node's automatic last-N ({@code chorus.room.last-n}): a room whose {@code lastN} / {@code lastNAudio}
 * settings are unset turns last-N on once it has more than {@code autoAbove} joined peers, with these limits.
 *
 * @param autoAbove automatic last-N is off while a room has at most this many joined peers (&gt;= 0)
 * @param audio     then each subscriber receives the audio of at most this many other peers (-1: everyone's)
 * @param video     and the video of at most this many (-1: everyone's)
 */
public record LastNConfig(int autoAbove, int audio, int video) {
    /** As in the actors' reference.conf. */
    public static final LastNConfig DEFAULTS = new LastNConfig(20, 5, 9);

    /** @throws IllegalArgumentException for a value out of range */
    public LastNConfig {
        if (autoAbove < 0) {
            throw new IllegalArgumentException("chorus.room.last-n.auto-above must be >= 0: " + autoAbove);
        }
        if (audio < -1 || video < -1) {
            throw new IllegalArgumentException("chorus.room.last-n.audio and .video must be >= -1");
        }
    }

    /** Reads {@code chorus.room.last-n}. */
    public static LastNConfig from(Config config) {
        String at = "chorus.room.last-n.";
        return new LastNConfig(config.getInt(at + "auto-above"), config.getInt(at + "audio"),
                config.getInt(at + "video"));
    }
}
