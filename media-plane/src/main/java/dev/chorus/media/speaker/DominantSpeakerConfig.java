package dev.chorus.media.speaker;

/**
 * Parameters of {@link DominantSpeaker}, with their defaults. Immutable; build with {@link #builder()} (which starts
 * from the defaults) or take {@link #defaults()}.
 *
 * <p><b>From levels to immediate activity.</b> Each sub-interval ("slot", {@code immediateMs}, default 50 ms, the
 * same as {@link LevelAggregator#DEFAULT_SUB_INTERVAL_MS}) has a loudest level in dBov. Its activity is the number of
 * active sub-units out of {@code subunits} (N1, default 13), standing in for the paper's active frequency sub-bands:
 * {@code clamp(floor((level - noiseFloor - noiseMarginDb) / subunitDb), 0, N1)} with {@code noiseMarginDb} 6 dB and
 * {@code subunitDb} 3 dB, so a slot 15 dB above the speaker's noise floor has 3 active sub-units and one 45 dB above
 * has all 13. The noise floor is tracked per speaker within [{@code minNoiseFloorDbov}, {@code maxNoiseFloorDbov}] =
 * [-80, -40] dBov: it starts at {@code initialNoiseFloorDbov} (-60), drops at once to any quieter slot (a silent
 * slot, 127 = silence, DTX or no packet, drops it to the minimum: the sender's noise suppression is at work) and
 * otherwise rises by {@code noiseRiseDbPerSecond} (2 dB/s), so steady background noise (a fan) stops counting as
 * activity while speech, which pauses between words, stays well above it. Silent slots have activity 0. With
 * {@code useVoiceFlag} (default off: not every sender sets it) a slot without the RFC 6464 V flag has activity 0.
 *
 * <p><b>Three time scales.</b> Immediate: the newest slot, N1 sub-units. Medium: the newest {@code mediumSlots} (N2,
 * default 6, i.e. 300 ms) slots, a slot counting as active when its activity is at least
 * {@code immediateActiveThreshold} (default 4). Long: the newest {@code longBlocks} (N3, default 8, i.e. 2.4 s)
 * consecutive blocks of N2 slots, a block counting as active when it has at least {@code mediumActiveThreshold}
 * (default 3) active slots. Each count becomes a score by {@link ActivityScores} with speech probability {@code p}
 * (0.5) and noise rates {@code lambdaImmediate} 2.8, {@code lambdaMedium} 2.0, {@code lambdaLong} 3.0, floored at
 * {@code epsilon} (1e-10). With these rates every score grows with its count; the immediate score is positive from
 * 3 active sub-units, the medium score from 2 active slots and the long score from 2 active blocks, so one short
 * burst (a cough, a door) never gives a positive long score.
 *
 * <p><b>Switching.</b> A challenger replaces the dominant speaker (or fills an empty seat) only when its relative
 * scores {@code ln(score_c / score_d)} exceed {@code c1} (1.0), {@code c2} (1.0) and {@code c3} (0.0) on the
 * immediate, medium and long scales at once; of several, the one with the largest medium relative score wins. A
 * change between two speakers also needs {@code minSwitchIntervalMs} (1000 ms) since the previous switch, unless the
 * dominant speaker has been silent for the silence timeout. When the
 * dominant speaker has had no active slot for {@code silenceTimeoutMs} (3000 ms) and nobody qualifies, the seat
 * becomes empty.
 *
 * <p><b>Timing of summaries.</b> Summaries are placed on the room's own slot grid in arrival order; a gap of more
 * than {@code maxLagMs} (400 ms) between a speaker's summaries is read as silence, and a speaker is never more than
 * {@code maxLagMs} behind the room's clock when scored.
 *
 * <p><b>Speaking peers.</b> Speakers with at least {@code speakingMinActive} (2) active slots in the medium window,
 * loudest first, at most {@code maxSpeaking} (10).
 */
public final class DominantSpeakerConfig {
    private static final DominantSpeakerConfig DEFAULTS = new Builder().build();

    final int immediateMs;
    final int subunits;
    final double subunitDb;
    final double noiseMarginDb;
    final int initialNoiseFloorDbov;
    final int minNoiseFloorDbov;
    final int maxNoiseFloorDbov;
    final double noiseRiseDbPerSecond;
    final boolean useVoiceFlag;
    final int mediumSlots;
    final int longBlocks;
    final int immediateActiveThreshold;
    final int mediumActiveThreshold;
    final double p;
    final double lambdaImmediate;
    final double lambdaMedium;
    final double lambdaLong;
    final double c1;
    final double c2;
    final double c3;
    final double epsilon;
    final long minSwitchIntervalMs;
    final long silenceTimeoutMs;
    final long maxLagMs;
    final int speakingMinActive;
    final int maxSpeaking;

    private DominantSpeakerConfig(Builder b) {
        if (b.immediateMs <= 0 || b.subunits < 1 || b.mediumSlots < 1 || b.longBlocks < 1
                || b.mediumSlots * b.longBlocks > 4096) {
            throw new IllegalArgumentException("bad window sizes");
        }
        if (!(b.subunitDb > 0) || b.minNoiseFloorDbov > b.maxNoiseFloorDbov || b.maxNoiseFloorDbov > 0
                || b.minNoiseFloorDbov < -127 || b.noiseRiseDbPerSecond < 0) {
            throw new IllegalArgumentException("bad noise floor settings");
        }
        if (b.immediateActiveThreshold < 1 || b.immediateActiveThreshold > b.subunits
                || b.mediumActiveThreshold < 1 || b.mediumActiveThreshold > b.mediumSlots) {
            throw new IllegalArgumentException("activity thresholds out of range");
        }
        if (b.minSwitchIntervalMs < 0 || b.silenceTimeoutMs <= 0 || b.maxLagMs < 0 || b.maxSpeaking < 0
                || b.speakingMinActive < 1) {
            throw new IllegalArgumentException("bad timing or speaking settings");
        }
        immediateMs = b.immediateMs;
        subunits = b.subunits;
        subunitDb = b.subunitDb;
        noiseMarginDb = b.noiseMarginDb;
        initialNoiseFloorDbov = Math.max(b.minNoiseFloorDbov, Math.min(b.maxNoiseFloorDbov, b.initialNoiseFloorDbov));
        minNoiseFloorDbov = b.minNoiseFloorDbov;
        maxNoiseFloorDbov = b.maxNoiseFloorDbov;
        noiseRiseDbPerSecond = b.noiseRiseDbPerSecond;
        useVoiceFlag = b.useVoiceFlag;
        mediumSlots = b.mediumSlots;
        longBlocks = b.longBlocks;
        immediateActiveThreshold = b.immediateActiveThreshold;
        mediumActiveThreshold = b.mediumActiveThreshold;
        p = b.p;
        lambdaImmediate = b.lambdaImmediate;
        lambdaMedium = b.lambdaMedium;
        lambdaLong = b.lambdaLong;
        c1 = b.c1;
        c2 = b.c2;
        c3 = b.c3;
        epsilon = b.epsilon;
        minSwitchIntervalMs = b.minSwitchIntervalMs;
        silenceTimeoutMs = b.silenceTimeoutMs;
        maxLagMs = b.maxLagMs;
        speakingMinActive = b.speakingMinActive;
        maxSpeaking = b.maxSpeaking;
    }

    /** The defaults described above. */
    public static DominantSpeakerConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Slot length in ms; must equal the {@link LevelSummary#subIntervalMs()} of the summaries fed in. */
    public int immediateMs() {
        return immediateMs;
    }

    /** Slots in the long window (N2 * N3): the history kept per speaker. */
    public int historySlots() {
        return mediumSlots * longBlocks;
    }

    /** Builder of {@link DominantSpeakerConfig}; each setter overrides one default. */
    public static final class Builder {
        private int immediateMs = LevelAggregator.DEFAULT_SUB_INTERVAL_MS;
        private int subunits = 13;
        private double subunitDb = 3.0;
        private double noiseMarginDb = 6.0;
        private int initialNoiseFloorDbov = -60;
        private int minNoiseFloorDbov = -80;
        private int maxNoiseFloorDbov = -40;
        private double noiseRiseDbPerSecond = 2.0;
        private boolean useVoiceFlag;
        private int mediumSlots = 6;
        private int longBlocks = 8;
        private int immediateActiveThreshold = 4;
        private int mediumActiveThreshold = 3;
        private double p = 0.5;
        private double lambdaImmediate = 2.8;
        private double lambdaMedium = 2.0;
        private double lambdaLong = 3.0;
        private double c1 = 1.0;
        private double c2 = 1.0;
        private double c3 = 0.0;
        private double epsilon = 1e-10;
        private long minSwitchIntervalMs = 1000;
        private long silenceTimeoutMs = 3000;
        private long maxLagMs = 400;
        private int speakingMinActive = 2;
        private int maxSpeaking = 10;

        private Builder() {
        }

        public Builder immediateMs(int v) {
            immediateMs = v;
            return this;
        }

        public Builder subunits(int v) {
            subunits = v;
            return this;
        }

        public Builder subunitDb(double v) {
            subunitDb = v;
            return this;
        }

        public Builder noiseMarginDb(double v) {
            noiseMarginDb = v;
            return this;
        }

        /** Initial value and bounds of the tracked noise floor in dBov (negative numbers: -60, -80, -40). */
        public Builder noiseFloorDbov(int initial, int min, int max) {
            initialNoiseFloorDbov = initial;
            minNoiseFloorDbov = min;
            maxNoiseFloorDbov = max;
            return this;
        }

        public Builder noiseRiseDbPerSecond(double v) {
            noiseRiseDbPerSecond = v;
            return this;
        }

        public Builder useVoiceFlag(boolean v) {
            useVoiceFlag = v;
            return this;
        }

        /** N2 and N3: slots per medium window and medium blocks per long window. */
        public Builder windows(int mediumSlots, int longBlocks) {
            this.mediumSlots = mediumSlots;
            this.longBlocks = longBlocks;
            return this;
        }

        /** Activity needed for a slot to count as active (of N1), and for a block (of N2 slots). */
        public Builder activeThresholds(int immediate, int medium) {
            immediateActiveThreshold = immediate;
            mediumActiveThreshold = medium;
            return this;
        }

        /** Speech probability of a sub-unit and the noise rates of the three scales. */
        public Builder model(double p, double lambdaImmediate, double lambdaMedium, double lambdaLong) {
            this.p = p;
            this.lambdaImmediate = lambdaImmediate;
            this.lambdaMedium = lambdaMedium;
            this.lambdaLong = lambdaLong;
            return this;
        }

        /** Switch thresholds on the immediate, medium and long relative scores. */
        public Builder switchThresholds(double c1, double c2, double c3) {
            this.c1 = c1;
            this.c2 = c2;
            this.c3 = c3;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder minSwitchIntervalMs(long v) {
            minSwitchIntervalMs = v;
            return this;
        }

        public Builder silenceTimeoutMs(long v) {
            silenceTimeoutMs = v;
            return this;
        }

        public Builder maxLagMs(long v) {
            maxLagMs = v;
            return this;
        }

        public Builder speaking(int minActiveSlots, int maxSpeaking) {
            speakingMinActive = minActiveSlots;
            this.maxSpeaking = maxSpeaking;
            return this;
        }

        public DominantSpeakerConfig build() {
            return new DominantSpeakerConfig(this);
        }
    }
}
