package dev.chorus.ops.metrics;

import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.http.metrics.SignalingMetrics;
import dev.chorus.media.api.MediaPlane;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's metrics registry (Prometheus Java client) and its text exposition: JVM metrics (memory, GC, threads,
 * process CPU), the media plane ({@link MediaPlaneCollector}), signaling ({@link SignalingCollector}) and the
 * Pekko cluster ({@link ClusterCollector}). Everything is read at scrape time from numbers the modules keep
 * themselves; one registry per node, so several nodes in one JVM do not mix.
 */
public final class NodeMetrics {
    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Duration SHARD_QUERY_TIMEOUT = Duration.ofSeconds(2);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final ShardCounts shards;

    public NodeMetrics(ActorSystem<?> system, MediaPlane media) {
        this.shards = new ShardCounts(system, List.of(RoomEntity.TYPE_KEY, PeerEntity.TYPE_KEY,
                ProducerEntity.TYPE_KEY, ConsumerEntity.TYPE_KEY), SHARD_QUERY_TIMEOUT);
        JvmMetrics.builder().register(registry);
        GaugeWithCallback.builder().name("chorus_node_available_processors")
                .help("Processors available to the JVM (to read process CPU time as a share of the machine).")
                .callback(cb -> cb.call(Runtime.getRuntime().availableProcessors()))
                .register(registry);
        registry.register(new MediaPlaneCollector(media));
        registry.register(new SignalingCollector(SignalingMetrics.get(system)));
        registry.register(new ClusterCollector(system, shards));
    }

    /** Refreshes the shard counts (bounded wait), then renders every family in the text format. */
    public CompletionStage<byte[]> scrape() {
        return shards.refresh().thenApply(v -> render());
    }

    /** Renders every family now, with the shard counts of the last refresh. */
    public byte[] render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
