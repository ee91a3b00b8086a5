package dev.chorus.ops.metrics;

import dev.chorus.media.api.MediaPlane;
import dev.chorus.media.stats.LatencySnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The media plane's numbers as Prometheus families, read once per scrape (nothing on the packet path calls into
 * the metrics library): the counters and object counts of {@link MediaPlane#counters()} mapped by
 * {@link MediaSeries}, the transit-time histogram {@code chorus_media_transit_seconds} and per-worker CPU time
 * {@code chorus_media_worker_cpu_seconds_total}. A counter the media plane does not report (the Aeron ones on a
 * node without pipes) is left out rather than reported as zero.
 */
final class MediaPlaneCollector implements MultiCollector {
    static final String TRANSIT = "chorus_media_transit_seconds";
    static final String WORKER_CPU = "chorus_media_worker_cpu_seconds";

    private final MediaPlane media;

    MediaPlaneCollector(MediaPlane media) {
        this.media = media;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Long> counters = media.counters();
        Map<String, Family> families = new LinkedHashMap<>();
        for (MediaSeries s : MediaSeries.ALL) {
            Long v = counters.get(s.key());
            if (v == null) {
                continue;
            }
            Family f = families.computeIfAbsent(s.family(),
                    n -> s.counter() ? Family.counter(n, s.help()) : Family.gauge(n, s.help()));
            if (s.labelName() == null) {
                f.add(v);
            } else {
                f.add(v, s.labelName(), s.labelValue());
            }
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (Family f : families.values()) {
            out.add(f.build());
        }
        out.add(transit(media.transitTimes()));
        Family cpu = Family.counter(WORKER_CPU, "CPU time used by each media worker thread.");
        long[] nanos = media.workerCpuNanos();
        for (int i = 0; i < nanos.length; i++) {
            if (nanos[i] >= 0) {
                cpu.add(nanos[i] / 1e9, "worker", Integer.toString(i));
            }
        }
        out.add(cpu.build());
        return new MetricSnapshots(out);
    }

    static HistogramSnapshot transit(LatencySnapshot s) {
        double[] bounds = s.upperBoundsSeconds();
        double[] withInf = java.util.Arrays.copyOf(bounds, bounds.length + 1);
        withInf[bounds.length] = Double.POSITIVE_INFINITY;
        return HistogramSnapshot.builder()
                .name(TRANSIT)
                .help("Time from a packet's socket receive to its hand-off to the socket, per subscriber it is "
                        + "forwarded to.")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(withInf, s.bucketCounts()))
                        .sum(s.sumSeconds())
                        .build())
                .build();
    }
}
