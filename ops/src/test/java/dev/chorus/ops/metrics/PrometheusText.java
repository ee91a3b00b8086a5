package dev.chorus.ops.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), written from the format's
 * specification for tests: every line must be a {@code # HELP}, a {@code # TYPE}, another comment, blank, or a
 * sample {@code name{label="value",...} value [timestamp]}. It rejects, with the line number: bad metric or label
 * names, bad escapes in label values or help text, unparsable values, duplicate or late TYPE/HELP lines,
 * families whose samples are not in one group, duplicate samples, and histograms or summaries that are not
 * consistent ({@code le} buckets increasing with cumulative counts, a {@code +Inf} bucket equal to
 * {@code _count}, {@code _sum} and {@code _count} present for every label set).
 */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One family: its TYPE (untyped when none was given), HELP (or null) and samples in order. */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> helps = new LinkedHashMap<>();
    private final Set<String> closed = new HashSet<>();
    private final Set<String> seenSamples = new HashSet<>();
    private String current;
    private int lineNo;

    private PrometheusText() {
    }

    /** Parses {@code body} strictly; throws {@link IllegalArgumentException} naming the first offending line. */
    public static Map<String, Family> parse(String body) {
        PrometheusText p = new PrometheusText();
        if (!body.isEmpty() && !body.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        for (String line : body.split("\n", -1)) {
            p.lineNo++;
            p.line(line);
        }
        for (Family f : p.families.values()) {
            p.checkFamily(f);
        }
        return Collections.unmodifiableMap(p.families);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("line " + lineNo + ": " + what);
    }

    private void line(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("#")) {
            comment(line);
            return;
        }
        sample(line);
    }

    private void comment(String line) {
        String[] parts = line.substring(1).stripLeading().split("[ \t]+", 3);
        if (parts.length < 2 || !(parts[0].equals("HELP") || parts[0].equals("TYPE"))) {
            return; // an ordinary comment
        }
        String name = parts[1];
        if (!isMetricName(name)) {
            throw error("bad metric name in " + parts[0] + ": " + name);
        }
        if (parts[0].equals("HELP")) {
            if (helps.containsKey(name)) {
                throw error("second HELP for " + name);
            }
            helps.put(name, unescapeHelp(parts.length > 2 ? parts[2] : ""));
        } else {
            String type = parts.length > 2 ? parts[2].strip() : "";
            if (!TYPES.contains(type)) {
                throw error("unknown type '" + type + "' for " + name);
            }
            if (types.containsKey(name)) {
                throw error("second TYPE for " + name);
            }
            if (families.containsKey(name) && !families.get(name).samples().isEmpty()) {
                throw error("TYPE for " + name + " after its samples");
            }
            types.put(name, type);
        }
        enter(name);
        Family f = families.get(name);
        families.put(name, new Family(name, types.getOrDefault(name, "untyped"), helps.get(name),
                f == null ? new ArrayList<>() : f.samples()));
    }

    /** Moves to family {@code name}: the previous one is closed and may not come back. */
    private void enter(String name) {
        if (name.equals(current)) {
            return;
        }
        if (closed.contains(name)) {
            throw error("family " + name + " continues after other families: its lines must be one group");
        }
        if (current != null) {
            closed.add(current);
        }
        current = name;
    }

    private void sample(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && isNameChar(line.charAt(i), i == 0, true)) {
            i++;
        }
        String name = line.substring(0, i);
        if (!isMetricName(name)) {
            throw error("bad metric name: " + line);
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < n && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String rest = line.substring(i);
        if (rest.isEmpty() || !(rest.charAt(0) == ' ' || rest.charAt(0) == '\t')) {
            throw error("expected whitespace and a value after " + name + ": " + line);
        }
        String[] tokens = rest.strip().split("[ \t]+");
        if (tokens.length > 2) {
            throw error("trailing text: " + line);
        }
        double value = value(tokens[0]);
        if (tokens.length == 2) {
            try {
                Long.parseLong(tokens[1]);
            } catch (NumberFormatException e) {
                throw error("bad timestamp: " + tokens[1]);
            }
        }
        String family = familyOf(name);
        enter(family);
        if (!seenSamples.add(name + labels)) {
            throw error("duplicate sample " + name + labels);
        }
        families.computeIfAbsent(family, f -> new Family(f, types.getOrDefault(f, "untyped"), helps.get(f),
                new ArrayList<>())).samples().add(new Sample(name, Collections.unmodifiableMap(labels), value));
    }

    /** The family a sample belongs to: a typed family whose suffixed names include it, else its own name. */
    private String familyOf(String sample) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String t = types.get(base);
                if ("histogram".equals(t) || ("summary".equals(t) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private int labels(String line, int i, Map<String, String> into) {
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < n && isNameChar(line.charAt(i), i == start, false)) {
                i++;
            }
            String label = line.substring(start, i);
            if (label.isEmpty() || label.startsWith("__")) {
                throw error("bad label name '" + label + "': " + line);
            }
            if (i + 1 >= n || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                throw error("expected =\" after label " + label + ": " + line);
            }
            i += 2;
            StringBuilder v = new StringBuilder();
            while (true) {
                if (i >= n) {
                    throw error("unterminated label value: " + line);
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= n) {
                        throw error("dangling escape: " + line);
                    }
                    char e = line.charAt(i++);
                    switch (e) {
                        case '\\' -> v.append('\\');
                        case '"' -> v.append('"');
                        case 'n' -> v.append('\n');
                        default -> throw error("bad escape \\" + e + " in a label value: " + line);
                    }
                } else {
                    v.append(c);
                }
            }
            if (into.put(label, v.toString()) != null) {
                throw error("label " + label + " twice: " + line);
            }
            if (i < n && line.charAt(i) == ',') {
                i++;
            } else if (i >= n || line.charAt(i) != '}') {
                throw error("expected , or } after a label: " + line);
            }
        }
    }

    private double value(String token) {
        switch (token) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!token.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw error("bad value: " + token);
                }
                return Double.parseDouble(token);
        }
    }

    private String unescapeHelp(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw error("dangling escape in HELP");
            }
            char e = s.charAt(i);
            if (e == '\\') {
                b.append('\\');
            } else if (e == 'n') {
                b.append('\n');
            } else {
                throw error("bad escape \\" + e + " in HELP");
            }
        }
        return b.toString();
    }

    private void checkFamily(Family f) {
        lineNo = 0;
        for (Sample s : f.samples()) {
            if (f.type().equals("counter") && !(s.value() >= 0)) {
                throw new IllegalArgumentException("counter " + s + " is negative or NaN");
            }
            if (!f.type().equals("histogram") && s.labels().containsKey("le") && !f.type().equals("untyped")) {
                throw new IllegalArgumentException("le label outside a histogram: " + s);
            }
        }
        if (f.type().equals("histogram")) {
            checkHistogram(f);
        } else if (f.type().equals("summary")) {
            checkSummary(f);
        } else {
            for (Sample s : f.samples()) {
                if (!s.name().equals(f.name())) {
                    throw new IllegalArgumentException("sample " + s.name() + " in family " + f.name());
                }
            }
        }
    }

    private static Map<String, String> without(Map<String, String> labels, String name) {
        Map<String, String> m = new TreeMap<>(labels);
        m.remove(name);
        return m;
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> sums = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            if (s.name().equals(f.name() + "_bucket")) {
                if (!s.labels().containsKey("le")) {
                    throw new IllegalArgumentException("bucket without le: " + s);
                }
                buckets.computeIfAbsent(without(s.labels(), "le"), k -> new ArrayList<>()).add(s);
            } else if (s.name().equals(f.name() + "_sum")) {
                sums.put(s.labels(), s.value());
            } else if (s.name().equals(f.name() + "_count")) {
                counts.put(s.labels(), s.value());
            } else {
                throw new IllegalArgumentException("sample " + s.name() + " in histogram " + f.name());
            }
        }
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("histogram " + f.name() + " has no buckets");
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : buckets.entrySet()) {
            double prevLe = Double.NEGATIVE_INFINITY;
            double prevCount = 0;
            List<Sample> bs = e.getValue();
            for (Sample b : bs) {
                double le = parseLe(b.labels().get("le"));
                if (!(le > prevLe)) {
                    throw new IllegalArgumentException(f.name() + " buckets not in increasing le order at " + b);
                }
                if (b.value() < prevCount || Double.isNaN(b.value())) {
                    throw new IllegalArgumentException(f.name() + " bucket counts are not cumulative at " + b);
                }
                prevLe = le;
                prevCount = b.value();
            }
            if (prevLe != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(f.name() + e.getKey() + " has no +Inf bucket");
            }
            Double count = counts.get(e.getKey());
            if (count == null || !sums.containsKey(e.getKey())) {
                throw new IllegalArgumentException(f.name() + e.getKey() + " lacks _count or _sum");
            }
            if (count != prevCount) {
                throw new IllegalArgumentException(f.name() + e.getKey() + " _count " + count
                        + " differs from the +Inf bucket " + prevCount);
            }
        }
        if (!buckets.keySet().equals(counts.keySet()) || !buckets.keySet().equals(sums.keySet())) {
            throw new IllegalArgumentException(f.name() + ": _sum/_count label sets differ from the buckets'");
        }
    }

    private static double parseLe(String le) {
        if (le.equals("+Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(le);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad le '" + le + "'");
        }
    }

    private static void checkSummary(Family f) {
        Set<Map<String, String>> sets = new HashSet<>();
        Set<Map<String, String>> sums = new HashSet<>();
        Set<Map<String, String>> counts = new HashSet<>();
        for (Sample s : f.samples()) {
            if (s.name().equals(f.name())) {
                String q = s.labels().get("quantile");
                if (q == null) {
                    throw new IllegalArgumentException("summary sample without quantile: " + s);
                }
                double v = Double.parseDouble(q);
                if (v < 0 || v > 1) {
                    throw new IllegalArgumentException("quantile out of range: " + s);
                }
                sets.add(without(s.labels(), "quantile"));
            } else if (s.name().equals(f.name() + "_sum")) {
                sums.add(s.labels());
            } else if (s.name().equals(f.name() + "_count")) {
                counts.add(s.labels());
            } else {
                throw new IllegalArgumentException("sample " + s.name() + " in summary " + f.name());
            }
        }
        if (!sums.equals(counts) || !sums.containsAll(sets)) {
            throw new IllegalArgumentException("summary " + f.name() + " lacks _sum or _count for some label set");
        }
    }

    private static boolean isMetricName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i), i == 0, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c, boolean first, boolean colonAllowed) {
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':');
        return letter || (!first && c >= '0' && c <= '9');
    }
}
