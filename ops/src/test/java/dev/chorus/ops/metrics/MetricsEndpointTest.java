package dev.chorus.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.HttpProbe;
import dev.chorus.ops.LoopbackNode;
import dev.chorus.ops.WsProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /metrics} of a real node: served in the Prometheus text format, parsed strictly by {@link PrometheusText},
 * with the media, signaling, cluster and JVM families; signaling requests and errors counted by method after a
 * protoo session; and every metric name that the Grafana dashboard and the alert rules under
 * {@code ops/monitoring/} use exists in the output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointTest {
    /** Families (as named in the exposition) every node exports. */
    private static final List<String> EXPECTED = List.of(
            "chorus_media_routers", "chorus_media_peers", "chorus_media_transports", "chorus_media_producers",
            "chorus_media_consumers", "chorus_media_pipes", "chorus_media_buffers_allocated_total",
            "chorus_media_buffers_idle", "chorus_media_packets_received_total", "chorus_media_packets_sent_total",
            "chorus_media_received_bytes_total", "chorus_media_sent_bytes_total",
            "chorus_media_forwarded_packets_total", "chorus_media_retransmitted_packets_total",
            "chorus_media_feedback_received_total", "chorus_media_feedback_sent_total",
            "chorus_media_dropped_packets_total", "chorus_media_udp_datagrams_received_total",
            "chorus_media_pipe_packets_sent_total", "chorus_media_pipe_packets_received_total",
            "chorus_media_pipe_retransmitted_packets_total", "chorus_media_pipe_send_failures_total",
            "chorus_aeron_messages_sent_total", "chorus_aeron_messages_received_total",
            "chorus_aeron_send_failures_total", "chorus_aeron_malformed_messages_total",
            "chorus_media_transit_seconds", "chorus_media_worker_cpu_seconds_total",
            "chorus_signaling_requests_total", "chorus_signaling_errors_total", "chorus_signaling_refused_total",
            "chorus_signaling_sessions_opened_total", "chorus_signaling_sessions",
            "chorus_cluster_members", "chorus_cluster_unreachable_members", "chorus_cluster_member_up",
            "chorus_cluster_leader", "chorus_cluster_shards", "chorus_cluster_entities",
            "jvm_memory_used_bytes", "jvm_gc_collection_seconds", "jvm_threads_current",
            "process_cpu_seconds_total", "chorus_node_available_processors");

    private ChorusNode node;
    private final HttpProbe probe = new HttpProbe();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() {
        node = LoopbackNode.start("");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private String metricsUrl() {
        return "http://127.0.0.1:" + node.httpPort() + "/metrics";
    }

    /** Scrapes until {@code sample} (name and labels as written) has a value, within a deadline. */
    private Map<String, PrometheusText.Family> scrapeUntil(String sample, double atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        Map<String, PrometheusText.Family> f = Map.of();
        while (System.currentTimeMillis() < deadline) {
            f = PrometheusText.parse(probe.get(metricsUrl()).body());
            Double v = MetricsAssertions.value(f, sample);
            if (v != null && v >= atLeast) {
                return f;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(sample + " did not reach " + atLeast + "; families: " + f.keySet());
    }

    @Test
    void servesTheTextFormatWithEveryFamilyAndCountsSignalingByMethod() throws Exception {
        assertEquals(400, WsProbe.refusedStatus(http, URI.create("ws://127.0.0.1:" + node.httpPort()
                + "/?roomId=metrics-room"), "protoo"), "no peerId: refused");
        try (WsProbe ws = WsProbe.open(http, URI.create("ws://127.0.0.1:" + node.httpPort()
                + "/?roomId=metrics-room&peerId=p1"), "protoo")) {
            ws.notification("mediasoup-version");
            assertTrue(ws.request(1, "getRouterRtpCapabilities", "{}").path("ok").asBoolean());
            assertEquals(500, ws.request(2, "noSuchMethod", "{}").path("errorCode").asInt());
            ws.send("this is not json");
            ws.nextMatching("the error for a malformed message", m -> m.path("errorCode").asInt() == 400);
            Map<String, PrometheusText.Family> f = scrapeUntil("chorus_cluster_member_up", 1);
            f = scrapeUntil("chorus_cluster_entities{type=\"peer\"}", 1);

            HttpProbe.Reply reply = probe.get(metricsUrl());
            assertEquals(200, reply.status());
            assertTrue(reply.contentType().replace(" ", "").equalsIgnoreCase(
                    NodeMetrics.CONTENT_TYPE.replace(" ", "")), "text format 0.0.4: " + reply.contentType());
            f = PrometheusText.parse(reply.body());
            Set<String> missing = new TreeSet<>(EXPECTED);
            missing.removeAll(f.keySet());
            assertTrue(missing.isEmpty(), "families missing from /metrics: " + missing);
            assertEquals("histogram", f.get("chorus_media_transit_seconds").type());
            assertEquals("counter", f.get("chorus_media_forwarded_packets_total").type());
            assertEquals("gauge", f.get("chorus_media_consumers").type());

            assertEquals(1.0, MetricsAssertions.value(f,
                    "chorus_signaling_requests_total{method=\"getRouterRtpCapabilities\"}"));
            assertEquals(1.0, MetricsAssertions.value(f, "chorus_signaling_requests_total{method=\"other\"}"),
                    "an unknown method counts as other");
            assertEquals(1.0, MetricsAssertions.value(f,
                    "chorus_signaling_errors_total{code=\"500\",method=\"other\"}"));
            assertEquals(1.0, MetricsAssertions.value(f,
                    "chorus_signaling_errors_total{code=\"400\",method=\"malformed\"}"));
            assertEquals(1.0, MetricsAssertions.value(f, "chorus_signaling_requests_total{method=\"malformed\"}"),
                    "a malformed message counts as a request too, so errors never outnumber requests");
            assertEquals(1.0, MetricsAssertions.value(f, "chorus_signaling_sessions"));
            assertEquals(1.0, MetricsAssertions.value(f, "chorus_signaling_sessions_opened_total"));
            assertEquals(1.0, MetricsAssertions.value(f, "chorus_signaling_refused_total{reason=\"bad_request\"}"));
            assertEquals(1.0, MetricsAssertions.value(f, "chorus_cluster_members{status=\"up\"}"));
            assertEquals(1.0, MetricsAssertions.value(f, "chorus_cluster_leader"));
            assertEquals(0.0, MetricsAssertions.value(f, "chorus_cluster_unreachable_members"));
            assertEquals(0.0, MetricsAssertions.value(f, "chorus_media_transit_seconds_count"),
                    "nothing forwarded yet");
            assertTrue(MetricsAssertions.value(f, "chorus_media_worker_cpu_seconds_total{worker=\"0\"}") >= 0);
            assertTrue(MetricsAssertions.value(f, "process_cpu_seconds_total") > 0);
        }
    }

    @Test
    void everySeriesOfTheMediaTableIsExported() throws Exception {
        Map<String, PrometheusText.Family> f = scrapeUntil("chorus_cluster_member_up", 1);
        for (MediaSeries s : MediaSeries.ALL) {
            String sample = s.family() + (s.counter() ? "_total" : "")
                    + (s.labelName() == null ? "" : "{" + s.labelName() + "=\"" + s.labelValue() + "\"}");
            assertTrue(MetricsAssertions.value(f, sample) != null,
                    "the media plane reports " + s.key() + " as " + sample);
        }
    }

    /** Metric names by this project's convention: what the dashboard and alert expressions refer to. */
    private static final Pattern NAME = Pattern.compile("\\b((?:chorus|jvm|process)_[a-zA-Z0-9_:]+)");

    @Test
    void everyMetricNameInTheDashboardAndTheAlertRulesExists() throws Exception {
        Map<String, PrometheusText.Family> f = scrapeUntil("chorus_cluster_member_up", 1);
        Set<String> samples = new TreeSet<>();
        for (PrometheusText.Family family : f.values()) {
            family.samples().forEach(s -> samples.add(s.name()));
        }
        for (Path file : List.of(MonitoringFiles.DASHBOARD, MonitoringFiles.ALERTS)) {
            Set<String> used = new TreeSet<>();
            Matcher m = NAME.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1));
            }
            assertTrue(used.size() >= 10, file + " refers to metrics: " + used);
            Set<String> unknown = new TreeSet<>(used);
            unknown.removeAll(samples);
            assertTrue(unknown.isEmpty(), file + " uses metric names a node does not export: " + unknown);
        }
    }
}
