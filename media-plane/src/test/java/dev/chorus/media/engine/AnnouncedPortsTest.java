package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.media.api.IceCandidate;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node behind a port mapping announces the public ports in its ICE candidates while its sockets stay bound to
 * the configured ones; without announced ports the candidates carry the bound ports.
 */
class AnnouncedPortsTest {

    private static List<IceCandidate> candidates(MediaPlaneConfig config) throws Exception {
        try (MediaPlaneImpl plane = new MediaPlaneImpl(config, MediaListener.NONE)) {
            plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
            TransportInfo info = plane.createWebRtcTransport("r", "t", new TransportOptions(false, "o"))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            List<IceCandidate> c = info.iceCandidates();
            assertEquals(List.of("udp", "tcp"), c.stream().map(IceCandidate::protocol).toList());
            if (config.announcedUdpPort() == 0) {
                assertEquals(plane.udpPort(), c.get(0).port());
                assertEquals(plane.tcpPort(), c.get(1).port());
            }
            return c;
        }
    }

    @Test
    void boundPortsByDefault() throws Exception {
        candidates(MediaPlaneConfig.loopback());
    }

    @Test
    void announcedPortsReplaceTheBoundOnesInCandidates() throws Exception {
        List<IceCandidate> c = candidates(MediaPlaneConfig.loopback().withAnnouncedPorts(30001, 30002));
        assertEquals(30001, c.get(0).port());
        assertEquals(30002, c.get(1).port());
    }

    @Test
    void announcedPortsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MediaPlaneConfig.loopback().withAnnouncedPorts(70000, 0));
        assertThrows(IllegalArgumentException.class, () -> MediaPlaneConfig.loopback().withAnnouncedPorts(0, -1));
    }
}
