package dev.chorus.ops.loadgen.report;

import static dev.chorus.ops.loadgen.report.Format.mbps;
import static dev.chorus.ops.loadgen.report.Format.num;
import static dev.chorus.ops.loadgen.report.Format.percent;

import dev.chorus.ops.loadgen.metrics.ServerFigures;
import java.util.Map;
import java.util.OptionalDouble;

/** The final table printed after a run: one figure per line, grouped, "n/a" where a figure is missing. */
public final class ReportTable {
    private ReportTable() {
    }

    public static String render(LoadReport r) {
        StringBuilder b = new StringBuilder();
        b.append("\n== Chorus load generator: ").append(r.settings().get("scenario")).append(", ")
                .append(r.settings().get("participants")).append(" participants, window ")
                .append(num(r.windowSeconds(), 1)).append(" s ==\n");
        section(b, "participants");
        LoadReport.Participants p = r.participants();
        row(b, "joined / started / failed", p.joined() + " / " + p.started() + " / " + p.failed() + " (target "
                + p.target() + ")");
        for (Map.Entry<String, Integer> f : p.failures().entrySet()) {
            row(b, "failed", f.getValue() + "x " + f.getKey());
        }
        row(b, "join time p50 / p99 / max", latency(r.joinTimeMs()));
        section(b, "streams");
        LoadReport.Streams s = r.streams();
        row(b, "expected / offered / with media", num(s.expected()) + " / " + s.offered() + " / " + s.withMedia());
        for (String m : s.missing()) {
            row(b, "no media", m);
        }
        row(b, "loss (window)", percent(s.lossFraction()));
        row(b, "jitter audio / video", num(s.audioJitterMs(), 2) + " / " + num(s.videoJitterMs(), 2) + " ms");
        row(b, "e2e latency audio p50 / p99 / max", latency(r.audioLatencyMs()));
        row(b, "e2e latency video p50 / p99 / max", latency(r.videoLatencyMs()));
        section(b, "client traffic (window)");
        LoadReport.Traffic t = r.traffic();
        row(b, "sent", num(t.sentPps(), 0) + " pkt/s, " + mbps(t.sentBps()));
        row(b, "received", num(t.receivedPps(), 0) + " pkt/s, " + mbps(t.receivedBps()));
        row(b, "RTX sent / received", t.rtxSent() + " / " + t.rtxReceived());
        row(b, "NACKed seqs sent / received", t.nacksSent() + " / " + t.nacksReceived());
        row(b, "PLIs sent / received", t.plisSent() + " / " + t.plisReceived());
        row(b, "key frames sent", Long.toString(t.keyFramesSent()));
        if (t.sendFailures() > 0 || t.stampMissing() > 0) {
            row(b, "send failures / unstamped", t.sendFailures() + " / " + t.stampMissing());
        }
        section(b, "server (from /metrics)");
        ServerFigures f = r.server();
        row(b, "forwarded", num(f.forwardedPps(), 0) + " pkt/s, "
                + (f.forwardedBps().isPresent() ? mbps(f.forwardedBps().getAsDouble()) : Format.NA));
        row(b, "CPU cores busy", num(f.cpuCores(), 2));
        row(b, "CPU per forwarded packet", num(f.cpuMicrosPerPacket(), 2) + " us");
        row(b, "SFU transit p50 / p99", num(f.transitP50Ms(), 3) + " / " + num(f.transitP99Ms(), 3) + " ms");
        row(b, "heap delta", kib(f.heapDeltaBytes()));
        row(b, "heap per participant / consumer", kib(f.heapPerParticipantBytes()) + " / "
                + kib(f.heapPerConsumerBytes()));
        row(b, "peers / consumers (gauges)", num(f.peers(), 0) + " / " + num(f.consumers(), 0));
        for (String e : r.scrapeErrors()) {
            row(b, "no server figures from", e);
        }
        return b.toString();
    }

    private static String latency(Percentiles p) {
        return num(p.p50(), 2) + " / " + num(p.p99(), 2) + " / " + num(p.max(), 2) + " ms (n=" + p.count() + ")";
    }

    private static String kib(OptionalDouble bytes) {
        return bytes.isPresent() ? num(bytes.getAsDouble() / 1024, 1) + " KiB" : Format.NA;
    }

    private static void section(StringBuilder b, String title) {
        b.append('\n').append(title).append('\n');
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append(String.format(java.util.Locale.ROOT, "  %-34s %s%n", label, value));
    }
}
