package dev.chorus.ops.loadgen.report;

import dev.chorus.ops.loadgen.media.StreamSummary;
import dev.chorus.ops.loadgen.metrics.ServerFigures;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Everything a run measured: the settings, the participants, the streams, the client-side traffic, loss and
 * latency over the measurement window, and the server's figures. Rendered by {@link ReportTable} and
 * {@link ReportJson}.
 *
 * @param settings      the run's parameters, name to value, as given or defaulted
 * @param windowSeconds length of the measurement window
 * @param scrapeErrors  why a metrics scrape failed (empty when all worked)
 * @param streamDetails every received stream (in the JSON only with {@code --json-streams})
 */
public record LoadReport(Map<String, Object> settings, double windowSeconds, Participants participants,
                         Percentiles joinTimeMs, Streams streams, Traffic traffic, Percentiles audioLatencyMs,
                         Percentiles videoLatencyMs, ServerFigures server, Map<String, Long> notifications,
                         List<String> scrapeErrors, List<StreamSummary> streamDetails) {

    /**
     * @param target   participants the scenario asked for (at once; churn replaces them)
     * @param started  participants started over the run (churn: more than the target)
     * @param joined   joins that completed
     * @param failed   participants whose join or session failed
     * @param failures distinct failure reasons with their counts
     */
    public record Participants(int target, int started, int joined, int failed, Map<String, Integer> failures) {
    }

    /**
     * @param expected       streams a complete run receives (empty when the scenario does not fix it)
     * @param offered        newConsumer requests the participants accepted
     * @param withMedia      offered streams that received at least one packet
     * @param missing        some offered streams without any packet ("subscriber <- publisher kind")
     * @param lossFraction   packets lost over packets expected in the window (RFC 3550 accounting)
     * @param audioJitterMs  mean interarrival jitter over audio streams (empty without any)
     * @param videoJitterMs  mean over video streams
     */
    public record Streams(OptionalLong expected, long offered, long withMedia, List<String> missing,
                          OptionalDouble lossFraction, OptionalDouble audioJitterMs, OptionalDouble videoJitterMs) {
    }

    /** Client-side traffic over the window, per second, and feedback counts. */
    public record Traffic(double sentPps, double sentBps, double receivedPps, double receivedBps, long rtxSent,
                          long rtxReceived, long nacksSent, long nacksReceived, long plisSent, long plisReceived,
                          long keyFramesSent, long sendFailures, long stampMissing) {
    }
}
