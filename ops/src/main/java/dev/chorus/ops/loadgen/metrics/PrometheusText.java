package dev.chorus.ops.loadgen.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of the Prometheus text exposition format 0.0.4 (and the OpenMetrics text a Prometheus client may
 * send): comment and blank lines are skipped, each sample line is {@code name{labels} value [timestamp]}, label
 * values may escape {@code \\}, {@code \"} and {@code \n}. A line that does not parse is skipped and counted, so
 * an unexpected line costs one figure at most, not the scrape.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** The result of a parse: the samples and the number of lines skipped as malformed. */
    public record Parsed(MetricSamples samples, int malformedLines) {
    }

    public static Parsed parse(String text) {
        List<MetricSamples.Sample> out = new ArrayList<>();
        int malformed = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            MetricSamples.Sample s = parseLine(line);
            if (s == null) {
                malformed++;
            } else {
                out.add(s);
            }
        }
        return new Parsed(new MetricSamples(out), malformed);
    }

    /** One sample line, or null if malformed. */
    static MetricSamples.Sample parseLine(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            return null;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i = parseLabels(line, i + 1, labels);
            if (i < 0) {
                return null;
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            return null;
        }
        try {
            return new MetricSamples.Sample(name, Map.copyOf(labels), parseValue(rest[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses labels after '{'; returns the index after '}' or -1. */
    private static int parseLabels(String line, int i, Map<String, String> labels) {
        int n = line.length();
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                i++;
            }
            if (i < n && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < n && isNameChar(line.charAt(i), i == start)) {
                i++;
            }
            if (i == start || i + 1 >= n || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                return -1;
            }
            String key = line.substring(start, i);
            i += 2;
            StringBuilder value = new StringBuilder();
            while (i < n && line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    char e = line.charAt(++i);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
                i++;
            }
            if (i >= n) {
                return -1;
            }
            labels.put(key, value.toString());
            i++;
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0'
                && c <= '9');
    }

    /** A sample value: a float, {@code +Inf}, {@code -Inf} or {@code NaN}. */
    static double parseValue(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }
}
