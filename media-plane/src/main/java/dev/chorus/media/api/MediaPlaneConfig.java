package dev.chorus.media.api;

import dev.chorus.media.pipe.AeronBridgeConfig;
import java.nio.file.Path;

/**
 * Node-level media settings.
 *
 * @param listenIp        address the UDP/TCP media sockets bind to
 * @param announcedIp     address put into ICE candidates (the one browsers can reach)
 * @param udpPort         shared UDP port (0 = ephemeral)
 * @param tcpPort         passive ICE-TCP port (0 = ephemeral, -1 = disabled)
 * @param workers         number of media worker threads
 * @param certificateFile PEM certificate for DTLS, or null to generate one at start
 * @param privateKeyFile  PEM EC private key matching the certificate, or null
 * @param consentTimeoutMs ICE consent freshness timeout
 * @param pipe            the inter-node data plane (Aeron bridge), or null for a node that never pipes
 * @param announcedUdpPort UDP port put into ICE candidates (0 = the bound {@code udpPort}); for a node behind a NAT
 *                        or port mapping that forwards another public port to the bound one
 * @param announcedTcpPort TCP port put into ICE candidates (0 = the bound {@code tcpPort})
 */
public record MediaPlaneConfig(String listenIp, String announcedIp, int udpPort, int tcpPort, int workers,
                               Path certificateFile, Path privateKeyFile, long consentTimeoutMs,
                               AeronBridgeConfig pipe, int announcedUdpPort, int announcedTcpPort) {

    /** Checks the announced ports. */
    public MediaPlaneConfig {
        if (announcedUdpPort < 0 || announcedUdpPort > 65535 || announcedTcpPort < 0 || announcedTcpPort > 65535) {
            throw new IllegalArgumentException("announced ports must be 0 (the bound port) or 1-65535");
        }
    }

    /** Candidates announce the bound ports. */
    public MediaPlaneConfig(String listenIp, String announcedIp, int udpPort, int tcpPort, int workers,
                            Path certificateFile, Path privateKeyFile, long consentTimeoutMs,
                            AeronBridgeConfig pipe) {
        this(listenIp, announcedIp, udpPort, tcpPort, workers, certificateFile, privateKeyFile, consentTimeoutMs, pipe,
                0, 0);
    }

    /** A node without the inter-node data plane. */
    public MediaPlaneConfig(String listenIp, String announcedIp, int udpPort, int tcpPort, int workers,
                            Path certificateFile, Path privateKeyFile, long consentTimeoutMs) {
        this(listenIp, announcedIp, udpPort, tcpPort, workers, certificateFile, privateKeyFile, consentTimeoutMs, null);
    }

    public static MediaPlaneConfig loopback() {
        return new MediaPlaneConfig("127.0.0.1", "127.0.0.1", 0, 0, 1, null, null, 30_000);
    }

    /** This config with the data plane set. */
    public MediaPlaneConfig withPipe(AeronBridgeConfig p) {
        return new MediaPlaneConfig(listenIp, announcedIp, udpPort, tcpPort, workers, certificateFile, privateKeyFile,
                consentTimeoutMs, p, announcedUdpPort, announcedTcpPort);
    }

    /** This config with the ports put into ICE candidates set (0 = the bound port). */
    public MediaPlaneConfig withAnnouncedPorts(int udp, int tcp) {
        return new MediaPlaneConfig(listenIp, announcedIp, udpPort, tcpPort, workers, certificateFile, privateKeyFile,
                consentTimeoutMs, pipe, udp, tcp);
    }
}
