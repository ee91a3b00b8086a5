package dev.chorus.ops.metrics;

import java.nio.file.Path;

/** The monitoring files shipped under {@code ops/monitoring/} (tests run in the ops module's directory). */
final class MonitoringFiles {
    static final Path DASHBOARD = Path.of("monitoring", "grafana", "chorus-node.json");
    static final Path ALERTS = Path.of("monitoring", "prometheus", "chorus-alerts.yml");

    private MonitoringFiles() {
    }
}
