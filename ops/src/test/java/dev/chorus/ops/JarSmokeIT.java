package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as users start it ({@code java -jar ops/target/chorus-node.jar}, README): it comes up on an
 * empty data directory, serves the meeting page and the REST API, records a room, and is still running (no fatal
 * error) some seconds later. Its effective Pekko settings are the modules' (in the jar all reference.conf files
 * are concatenated, so a library default could otherwise override them): the split-brain resolver runs, and no
 * durable Distributed Data store is started.
 */
class JarSmokeIT {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theJarStartsServesAndStaysUp() throws Exception {
        Path jar = Path.of(System.getProperty("chorus.jar", "target/chorus-node.jar"));
        assertTrue(Files.exists(jar), "the runnable jar is built before integration tests: " + jar);
        Path dataDir = Path.of(LoopbackNode.freshDataDir());
        Path log = dataDir.resolve("node.log");
        int http = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CHORUS_HTTP_PORT", String.valueOf(http));
        pb.environment().put("CHORUS_UDP_PORT", String.valueOf(freePort()));
        pb.environment().put("CHORUS_TCP_PORT", String.valueOf(freePort()));
        pb.environment().put("CHORUS_CLUSTER_PORT", String.valueOf(freePort()));
        pb.environment().put("CHORUS_AERON_PORT", String.valueOf(freePort()));
        pb.environment().put("CHORUS_MANAGEMENT_PORT", String.valueOf(freePort()));
        pb.environment().put("CHORUS_MEDIA_WORKERS", "1");
        pb.environment().put("CHORUS_DATA_DIR", dataDir.toString());
        Process node = pb.start();
        HttpProbe probe = new HttpProbe();
        try {
            HttpProbe.await(Duration.ofSeconds(90), () -> {
                if (!node.isAlive()) {
                    throw new AssertionError("the node exited: " + tail(log));
                }
                return read(log).contains("Chorus node ready") ? null : "not ready yet";
            });
            String base = "http://127.0.0.1:" + http;
            assertEquals(200, probe.get(base + "/").status(), "the meeting page");
            assertEquals(201, probe.send("POST", base + "/api/rooms", "{\"id\":\"smoke\"}").status());
            HttpProbe.await(Duration.ofSeconds(15), () -> probe.get(base + "/api/rooms").body().contains("\"smoke\"")
                    ? null : "the room is not listed yet");
            Thread.sleep(5000); // a fatal error of a subsystem that starts late (e.g. a durable store) ends the JVM
            assertTrue(node.isAlive(), "the node is still running: " + tail(log));
            String text = read(log);
            assertTrue(text.contains("SBR started"), "the split-brain resolver runs: " + tail(log));
            assertFalse(text.contains("LmdbDurableStore") || text.contains(" ERROR "), "no error: " + tail(log));
            assertTrue(Files.exists(dataDir.resolve("chorus.mv.db")), "the embedded database is in the data dir");
        } finally {
            node.destroy();
            node.waitFor();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String tail(Path log) {
        String s = read(log);
        return s.substring(Math.max(0, s.length() - 3000));
    }
}
