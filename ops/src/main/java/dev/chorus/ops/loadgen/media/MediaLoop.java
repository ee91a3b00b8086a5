package dev.chorus.ops.loadgen.media;

import dev.chorus.ops.loadgen.rtc.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventLoop} with the media bookkeeping of the participants it hosts: their shared {@link LoopStats}
 * and their subscribers (kept after they stop, so the final report still has their streams). Snapshots are taken
 * on the loop thread and handed back as futures.
 */
public final class MediaLoop implements AutoCloseable {
    private final EventLoop loop;
    private final LoopStats stats = new LoopStats();
    private final List<Subscriber> subscribers = new ArrayList<>();

    public MediaLoop(String name) {
        this.loop = new EventLoop(name);
    }

    public void start() {
        loop.start();
    }

    public EventLoop loop() {
        return loop;
    }

    /** The loop's counters (loop thread only). */
    public LoopStats stats() {
        return stats;
    }

    /** Includes {@code s} in the loop's totals and summaries (loop thread). */
    public void addSubscriber(Subscriber s) {
        subscribers.add(s);
    }

    /** The loop's counters; see {@link LoopStats#snapshot}. */
    public CompletableFuture<LoopStats.Snapshot> snapshot(boolean resetInterval, boolean resetWindow) {
        CompletableFuture<LoopStats.Snapshot> f = new CompletableFuture<>();
        loop.execute(() -> {
            long[] totals = new long[2];
            for (Subscriber s : subscribers) {
                s.addLiveTotals(totals);
            }
            f.complete(stats.snapshot(totals[0], totals[1], resetInterval, resetWindow));
        });
        return f;
    }

    /** Every stream received on this loop, live or closed. */
    public CompletableFuture<List<StreamSummary>> streamSummaries() {
        CompletableFuture<List<StreamSummary>> f = new CompletableFuture<>();
        loop.execute(() -> {
            List<StreamSummary> all = new ArrayList<>();
            for (Subscriber s : subscribers) {
                all.addAll(s.summaries());
            }
            f.complete(all);
        });
        return f;
    }

    @Override
    public void close() {
        loop.close();
    }
}
