package dev.chorus.ops.metrics;

import dev.chorus.http.metrics.SignalingMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The node's {@link SignalingMetrics} as Prometheus families, read at scrape time: requests by method, error
 * responses by method and code, refusals by reason, and WebSocket sessions.
 */
final class SignalingCollector implements MultiCollector {
    private final SignalingMetrics signaling;

    SignalingCollector(SignalingMetrics signaling) {
        this.signaling = signaling;
    }

    @Override
    public MetricSnapshots collect() {
        Family requests = Family.counter("chorus_signaling_requests",
                "protoo requests received from clients, by method (unknown methods: other).");
        signaling.requests().forEach((method, n) -> requests.add(n, "method", method));
        Family errors = Family.counter("chorus_signaling_errors",
                "protoo error responses sent to clients, by request method and error code.");
        signaling.errors().forEach((k, n) -> errors.add(n, "method", k.method(), "code", k.code()));
        Family refused = Family.counter("chorus_signaling_refused",
                "Signaling connections or requests refused before reaching a room, by reason.");
        signaling.refusals().forEach((reason, n) -> refused.add(n, "reason", reason));
        return MetricSnapshots.of(requests.build(), errors.build(), refused.build(),
                Family.counter("chorus_signaling_sessions_opened", "Signaling WebSocket sessions opened.")
                        .add(signaling.sessionsOpened()).build(),
                Family.gauge("chorus_signaling_sessions", "Signaling WebSocket sessions open now.")
                        .add(signaling.sessionsOpen()).build());
    }
}
