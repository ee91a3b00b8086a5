package dev.chorus.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shape of the monitoring files under {@code ops/monitoring/}: the Grafana dashboard is JSON whose every panel
 * queries Prometheus, and the alert rules are a Prometheus rule file (groups of rules with alert, expr, for, a
 * severity and a summary). Expressions have balanced brackets. That the metric names in them exist is checked
 * against a real node in {@link MetricsEndpointTest}.
 */
class MonitoringFilesTest {

    @Test
    void theDashboardIsJsonWithAPrometheusQueryInEveryPanel() throws Exception {
        JsonNode d = new ObjectMapper().readTree(MonitoringFiles.DASHBOARD.toFile());
        assertEquals("chorus-node", d.path("uid").asText());
        List<String> exprs = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : d.path("panels")) {
            assertTrue(ids.add(p.path("id").asInt()), "panel ids are unique: " + p.path("id"));
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertFalse(p.path("targets").isEmpty(), "panel '" + p.path("title").asText() + "' has queries");
            for (JsonNode t : p.path("targets")) {
                String e = t.path("expr").asText();
                assertFalse(e.isBlank(), "panel '" + p.path("title").asText() + "' has an empty query");
                assertBalanced(e);
                exprs.add(e);
            }
        }
        for (String needed : List.of("chorus_media_transit_seconds_bucket", "chorus_media_forwarded_packets_total",
                "chorus_media_worker_cpu_seconds_total", "chorus_media_dropped_packets_total",
                "chorus_signaling_errors_total", "jvm_memory_used_bytes", "jvm_gc_collection_seconds_sum")) {
            assertTrue(exprs.stream().anyMatch(e -> e.contains(needed)), "the dashboard shows " + needed);
        }
    }

    @Test
    void theAlertRulesAreAPrometheusRuleFile() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(MonitoringFiles.ALERTS.toFile());
        Set<String> names = new HashSet<>();
        for (JsonNode g : rules.path("groups")) {
            assertFalse(g.path("name").asText().isBlank());
            for (JsonNode r : g.path("rules")) {
                String name = r.path("alert").asText();
                assertTrue(names.add(name), "alert names are unique: " + name);
                assertFalse(r.path("expr").asText().isBlank(), name + " has an expression");
                assertBalanced(r.path("expr").asText());
                assertTrue(r.path("for").asText().matches("\\d+[smh]"), name + " has a duration: " + r.path("for"));
                assertTrue(Set.of("warning", "critical").contains(r.path("labels").path("severity").asText()),
                        name + " has a severity");
                assertFalse(r.path("annotations").path("summary").asText().isBlank(), name + " has a summary");
            }
        }
        for (String needed : List.of("ChorusNodeDown", "ChorusHighProcessCpu", "ChorusPacketDrops",
                "ChorusSrtpAuthFailures", "ChorusSignalingServerErrors")) {
            assertTrue(names.contains(needed), "an alert " + needed + " exists: " + names);
        }
    }

    /** Parentheses, brackets and braces nest properly (outside string literals). */
    private static void assertBalanced(String expr) {
        StringBuilder stack = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"' && (i == 0 || expr.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && "([{".indexOf(c) >= 0) {
                stack.append(c);
            } else if (!quoted && ")]}".indexOf(c) >= 0) {
                assertTrue(stack.length() > 0 && stack.charAt(stack.length() - 1) == "([{".charAt(")]}".indexOf(c)),
                        "unbalanced " + c + " in " + expr);
                stack.setLength(stack.length() - 1);
            }
        }
        assertFalse(quoted, "unterminated string in " + expr);
        assertEquals(0, stack.length(), "unclosed " + stack + " in " + expr);
    }
}
