package dev.chorus.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image recipe ({@code ops/deploy/Dockerfile} and the root {@code .dockerignore}): a build stage that runs the
 * README's package command with JDK 17 and Node 20, a runtime stage that starts the jar the Maven build produces as
 * a non-root numeric user, the node's default ports exposed, and only settings the node reads. Docker itself cannot
 * run here; {@link DeployLintTest} adds dockerfile-utils' syntax check.
 */
class DeployDockerfileTest {
    private static final Pattern MANAGEMENT_PORT_DEFAULT = Pattern.compile("\\$\\{CHORUS_MANAGEMENT_PORT:-(\\d+)}");

    private static List<Dockerfiles.Stage> stages() {
        return Dockerfiles.stages(DeployFiles.read(DeployFiles.DOCKERFILE));
    }

    private static Dockerfiles.Stage runtime() {
        List<Dockerfiles.Stage> stages = stages();
        return stages.get(stages.size() - 1);
    }

    /** The arguments of every RUN of a stage, one per line. */
    private static String runs(Dockerfiles.Stage stage) {
        return String.join("\n", stage.all("RUN").stream().map(Dockerfiles.Instruction::args).toList());
    }

    /** The numeric user the runtime stage runs as (also the Kubernetes manifests' runAsUser). */
    static int runtimeUid() {
        Dockerfiles.Instruction user = runtime().last("USER");
        assertNotNull(user, "the runtime stage sets USER");
        String uid = user.args().split(":")[0];
        assertTrue(uid.matches("\\d+"), "USER must be numeric (Kubernetes runAsNonRoot cannot check a name): " + uid);
        return Integer.parseInt(uid);
    }

    @Test
    void buildStageRunsTheReadmePackageCommandWithJdk17AndNode20() {
        List<Dockerfiles.Stage> stages = stages();
        assertTrue(stages.size() >= 2, "multi-stage: a build stage and a runtime stage");
        Dockerfiles.Stage build = stages.get(0);
        assertNotNull(build.name(), "the build stage is named (COPY --from refers to it)");
        assertTrue(build.image().startsWith("node:20"), build.image());
        String runs = runs(build);
        assertTrue(runs.contains("openjdk-17-jdk"), "installs JDK 17");
        assertTrue(runs.contains("./mvnw") && runs.contains("-DskipTests") && runs.contains(" package"),
                "runs ./mvnw -DskipTests package");
        assertFalse(runtime().image().startsWith("node:"), "the runtime stage carries no build toolchain");
        assertTrue(runs(runtime()).contains("openjdk-17-jre-headless"), "a Java 17 runtime");
    }

    @Test
    void runtimeStartsTheShadedJarCopiedFromTheMavenOutput() throws IOException {
        Dockerfiles.Stage build = stages().get(0);
        Dockerfiles.Instruction copy = runtime().all("COPY").stream()
                .filter(i -> i.args().startsWith("--from=")).findFirst().orElseThrow();
        List<String> w = copy.words();
        assertEquals("--from=" + build.name(), w.get(0));
        String workdir = build.last("WORKDIR").args();
        assertEquals(workdir + "/ops/target/" + DeployFiles.jarName(), w.get(1), "the shade plugin's outputFile");
        String jar = w.get(2);
        JsonNode entrypoint = new ObjectMapper().readTree(runtime().last("ENTRYPOINT").args());
        List<String> argv = new ArrayList<>();
        entrypoint.forEach(a -> argv.add(a.asText()));
        assertEquals("java", argv.get(0), "exec-form ENTRYPOINT (SIGTERM reaches the JVM)");
        assertEquals(List.of("-jar", jar), argv.subList(argv.size() - 2, argv.size()));
        assertEquals(DeployFiles.PRIORITY_FLAGS, argv.subList(1, argv.size() - 2),
                "the control plane runs below the media threads (docs/deploy.md, \"Thread priorities\")");
    }

    @Test
    void runsAsANonRootNumericUser() {
        assertTrue(runtimeUid() > 0);
        for (Dockerfiles.Instruction user : runtime().all("USER")) {
            assertFalse(user.args().startsWith("root") || user.args().startsWith("0"), "USER " + user.args());
        }
        assertTrue(runs(runtime()).contains("--uid " + runtimeUid()), "the user is created with that uid");
    }

    @Test
    void exposesTheNodesDefaultPorts() {
        Set<DeployFiles.Port> exposed = new HashSet<>();
        for (Dockerfiles.Instruction expose : runtime().all("EXPOSE")) {
            for (String word : expose.words()) {
                String[] p = word.split("/");
                exposed.add(new DeployFiles.Port(Integer.parseInt(p[0]), p.length > 1 ? p[1].toUpperCase() : "TCP"));
            }
        }
        assertEquals(new HashSet<>(DeployFiles.defaultPorts().values()), exposed);
    }

    @Test
    void environmentAndHealthCheckUseWhatTheNodeReads() {
        Set<String> known = DeployFiles.knownEnvNames();
        for (Dockerfiles.Instruction env : runtime().all("ENV")) {
            for (String word : env.words()) {
                String name = word.substring(0, word.indexOf('='));
                assertTrue(known.contains(name) || DeployFiles.JVM_ENV.contains(name), "ENV " + name);
            }
        }
        for (String token : DeployFiles.chorusTokens(DeployFiles.read(DeployFiles.DOCKERFILE))) {
            assertTrue(known.contains(token), "the Dockerfile mentions " + token + ", which the node does not read");
        }
        String check = runtime().last("HEALTHCHECK").args();
        assertTrue(check.contains(DeployFiles.healthPath("readiness")), check);
        Matcher port = MANAGEMENT_PORT_DEFAULT.matcher(check);
        assertTrue(port.find(), check);
        assertEquals(DeployFiles.defaultPorts().get("management").port(), Integer.parseInt(port.group(1)));
    }

    /**
     * The root .dockerignore keeps build output and node_modules out of the context, and none of its patterns
     * drops a file the build needs: the Maven wrapper, every pom and every npm project the build runs.
     */
    @Test
    void dockerignoreKeepsOutputOutAndTheBuildInputsIn() throws IOException {
        List<String> patterns = DeployFiles.read(DeployFiles.ROOT.resolve(".dockerignore")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(patterns.containsAll(List.of(".git", "**/target", "**/node_modules")), patterns.toString());
        List<String> needed = new ArrayList<>(List.of("mvnw", ".mvn/wrapper/maven-wrapper.properties", "pom.xml"));
        try (Stream<Path> files = Files.walk(DeployFiles.ROOT)) {
            files.map(p -> DeployFiles.ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.contains("node_modules/") && !p.contains("target/") && !p.startsWith(".git/"))
                    .filter(p -> p.matches("[^/]+/pom\\.xml") || p.matches("[^/]+/src/.*package(-lock)?\\.json"))
                    .forEach(needed::add);
        }
        assertTrue(needed.size() > 5, "found " + needed);
        for (String path : needed) {
            for (String pattern : patterns) {
                assertFalse(excludes(pattern, path), pattern + " would drop " + path + " from the build context");
            }
        }
    }

    /** True when the .dockerignore pattern matches the path or one of its parent folders. */
    private static boolean excludes(String pattern, String path) {
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        PathMatcher anyDepth = pattern.startsWith("**/")
                ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)) : glob;
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            prefix.append(prefix.length() == 0 ? "" : "/").append(part);
            Path p = Path.of(prefix.toString());
            if (glob.matches(p) || anyDepth.matches(p)) {
                return true;
            }
        }
        return false;
    }
}
