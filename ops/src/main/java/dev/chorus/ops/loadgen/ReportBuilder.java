package dev.chorus.ops.loadgen;

import dev.chorus.ops.loadgen.media.LoopStats;
import dev.chorus.ops.loadgen.media.StreamSummary;
import dev.chorus.ops.loadgen.metrics.MetricsScraper;
import dev.chorus.ops.loadgen.metrics.ServerFigures;
import dev.chorus.ops.loadgen.report.LoadReport;
import dev.chorus.ops.loadgen.report.Percentiles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Turns what a run collected (participants, stream summaries, client snapshots at the window's start and end, the
 * three metrics scrapes) into a {@link LoadReport}. Client rates and loss are deltas over the window; the latency
 * histograms were reset at its start; stream completeness and jitter cover each stream's whole life.
 */
final class ReportBuilder {
    /** At most this many streams without media are listed by name. */
    static final int MISSING_LISTED = 20;

    private final LoadgenOptions o;
    private final Map<String, Long> notifications;

    ReportBuilder(LoadgenOptions o, Map<String, Long> notifications) {
        this.o = o;
        this.notifications = notifications;
    }

    LoadReport build(List<Participant> started, Collection<Participant> live, LoopStats.Snapshot c0,
                     LoopStats.Snapshot c1, double seconds, List<StreamSummary> streams,
                     MetricsScraper.Scrape baseline, MetricsScraper.Scrape start, MetricsScraper.Scrape end) {
        Map<String, Integer> failures = new TreeMap<>();
        List<JoinTimes.Sample> joinSamples = new ArrayList<>();
        int joined = 0;
        int failed = 0;
        int liveJoined = 0;
        for (Participant p : started) {
            joined += p.joined() ? 1 : 0;
            if (p.failure() != null) {
                failed++;
                failures.merge(p.failure(), 1, Integer::sum);
            }
            joinSamples.add(new JoinTimes.Sample(p.wsOpenNanos(), p.joinedNanos(), p.firstMediaNanos(),
                    p.role().publishes()));
        }
        for (Participant p : live) {
            liveJoined += p.joined() ? 1 : 0;
        }
        long liveConsumers = streams.stream().filter(s -> !s.closed()).count();
        ServerFigures server = ServerFigures.derive(baseline.samples(), start.samples(), end.samples(), seconds,
                liveJoined, liveConsumers);
        List<String> scrapeErrors = new ArrayList<>();
        for (MetricsScraper.Scrape s : List.of(baseline, start, end)) {
            if (!s.ok() && !scrapeErrors.contains(s.error())) {
                scrapeErrors.add(s.error());
            }
        }
        return new LoadReport(settings(), seconds,
                new LoadReport.Participants(o.participants(), started.size(), joined, failed, failures),
                Percentiles.of(JoinTimes.millis(joinSamples)),
                streams(streams, c0, c1), traffic(c0, c1, seconds),
                Percentiles.ofMicros(c1.audioWindow()), Percentiles.ofMicros(c1.videoWindow()), server,
                notifications, scrapeErrors, List.copyOf(streams));
    }

    private LoadReport.Streams streams(List<StreamSummary> streams, LoopStats.Snapshot c0, LoopStats.Snapshot c1) {
        long withMedia = 0;
        List<String> missing = new ArrayList<>();
        double audioJitter = 0;
        double videoJitter = 0;
        int audioN = 0;
        int videoN = 0;
        for (StreamSummary s : streams) {
            if (s.packets() > 0) {
                withMedia++;
                if ("video".equals(s.kind())) {
                    videoJitter += s.jitterMs();
                    videoN++;
                } else {
                    audioJitter += s.jitterMs();
                    audioN++;
                }
            } else if (missing.size() < MISSING_LISTED) {
                missing.add(s.subscriberId() + " <- " + s.producerPeerId() + " " + s.kind()
                        + (s.closed() ? " (closed)" : ""));
            }
        }
        long lost = c1.streamLost() - c0.streamLost();
        long received = c1.streamPackets() - c0.streamPackets();
        OptionalDouble loss = lost + received > 0 ? OptionalDouble.of(Math.max(0, lost) / (double) (lost + received))
                : OptionalDouble.empty();
        return new LoadReport.Streams(o.scenario().expectedStreams(o.participants(), o.video(), o.videoLastNLimited(),
                        o.audioLastNLimited()),
                streams.size(), withMedia, missing, loss,
                audioN == 0 ? OptionalDouble.empty() : OptionalDouble.of(audioJitter / audioN),
                videoN == 0 ? OptionalDouble.empty() : OptionalDouble.of(videoJitter / videoN));
    }

    private static LoadReport.Traffic traffic(LoopStats.Snapshot a, LoopStats.Snapshot b, double seconds) {
        return new LoadReport.Traffic((b.rtpSent() - a.rtpSent()) / seconds,
                (b.rtpBytesSent() - a.rtpBytesSent()) * 8 / seconds, (b.rtpReceived() - a.rtpReceived()) / seconds,
                (b.rtpBytesReceived() - a.rtpBytesReceived()) * 8 / seconds, b.rtxSent() - a.rtxSent(),
                b.rtxReceived() - a.rtxReceived(), b.nacksSent() - a.nacksSent(),
                b.nacksReceived() - a.nacksReceived(), b.plisSent() - a.plisSent(),
                b.plisReceived() - a.plisReceived(), b.keyFramesSent() - a.keyFramesSent(),
                b.sendFailures() - a.sendFailures(), b.stampMissing() - a.stampMissing());
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scenario", o.scenario().label());
        s.put("participants", o.participants());
        s.put("durationSeconds", o.duration().toMillis() / 1000.0);
        s.put("warmupSeconds", o.warmup().toMillis() / 1000.0);
        s.put("url", o.url().toString());
        s.put("metrics", o.metrics() == null ? "none" : o.metrics().toString());
        s.put("room", o.room());
        s.put("publishVideo", o.video() && o.scenario() != Scenario.AUDIO);
        s.put("videoBitrateBps", o.videoBitrate());
        s.put("fps", o.fps());
        s.put("keyFrameIntervalSeconds", o.keyFrameInterval().toMillis() / 1000.0);
        s.put("simulcast", o.simulcast());
        s.put("audioPayloadBytes", o.audioBytes());
        s.put("rampUpPerSecond", o.rampUp());
        s.put("speakers", o.speakers());
        s.put("talkTurnSeconds", o.talkTurn().toMillis() / 1000.0);
        s.put("lastN", o.lastN() == null ? "unset" : o.lastN());
        s.put("lastNAudio", o.lastNAudio() == null ? "unset" : o.lastNAudio());
        s.put("churnPerSecond", o.scenario() == Scenario.CHURN ? o.churnRate() : 0);
        s.put("loops", o.loops());
        s.put("dtlsThreads", o.dtlsThreads());
        s.put("rtxHistory", o.rtxHistory());
        return s;
    }
}
