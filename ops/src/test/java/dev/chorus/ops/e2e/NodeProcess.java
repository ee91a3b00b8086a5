package dev.chorus.ops.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Chorus node in its own JVM (the test's classpath, {@code dev.chorus.ops.ChorusNode}), configured through
 * system properties, with its output in {@code target/node-<name>.log}. {@link #kill()} is a process kill
 * (SIGKILL): no graceful leave, no goodbye on any socket.
 */
final class NodeProcess implements AutoCloseable {
    final String name;
    final int httpPort;
    final int clusterPort;
    final int managementPort;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, int httpPort, int clusterPort, int managementPort, Process process, Path log) {
        this.name = name;
        this.httpPort = httpPort;
        this.clusterPort = clusterPort;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts a node; {@code seedClusterPort} 0 means it forms the cluster. Does not wait for it. */
    static NodeProcess start(String name, int seedClusterPort, Map<String, String> extra) throws IOException {
        int http = freePort();
        int cluster = freePort();
        int management = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("--add-exports");
        cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("--add-opens");
        cmd.add("java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        prop(cmd, "chorus.http.port", http);
        prop(cmd, "chorus.media.udp-port", freePort());
        prop(cmd, "chorus.media.tcp-port", freePort());
        prop(cmd, "chorus.media.workers", 1);
        prop(cmd, "chorus.aeron.port", 0);
        prop(cmd, "chorus.management.port", management);
        prop(cmd, "pekko.remote.artery.canonical.port", cluster);
        if (seedClusterPort > 0) {
            cmd.add("-Dchorus.cluster.seed-nodes=127.0.0.1:" + seedClusterPort);
        }
        if (!extra.containsKey("chorus.data-dir") && !extra.containsKey("chorus.db.url")) {
            cmd.add("-Dchorus.data-dir=" + dev.chorus.ops.LoopbackNode.freshDataDir());
        }
        extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("dev.chorus.ops.ChorusNode");
        Path log = Path.of("target", "node-" + name + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new NodeProcess(name, http, cluster, management, p, log);
    }

    private static void prop(List<String> cmd, String key, int value) {
        cmd.add("-D" + key + "=" + value);
    }

    /** Waits until the node printed its ready line. */
    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + name + " exited: " + tail());
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Chorus node ready")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node " + name + " not ready: " + tail());
    }

    String tail() {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.substring(Math.max(0, s.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The node's id as placement reports it. */
    String nodeId() {
        return "127.0.0.1:" + clusterPort;
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
