package dev.chorus.media.speaker;

/**
 * One speaker's history inside {@link DominantSpeaker}: rings of per-slot activity (active sub-units, 0..N1) and
 * level (-dBov) over the long window, positioned on the room's slot grid, plus its noise floor and the scores of
 * the last evaluation. Confined to the room actor.
 */
final class SpeakerState {
    static final long NONE = Long.MIN_VALUE / 4;

    final String id;
    private final byte[] activity;
    private final byte[] level;
    /** Room slot index of the newest slot held (written or read as silence); NONE before the first summary. */
    long cursor = NONE;
    /** Newest slot with activity > 0. */
    long lastNonZeroSlot = NONE;
    /** Newest slot with activity >= the immediate active threshold. */
    long lastActiveSlot = NONE;
    /** Noise floor as loudness: dB above -127 dBov (i.e. 127 + dBov). */
    private double noiseFloor;
    /** Whether the speaker is in DominantSpeaker's list of speakers to score. */
    boolean listed;

    /** Immediate activity (sub-units), medium activity (active slots) and long activity (active blocks). */
    int a1;
    int a2;
    int a3;
    /** Mean recent level in dBov, -127 when silent. */
    int volume = -AudioLevels.SILENCE;

    SpeakerState(String id, DominantSpeakerConfig cfg) {
        this.id = id;
        this.activity = new byte[cfg.historySlots()];
        this.level = new byte[cfg.historySlots()];
        java.util.Arrays.fill(level, (byte) AudioLevels.SILENCE);
        this.noiseFloor = AudioLevels.SILENCE + cfg.initialNoiseFloorDbov;
    }

    private int index(long slot) {
        return (int) Math.floorMod(slot, (long) activity.length);
    }

    /** Marks slots {@code cursor+1 .. toSlot} as silent and moves the cursor there (no-op if not ahead). */
    void silenceUpTo(long toSlot) {
        if (toSlot <= cursor) {
            return;
        }
        long from = cursor == NONE ? toSlot - activity.length + 1 : cursor + 1;
        if (toSlot - from + 1 >= activity.length) {
            java.util.Arrays.fill(activity, (byte) 0);
            java.util.Arrays.fill(level, (byte) AudioLevels.SILENCE);
        } else {
            for (long s = from; s <= toSlot; s++) {
                int i = index(s);
                activity[i] = 0;
                level[i] = (byte) AudioLevels.SILENCE;
            }
        }
        cursor = toSlot;
    }

    /** Writes one slot (its level in -dBov and V flag); {@code slot} must be {@code > cursor}. */
    void write(long slot, int levelDbov, boolean voice, DominantSpeakerConfig cfg) {
        silenceUpTo(slot - 1);
        double minFloor = AudioLevels.SILENCE + cfg.minNoiseFloorDbov;
        double maxFloor = AudioLevels.SILENCE + cfg.maxNoiseFloorDbov;
        double loudness = AudioLevels.SILENCE - levelDbov;
        double target = Math.max(minFloor, Math.min(maxFloor, levelDbov >= AudioLevels.SILENCE ? minFloor : loudness));
        if (target < noiseFloor) {
            noiseFloor = target;
        }
        int a = 0;
        if (levelDbov < AudioLevels.SILENCE && (!cfg.useVoiceFlag || voice)) {
            a = (int) Math.floor((loudness - noiseFloor - cfg.noiseMarginDb) / cfg.subunitDb);
            a = Math.max(0, Math.min(cfg.subunits, a));
        }
        if (target > noiseFloor) {
            noiseFloor = Math.min(maxFloor, noiseFloor + cfg.noiseRiseDbPerSecond * cfg.immediateMs / 1000.0);
        }
        int i = index(slot);
        activity[i] = (byte) a;
        level[i] = (byte) levelDbov;
        cursor = slot;
        if (a > 0) {
            lastNonZeroSlot = slot;
        }
        if (a >= cfg.immediateActiveThreshold) {
            lastActiveSlot = slot;
        }
    }

    /** True when no slot of the held long window has any activity. */
    boolean quiet() {
        return cursor == NONE || lastNonZeroSlot <= cursor - activity.length;
    }

    /** Noise floor in dBov. */
    double noiseFloorDbov() {
        return noiseFloor - AudioLevels.SILENCE;
    }

    /** Recomputes {@link #a1}, {@link #a2}, {@link #a3} and {@link #volume} from the window ending at the cursor. */
    void score(DominantSpeakerConfig cfg) {
        a1 = 0;
        a2 = 0;
        a3 = 0;
        volume = -AudioLevels.SILENCE;
        if (quiet()) {
            return;
        }
        int n2 = cfg.mediumSlots;
        int threshold = cfg.immediateActiveThreshold;
        a1 = activity[index(cursor)];
        long levelSum = 0;
        int levelCount = 0;
        for (int b = 0; b < cfg.longBlocks; b++) {
            int active = 0;
            long newest = cursor - (long) b * n2;
            for (int j = 0; j < n2; j++) {
                int i = index(newest - j);
                if (activity[i] >= threshold) {
                    active++;
                }
                if (b == 0 && level[i] < AudioLevels.SILENCE) {
                    levelSum += level[i];
                    levelCount++;
                }
            }
            if (b == 0) {
                a2 = active;
            }
            if (active >= cfg.mediumActiveThreshold) {
                a3++;
            }
        }
        if (levelCount > 0) {
            volume = (int) -Math.round((double) levelSum / levelCount);
        }
    }
}
