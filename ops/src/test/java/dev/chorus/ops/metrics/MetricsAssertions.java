package dev.chorus.ops.metrics;

import java.util.Map;
import java.util.TreeMap;

/** Looks samples up in a parsed exposition by their written form, e.g. {@code name{a="1",b="2"}}. */
public final class MetricsAssertions {
    private MetricsAssertions() {
    }

    /** The value of the sample named and labelled exactly so (labels in any order), or null. */
    public static Double value(Map<String, PrometheusText.Family> families, String sample) {
        String name = sample.contains("{") ? sample.substring(0, sample.indexOf('{')) : sample;
        Map<String, String> labels = new TreeMap<>();
        if (sample.contains("{")) {
            String inner = sample.substring(sample.indexOf('{') + 1, sample.lastIndexOf('}'));
            for (String pair : inner.split(",")) {
                if (!pair.isBlank()) {
                    String[] kv = pair.split("=", 2);
                    labels.put(kv[0].strip(), kv[1].strip().replaceAll("^\"|\"$", ""));
                }
            }
        }
        for (PrometheusText.Family f : families.values()) {
            for (PrometheusText.Sample s : f.samples()) {
                if (s.name().equals(name) && s.labels().equals(labels)) {
                    return s.value();
                }
            }
        }
        return null;
    }
}
