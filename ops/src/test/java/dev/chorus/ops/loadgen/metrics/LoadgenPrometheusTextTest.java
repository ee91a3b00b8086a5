package dev.chorus.ops.loadgen.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing the Prometheus text format. */
class LoadgenPrometheusTextTest {
    static final String EXPOSITION = """
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 12.5
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3.0E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
            chorus_media_forwarded_packets_total{worker="0"} 1000 1700000000000
            chorus_media_forwarded_packets_total{worker="1"} 500
            chorus_media_transit_seconds_bucket{le="0.001"} 10
            chorus_media_transit_seconds_bucket{le="0.01"} 90
            chorus_media_transit_seconds_bucket{le="+Inf"} 100
            chorus_media_transit_seconds_sum 0.4
            chorus_media_transit_seconds_count 100
            weird_label{path="a\\"b\\\\c\\nd"} NaN
            """;

    @Test
    void readsSamplesSumsAndBuckets() {
        PrometheusText.Parsed p = PrometheusText.parse(EXPOSITION);
        assertEquals(0, p.malformedLines());
        MetricSamples s = p.samples();
        assertEquals(12.5, s.sum("process_cpu_seconds_total").getAsDouble());
        assertEquals(4.0E7, s.sum("jvm_memory_used_bytes", Map.of("area", "heap")).getAsDouble());
        assertEquals(1500, s.sum("chorus_media_forwarded_packets_total").getAsDouble());
        assertTrue(s.sum("chorus_missing_total").isEmpty());
        TreeMap<Double, Double> buckets = s.buckets("chorus_media_transit_seconds");
        assertEquals(Map.of(0.001, 10.0, 0.01, 90.0, Double.POSITIVE_INFINITY, 100.0), buckets);
        MetricSamples.Sample weird = s.samples().get(s.samples().size() - 1);
        assertEquals("a\"b\\c\nd", weird.labels().get("path"));
        assertTrue(Double.isNaN(weird.value()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{a=\"1\"} 3", "name{a=\"1\" 3", "name{a=1} 3", "name", "name one", "name 1 2 3"})
    void malformedLinesAreSkippedAndCounted(String line) {
        assertNull(PrometheusText.parseLine(line));
        PrometheusText.Parsed p = PrometheusText.parse("ok 1\n" + line + "\n");
        assertEquals(1, p.malformedLines());
        assertEquals(1, p.samples().sum("ok").getAsDouble());
    }

    static Stream<Arguments> values() {
        return Stream.of(Arguments.of("+Inf", Double.POSITIVE_INFINITY), Arguments.of("-Inf", Double.NEGATIVE_INFINITY),
                Arguments.of("1e3", 1000.0), Arguments.of("-0.5", -0.5), Arguments.of("42", 42.0));
    }

    @ParameterizedTest
    @MethodSource("values")
    void valuesIncludingInfinities(String text, double expected) {
        assertEquals(expected, PrometheusText.parseLine("m " + text).value());
    }
}
