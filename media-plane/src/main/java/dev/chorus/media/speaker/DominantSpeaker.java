package dev.chorus.media.speaker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dominant-speaker identification after Volfin &amp; Cohen, "Dominant speaker identification for multipoint
 * videoconferencing" (Computer Speech &amp; Language 27, 2013), driven by RFC 6464 audio levels instead of
 * sub-band energies.
 *
 * <p>For every speaker, speech activity is measured on three time scales (immediate, medium, long; see
 * {@link DominantSpeakerConfig} for the windows and defaults) and each measure becomes a score: the log-likelihood
 * ratio of a binomial speech model against an exponential background-noise model ({@link ActivityScores}). A
 * challenger takes the floor only when its score beats the dominant speaker's on all three scales by the
 * thresholds, so a long-time speaker keeps the floor through short pauses and a cough or a single exclamation
 * never wins (too little long-term activity); after the dominant speaker has been silent for the silence timeout
 * with no qualified challenger, there is no dominant speaker.
 *
 * <p><b>Threads:</b> confined to the room actor; not thread-safe. Time is passed in ({@code nowMs}, the room's
 * millisecond clock). Call {@link #onSummary} whenever a producer's {@link LevelSummary} arrives and
 * {@link #evaluate} on a timer (e.g. every 300 ms); read {@link #dominant()}, {@link #speaking()} and
 * {@link #history()} after it.
 *
 * <p><b>Cost:</b> a summary costs O(its sub-intervals). An evaluation scores only the speakers that had any
 * activity within the long window (plus the dominant one), O(N2 * N3) each; silent speakers, however many, cost
 * nothing (and a silent producer's {@link LevelAggregator} sends no summaries at all).
 */
public final class DominantSpeaker {
    private static final Logger log = LoggerFactory.getLogger(DominantSpeaker.class);
    private static final Comparator<SpeakerState> LOUDEST_FIRST =
        Comparator.<SpeakerState>comparingInt(s -> -s.volume).thenComparing(s -> s.id);

    private final DominantSpeakerConfig cfg;
    private final ActivityScores immediate;
    private final ActivityScores medium;
    private final ActivityScores longTerm;
    private final long maxLagSlots;
    private final long silenceSlots;
    private final Map<String, SpeakerState> speakers = new HashMap<>();
    private final ArrayList<SpeakerState> listed = new ArrayList<>();
    private final ArrayList<String> history = new ArrayList<>();
    private SpeakerState dominant;
    private boolean switched;
    private long lastSwitchMs;
    private List<SpeakerVolume> speaking = List.of();

    /** A detector with the {@linkplain DominantSpeakerConfig#defaults() default parameters}. */
    public DominantSpeaker() {
        this(DominantSpeakerConfig.defaults());
    }

    /** A detector with the given parameters. */
    public DominantSpeaker(DominantSpeakerConfig cfg) {
        this.cfg = cfg;
        this.immediate = new ActivityScores(cfg.subunits, cfg.p, cfg.lambdaImmediate, cfg.epsilon);
        this.medium = new ActivityScores(cfg.mediumSlots, cfg.p, cfg.lambdaMedium, cfg.epsilon);
        this.longTerm = new ActivityScores(cfg.longBlocks, cfg.p, cfg.lambdaLong, cfg.epsilon);
        this.maxLagSlots = cfg.maxLagMs / cfg.immediateMs;
        this.silenceSlots = (cfg.silenceTimeoutMs + cfg.immediateMs - 1) / cfg.immediateMs;
    }

    /**
     * Adds a summary of speaker {@code id} (registering the speaker on first sight) that arrived at
     * {@code nowMs}. Its sub-intervals follow the speaker's previous ones on the room's slot grid; when they would
     * start more than {@code maxLagMs} before or after the slots ending at {@code nowMs}, they are re-anchored to
     * end at {@code nowMs}, and any gap left is silence.
     *
     * @throws IllegalArgumentException when the summary's sub-interval differs from {@code immediateMs}
     */
    public void onSummary(String id, LevelSummary summary, long nowMs) {
        if (summary.subIntervalMs() != cfg.immediateMs) {
            throw new IllegalArgumentException("summary sub-interval " + summary.subIntervalMs()
                + " ms != configured " + cfg.immediateMs + " ms");
        }
        int k = summary.intervals();
        if (k == 0) {
            return;
        }
        SpeakerState s = speakers.computeIfAbsent(id, key -> new SpeakerState(key, cfg));
        long expectedStart = slot(nowMs) - k + 1;
        long start = s.cursor == SpeakerState.NONE ? expectedStart : s.cursor + 1;
        if (start < expectedStart - maxLagSlots) {
            start = expectedStart;
        } else if (start > expectedStart + maxLagSlots) {
            start = expectedStart + maxLagSlots;
        }
        // Never rewrite held slots: when summaries run ahead of real time (a burst of queued ones), the oldest
        // entries that would land on or before the cursor are dropped.
        for (long slot = Math.max(start, s.cursor + 1); slot < start + k; slot++) {
            int i = (int) (slot - start);
            s.write(slot, summary.level(i), summary.voice(i), cfg);
        }
        if (!s.listed && !s.quiet()) {
            s.listed = true;
            listed.add(s);
        }
    }

    /**
     * Runs the switch decision at {@code nowMs}: scores the non-silent speakers, lets the best qualified
     * challenger take the floor (or empties it after the silence timeout), and rebuilds {@link #speaking()}.
     *
     * @return whether {@link #dominant()} changed
     */
    public boolean evaluate(long nowMs) {
        long floorSlot = slot(nowMs) - maxLagSlots;
        for (int i = listed.size() - 1; i >= 0; i--) {
            SpeakerState s = listed.get(i);
            s.silenceUpTo(floorSlot);
            s.score(cfg);
            if (s.quiet() && s != dominant) {
                s.listed = false;
                SpeakerState last = listed.remove(listed.size() - 1);
                if (last != s) {
                    listed.set(i, last);
                }
            }
        }
        SpeakerState best = null;
        double bestMedium = 0;
        double bestLong = 0;
        for (SpeakerState c : listed) {
            if (c == dominant) {
                continue;
            }
            double d1 = immediate.logScore(c.a1) - immediate.logScore(dominant == null ? 0 : dominant.a1);
            double d2 = medium.logScore(c.a2) - medium.logScore(dominant == null ? 0 : dominant.a2);
            double d3 = longTerm.logScore(c.a3) - longTerm.logScore(dominant == null ? 0 : dominant.a3);
            boolean qualifies = d1 > cfg.c1 && d2 > cfg.c2 && d3 > cfg.c3;
            if (qualifies && (best == null || d2 > bestMedium || (d2 == bestMedium && (d3 > bestLong
                    || (d3 == bestLong && LOUDEST_FIRST.compare(c, best) < 0))))) {
                best = c;
                bestMedium = d2;
                bestLong = d3;
            }
        }
        boolean changed = false;
        boolean dominantSilent = dominant != null && slot(nowMs) - dominant.lastActiveSlot >= silenceSlots;
        if (best != null && (dominant == null || dominantSilent || !switched
                || nowMs - lastSwitchMs >= cfg.minSwitchIntervalMs)) {
            log.debug("dominant speaker {} -> {} (a={}/{}/{})", dominant == null ? null : dominant.id, best.id,
                best.a1, best.a2, best.a3);
            dominant = best;
            switched = true;
            lastSwitchMs = nowMs;
            history.remove(best.id);
            history.add(0, best.id);
            changed = true;
        } else if (dominantSilent) {
            log.debug("dominant speaker {} -> none (silent)", dominant.id);
            dominant = null;
            changed = true;
        }
        rebuildSpeaking();
        return changed;
    }

    private void rebuildSpeaking() {
        ArrayList<SpeakerState> talking = new ArrayList<>();
        for (SpeakerState s : listed) {
            if (s.a2 >= cfg.speakingMinActive) {
                talking.add(s);
            }
        }
        talking.sort(LOUDEST_FIRST);
        int n = Math.min(cfg.maxSpeaking, talking.size());
        ArrayList<SpeakerVolume> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new SpeakerVolume(talking.get(i).id, talking.get(i).volume));
        }
        speaking = Collections.unmodifiableList(out);
    }

    /**
     * Forgets speaker {@code id} (its producer closed or its peer left): it leaves the history and the speaking
     * list, and if it was dominant the floor becomes empty.
     *
     * @return whether {@link #dominant()} changed
     */
    public boolean removeSpeaker(String id) {
        SpeakerState s = speakers.remove(id);
        history.remove(id);
        if (s == null) {
            return false;
        }
        if (s.listed) {
            listed.remove(s);
            s.listed = false;
        }
        if (!speaking.isEmpty()) {
            ArrayList<SpeakerVolume> out = new ArrayList<>(speaking);
            out.removeIf(v -> v.id().equals(id));
            speaking = Collections.unmodifiableList(out);
        }
        if (s == dominant) {
            dominant = null;
            return true;
        }
        return false;
    }

    /** The dominant speaker's id, or null when there is none (nobody spoke yet, or silence). */
    public String dominant() {
        return dominant == null ? null : dominant.id;
    }

    /** The dominant speaker's recent volume in dBov as of the last {@link #evaluate}; -127 when none. */
    public int dominantVolume() {
        return dominant == null ? -AudioLevels.SILENCE : dominant.volume;
    }

    /**
     * The speakers talking as of the last {@link #evaluate} (at least {@code speakingMinActive} active slots in the
     * medium window), loudest first, at most {@code maxSpeaking}. Immutable.
     */
    public List<SpeakerVolume> speaking() {
        return speaking;
    }

    /** Speakers that have been dominant, most recently dominant first (the input of {@link LastN}). A copy. */
    public List<String> history() {
        return List.copyOf(history);
    }

    /** Number of speakers known (that sent at least one summary and were not removed). */
    public int speakerCount() {
        return speakers.size();
    }

    /** Number of speakers an evaluation currently scores (those with activity in the long window, and the dominant). */
    public int scoredCount() {
        return listed.size();
    }

    private long slot(long nowMs) {
        return Math.floorDiv(nowMs, cfg.immediateMs);
    }
}
