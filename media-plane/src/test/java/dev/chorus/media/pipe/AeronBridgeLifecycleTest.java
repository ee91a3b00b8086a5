package dev.chorus.media.pipe;

import static dev.chorus.media.pipe.BridgeTestSupport.await;
import static dev.chorus.media.pipe.BridgeTestSupport.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.pipe.BridgeTestSupport.Collector;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start/close, driver directories, link caching, endpoint validation and dead endpoints. */
class AeronBridgeLifecycleTest {
    private final BridgeTestSupport support = new BridgeTestSupport();

    @AfterEach
    void closeBridges() {
        support.close();
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void ephemeralPortIsResolvedIntoTheEndpoint() {
        AeronBridge a = support.start(new Collector());
        String ep = a.endpoint();
        assertTrue(ep.startsWith("127.0.0.1:"), ep);
        assertNotEquals(0, Integer.parseInt(ep.substring(ep.indexOf(':') + 1)));
    }

    @Test
    void fixedPortIsUsedAsGiven() throws Exception {
        int port = freeUdpPort();
        AeronBridge a = support.start(AeronBridgeConfig.loopback(port), new Collector());
        assertEquals("127.0.0.1:" + port, a.endpoint());
    }

    @Test
    void closeDeletesGeneratedDriverDirectoryAndIsIdempotent() {
        Collector rb = new Collector();
        AeronBridge a = support.start(new Collector());
        AeronBridge b = support.start(rb);
        File dir = a.aeronDirectory();
        assertTrue(dir.isDirectory(), "driver directory exists while running: " + dir);
        assertNotEquals(dir, b.aeronDirectory());
        PipeLink ab = a.link(b.endpoint());
        await(ab::connected, "link connected");

        a.close();
        assertFalse(dir.exists(), "driver directory deleted on close: " + dir);
        a.close();
        byte[] p = packet(1, 10);
        assertFalse(ab.send(PipeFrame.RTP, 1, p, 0, p.length));
        assertFalse(ab.connected());
        assertThrows(IllegalStateException.class, () -> a.link(b.endpoint()));
        assertThrows(IllegalStateException.class, a::start);
    }

    @Test
    void configuredDriverDirectoryIsUsedAndDeleted(@TempDir Path tmp) {
        File dir = tmp.resolve("driver").toFile();
        AeronBridgeConfig config = new AeronBridgeConfig("127.0.0.1", 0, "127.0.0.1", dir.getPath(),
                AeronBridgeConfig.TEST_TERM_LENGTH);
        AeronBridge a = support.start(config, new Collector());
        assertEquals(dir.getAbsoluteFile(), a.aeronDirectory().getAbsoluteFile());
        assertTrue(new File(dir, "cnc.dat").isFile(), "driver files in the configured directory");
        a.close();
        assertFalse(dir.exists());
    }

    @Test
    void startTwiceAndLinkBeforeStartAreRejected() {
        Collector r = new Collector();
        AeronBridge idle = new AeronBridge(AeronBridgeConfig.loopback(0), r.pool, r);
        assertThrows(IllegalStateException.class, () -> idle.link("127.0.0.1:4000"));
        idle.close();

        AeronBridge a = support.start(new Collector());
        assertThrows(IllegalStateException.class, a::start);
    }

    @Test
    void portAlreadyTakenFailsStartCleanly() {
        AeronBridge a = support.start(new Collector());
        int port = Integer.parseInt(a.endpoint().substring(a.endpoint().indexOf(':') + 1));
        Collector r = new Collector();
        AeronBridge clash = new AeronBridge(AeronBridgeConfig.loopback(port), r.pool, r);
        assertThrows(IllegalStateException.class, clash::start);
        File dir = clash.aeronDirectory();
        assertTrue(dir == null || !dir.exists(), "no driver directory left behind");
        clash.close();
    }

    @Test
    void linksAreCachedPerEndpointAndCanBeClosed() {
        AeronBridge a = support.start(new Collector());
        AeronBridge b = support.start(new Collector());
        PipeLink first = a.link(b.endpoint());
        assertSame(first, a.link(b.endpoint()));
        assertSame(first, a.link(" " + b.endpoint() + " "));
        assertEquals(b.endpoint(), first.endpoint());
        await(first::connected, "link connected");

        assertTrue(a.closeLink(b.endpoint()));
        assertFalse(a.closeLink(b.endpoint()));
        byte[] p = packet(1, 10);
        assertFalse(first.send(PipeFrame.RTP, 1, p, 0, p.length), "a closed link refuses sends");
        PipeLink second = a.link(b.endpoint());
        assertNotSame(first, second);
        await(second::connected, "reopened link connected");
    }

    @Test
    void invalidEndpointsAreRejected() {
        AeronBridge a = support.start(new Collector());
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:", ":4000", "127.0.0.1:0", "127.0.0.1:65536",
                "127.0.0.1:99999999", "127.0.0.1:abc", "127.0.0.1:-1", "host|ttl=3:4000", "::1:4000", "[]:4000",
                "[::1:4000", ""}) {
            assertThrows(IllegalArgumentException.class, () -> a.link(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> a.link(null));
    }

    @Test
    void linkToADeadEndpointRefusesSendsWithoutThrowing() throws Exception {
        AeronBridge a = support.start(new Collector());
        PipeLink dead = a.link("127.0.0.1:" + freeUdpPort());
        byte[] p = packet(1, 100);
        for (int i = 0; i < 10; i++) {
            assertFalse(dead.send(PipeFrame.RTP, i, p, 0, p.length));
        }
        assertFalse(dead.connected());
        assertEquals(10, a.sendFailures());
        assertEquals(0, a.messagesSent());
    }

    @Test
    void unknownTypeIsACallerBug() {
        AeronBridge a = support.start(new Collector());
        AeronBridge b = support.start(new Collector());
        PipeLink ab = a.link(b.endpoint());
        assertThrows(IllegalArgumentException.class, () -> ab.send((byte) 9, 1, new byte[4], 0, 4));
    }
}
