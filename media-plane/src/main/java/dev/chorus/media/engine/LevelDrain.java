package dev.chorus.media.engine;

import dev.chorus.media.speaker.LevelSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Collects the audio-level summaries of every audio producer whose media enters this node
 * ({@link Producer#levels}), for {@link dev.chorus.media.api.MediaPlane#drainAudioLevels()}.
 *
 * <p>One command per media worker drains that worker's producers on the worker (the aggregators are confined to
 * it); the per-worker maps are merged on {@code completion}, never on a media thread, so whatever the caller
 * chains on the result does not run on a media worker either. Pipe producers have no aggregator, so a producer
 * piped to other nodes is reported once, by its home node.
 */
final class LevelDrain {
    private final MediaWorker[] workers;
    private final Executor completion;
    private final LongSupplier clock;

    LevelDrain(MediaWorker[] workers, Executor completion, LongSupplier clock) {
        this.workers = workers;
        this.completion = completion;
        this.clock = clock;
    }

    /** Drains every worker; the stage completes (on {@code completion}) with router id → producer id → summary. */
    CompletionStage<Map<String, Map<String, LevelSummary>>> drain() {
        List<CompletableFuture<Map<String, Map<String, LevelSummary>>>> parts = new ArrayList<>(workers.length);
        for (MediaWorker w : workers) {
            parts.add(WorkerCalls.on(w, () -> drainWorker(w)).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApplyAsync(ignored -> {
            Map<String, Map<String, LevelSummary>> all = new HashMap<>();
            for (CompletableFuture<Map<String, Map<String, LevelSummary>>> f : parts) {
                f.join().forEach((router, levels) -> all.merge(router, levels, (a, b) -> {
                    Map<String, LevelSummary> m = new HashMap<>(a);
                    m.putAll(b);
                    return m;
                }));
            }
            return all;
        }, completion);
    }

    /** On worker {@code w}: the non-null summaries of its producers, by router. */
    private Map<String, Map<String, LevelSummary>> drainWorker(MediaWorker w) {
        long nowMs = clock.getAsLong();
        Map<String, Map<String, LevelSummary>> out = new HashMap<>();
        for (Router r : w.routers()) {
            if (r.closed) {
                continue;
            }
            for (WebRtcTransport t : r.transports) {
                for (Producer p : t.producers) {
                    if (p.levels == null || p.closed) {
                        continue;
                    }
                    LevelSummary s = p.levels.drain(nowMs);
                    if (s != null) {
                        out.computeIfAbsent(r.id, k -> new HashMap<>()).put(p.id, s);
                    }
                }
            }
        }
        return out;
    }
}
