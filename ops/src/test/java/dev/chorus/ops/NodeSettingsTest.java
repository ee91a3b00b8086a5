package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import dev.chorus.media.api.MediaPlaneConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node configuration: {@code application.conf} defaults, its {@code CHORUS_*} environment overrides, and the
 * checks {@link NodeSettings#from} makes. The environment is simulated with {@link ConfigFactory#parseMap}: the
 * {@code ${?CHORUS_X}} substitutions find root-level keys before they would look at the real environment, and
 * resolution here never reads the real environment or system properties.
 */
class NodeSettingsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** application.conf over the modules' reference.conf, with {@code env} playing the environment. */
    private static Config config(Map<String, ?> env) {
        return ConfigFactory.parseMap(env)
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve(ConfigResolveOptions.noSystem());
    }

    private static NodeSettings settings(Map<String, ?> env) {
        return NodeSettings.from(config(env));
    }

    @Test
    void defaultsComeFromApplicationConf() {
        NodeSettings s = settings(Map.of());
        assertEquals("127.0.0.1", s.httpHost());
        assertEquals(8080, s.httpPort());
        assertEquals("", s.publicUrl());
        assertEquals(Duration.ofSeconds(10), s.askTimeout(), "chorus.ask-timeout comes from actors' reference.conf");
        MediaPlaneConfig m = s.media();
        assertEquals("127.0.0.1", m.listenIp());
        assertEquals("127.0.0.1", m.announcedIp(), "announced-ip defaults to listen-ip");
        assertEquals(44444, m.udpPort());
        assertEquals(44444, m.tcpPort());
        assertEquals(CORES, m.workers(), "workers = 0 means one per core");
        assertNull(m.certificateFile());
        assertNull(m.privateKeyFile());
        assertEquals(30_000L, m.consentTimeoutMs());
    }

    @Test
    void pekkoDefaultsFormASingleNodeClusterThatDoesNotExitTheJvm() {
        Config c = config(Map.of());
        assertEquals("cluster", c.getString("pekko.actor.provider"));
        assertEquals("127.0.0.1", c.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(25520, c.getInt("pekko.remote.artery.canonical.port"));
        assertTrue(c.getList("pekko.cluster.seed-nodes").isEmpty());
        assertEquals("off", c.getString("pekko.coordinated-shutdown.exit-jvm"));
    }

    static Stream<Arguments> environmentOverrides() {
        return Stream.of(
                row("CHORUS_HTTP_HOST", Map.of("CHORUS_HTTP_HOST", "0.0.0.0"), NodeSettings::httpHost, "0.0.0.0"),
                row("CHORUS_HTTP_PORT", Map.of("CHORUS_HTTP_PORT", "9090"), NodeSettings::httpPort, 9090),
                row("CHORUS_HTTP_PORT 0 (ephemeral)", Map.of("CHORUS_HTTP_PORT", "0"), NodeSettings::httpPort, 0),
                row("CHORUS_PUBLIC_URL", Map.of("CHORUS_PUBLIC_URL", "https://meet.example.org/"),
                        NodeSettings::publicUrl, "https://meet.example.org/"),
                row("CHORUS_LISTEN_IP sets listen-ip", Map.of("CHORUS_LISTEN_IP", "10.0.0.5"),
                        s -> s.media().listenIp(), "10.0.0.5"),
                row("CHORUS_LISTEN_IP is announced by default", Map.of("CHORUS_LISTEN_IP", "10.0.0.5"),
                        s -> s.media().announcedIp(), "10.0.0.5"),
                row("IPv6 listen-ip is announced by default", Map.of("CHORUS_LISTEN_IP", "::1"),
                        s -> s.media().announcedIp(), "::1"),
                row("CHORUS_ANNOUNCED_IP with the default listen-ip",
                        Map.of("CHORUS_ANNOUNCED_IP", "198.51.100.1"), s -> s.media().announcedIp(), "198.51.100.1"),
                row("CHORUS_ANNOUNCED_IP keeps the default listen-ip",
                        Map.of("CHORUS_ANNOUNCED_IP", "198.51.100.1"), s -> s.media().listenIp(), "127.0.0.1"),
                row("wildcard listen-ip with CHORUS_ANNOUNCED_IP: announced",
                        Map.of("CHORUS_LISTEN_IP", "0.0.0.0", "CHORUS_ANNOUNCED_IP", "203.0.113.7"),
                        s -> s.media().announcedIp(), "203.0.113.7"),
                row("wildcard listen-ip with CHORUS_ANNOUNCED_IP: listen",
                        Map.of("CHORUS_LISTEN_IP", "0.0.0.0", "CHORUS_ANNOUNCED_IP", "203.0.113.7"),
                        s -> s.media().listenIp(), "0.0.0.0"),
                row("IPv6 wildcard listen-ip with CHORUS_ANNOUNCED_IP",
                        Map.of("CHORUS_LISTEN_IP", "::", "CHORUS_ANNOUNCED_IP", "2001:db8::7"),
                        s -> s.media().announcedIp(), "2001:db8::7"),
                row("CHORUS_UDP_PORT", Map.of("CHORUS_UDP_PORT", "40000"), s -> s.media().udpPort(), 40000),
                row("CHORUS_UDP_PORT leaves tcp-port", Map.of("CHORUS_UDP_PORT", "40000"),
                        s -> s.media().tcpPort(), 44444),
                row("CHORUS_TCP_PORT -1 disables TCP", Map.of("CHORUS_TCP_PORT", "-1"),
                        s -> s.media().tcpPort(), -1),
                row("CHORUS_MEDIA_WORKERS", Map.of("CHORUS_MEDIA_WORKERS", "3"), s -> s.media().workers(), 3),
                row("CHORUS_MEDIA_WORKERS 1", Map.of("CHORUS_MEDIA_WORKERS", "1"), s -> s.media().workers(), 1),
                row("CHORUS_MEDIA_WORKERS 0 means cores", Map.of("CHORUS_MEDIA_WORKERS", "0"),
                        s -> s.media().workers(), CORES),
                row("negative CHORUS_MEDIA_WORKERS means cores", Map.of("CHORUS_MEDIA_WORKERS", "-2"),
                        s -> s.media().workers(), CORES),
                row("CHORUS_DTLS_CERTIFICATE",
                        Map.of("CHORUS_DTLS_CERTIFICATE", "/etc/chorus/cert.pem",
                                "CHORUS_DTLS_PRIVATE_KEY", "/etc/chorus/key.pem"),
                        s -> s.media().certificateFile(), Path.of("/etc/chorus/cert.pem")),
                row("CHORUS_DTLS_PRIVATE_KEY",
                        Map.of("CHORUS_DTLS_CERTIFICATE", "/etc/chorus/cert.pem",
                                "CHORUS_DTLS_PRIVATE_KEY", "/etc/chorus/key.pem"),
                        s -> s.media().privateKeyFile(), Path.of("/etc/chorus/key.pem")),
                row("a dotted path overrides too", Map.of("chorus.media.ice-consent-timeout", "5s"),
                        s -> s.media().consentTimeoutMs(), 5_000L),
                row("a dotted path wins over the default ask-timeout", Map.of("chorus.ask-timeout", "250ms"),
                        NodeSettings::askTimeout, Duration.ofMillis(250)));
    }

    private static Arguments row(String name, Map<String, String> env, Function<NodeSettings, Object> read,
                                 Object expected) {
        return Arguments.of(name, env, read, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environmentOverrides")
    void environmentStyleOverrides(String name, Map<String, String> env, Function<NodeSettings, Object> read,
                                   Object expected) {
        assertEquals(expected, read.apply(settings(env)));
    }

    @Test
    void clusterEnvironmentOverridesReachPekko() {
        Config c = config(Map.of("CHORUS_CLUSTER_HOST", "10.1.2.3", "CHORUS_CLUSTER_PORT", "2552"));
        assertEquals("10.1.2.3", c.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(2552, c.getInt("pekko.remote.artery.canonical.port"));
    }

    @Test
    void hoconOverridesLikeTheTestNodeUsesApplyOnTop() {
        Config c = ConfigFactory.parseString("""
                chorus.http.port = 0
                chorus.media.udp-port = 0
                chorus.media.tcp-port = 0
                chorus.media.workers = 2
                """).withFallback(config(Map.of("CHORUS_HTTP_PORT", "9090", "CHORUS_MEDIA_WORKERS", "7")));
        NodeSettings s = NodeSettings.from(c);
        assertEquals(0, s.httpPort(), "an explicit setting layered on top beats the environment");
        assertEquals(0, s.media().udpPort());
        assertEquals(0, s.media().tcpPort());
        assertEquals(2, s.media().workers());
    }

    static Stream<Arguments> rejectedSettings() {
        String announce = "chorus.media.announced-ip (CHORUS_ANNOUNCED_IP) must be set";
        String pair = "set both chorus.media.dtls.certificate-file and private-key-file, or neither";
        return Stream.of(
                Arguments.of("IPv4 wildcard listen-ip without announced-ip", Map.of("CHORUS_LISTEN_IP", "0.0.0.0"),
                        announce),
                Arguments.of("IPv6 wildcard listen-ip without announced-ip", Map.of("CHORUS_LISTEN_IP", "::"),
                        announce),
                Arguments.of("long-form IPv6 wildcard without announced-ip",
                        Map.of("CHORUS_LISTEN_IP", "0:0:0:0:0:0:0:0"), announce),
                Arguments.of("bracketed IPv6 wildcard without announced-ip", Map.of("CHORUS_LISTEN_IP", "[::]"),
                        announce),
                Arguments.of("wildcard with trailing blank without announced-ip",
                        Map.of("CHORUS_LISTEN_IP", "0.0.0.0 "), announce),
                Arguments.of("wildcard listen-ip with a blank announced-ip",
                        Map.of("CHORUS_LISTEN_IP", "0.0.0.0", "CHORUS_ANNOUNCED_IP", "   "), announce),
                Arguments.of("certificate without private key",
                        Map.of("CHORUS_DTLS_CERTIFICATE", "/etc/chorus/cert.pem"), pair),
                Arguments.of("private key without certificate",
                        Map.of("CHORUS_DTLS_PRIVATE_KEY", "/etc/chorus/key.pem"), pair),
                Arguments.of("certificate with a blank private key",
                        Map.of("CHORUS_DTLS_CERTIFICATE", "/etc/chorus/cert.pem", "CHORUS_DTLS_PRIVATE_KEY", " "),
                        pair));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedSettings")
    void inconsistentSettingsAreRejectedWithAClearMessage(String name, Map<String, String> env, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(env));
        assertTrue(e.getMessage().startsWith(message), "message: " + e.getMessage());
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of("CHORUS_HTTP_PORT", "http", "http.port"),
                Arguments.of("CHORUS_UDP_PORT", "44444x", "udp-port"),
                Arguments.of("CHORUS_TCP_PORT", "", "tcp-port"),
                Arguments.of("CHORUS_MEDIA_WORKERS", "two", "workers"),
                Arguments.of("chorus.media.ice-consent-timeout", "soon", "ice-consent-timeout"),
                Arguments.of("chorus.ask-timeout", "-", "ask-timeout"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("malformedValues")
    void malformedValuesFailNamingTheSetting(String key, String value, String path) {
        // NodeSettings reads through getConfig("chorus"), so messages name the key below chorus(.media).
        ConfigException e = assertThrows(ConfigException.class, () -> settings(Map.of(key, value)));
        assertTrue(e.getMessage().contains(path), "message should name " + path + ": " + e.getMessage());
    }

    @Test
    void aMissingChorusSectionIsAConfigError() {
        Config empty = ConfigFactory.parseMap(Map.of("other", "x"));
        ConfigException.Missing e = assertThrows(ConfigException.Missing.class, () -> NodeSettings.from(empty));
        assertTrue(e.getMessage().contains("chorus"), e.getMessage());
    }
}
