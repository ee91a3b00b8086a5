package dev.chorus.ops.loadgen.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One scrape of a Prometheus text exposition: its samples, with sums over series and histogram buckets. Absent
 * series give empty results, never zero, so a missing metric can be reported as "n/a".
 */
public final class MetricSamples {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    public MetricSamples(List<Sample> samples) {
        this.samples = Collections.unmodifiableList(new ArrayList<>(samples));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The sum over every series called {@code name}, or empty if there is none. */
    public OptionalDouble sum(String name) {
        return sum(name, Map.of());
    }

    /** The sum over the series called {@code name} whose labels include all of {@code labels}, or empty. */
    public OptionalDouble sum(String name, Map<String, String> labels) {
        double total = 0;
        boolean found = false;
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
                total += s.value();
                found = true;
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    /**
     * The cumulative bucket counts of histogram {@code name} ({@code name_bucket}) by upper bound, summed over
     * every other label; empty if the histogram is absent. {@code +Inf} is {@link Double#POSITIVE_INFINITY}.
     */
    public TreeMap<Double, Double> buckets(String name) {
        TreeMap<Double, Double> out = new TreeMap<>();
        String bucket = name + "_bucket";
        for (Sample s : samples) {
            String le = s.labels().get("le");
            if (s.name().equals(bucket) && le != null) {
                out.merge(PrometheusText.parseValue(le), s.value(), Double::sum);
            }
        }
        return out;
    }
}
