package dev.chorus.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The systemd unit ({@code ops/deploy/systemd/chorus.service}) and its environment file example: the unit runs the
 * jar the Maven build produces as an unprivileged user, treats the JVM's exit on SIGTERM as a clean stop, and the
 * example sets only variables the node reads. {@link DeployLintTest} adds {@code systemd-analyze verify}.
 */
class DeploySystemdTest {

    /** The unit's sections: section name to its keys, each with every value it is given (keys may repeat). */
    static Map<String, Map<String, List<String>>> sections(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
            } else {
                int eq = line.indexOf('=');
                assertTrue(current != null && eq > 0, "not a key=value in a section: " + line);
                current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                        .add(line.substring(eq + 1).strip());
            }
        }
        return sections;
    }

    private static Map<String, Map<String, List<String>>> unit() {
        return sections(DeployFiles.read(DeployFiles.SYSTEMD.resolve("chorus.service")));
    }

    private static String single(String section, String key) {
        List<String> values = unit().getOrDefault(section, Map.of()).getOrDefault(key, List.of());
        assertEquals(1, values.size(), "[" + section + "] " + key + " = " + values);
        return values.get(0);
    }

    @Test
    void execStartRunsTheShadedJarWithJava() {
        String[] argv = single("Service", "ExecStart").split("\\s+");
        assertTrue(argv[0].startsWith("/") && argv[0].endsWith("/java"), "an absolute java: " + argv[0]);
        int jar = List.of(argv).indexOf("-jar");
        assertTrue(jar > 0 && jar + 1 < argv.length, "java ... -jar <file>");
        assertEquals(DeployFiles.PRIORITY_FLAGS, List.of(argv).subList(1, jar),
                "the control plane runs below the media threads (docs/deploy.md, \"Thread priorities\")");
        assertTrue(argv[jar + 1].startsWith("/") && argv[jar + 1].endsWith("/" + DeployFiles.jarName()),
                argv[jar + 1]);
        assertEquals(single("Service", "WorkingDirectory"), "/var/lib/" + single("Service", "StateDirectory"),
                "the working directory is the unit's state directory (created for the user)");
    }

    @Test
    void runsAsAnUnprivilegedUserAndStopsCleanly() {
        String user = single("Service", "User");
        assertFalse(user.isEmpty() || user.equals("root") || user.equals("0"), "User=" + user);
        assertTrue(List.of(single("Service", "SuccessExitStatus").split("\\s+")).contains("143"),
                "the JVM exits with 143 after SIGTERM: a stop, not a failure");
        assertEquals("yes", single("Service", "NoNewPrivileges"));
        assertEquals("multi-user.target", single("Install", "WantedBy"));
    }

    @Test
    void environmentFileExampleSetsOnlyWhatTheNodeReads() {
        assertEquals("/etc/chorus/chorus.env", single("Service", "EnvironmentFile"));
        String example = DeployFiles.read(DeployFiles.SYSTEMD.resolve("chorus.env.example"));
        Set<String> known = DeployFiles.knownEnvNames();
        int set = 0;
        for (String raw : example.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            assertTrue(eq > 0, "not VAR=value: " + line);
            String name = line.substring(0, eq);
            assertTrue(known.contains(name) || DeployFiles.JVM_ENV.contains(name), name);
            set++;
        }
        assertTrue(set > 0, "the example sets something");
        String unit = DeployFiles.read(DeployFiles.SYSTEMD.resolve("chorus.service"));
        for (String token : DeployFiles.chorusTokens(example + "\n" + unit)) {
            assertTrue(known.contains(token), token + " is mentioned but not read by the node");
        }
    }
}
