package dev.chorus.ops.loadgen;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The load scenarios: who publishes what and who subscribes, and how many received streams a complete run has.
 *
 * <ul>
 *   <li>{@code grid}: everyone publishes audio and video and receives everybody else (a video meeting).</li>
 *   <li>{@code audio}: everyone publishes audio only and receives everybody else's audio, subject to the room's
 *       audio last-N when one is set.</li>
 *   <li>{@code livestream}: participant 0 publishes audio and video, everyone else only watches.</li>
 *   <li>{@code churn}: a grid whose participants leave and are replaced at a steady rate.</li>
 * </ul>
 */
public enum Scenario {
    GRID, AUDIO, LIVESTREAM, CHURN;

    /** What one participant does. */
    public record Role(boolean audio, boolean video, boolean subscribe) {
        public boolean publishes() {
            return audio || video;
        }
    }

    public static Scenario parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + s + "' (grid, audio, livestream, churn)");
        }
    }

    /** The role of participant {@code index} (0-based); {@code video} is false with {@code --no-video}. */
    public Role role(int index, boolean video) {
        return switch (this) {
            case GRID, CHURN -> new Role(true, video, true);
            case AUDIO -> new Role(true, false, true);
            case LIVESTREAM -> index == 0 ? new Role(true, video, false) : new Role(false, false, true);
        };
    }

    /**
     * Streams every subscriber together should receive once all {@code n} participants are in, or empty when
     * the scenario does not fix it: churn, and any room whose last-N limit for a published kind pauses some
     * consumers on purpose.
     *
     * @param videoLimited the room has a video last-N limit
     * @param audioLimited the room has an audio last-N limit
     */
    public OptionalLong expectedStreams(int n, boolean video, boolean videoLimited, boolean audioLimited) {
        boolean publishesVideo = video && this != AUDIO;
        if (this == CHURN || audioLimited || (publishesVideo && videoLimited)) {
            return OptionalLong.empty();
        }
        int kinds = publishesVideo ? 2 : 1;
        return switch (this) {
            case GRID, AUDIO -> OptionalLong.of((long) n * (n - 1) * kinds);
            case LIVESTREAM -> OptionalLong.of((long) (n - 1) * kinds);
            case CHURN -> OptionalLong.empty();
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
