package dev.chorus.ops.loadgen.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.ops.loadgen.media.StreamSummary;
import dev.chorus.ops.loadgen.metrics.ServerFigures;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Rendering of the report: figures as numbers, missing ones as "n/a", in the JSON and the table. */
class LoadgenReportJsonTest {

    private static LoadReport report(ServerFigures server) {
        Histogram h = new Histogram(60_000_000L, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 100L);
        }
        return new LoadReport(Map.of("scenario", "grid", "participants", 2), 10.0,
                new LoadReport.Participants(2, 2, 2, 0, Map.of()), Percentiles.of(new double[] {120, 80}),
                new LoadReport.Streams(OptionalLong.of(4), 4, 4, List.of(), OptionalDouble.of(0.001),
                        OptionalDouble.of(0.5), OptionalDouble.empty()),
                new LoadReport.Traffic(100, 1e6, 200, 2e6, 1, 1, 2, 2, 0, 0, 3, 0, 0),
                Percentiles.ofMicros(h), Percentiles.ofMicros(new Histogram(60_000_000L, 3)), server, Map.of(),
                List.of("http://x/metrics answered 404"),
                List.of(new StreamSummary("p0", "c1", "p1", "audio", 10, 1000, 0, 0.5, 0, 0, 0, 1, false)));
    }

    private static final ServerFigures NONE = new ServerFigures(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty());

    @Test
    void missingFiguresAreNaAndPresentOnesNumbers() {
        ObjectNode j = ReportJson.toJson(report(NONE), false);
        assertEquals("n/a", j.path("server").path("forwardedPps").asText());
        assertEquals("n/a", j.path("server").path("transitP99Ms").asText());
        assertEquals("n/a", j.path("streams").path("videoJitterMs").asText());
        assertEquals("n/a", j.path("e2eLatencyMs").path("video").path("p50").asText());
        assertEquals(0, j.path("e2eLatencyMs").path("video").path("count").asInt());
        assertEquals(5.0, j.path("e2eLatencyMs").path("audio").path("p50").asDouble(), 0.01);
        assertEquals(10.0, j.path("e2eLatencyMs").path("audio").path("max").asDouble(), 0.01);
        assertEquals(120.0, j.path("joinTimeMs").path("max").asDouble());
        assertEquals(4, j.path("streams").path("expected").asInt());
        assertEquals(200.0, j.path("client").path("receivedPps").asDouble());
        assertEquals("http://x/metrics answered 404", j.path("server").path("scrapeErrors").get(0).asText());
        assertFalse(j.has("streamDetails"));
        assertEquals(1, ReportJson.toJson(report(NONE), true).path("streamDetails").size());
    }

    @Test
    void theTableSaysNaWhereAFigureIsMissing() {
        String t = ReportTable.render(report(NONE));
        assertTrue(t.contains("CPU per forwarded packet           n/a us"), t);
        ServerFigures some = new ServerFigures(OptionalDouble.of(1000), OptionalDouble.of(8e6), OptionalDouble.of(0.5),
                OptionalDouble.of(12.5), OptionalDouble.of(0.2), OptionalDouble.of(1.5), OptionalDouble.of(2048),
                OptionalDouble.of(1024), OptionalDouble.of(512), OptionalDouble.of(2), OptionalDouble.of(2));
        String t2 = ReportTable.render(report(some));
        assertTrue(t2.contains("12.50 us"), t2);
        assertTrue(t2.contains("0.200 / 1.500 ms"), t2);
    }
}
