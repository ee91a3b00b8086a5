package dev.chorus.ops.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployment files under {@code ops/deploy} and the facts about the node they must agree with: the ports and
 * health paths of {@code application.conf} (its defaults, read without the environment), the environment variables
 * the node reads, and the jar the Maven build produces. The deploy tests compare the files against these, so a
 * port, path or setting renamed in the node's configuration fails a test instead of a deployment.
 */
final class DeployFiles {
    /** The ops module (Surefire's working directory). */
    static final Path OPS = locateOps();
    static final Path ROOT = OPS.getParent();
    static final Path DEPLOY = OPS.resolve("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final Path DOCKERFILE = DEPLOY.resolve("Dockerfile");
    static final Path SYSTEMD = DEPLOY.resolve("systemd");

    /**
     * JVM flags every launcher passes so that the control plane's threads (Java priority 3 and 4) run at nice 10
     * and 5, below the media threads (docs/deploy.md, "Thread priorities"; DispatcherPriorityTest in actors).
     */
    static final List<String> PRIORITY_FLAGS = List.of("-XX:ThreadPriorityPolicy=1",
            "-XX:JavaPriority3_To_OSPriority=10", "-XX:JavaPriority4_To_OSPriority=5");

    /** Environment variables the deploy files may set that are not the node's: the JVM's options. */
    static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");

    private static final Pattern CHORUS_TOKEN = Pattern.compile("\\bCHORUS_[A-Z0-9_]+");
    private static final Pattern CONF_ENV = Pattern.compile("\\$\\{\\?(CHORUS_[A-Z0-9_]+)}");
    private static final Pattern LOGBACK_ENV = Pattern.compile("\\$\\{(CHORUS_[A-Z0-9_]+):-");
    private static final Pattern INCLUDE = Pattern.compile("include\\s+classpath\\(\"([^\"]+)\"\\)");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private DeployFiles() {
    }

    private static Path locateOps() {
        Path dir = Path.of("").toAbsolutePath();
        if (Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
            return dir;
        }
        if (Files.isDirectory(dir.resolve("ops/deploy"))) {
            return dir.resolve("ops");
        }
        throw new IllegalStateException("run from the ops module or the repository root; working directory: " + dir);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node's {@code application.conf} (with its includes) resolved without system properties or environment. */
    static Config defaults() {
        return ConfigFactory.parseResources(DeployFiles.class.getClassLoader(), "application.conf",
                        ConfigParseOptions.defaults().setAllowMissing(false))
                .resolve(ConfigResolveOptions.noSystem().setAllowUnresolved(true));
    }

    /** A default port of the node with its protocol ({@code TCP} or {@code UDP}, as Kubernetes writes them). */
    record Port(int port, String protocol) {
    }

    /**
     * The ports a node opens with its default settings, by the names the Kubernetes manifests give them. The media
     * port is one UDP and one TCP port (passive ICE-TCP).
     */
    static Map<String, Port> defaultPorts() {
        Config c = defaults();
        Map<String, Port> ports = new LinkedHashMap<>();
        ports.put("http", new Port(c.getInt("chorus.http.port"), "TCP"));
        ports.put("media-udp", new Port(c.getInt("chorus.media.udp-port"), "UDP"));
        ports.put("media-tcp", new Port(c.getInt("chorus.media.tcp-port"), "TCP"));
        ports.put("cluster", new Port(c.getInt("pekko.remote.artery.canonical.port"), "TCP"));
        ports.put("aeron", new Port(c.getInt("chorus.aeron.port"), "UDP"));
        ports.put("management", new Port(c.getInt("chorus.management.port"), "TCP"));
        return ports;
    }

    /** The HTTP path of a Pekko Management health check ({@code startup}, {@code readiness}, {@code liveness}). */
    static String healthPath(String check) {
        return "/" + defaults().getString("pekko.management.health-checks." + check + "-path");
    }

    /**
     * Every {@code CHORUS_*} environment variable the node reads: the {@code ${?CHORUS_...}} overrides of
     * {@code application.conf}, the files it includes and every {@code reference.conf} on the classpath, and the
     * variables {@code logback.xml} substitutes.
     */
    static Set<String> knownEnvNames() {
        Set<String> names = new TreeSet<>();
        String application = resource("application.conf");
        List<String> files = new ArrayList<>(List.of("application.conf", "reference.conf"));
        Matcher include = INCLUDE.matcher(application);
        while (include.find()) {
            files.add(include.group(1));
        }
        for (String file : files) {
            for (String text : resources(file)) {
                collect(CONF_ENV, text, names);
            }
        }
        collect(LOGBACK_ENV, resource("logback.xml"), names);
        if (names.isEmpty()) {
            throw new IllegalStateException("no CHORUS_* overrides found in the node's configuration");
        }
        return Collections.unmodifiableSet(names);
    }

    /** The {@code CHORUS_*} names a text mentions anywhere (settings, comments, shell expansions). */
    static Set<String> chorusTokens(String text) {
        Set<String> tokens = new TreeSet<>();
        Matcher m = CHORUS_TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String resource(String name) {
        List<String> texts = resources(name);
        if (texts.isEmpty()) {
            throw new IllegalStateException("resource not on the classpath: " + name);
        }
        return texts.get(0);
    }

    private static List<String> resources(String name) {
        List<String> texts = new ArrayList<>();
        try {
            for (URL url : Collections.list(DeployFiles.class.getClassLoader().getResources(name))) {
                try (InputStream in = url.openStream()) {
                    texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    /** The file name of the shaded jar, from the shade plugin's {@code outputFile} in {@code ops/pom.xml}. */
    static String jarName() {
        Matcher m = Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+)</outputFile>")
                .matcher(read(OPS.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no shade outputFile in ops/pom.xml");
        }
        return m.group(1);
    }

    /** All YAML documents of a file (empty documents dropped). Duplicate keys are an error. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    static YAMLMapper yamlMapper() {
        return YAML;
    }

    /** The Kubernetes object files (every {@code *.yaml} of the kubernetes folder but the kustomization). */
    static List<Path> manifests() {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Kubernetes object of the manifest files, in file order. */
    static List<JsonNode> objects() {
        List<JsonNode> all = new ArrayList<>();
        for (Path file : manifests()) {
            all.addAll(yamlDocuments(file));
        }
        return all;
    }

    /** The one object of the given kind and name. */
    static JsonNode object(String kind, String name) {
        List<JsonNode> found = objects().stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " named " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The one object of the given kind. */
    static JsonNode only(String kind) {
        List<JsonNode> found = objects().stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }
}
