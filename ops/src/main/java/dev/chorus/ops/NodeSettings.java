package dev.chorus.ops;

import com.typesafe.config.Config;
import dev.chorus.media.api.MediaPlaneConfig;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code chorus} section of the configuration, read once and checked. */
public record NodeSettings(String httpHost, int httpPort, String publicUrl, MediaPlaneConfig media,
                           Duration askTimeout) {

    private static boolean isWildcard(String ip) {
        try {
            return java.net.InetAddress.getByName(ip.trim().replace("[", "").replace("]", "")).isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("chorus.media.listen-ip is not an address: " + ip, e);
        }
    }

    public static NodeSettings from(Config root) {
        Config c = root.getConfig("chorus");
        Config m = c.getConfig("media");
        String listenIp = m.getString("listen-ip");
        String announced = m.getString("announced-ip");
        if (announced.isBlank()) {
            if (isWildcard(listenIp)) {
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
                m.getDuration("ice-consent-timeout").toMillis());
        return new NodeSettings(c.getString("http.host"), c.getInt("http.port"), c.getString("http.public-url"),
                media, c.getDuration("ask-timeout"));
    }
}
