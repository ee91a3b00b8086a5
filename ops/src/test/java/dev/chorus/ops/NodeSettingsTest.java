package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import dev.chorus.actors.room.LastNConfig;
import dev.chorus.media.api.MediaPlaneConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        assertEquals("127.0.0.1", s.managementHost());
        assertEquals(8558, s.managementPort());
        assertEquals(List.of(), s.cluster().seedNodes(), "no seed nodes: the node forms a cluster of its own");
        assertEquals(List.of("media", "signaling"), s.cluster().roles());
        assertEquals(50, s.cluster().capacity());
        assertEquals(Duration.ofSeconds(10), s.peerGracePeriod());
        assertEquals(new AeronSettings("127.0.0.1", 40400, "127.0.0.1", 4 * 1024 * 1024), s.aeron(),
                "announced-host defaults to bind-host; term-length 4m is 4 MiB");
        assertEquals(new LastNConfig(20, 5, 9), s.lastN(), "automatic last-N above 20 peers: 5 audio, 9 video");
    }

    @Test
    void splitBrainResolverKeepsTheMajorityAfterTenStableSeconds() {
        Config c = config(Map.of());
        assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
                c.getString("pekko.cluster.downing-provider-class"));
        assertEquals("keep-majority", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
        assertEquals(Duration.ofSeconds(10), c.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
        assertEquals(Duration.ofSeconds(25), config(Map.of("CHORUS_SBR_STABLE_AFTER", "25s"))
                .getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    }

    @Test
    void managementServesChorusHealthRoutesUnderHealthWithTheNodeReadinessCheck() {
        Config c = config(Map.of());
        assertEquals("127.0.0.1", c.getString("pekko.management.http.hostname"));
        assertEquals(8558, c.getInt("pekko.management.http.port"));
        assertEquals("dev.chorus.ops.management.HealthRoutes",
                c.getString("pekko.management.http.routes.health-checks"));
        assertEquals("org.apache.pekko.management.cluster.ClusterHttpManagementRouteProvider",
                c.getString("pekko.management.http.routes.cluster-management"));
        assertEquals("health/ready", c.getString("pekko.management.health-checks.readiness-path"));
        assertEquals("health/alive", c.getString("pekko.management.health-checks.liveness-path"));
        assertEquals("dev.chorus.ops.management.NodeReadinessCheck",
                c.getString("pekko.management.health-checks.readiness-checks.chorus-node"));
        assertEquals("org.apache.pekko.management.cluster.scaladsl.ClusterMembershipCheck",
                c.getString("pekko.management.health-checks.readiness-checks.cluster-membership"));
        assertEquals(List.of("Up"), c.getStringList("pekko.management.cluster.health-check.ready-states"),
                "WeaklyUp is not ready");
        assertTrue(c.getBoolean("pekko.management.http.route-providers-read-only"), "no member changes over HTTP");
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
                row("announced UDP port defaults to 0 (the bound port)", Map.of(),
                        s -> s.media().announcedUdpPort(), 0),
                row("CHORUS_ANNOUNCED_UDP_PORT", Map.of("CHORUS_ANNOUNCED_UDP_PORT", "30001"),
                        s -> s.media().announcedUdpPort(), 30001),
                row("CHORUS_ANNOUNCED_UDP_PORT leaves the bound port", Map.of("CHORUS_ANNOUNCED_UDP_PORT", "30001"),
                        s -> s.media().udpPort(), 44444),
                row("CHORUS_ANNOUNCED_TCP_PORT", Map.of("CHORUS_ANNOUNCED_TCP_PORT", "30002"),
                        s -> s.media().announcedTcpPort(), 30002),
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
                        NodeSettings::askTimeout, Duration.ofMillis(250)),
                row("CHORUS_MANAGEMENT_HOST", Map.of("CHORUS_MANAGEMENT_HOST", "0.0.0.0"),
                        NodeSettings::managementHost, "0.0.0.0"),
                row("CHORUS_MANAGEMENT_PORT", Map.of("CHORUS_MANAGEMENT_PORT", "9558"),
                        NodeSettings::managementPort, 9558),
                row("CHORUS_MANAGEMENT_PORT 0 (any free port)", Map.of("CHORUS_MANAGEMENT_PORT", "0"),
                        NodeSettings::managementPort, 0),
                row("CHORUS_NODE_ROLES one role", Map.of("CHORUS_NODE_ROLES", "media"),
                        s -> s.cluster().roles(), List.of("media")),
                row("CHORUS_NODE_ROLES comma list, blanks trimmed", Map.of("CHORUS_NODE_ROLES", " signaling , media ,"),
                        s -> s.cluster().roles(), List.of("signaling", "media")),
                row("CHORUS_NODE_ROLES empty: no roles", Map.of("CHORUS_NODE_ROLES", ""),
                        s -> s.cluster().roles(), List.of()),
                row("CHORUS_SEED_NODES one", Map.of("CHORUS_SEED_NODES", "10.0.0.1:25520"),
                        s -> s.cluster().seedNodes(), List.of("pekko://chorus@10.0.0.1:25520")),
                row("CHORUS_SEED_NODES comma list with blanks and a host name",
                        Map.of("CHORUS_SEED_NODES", " 10.0.0.1:25520, chorus-1.chorus.svc:2552 ,"),
                        s -> s.cluster().seedNodes(),
                        List.of("pekko://chorus@10.0.0.1:25520", "pekko://chorus@chorus-1.chorus.svc:2552")),
                row("CHORUS_SEED_NODES bracketed IPv6", Map.of("CHORUS_SEED_NODES", "[2001:db8::1]:25520"),
                        s -> s.cluster().seedNodes(), List.of("pekko://chorus@[2001:db8::1]:25520")),
                row("CHORUS_SEED_NODES blank: none", Map.of("CHORUS_SEED_NODES", "  "),
                        s -> s.cluster().seedNodes(), List.of()),
                row("CHORUS_NODE_CAPACITY", Map.of("CHORUS_NODE_CAPACITY", "200"), s -> s.cluster().capacity(), 200),
                row("CHORUS_GRACE_PERIOD", Map.of("CHORUS_GRACE_PERIOD", "30s"), NodeSettings::peerGracePeriod,
                        Duration.ofSeconds(30)),
                row("CHORUS_GRACE_PERIOD 0", Map.of("CHORUS_GRACE_PERIOD", "0s"), NodeSettings::peerGracePeriod,
                        Duration.ZERO),
                row("CHORUS_AERON_PORT", Map.of("CHORUS_AERON_PORT", "40500"), s -> s.aeron().port(), 40500),
                row("CHORUS_AERON_BIND_HOST is announced by default", Map.of("CHORUS_AERON_BIND_HOST", "10.0.0.5"),
                        s -> s.aeron().announcedHost(), "10.0.0.5"),
                row("CHORUS_AERON_ANNOUNCED_HOST", Map.of("CHORUS_AERON_ANNOUNCED_HOST", "10.0.0.9"),
                        s -> s.aeron().announcedHost(), "10.0.0.9"),
                row("wildcard aeron bind-host with CHORUS_AERON_ANNOUNCED_HOST",
                        Map.of("CHORUS_AERON_BIND_HOST", "0.0.0.0", "CHORUS_AERON_ANNOUNCED_HOST", "10.0.0.9"),
                        s -> s.aeron().bindHost(), "0.0.0.0"),
                row("aeron term-length as a dotted path", Map.of("chorus.aeron.term-length", "64k"),
                        s -> s.aeron().termLength(), 65536),
                row("aeron term-length 1g", Map.of("chorus.aeron.term-length", "1g"),
                        s -> s.aeron().termLength(), 1 << 30),
                row("CHORUS_LAST_N_AUTO_ABOVE", Map.of("CHORUS_LAST_N_AUTO_ABOVE", "50"),
                        s -> s.lastN().autoAbove(), 50),
                row("CHORUS_LAST_N_AUDIO", Map.of("CHORUS_LAST_N_AUDIO", "3"), s -> s.lastN().audio(), 3),
                row("CHORUS_LAST_N_VIDEO -1 (never automatic)", Map.of("CHORUS_LAST_N_VIDEO", "-1"),
                        s -> s.lastN().video(), -1));
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
    void pekkoOverridesCarryRolesManagementAndSeedNodesIntoPekko() {
        Config base = config(Map.of("CHORUS_SEED_NODES", "10.0.0.1:25520,10.0.0.2:25520",
                "CHORUS_NODE_ROLES", "media", "CHORUS_MANAGEMENT_HOST", "10.0.0.3", "CHORUS_MANAGEMENT_PORT", "9558"));
        Config c = NodeSettings.from(base).pekkoOverrides().withFallback(base);
        assertEquals(List.of("pekko://chorus@10.0.0.1:25520", "pekko://chorus@10.0.0.2:25520"),
                c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(List.of("media"), c.getStringList("pekko.cluster.roles"));
        assertEquals("10.0.0.3", c.getString("pekko.management.http.hostname"));
        assertEquals(9558, c.getInt("pekko.management.http.port"));
    }

    @Test
    void withoutChorusSeedNodesPekkoSeedNodesAreLeftAsConfigured() {
        Config none = config(Map.of());
        assertTrue(NodeSettings.from(none).pekkoOverrides().withFallback(none)
                .getStringList("pekko.cluster.seed-nodes").isEmpty(), "self-join stays the default");
        Config direct = ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"pekko://chorus@10.9.9.9:2552\"]")
                .withFallback(none);
        assertEquals(List.of("pekko://chorus@10.9.9.9:2552"), NodeSettings.from(direct).pekkoOverrides()
                .withFallback(direct).getStringList("pekko.cluster.seed-nodes"));
    }

    @Test
    void seedNodesAndRolesMayAlsoBeHoconLists() {
        NodeSettings s = NodeSettings.from(ConfigFactory.parseString("""
                chorus.cluster.seed-nodes = ["10.0.0.1:25520", "10.0.0.2:25521"]
                chorus.node.roles = ["signaling"]
                """).withFallback(config(Map.of())));
        assertEquals(List.of("pekko://chorus@10.0.0.1:25520", "pekko://chorus@10.0.0.2:25521"),
                s.cluster().seedNodes());
        assertEquals(List.of("signaling"), s.cluster().roles());
    }

    @Test
    void managementPortLayeredOnAResolvedConfigStillReachesPekko() {
        // What tests (and ChorusNode callers) do: an override on top of an already resolved application.conf, where
        // pekko.management.http.port = ${chorus.management.port} was substituted long ago.
        Config layered = ConfigFactory.parseString("chorus.management.port = 0").withFallback(config(Map.of()));
        assertEquals(8558, layered.getInt("pekko.management.http.port"), "the substitution alone does not follow");
        assertEquals(0, NodeSettings.from(layered).pekkoOverrides().withFallback(layered)
                .getInt("pekko.management.http.port"));
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
        String seed = "chorus.cluster.seed-nodes (CHORUS_SEED_NODES): '";
        String capacity = "chorus.cluster.capacity (CHORUS_NODE_CAPACITY) must be positive";
        String mgmtPort = "chorus.management.port (CHORUS_MANAGEMENT_PORT) must be 0-65535";
        String term = "chorus.aeron.term-length must be a power of two from 64k to 1g";
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
                        pair),
                Arguments.of("seed node without port", Map.of("CHORUS_SEED_NODES", "10.0.0.1"), seed),
                Arguments.of("seed node with port 0", Map.of("CHORUS_SEED_NODES", "10.0.0.1:0"), seed),
                Arguments.of("seed node with port 65536", Map.of("CHORUS_SEED_NODES", "10.0.0.1:65536"), seed),
                Arguments.of("seed node with a non-numeric port", Map.of("CHORUS_SEED_NODES", "10.0.0.1:http"), seed),
                Arguments.of("seed node without host", Map.of("CHORUS_SEED_NODES", ":25520"), seed),
                Arguments.of("unbracketed IPv6 seed node", Map.of("CHORUS_SEED_NODES", "2001:db8::1:25520"), seed),
                Arguments.of("empty brackets as seed host", Map.of("CHORUS_SEED_NODES", "[]:25520"), seed),
                Arguments.of("bracketed IPv4 seed host", Map.of("CHORUS_SEED_NODES", "[10.0.0.1]:25520"), seed),
                Arguments.of("seed host with a blank inside", Map.of("CHORUS_SEED_NODES", "my host:25520"), seed),
                Arguments.of("seed node given as a full address",
                        Map.of("CHORUS_SEED_NODES", "pekko://chorus@10.0.0.1:25520"), seed),
                Arguments.of("second seed node malformed", Map.of("CHORUS_SEED_NODES", "10.0.0.1:25520,10.0.0.2"),
                        seed),
                Arguments.of("role with Pekko's dc- prefix", Map.of("CHORUS_NODE_ROLES", "media,dc-east"),
                        "chorus.node.roles (CHORUS_NODE_ROLES): role 'dc-east'"),
                Arguments.of("announced UDP port above 65535", Map.of("CHORUS_ANNOUNCED_UDP_PORT", "65536"),
                        "chorus.media.announced-udp-port must be 0 (the bound port) or 1-65535"),
                Arguments.of("negative announced TCP port", Map.of("CHORUS_ANNOUNCED_TCP_PORT", "-1"),
                        "chorus.media.announced-tcp-port must be 0 (the bound port) or 1-65535"),
                Arguments.of("capacity 0", Map.of("CHORUS_NODE_CAPACITY", "0"), capacity),
                Arguments.of("negative capacity", Map.of("CHORUS_NODE_CAPACITY", "-5"), capacity),
                Arguments.of("negative grace period", Map.of("CHORUS_GRACE_PERIOD", "-1s"),
                        "chorus.peer.grace-period (CHORUS_GRACE_PERIOD) must not be negative"),
                Arguments.of("management port above 65535", Map.of("CHORUS_MANAGEMENT_PORT", "70000"), mgmtPort),
                Arguments.of("negative management port", Map.of("CHORUS_MANAGEMENT_PORT", "-1"), mgmtPort),
                Arguments.of("blank management host", Map.of("CHORUS_MANAGEMENT_HOST", " "),
                        "chorus.management.host (CHORUS_MANAGEMENT_HOST) must not be empty"),
                Arguments.of("aeron port above 65535", Map.of("CHORUS_AERON_PORT", "65536"),
                        "chorus.aeron.port (CHORUS_AERON_PORT) must be 0-65535"),
                Arguments.of("wildcard aeron bind-host without announced-host",
                        Map.of("CHORUS_AERON_BIND_HOST", "0.0.0.0"),
                        "chorus.aeron.announced-host (CHORUS_AERON_ANNOUNCED_HOST) must be set"),
                Arguments.of("blank aeron bind-host", Map.of("CHORUS_AERON_BIND_HOST", ""),
                        "chorus.aeron.bind-host (CHORUS_AERON_BIND_HOST) must not be empty"),
                Arguments.of("aeron term-length not a power of two", Map.of("chorus.aeron.term-length", "3m"), term),
                Arguments.of("aeron term-length below 64k", Map.of("chorus.aeron.term-length", "32k"), term),
                Arguments.of("aeron term-length above 1g", Map.of("chorus.aeron.term-length", "2g"), term),
                Arguments.of("negative last-N threshold", Map.of("CHORUS_LAST_N_AUTO_ABOVE", "-1"),
                        "chorus.room.last-n.auto-above must be >= 0"),
                Arguments.of("last-N video below -1", Map.of("CHORUS_LAST_N_VIDEO", "-2"),
                        "chorus.room.last-n.audio and .video must be >= -1"));
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
                Arguments.of("chorus.ask-timeout", "-", "ask-timeout"),
                Arguments.of("CHORUS_MANAGEMENT_PORT", "admin", "management.port"),
                Arguments.of("CHORUS_NODE_CAPACITY", "many", "cluster.capacity"),
                Arguments.of("CHORUS_GRACE_PERIOD", "soon", "peer.grace-period"),
                Arguments.of("CHORUS_AERON_PORT", "udp", "port"),
                Arguments.of("chorus.aeron.term-length", "big", "term-length"),
                Arguments.of("CHORUS_LAST_N_AUDIO", "five", "last-n.audio"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("malformedValues")
    void malformedValuesFailNamingTheSetting(String key, String value, String path) {
        // NodeSettings reads through getConfig("chorus"), so messages name the key below chorus(.media).
        ConfigException e = assertThrows(ConfigException.class, () -> settings(Map.of(key, value)));
        assertTrue(e.getMessage().contains(path), "message should name " + path + ": " + e.getMessage());
    }

    @Test
    void rolesThatAreNeitherAListNorAStringFailNamingTheSetting() {
        Config c = ConfigFactory.parseString("chorus.node.roles { media = true }").withFallback(config(Map.of()));
        ConfigException.WrongType e = assertThrows(ConfigException.WrongType.class, () -> NodeSettings.from(c));
        assertTrue(e.getMessage().contains("node.roles"), e.getMessage());
    }

    @Test
    void aMissingChorusSectionIsAConfigError() {
        Config empty = ConfigFactory.parseMap(Map.of("other", "x"));
        ConfigException.Missing e = assertThrows(ConfigException.Missing.class, () -> NodeSettings.from(empty));
        assertTrue(e.getMessage().contains("chorus"), e.getMessage());
    }
}
