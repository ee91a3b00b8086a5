package dev.chorus.media.speaker;

import java.util.Arrays;

/**
 * What one audio producer's levels looked like over a run of consecutive fixed sub-intervals, oldest first: made by
 * {@link LevelAggregator#drain} on the media worker a few times a second and consumed by
 * {@link DominantSpeaker#onSummary} in the room. Immutable (the level array is copied in and out), so it can cross
 * threads and be serialized.
 *
 * @param subIntervalMs length of each sub-interval in milliseconds
 * @param levels per sub-interval, the loudest audio level seen in it in -dBov (0 = loudest .. 127 = silence);
 *     127 also when the sub-interval had no packet, only DTX packets, or only packets without a level
 * @param voiceMask bit {@code i} set when a packet of sub-interval {@code i} had the RFC 6464 V flag
 * @param loudest the smallest value in {@code levels} (127 when all are silent)
 * @param packets packets received in the covered sub-intervals
 * @param dtxPackets of those, Opus DTX packets (1–2 byte payloads)
 * @param noLevelPackets of those, packets without the audio-level extension
 */
public record LevelSummary(int subIntervalMs, byte[] levels, long voiceMask, int loudest, int packets, int dtxPackets,
                           int noLevelPackets) {
    /** At most this many sub-intervals fit in one summary (the voice mask is one {@code long}). */
    public static final int MAX_INTERVALS = 64;

    /** Validates the fields and copies {@code levels}. */
    public LevelSummary {
        if (subIntervalMs <= 0) {
            throw new IllegalArgumentException("subIntervalMs must be > 0: " + subIntervalMs);
        }
        if (levels == null || levels.length > MAX_INTERVALS) {
            throw new IllegalArgumentException("levels must hold 0.." + MAX_INTERVALS + " entries");
        }
        levels = levels.clone();
        for (byte b : levels) {
            if (b < 0) {
                throw new IllegalArgumentException("level out of range 0..127: " + b);
            }
        }
    }

    /** A copy of the per-sub-interval levels. */
    @Override
    public byte[] levels() {
        return levels.clone();
    }

    /** Number of sub-intervals covered. */
    public int intervals() {
        return levels.length;
    }

    /** Level of sub-interval {@code i} (0 = oldest) in -dBov. */
    public int level(int i) {
        return levels[i];
    }

    /** Whether sub-interval {@code i} had a packet with the V flag set. */
    public boolean voice(int i) {
        return (voiceMask >>> i & 1L) != 0;
    }

    /** True when every covered sub-interval was silent (level 127): no real speech or sound was sent. */
    public boolean silent() {
        return loudest >= AudioLevels.SILENCE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LevelSummary s && s.subIntervalMs == subIntervalMs && Arrays.equals(s.levels, levels)
            && s.voiceMask == voiceMask && s.loudest == loudest && s.packets == packets
            && s.dtxPackets == dtxPackets && s.noLevelPackets == noLevelPackets;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(levels) + Long.hashCode(voiceMask) + 17 * packets + loudest;
    }

    @Override
    public String toString() {
        return "LevelSummary[" + subIntervalMs + "ms x" + levels.length + " levels=" + Arrays.toString(levels)
            + " voice=" + Long.toHexString(voiceMask) + " loudest=" + loudest + " packets=" + packets + " dtx="
            + dtxPackets + " noLevel=" + noLevelPackets + "]";
    }
}
