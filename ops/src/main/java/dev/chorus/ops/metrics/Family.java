package dev.chorus.ops.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * One counter or gauge family being assembled at scrape time from numbers read elsewhere (the media plane, the
 * signaling counters, the cluster state): a name (a counter's without {@code _total}, which the exposition adds),
 * help text and data points with their labels.
 */
final class Family {
    private final String name;
    private final String help;
    private final boolean counter;
    private final List<Labels> labels = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    private Family(String name, String help, boolean counter) {
        this.name = name;
        this.help = help;
        this.counter = counter;
    }

    static Family counter(String name, String help) {
        return new Family(name, help, true);
    }

    static Family gauge(String name, String help) {
        return new Family(name, help, false);
    }

    /** A data point; {@code labelPairs} alternate name and value. */
    Family add(double value, String... labelPairs) {
        labels.add(labelPairs.length == 0 ? Labels.EMPTY : Labels.of(labelPairs));
        values.add(value);
        return this;
    }

    String name() {
        return name;
    }

    MetricSnapshot build() {
        if (counter) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
            for (int i = 0; i < values.size(); i++) {
                b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels.get(i))
                        .value(values.get(i)).build());
            }
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.size(); i++) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels.get(i))
                    .value(values.get(i)).build());
        }
        return b.build();
    }
}
