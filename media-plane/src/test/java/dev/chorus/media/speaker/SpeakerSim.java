package dev.chorus.media.speaker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives {@link DominantSpeaker} the way the engine and the room will: every speaker's scripted levels go through
 * a real {@link LevelAggregator} as 20 ms packets, drains every {@code reportMs} become summaries (nulls are not
 * sent), and the room evaluates every {@code evalMs}. All time is simulated.
 */
final class SpeakerSim {
    /** Level in -dBov at a time; 127 = silence, {@link #NO_PACKET} = nothing sent. */
    interface Script {
        int NO_PACKET = -1;

        int level(long tMs);

        /** The louder of two scripts at each instant. */
        default Script and(Script other) {
            return t -> {
                int a = level(t);
                int b = other.level(t);
                if (a == NO_PACKET) {
                    return b;
                }
                return b == NO_PACKET ? a : Math.min(a, b);
            };
        }
    }

    /** Digital silence in every packet. */
    static Script silence() {
        return t -> 127;
    }

    /** Speech at {@code dbov} (e.g. 25 for -25 dBov) in [from, to): 350 ms talk, 100 ms pause, repeating. */
    static Script speech(long from, long to, int dbov) {
        return t -> t >= from && t < to && (t - from) % 450 < 350 ? dbov : 127;
    }

    /** An uninterrupted sound at {@code dbov} in [from, to). */
    static Script burst(long from, long to, int dbov) {
        return t -> t >= from && t < to ? dbov : 127;
    }

    /** One dominant-speaker change: at {@code timeMs}, {@code id} (null = none) took the floor. */
    record Change(long timeMs, String id) {
    }

    final DominantSpeaker detector;
    final long reportMs;
    final long evalMs;
    private final Map<String, Script> scripts = new LinkedHashMap<>();
    private final Map<String, LevelAggregator> aggregators = new LinkedHashMap<>();
    final List<Change> changes = new ArrayList<>();
    long now;
    int summaries;

    SpeakerSim(DominantSpeaker detector, long reportMs, long evalMs) {
        this.detector = detector;
        this.reportMs = reportMs;
        this.evalMs = evalMs;
    }

    SpeakerSim(DominantSpeakerConfig cfg) {
        this(new DominantSpeaker(cfg), 200, 300);
    }

    SpeakerSim() {
        this(DominantSpeakerConfig.defaults());
    }

    SpeakerSim speaker(String id, Script script) {
        scripts.put(id, script);
        LevelAggregator agg = new LevelAggregator();
        agg.drain(now);
        aggregators.put(id, agg);
        return this;
    }

    void remove(String id) {
        scripts.remove(id);
        aggregators.remove(id);
        if (detector.removeSpeaker(id)) {
            changes.add(new Change(now, detector.dominant()));
        }
    }

    /** Runs in 10 ms steps until {@code untilMs}. */
    SpeakerSim runUntil(long untilMs) {
        for (; now < untilMs; now += 10) {
            if (now % 20 == 0) {
                for (Map.Entry<String, Script> e : scripts.entrySet()) {
                    int level = e.getValue().level(now);
                    if (level != Script.NO_PACKET) {
                        aggregators.get(e.getKey()).onPacket(level < 127 ? 0x80 | level : level, false, now);
                    }
                }
            }
            if (now % reportMs == 0) {
                for (Map.Entry<String, LevelAggregator> e : aggregators.entrySet()) {
                    LevelSummary s = e.getValue().drain(now);
                    if (s != null) {
                        summaries++;
                        detector.onSummary(e.getKey(), s, now);
                    }
                }
            }
            if (now % evalMs == 0 && detector.evaluate(now)) {
                changes.add(new Change(now, detector.dominant()));
            }
        }
        return this;
    }

    /** The time {@code id} (null = none) first took the floor at or after {@code fromMs}, or -1. */
    long firstChangeTo(String id, long fromMs) {
        for (Change c : changes) {
            if (c.timeMs() >= fromMs && java.util.Objects.equals(c.id(), id)) {
                return c.timeMs();
            }
        }
        return -1;
    }

    /** The changes within [fromMs, toMs). */
    List<Change> changesBetween(long fromMs, long toMs) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            if (c.timeMs() >= fromMs && c.timeMs() < toMs) {
                out.add(c);
            }
        }
        return out;
    }
}
