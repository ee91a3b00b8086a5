package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A media plane on loopback with one router for layered-forwarding tests (SVC, H264 simulcast): connected
 * {@link TestPeer}s, the {@code consumerLayersChanged} events it reported, and key-frame requests seen by a
 * publisher. Waiting is by polling with a deadline.
 */
final class LayeredLoopback implements AutoCloseable {
    final MediaPlaneImpl plane;
    /** {@code consumerId:spatial/temporal} in the order reported. */
    final List<String> layerEvents = new CopyOnWriteArrayList<>();
    private final List<TestPeer> peers = new CopyOnWriteArrayList<>();

    LayeredLoopback() throws Exception {
        plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), new MediaListener() {
            public void onTransportClosed(String id, String tag, String reason) {
            }

            public void onConsumerClosed(String id, String tag, String reason) {
            }

            public void onConsumerProducerPaused(String id, String tag, boolean paused) {
            }

            public void onProducerClosed(String id, String tag, String reason) {
            }

            @Override
            public void onConsumerLayersChanged(String id, String tag, int spatial, int temporal) {
                layerEvents.add(id + ":" + spatial + "/" + temporal);
            }
        });
        plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A transport {@code transportId} with a peer that finished ICE and DTLS. */
    TestPeer connectedPeer(String transportId) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", transportId,
                new TransportOptions(false, "o-" + transportId)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer peer = new TestPeer(info);
        peers.add(peer);
        plane.connectTransport(transportId, peer.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        peer.handshake();
        TestPeer.awaitServerConnected(plane, transportId);
        return peer;
    }

    /** Waits until the producer's streams counted at least {@code packets} packets (they reached its worker). */
    void awaitProducerPackets(String producerId, long packets) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        long got = 0;
        while (System.currentTimeMillis() < deadline) {
            got = 0;
            for (var m : plane.producerStats(producerId).toCompletableFuture().get(5, TimeUnit.SECONDS)) {
                got += ((Number) m.get("packetCount")).longValue();
            }
            if (got >= packets) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("producer " + producerId + " received " + got + " of " + packets + " packets");
    }

    /** Waits until {@code expected} ({@code consumerId:s/t}) was reported. */
    void awaitLayerEvent(String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!layerEvents.contains(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(layerEvents.contains(expected), "layer event " + expected + " in " + layerEvents);
    }

    /** Waits for a PLI or FIR for {@code mediaSsrc} among the RTCP the publisher {@code pub} receives. */
    static boolean awaitKeyFrameRequest(TestPeer pub, long mediaSsrc) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            byte[] r = pub.rtcp.poll(50, TimeUnit.MILLISECONDS);
            if (r != null && countKeyFrameRequests(r, mediaSsrc) > 0) {
                return true;
            }
        }
        return false;
    }

    private static int countKeyFrameRequests(byte[] buf, long mediaSsrc) {
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, buf.length);
        int n = 0;
        while (it.next()) {
            if (it.packetType() == RtcpType.PSFB && (it.countOrFmt() == RtcpType.PLI || it.countOrFmt() == RtcpType.FIR)
                    && Feedback.mediaSsrc(buf, it.packetOffset()) == mediaSsrc) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        for (TestPeer p : peers) {
            p.close();
        }
        plane.close();
    }
}
