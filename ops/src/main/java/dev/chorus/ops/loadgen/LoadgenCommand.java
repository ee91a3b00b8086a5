package dev.chorus.ops.loadgen;

import dev.chorus.ops.loadgen.report.LoadReport;
import dev.chorus.ops.loadgen.report.ReportJson;
import dev.chorus.ops.loadgen.report.ReportTable;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar chorus-node.jar loadgen [flags]}: runs one load scenario against a Chorus node and prints the
 * report (and writes it as JSON with {@code --json}). Exit code 0 when no participant failed and every expected
 * stream received media, 1 otherwise (the report says what was missing), 2 for bad flags or a failed set-up.
 * See docs/loadgen.md.
 */
public final class LoadgenCommand {
    static final String USAGE = """
            usage: java -jar chorus-node.jar loadgen [--scenario grid|audio|livestream|churn] [--participants N]
                     [--duration 30s] [--warmup 2s] [--url ws://127.0.0.1:8080] [--metrics URL|none] [--api URL]
                     [--room ID] [--video-bitrate 800k] [--fps 30] [--keyframe-interval 3s] [--simulcast]
                     [--no-video] [--audio-bytes 100] [--ramp-up 10] [--speakers 1] [--talk-turn 4s]
                     [--last-n N] [--last-n-audio N] [--churn-rate 1] [--loops N] [--dtls-threads 2]
                     [--progress 5s] [--rtx-history 256] [--json FILE] [--json-streams]
                     [--scenario-file FILE]
            See docs/loadgen.md for what each flag and each figure means.""";

    private LoadgenCommand() {
    }

    /** Runs the command with {@code args} (after the word {@code loadgen}); returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // jitsi-srtp logs through java.util.logging: route it to the same logback configuration as the node
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        List<String> list = Arrays.asList(args);
        if (list.contains("--help") || list.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        LoadgenOptions options;
        try {
            options = LoadgenOptions.parse(list);
        } catch (IOException | RuntimeException e) {
            err.println("loadgen: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            LoadReport report = execute(options, out);
            return complete(report) ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            err.println("loadgen: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("loadgen: interrupted");
            return 2;
        }
    }

    /** Runs a scenario, prints the table, writes the JSON if asked; returns the report. */
    public static LoadReport execute(LoadgenOptions options, PrintStream out) throws IOException, InterruptedException {
        out.println("loadgen: " + options.scenario().label() + " with " + options.participants() + " participants "
                + "in room " + options.room() + " at " + options.url());
        LoadReport report;
        try (LoadRun run = new LoadRun(options, out)) {
            report = run.run();
        }
        out.print(ReportTable.render(report));
        if (options.json() != null) {
            ReportJson.write(report, options.json(), options.jsonStreams());
            out.println("JSON written to " + options.json());
        }
        out.flush();
        return report;
    }

    /**
     * No participant failed and, where the scenario fixes it, every expected stream had media. (A churn
     * participant still joining when the window closed is not a failure.)
     */
    static boolean complete(LoadReport r) {
        boolean allJoined = r.participants().failed() == 0
                && r.participants().joined() >= Math.min(r.participants().target(), r.participants().started());
        boolean allStreams = r.streams().expected().isEmpty()
                || r.streams().withMedia() >= r.streams().expected().getAsLong();
        return allJoined && allStreams;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }
}
