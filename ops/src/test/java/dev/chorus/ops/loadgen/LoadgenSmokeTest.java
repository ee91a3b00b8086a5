package dev.chorus.ops.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.LoopbackNode;
import dev.chorus.ops.loadgen.media.StreamSummary;
import dev.chorus.ops.loadgen.report.LoadReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke scenario of the load generator against a real node in this JVM: a grid of 6 synthetic participants
 * (real ICE, DTLS, SRTP; audio and video) for a few seconds. Every participant must receive every other
 * participant's audio and video, with little loss, join times must be measured, and the JSON must hold the figures.
 * Nothing here asserts a timing.
 */
@Timeout(180)
class LoadgenSmokeTest {
    private static final int N = 6;

    @TempDir
    Path dir;

    @Test
    void gridOfSixReceivesEveryStream() throws Exception {
        Path json = dir.resolve("grid.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LoadReport report;
        long t0 = System.nanoTime();
        try (ChorusNode node = LoopbackNode.start("chorus.media.workers = 2")) {
            System.out.println("node started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            String host = "127.0.0.1:" + node.httpPort();
            LoadgenOptions options = LoadgenOptions.parse(List.of("--scenario", "grid", "--participants",
                    String.valueOf(N), "--duration", "5s", "--warmup", "1s", "--progress", "2s", "--ramp-up", "20",
                    "--video-bitrate", "300k", "--loops", "2", "--url", "ws://" + host, "--metrics",
                    "http://" + host + "/metrics", "--json", json.toString()));
            report = LoadgenCommand.execute(options, new PrintStream(console, true, StandardCharsets.UTF_8));
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertEquals(N, report.participants().joined(), printed);
        long expected = (long) N * (N - 1) * 2;
        assertEquals(expected, report.streams().expected().getAsLong());
        assertEquals(expected, report.streams().offered(), printed);
        assertEquals(expected, report.streams().withMedia(), printed);
        assertTrue(report.streams().lossFraction().getAsDouble() < 0.05, printed);
        assertTrue(report.joinTimeMs().count() >= N - 1, "join times measured: " + printed);
        assertTrue(report.audioLatencyMs().count() > 0 && report.videoLatencyMs().count() > 0, printed);
        assertTrue(LoadgenCommand.complete(report));
        assertTrue(printed.contains("t=") && printed.contains("e2e latency video"), printed);

        JsonNode j = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("grid", j.path("settings").path("scenario").asText());
        assertEquals(N, j.path("participants").path("joined").asInt());
        assertEquals(expected, j.path("streams").path("withMedia").asLong());
        for (String f : List.of("p50", "p99", "max")) {
            assertTrue(j.path("e2eLatencyMs").path("video").path(f).isNumber(), f);
            assertTrue(j.path("joinTimeMs").path(f).isNumber(), f);
        }
        assertTrue(j.path("client").path("receivedPps").asDouble() > 0);
        // the node exports /metrics, so the server-side figures are measured, not n/a
        for (String f : List.of("forwardedPps", "forwardedBps", "cpuCores", "cpuMicrosPerForwardedPacket",
                "transitP50Ms", "transitP99Ms")) {
            JsonNode v = j.path("server").path(f);
            assertTrue(v.isNumber() && v.asDouble() > 0, "server figure " + f + " = " + v);
        }
        for (String f : List.of("heapDeltaBytes", "heapPerParticipantBytes", "heapPerConsumerBytes")) {
            JsonNode v = j.path("server").path(f);   // a heap delta can be n/a (a GC in the window)
            assertTrue(v.isNumber() || "n/a".equals(v.asText()), f + " = " + v);
        }
        // each subscriber got both kinds from each other participant, each with packets
        Set<String> arrived = new HashSet<>();
        for (StreamSummary s : report.streamDetails()) {
            if (s.packets() > 0) {
                arrived.add(s.subscriberId() + "<-" + s.producerPeerId() + ":" + s.kind());
            }
        }
        Set<String> all = new HashSet<>();
        for (int sub = 0; sub < N; sub++) {
            for (int pub = 0; pub < N; pub++) {
                if (sub != pub) {
                    all.add("p" + sub + "<-p" + pub + ":audio");
                    all.add("p" + sub + "<-p" + pub + ":video");
                }
            }
        }
        assertEquals(all, arrived);
    }
}
