package dev.chorus.ops.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load generator's settings, from command-line flags ({@code --name value} or {@code --name=value}) and
 * optionally a scenario file ({@code --scenario-file f}: one {@code name = value} per line, {@code #} comments;
 * flags win over the file). See docs/loadgen.md for every flag.
 *
 * @param metrics   the server's Prometheus endpoint, or null ({@code --metrics none}) to skip server figures
 * @param lastN     the room's video last-N to set through the REST API, or null to leave the room alone
 * @param lastNAudio the room's audio last-N ({@code lastNAudio}), or null
 */
public record LoadgenOptions(Scenario scenario, int participants, Duration duration, Duration warmup, URI url,
                             URI metrics, URI api, String room, int videoBitrate, int fps, Duration keyFrameInterval,
                             boolean simulcast, boolean video, int audioBytes, double rampUp, int speakers,
                             Duration talkTurn, Integer lastN, Integer lastNAudio, double churnRate, int loops,
                             int dtlsThreads, Duration progress, int rtxHistory, Path json,
                             boolean jsonStreams) {

    static final Set<String> FLAGS = Set.of("scenario", "participants", "duration", "warmup", "url", "metrics", "api",
            "room", "video-bitrate", "fps", "keyframe-interval", "simulcast", "no-video", "audio-bytes", "ramp-up",
            "speakers", "talk-turn", "last-n", "last-n-audio", "churn-rate", "loops", "dtls-threads", "progress",
            "rtx-history", "json", "json-streams", "scenario-file");
    private static final Set<String> SWITCHES = Set.of("simulcast", "no-video", "json-streams");

    public LoadgenOptions {
        if (participants < 1) {
            throw new IllegalArgumentException("--participants must be at least 1");
        }
        if (scenario == Scenario.LIVESTREAM && participants < 2) {
            throw new IllegalArgumentException("livestream needs a publisher and at least one viewer");
        }
        if (rampUp <= 0 || churnRate <= 0 || loops < 1 || dtlsThreads < 1 || fps < 1 || videoBitrate < 8000) {
            throw new IllegalArgumentException("--ramp-up, --churn-rate, --loops, --dtls-threads, --fps must be "
                    + "positive and --video-bitrate at least 8k");
        }
        if (Integer.bitCount(rtxHistory) != 1) {
            throw new IllegalArgumentException("--rtx-history must be a power of two");
        }
    }

    /** Parses flags (and the scenario file they name). */
    public static LoadgenOptions parse(List<String> args) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (SWITCHES.contains(name)) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            check(name);
            flags.put(name, value);
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (flags.containsKey("scenario-file")) {
            all.putAll(readFile(Path.of(flags.get("scenario-file"))));
        }
        all.putAll(flags);
        return from(all);
    }

    private static Map<String, String> readFile(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file + ": expected 'name = value', got '" + l + "'");
            }
            String name = l.substring(0, eq).strip();
            check(name);
            out.put(name, l.substring(eq + 1).strip());
        }
        return out;
    }

    private static void check(String name) {
        if (!FLAGS.contains(name)) {
            throw new IllegalArgumentException("unknown option --" + name);
        }
    }

    static LoadgenOptions from(Map<String, String> v) {
        URI url = URI.create(v.getOrDefault("url", "ws://127.0.0.1:8080"));
        String httpBase = (url.getScheme().equals("wss") ? "https" : "http") + "://" + url.getAuthority();
        String metrics = v.getOrDefault("metrics", httpBase + "/metrics");
        int cores = Runtime.getRuntime().availableProcessors();
        return new LoadgenOptions(
                Scenario.parse(v.getOrDefault("scenario", "grid")),
                Integer.parseInt(v.getOrDefault("participants", "10")),
                duration(v.getOrDefault("duration", "30s")),
                duration(v.getOrDefault("warmup", "2s")),
                url,
                "none".equals(metrics) ? null : URI.create(metrics),
                URI.create(v.getOrDefault("api", httpBase)),
                v.getOrDefault("room", "loadgen-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)),
                bitrate(v.getOrDefault("video-bitrate", "800k")),
                Integer.parseInt(v.getOrDefault("fps", "30")),
                duration(v.getOrDefault("keyframe-interval", "3s")),
                Boolean.parseBoolean(v.getOrDefault("simulcast", "false")),
                !Boolean.parseBoolean(v.getOrDefault("no-video", "false")),
                Integer.parseInt(v.getOrDefault("audio-bytes", "100")),
                Double.parseDouble(v.getOrDefault("ramp-up", "10")),
                Integer.parseInt(v.getOrDefault("speakers", "1")),
                duration(v.getOrDefault("talk-turn", "4s")),
                v.containsKey("last-n") ? Integer.valueOf(v.get("last-n")) : null,
                v.containsKey("last-n-audio") ? Integer.valueOf(v.get("last-n-audio")) : null,
                Double.parseDouble(v.getOrDefault("churn-rate", "1")),
                Integer.parseInt(v.getOrDefault("loops", String.valueOf(Math.max(1, Math.min(4, cores))))),
                Integer.parseInt(v.getOrDefault("dtls-threads", "2")),
                duration(v.getOrDefault("progress", "5s")),
                Integer.parseInt(v.getOrDefault("rtx-history", "256")),
                v.containsKey("json") ? Path.of(v.get("json")) : null,
                Boolean.parseBoolean(v.getOrDefault("json-streams", "false")));
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, or a bare number of seconds. */
    static Duration duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }

    /** {@code 800k}, {@code 2.5M}, or bits per second. */
    static int bitrate(String s) {
        String t = s.trim();
        char unit = Character.toLowerCase(t.charAt(t.length() - 1));
        double factor = unit == 'k' ? 1e3 : unit == 'm' ? 1e6 : 1;
        String number = factor == 1 ? t : t.substring(0, t.length() - 1);
        return (int) Math.round(Double.parseDouble(number) * factor);
    }

    /** True when the room gets a video last-N limit (a value of 0 or more) that may pause video on purpose. */
    public boolean videoLastNLimited() {
        return lastN != null && lastN >= 0;
    }

    /** True when the room gets an audio last-N limit that may pause audio on purpose. */
    public boolean audioLastNLimited() {
        return lastNAudio != null && lastNAudio >= 0;
    }
}
