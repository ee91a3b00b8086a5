package dev.chorus.ops.loadgen;

import dev.chorus.ops.loadgen.media.LoopStats;
import dev.chorus.ops.loadgen.media.MediaLoop;
import dev.chorus.ops.loadgen.media.StreamSummary;
import dev.chorus.ops.loadgen.media.TalkPattern;
import dev.chorus.ops.loadgen.metrics.MetricsScraper;
import dev.chorus.ops.loadgen.report.LoadReport;
import dev.chorus.ops.loadgen.report.ProgressLine;
import dev.chorus.ops.loadgen.rtc.DtlsHandshakes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One load-generator run: scrape the server's metrics (baseline), set up the room, start the participants at the
 * ramp-up rate, wait for their joins, warm up, then measure over the window (metrics and client counters at its
 * start and end; churn meanwhile), print a progress line every few seconds, and finally let everyone leave and
 * build the {@link LoadReport}. The calling thread drives the schedule; media runs on the event loops, signaling
 * on a small executor.
 */
public final class LoadRun implements AutoCloseable {
    /** A join that has not completed this long after the ramp is counted as failed. */
    static final Duration JOIN_GRACE = Duration.ofSeconds(45);

    private final LoadgenOptions o;
    private final PrintStream out;
    private final ExecutorService signaling;
    private final HttpClient http;
    private final DtlsHandshakes dtls;
    private final MediaLoop[] loops;
    private final RunContext ctx;
    private final MetricsScraper scraper;
    private final List<Participant> started = new ArrayList<>();
    private final Deque<Participant> live = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> joins = new ArrayList<>();
    private long runStartNanos;
    private long lastProgressNanos;
    private LoopStats.Snapshot lastProgress = LoopStats.Snapshot.empty();

    public LoadRun(LoadgenOptions options, PrintStream out) {
        this.o = options;
        this.out = out;
        AtomicInteger n = new AtomicInteger();
        this.signaling = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "loadgen-signaling-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().executor(signaling).connectTimeout(Duration.ofSeconds(10)).build();
        this.dtls = new DtlsHandshakes(options.dtlsThreads());
        this.loops = new MediaLoop[options.loops()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new MediaLoop("loadgen-loop-" + i);
        }
        int speakers = Math.min(options.speakers(), options.participants());
        this.ctx = new RunContext(options, http, dtls, new TalkPattern(speakers, options.talkTurn().toMillis()),
                new NotificationCounts());
        this.scraper = new MetricsScraper(http, options.metrics());
    }

    /** Runs the scenario and returns what it measured. */
    public LoadReport run() throws IOException, InterruptedException {
        DtlsHandshakes.warmUpSrtp();
        MetricsScraper.Scrape baseline = scraper.scrape();
        RoomSetup room = RoomSetup.apply(http, o);
        try {
            for (MediaLoop l : loops) {
                l.start();
            }
            runStartNanos = System.nanoTime();
            lastProgressNanos = runStartNanos;
            for (int i = 0; i < o.participants(); i++) {
                waitUntil(runStartNanos + (long) (i * 1e9 / o.rampUp()));
                startParticipant(i);
            }
            awaitJoins();
            waitUntil(System.nanoTime() + o.warmup().toNanos());

            MetricsScraper.Scrape windowStart = scraper.scrape();
            LoopStats.Snapshot c0 = snapshot(true, true);
            lastProgress = c0;
            long t0 = System.nanoTime();
            lastProgressNanos = t0;
            window(t0);
            MetricsScraper.Scrape windowEnd = scraper.scrape();
            LoopStats.Snapshot c1 = snapshot(true, false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<StreamSummary> streams = summaries();
            LoadReport report = new ReportBuilder(o, ctx.notifications().snapshot()).build(started, live, c0, c1,
                    seconds, streams, baseline, windowStart, windowEnd);
            leaveAll();
            return report;
        } finally {
            room.close();
        }
    }

    private void startParticipant(int index) {
        int slot = index % o.participants();
        Scenario.Role role = o.scenario().role(slot, o.video());
        Participant p = new Participant("p" + index, slot, role, loops[index % loops.length], ctx);
        started.add(p);
        live.add(p);
        joins.add(p.join());
    }

    private void awaitJoins() throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(joins.stream()
                .map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + JOIN_GRACE.toNanos();
        while (!all.isDone() && System.nanoTime() < deadline) {
            waitUntil(Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    /** The measurement window: progress lines, and for churn one participant replaced every 1/rate seconds. */
    private void window(long t0) throws InterruptedException {
        long end = t0 + o.duration().toNanos();
        boolean churn = o.scenario() == Scenario.CHURN;
        long churnPeriod = (long) (1e9 / o.churnRate());
        long nextChurn = t0 + churnPeriod;
        int nextIndex = o.participants();
        while (System.nanoTime() < end) {
            long until = churn ? Math.min(nextChurn, end) : end;
            waitUntil(until);
            if (churn && System.nanoTime() >= nextChurn && System.nanoTime() < end) {
                Participant leaving = live.poll();
                if (leaving != null) {
                    leaving.leave();
                }
                startParticipant(nextIndex++);
                nextChurn += churnPeriod;
            }
        }
    }

    /** Sleeps until {@code deadlineNanos}, printing a progress line whenever one is due. */
    private void waitUntil(long deadlineNanos) throws InterruptedException {
        long interval = o.progress().toNanos();
        while (true) {
            long now = System.nanoTime();
            if (now - lastProgressNanos >= interval) {
                progress(now);
                continue;
            }
            long wake = Math.min(deadlineNanos, lastProgressNanos + interval);
            if (wake - now <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(wake - now);
            if (System.nanoTime() >= deadlineNanos) {
                return;
            }
        }
    }

    private void progress(long now) throws InterruptedException {
        LoopStats.Snapshot s = snapshot(true, false);
        int joined = 0;
        int failed = 0;
        for (Participant p : live) {
            joined += p.joined() ? 1 : 0;
        }
        for (Participant p : started) {
            failed += p.failure() != null ? 1 : 0;
        }
        out.println(ProgressLine.render((now - runStartNanos) / 1e9, joined, live.size(), failed, lastProgress, s,
                (now - lastProgressNanos) / 1e9));
        out.flush();
        lastProgress = s;
        lastProgressNanos = now;
    }

    private LoopStats.Snapshot snapshot(boolean resetInterval, boolean resetWindow) throws InterruptedException {
        LoopStats.Snapshot sum = LoopStats.Snapshot.empty();
        for (MediaLoop l : loops) {
            sum = sum.plus(await(l.snapshot(resetInterval, resetWindow)));
        }
        return sum;
    }

    private List<StreamSummary> summaries() throws InterruptedException {
        List<StreamSummary> all = new ArrayList<>();
        for (MediaLoop l : loops) {
            all.addAll(await(l.streamSummaries()));
        }
        return all;
    }

    private static <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("an event loop did not answer: " + e, e);
        }
    }

    private void leaveAll() {
        List<CompletableFuture<Void>> leaving = new ArrayList<>();
        for (Participant p : live) {
            leaving.add(p.leave());
        }
        try {
            CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // sockets that did not close in time are aborted when the loops close
        }
    }

    @Override
    public void close() {
        for (Participant p : live) {
            p.leave();
        }
        for (MediaLoop l : loops) {
            l.close();
        }
        dtls.close();
        signaling.shutdownNow();
    }
}
