package dev.chorus.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files through real validators that run here without a Docker engine or a Kubernetes cluster:
 * every Kubernetes object against its JSON schema from the Kubernetes OpenAPI definitions (kubernetes-models), the
 * Dockerfile through dockerfile-utils' syntax check (both in {@code src/test/deploy-lint}, installed by npm ci in
 * the Maven build), and the systemd unit through {@code systemd-analyze verify} (Debian's systemd package). Each
 * validator is also shown a broken copy, so a validator that silently checks nothing fails the test.
 */
class DeployLintTest {
    private static final Path LINT = DeployFiles.OPS.resolve("src/test/deploy-lint");

    @TempDir
    Path tmp;

    /** Exit code and combined output of a command, which must finish within the deadline. */
    record Result(int exit, String output) {
        List<String> lines(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    private Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private Result lint(List<Path> manifests, Path dockerfile) throws IOException, InterruptedException {
        assertTrue(Files.isDirectory(LINT.resolve("node_modules")),
                "no " + LINT + "/node_modules: run the tests through Maven (npm ci runs in generate-test-resources)");
        List<String> cmd = new ArrayList<>(List.of("node", LINT.resolve("lint.mjs").toString(), "--k8s"));
        manifests.forEach(m -> cmd.add(m.toString()));
        cmd.add("--dockerfile");
        cmd.add(dockerfile.toString());
        return run(cmd, 120);
    }

    @Test
    void manifestsMatchTheKubernetesSchemasAndTheDockerfileParses() throws Exception {
        Result r = lint(DeployFiles.manifests(), DeployFiles.DOCKERFILE);
        assertEquals(0, r.exit(), r.output());
        assertEquals(DeployFiles.objects().size() + 1, r.lines("OK ").size(), r.output());
    }

    @Test
    void schemaAndSyntaxErrorsAreReported() throws Exception {
        ObjectNode sts = DeployFiles.only("StatefulSet").deepCopy();
        ((ObjectNode) sts.path("spec")).remove("selector");
        JsonNode port = sts.path("spec").path("template").path("spec").path("containers").path(0).path("ports").path(0);
        ((ObjectNode) port).set("containerPort", TextNode.valueOf("eighty"));
        Path manifest = tmp.resolve("broken.yaml");
        DeployFiles.yamlMapper().writeValue(manifest.toFile(), sts);
        Path dockerfile = tmp.resolve("Dockerfile");
        Files.writeString(dockerfile, DeployFiles.read(DeployFiles.DOCKERFILE) + "RUNN true\nEXPOSE 8080/tcpx\n");

        Result r = lint(List.of(manifest), dockerfile);

        assertEquals(1, r.exit(), r.output());
        String errors = String.join("\n", r.lines("ERROR "));
        for (String expected : List.of("containerPort must be integer", "required property selector",
                "Unknown instruction: RUNN", "Invalid proto: tcpx")) {
            assertTrue(errors.contains(expected), "expected '" + expected + "' in:\n" + r.output());
        }
    }

    private Result verifyUnit(String text) throws IOException, InterruptedException {
        Path unit = tmp.resolve("chorus.service");
        Files.writeString(unit, text);
        try {
            return run(List.of("systemd-analyze", "verify", unit.toString()), 60);
        } catch (IOException e) {
            throw new AssertionError("systemd-analyze not found: it comes with Debian's systemd package", e);
        }
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Result r = verifyUnit(DeployFiles.read(DeployFiles.SYSTEMD.resolve("chorus.service")));
        assertEquals(0, r.exit(), r.output());
        assertEquals("", r.output().strip(), "systemd-analyze verify reports nothing");
    }

    @Test
    void systemdReportsABrokenUnit() throws Exception {
        String unit = DeployFiles.read(DeployFiles.SYSTEMD.resolve("chorus.service"))
                .replace("Restart=on-failure", "Restart=sometimes")
                .replace("ProtectSystem=strict", "ProtectSytem=strict");
        Result r = verifyUnit(unit);
        assertTrue(r.output().contains("sometimes") && r.output().contains("ProtectSytem"), r.output());
    }
}
