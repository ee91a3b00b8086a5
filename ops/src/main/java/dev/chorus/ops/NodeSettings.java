package dev.chorus.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.room.LastNConfig;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.pipe.AeronBridgeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code chorus} section of the configuration, read once and checked. Settings that Pekko reads itself
 * (management host/port, cluster roles and seed nodes) are handed to it by {@link #pekkoOverrides()}.
 *
 * @param managementHost  address the Pekko Management HTTP endpoint binds to
 * @param managementPort  its port; 0 picks a free one
 * @param cluster         seed nodes, roles and capacity
 * @param peerGracePeriod how long a disconnected peer is kept before it leaves its room
 * @param aeron           the inter-node media endpoint
 * @param lastN           automatic last-N of rooms ({@code chorus.room.last-n}; the rooms read it themselves, it is
 *                        checked here so that a bad value stops the node at start)
 */
public record NodeSettings(String httpHost, int httpPort, String publicUrl, MediaPlaneConfig media,
                           Duration askTimeout, String managementHost, int managementPort, ClusterSettings cluster,
                           Duration peerGracePeriod, AeronSettings aeron, LastNConfig lastN) {

    /** The actor system's name, part of every cluster address ({@code pekko://chorus@host:port}). */
    public static final String SYSTEM_NAME = "chorus";

    static boolean isWildcard(String ip, String setting) {
        try {
            return java.net.InetAddress.getByName(ip.trim().replace("[", "").replace("]", "")).isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(setting + " is not an address: " + ip, e);
        }
    }

    public static NodeSettings from(Config root) {
        Config c = root.getConfig("chorus");
        Config m = c.getConfig("media");
        String listenIp = m.getString("listen-ip");
        String announced = m.getString("announced-ip");
        if (announced.isBlank()) {
            if (isWildcard(listenIp, "chorus.media.listen-ip")) {
                throw new IllegalArgumentException("chorus.media.announced-ip (CHORUS_ANNOUNCED_IP) must be set "
                        + "when listen-ip is a wildcard address");
            }
            announced = listenIp;
        }
        int workers = m.getInt("workers");
        if (workers <= 0) {
            workers = Runtime.getRuntime().availableProcessors();
        }
        String cert = m.getString("dtls.certificate-file");
        String key = m.getString("dtls.private-key-file");
        if (cert.isBlank() != key.isBlank()) {
            throw new IllegalArgumentException("set both chorus.media.dtls.certificate-file and private-key-file, or neither");
        }
        MediaPlaneConfig media = new MediaPlaneConfig(listenIp, announced, m.getInt("udp-port"), m.getInt("tcp-port"),
                workers, cert.isBlank() ? null : Path.of(cert), key.isBlank() ? null : Path.of(key),
                m.getDuration("ice-consent-timeout").toMillis())
                .withAnnouncedPorts(port(m, "announced-udp-port"), port(m, "announced-tcp-port"));
        String managementHost = c.getString("management.host").trim();
        if (managementHost.isEmpty()) {
            throw new IllegalArgumentException("chorus.management.host (CHORUS_MANAGEMENT_HOST) must not be empty");
        }
        int managementPort = c.getInt("management.port");
        if (managementPort < 0 || managementPort > 65535) {
            throw new IllegalArgumentException("chorus.management.port (CHORUS_MANAGEMENT_PORT) must be 0-65535, was "
                    + managementPort);
        }
        Duration grace = c.getDuration("peer.grace-period");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("chorus.peer.grace-period (CHORUS_GRACE_PERIOD) must not be negative");
        }
        return new NodeSettings(c.getString("http.host"), c.getInt("http.port"), c.getString("http.public-url"),
                media, c.getDuration("ask-timeout"), managementHost, managementPort, ClusterSettings.from(c), grace,
                AeronSettings.from(c), lastN(root));
    }

    private static LastNConfig lastN(Config root) {
        try {
            return LastNConfig.from(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (CHORUS_LAST_N_AUTO_ABOVE, CHORUS_LAST_N_AUDIO, "
                    + "CHORUS_LAST_N_VIDEO)", e);
        }
    }

    private static int port(Config media, String key) {
        int port = media.getInt(key);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("chorus.media." + key + " must be 0 (the bound port) or 1-65535, was "
                    + port);
        }
        return port;
    }

    /** The media-plane settings with the inter-node data plane (the Aeron bridge) switched on. */
    public MediaPlaneConfig mediaWithPipes() {
        return media.withPipe(new AeronBridgeConfig(aeron.bindHost(), aeron.port(), aeron.announcedHost(), null,
                aeron.termLength()));
    }

    /**
     * The Pekko settings that follow from these: {@code pekko.management.http.hostname/port},
     * {@code pekko.cluster.roles}, and {@code pekko.cluster.seed-nodes} when seed nodes are set (otherwise
     * whatever the configuration says there is kept). Layer it over the configuration the settings came from.
     */
    public Config pekkoOverrides() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pekko.management.http.hostname", managementHost);
        values.put("pekko.management.http.port", managementPort);
        values.put("pekko.cluster.roles", cluster.roles());
        if (!cluster.seedNodes().isEmpty()) {
            values.put("pekko.cluster.seed-nodes", cluster.seedNodes());
        }
        return ConfigFactory.parseMap(values, "chorus settings (NodeSettings.pekkoOverrides)");
    }
}
