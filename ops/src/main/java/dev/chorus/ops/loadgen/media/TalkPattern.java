package dev.chorus.ops.loadgen.media;

/**
 * Who is talking when, so active-speaker detection and audio last-N have something to work with: {@code speakers}
 * participants talk at a time and the turn moves on to the next ones every {@code turnMs}. A talker's level
 * follows a syllable-like envelope around -25 dBov with the voice flag set; everybody else sends background noise
 * around -85 dBov. A pure function of the participant's index and the time.
 */
public final class TalkPattern {
    private final int speakers;
    private final long turnMs;

    /** @param speakers participants talking at once (0: nobody talks) */
    public TalkPattern(int speakers, long turnMs) {
        if (speakers < 0 || turnMs <= 0) {
            throw new IllegalArgumentException("speakers >= 0 and turnMs > 0 required");
        }
        this.speakers = speakers;
        this.turnMs = turnMs;
    }

    /** Whether participant {@code index} of {@code count} talks at {@code nowMs}. */
    public boolean talking(int index, int count, long nowMs) {
        if (speakers == 0 || count <= 0) {
            return false;
        }
        if (speakers >= count) {
            return true;
        }
        long turn = Math.floorDiv(nowMs, turnMs);
        long first = Math.floorMod(turn * speakers, count);
        long offset = Math.floorMod(index - first, count);
        return offset < speakers;
    }

    /**
     * The RFC 6464 byte for participant {@code index} of {@code count} at {@code nowMs}: bit 7 = voice, low 7 bits
     * = level in -dBov (0 loudest, 127 silence).
     */
    public int audioLevel(int index, int count, long nowMs) {
        if (talking(index, count, nowMs)) {
            int phase = (int) Math.floorMod(nowMs / 20, 10L);
            int level = 20 + Math.abs(phase - 5) * 2;
            return 0x80 | level;
        }
        return 80 + (int) Math.floorMod(nowMs / 20 + index, 10L);
    }
}
