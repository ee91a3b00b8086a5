package dev.chorus.ops.metrics;

import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics} on the node's HTTP port: the {@link NodeMetrics} in the Prometheus text format. */
public final class MetricsRoute extends AllDirectives {
    private static final ContentType TEXT_FORMAT = ContentTypes.parse(NodeMetrics.CONTENT_TYPE);

    private final NodeMetrics metrics;

    public MetricsRoute(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    public Route route() {
        return path("metrics", () -> get(() -> onSuccess(metrics.scrape(), body ->
                complete(HttpResponse.create().withEntity(HttpEntities.create(TEXT_FORMAT, body))))));
    }
}
