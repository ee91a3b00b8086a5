package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.PipeSpec;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.pipe.AeronBridgeConfig;
import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A producer on node A consumed on node B through a real Aeron pipe: two media planes in one JVM, real UDP and
 * DTLS/SRTP clients. The packet crosses once whatever the subscriber count; PLI and NACK flow back to A; a consumer
 * on B is deselected and reselected (last-N) as on its producer's node; the pipe's lifecycle (close either end,
 * producer close, router close) leaves nothing behind.
 */
class PipeForwardingTest {
    private static final long PUB_SSRC = 11111111L;

    private final List<String> closedConsumersB = new CopyOnWriteArrayList<>();
    private MediaPlaneImpl a;
    private MediaPlaneImpl b;
    private final List<TestPeer> peers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        a = new MediaPlaneImpl(MediaPlaneConfig.loopback().withPipe(AeronBridgeConfig.loopback(0)),
                MediaListener.NONE);
        b = new MediaPlaneImpl(MediaPlaneConfig.loopback().withPipe(AeronBridgeConfig.loopback(0)),
                new MediaListener() {
                    public void onTransportClosed(String id, String tag, String reason) {
                    }

                    public void onConsumerClosed(String id, String tag, String reason) {
                        closedConsumersB.add(id + ":" + reason);
                    }

                    public void onConsumerProducerPaused(String id, String tag, boolean paused) {
                    }

                    public void onProducerClosed(String id, String tag, String reason) {
                    }
                });
        a.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        peers.forEach(TestPeer::close);
        b.close();
        a.close();
    }

    private TestPeer peer(MediaPlaneImpl plane, String id) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", id, new TransportOptions(false, id))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer p = new TestPeer(info);
        plane.connectTransport(id, p.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        p.handshake();
        TestPeer.awaitServerConnected(plane, id);
        peers.add(p);
        return p;
    }

    /** Publisher on A, producer p1, pipe A->B under key 42. */
    private TestPeer publishAndPipe() throws Exception {
        TestPeer pub = peer(a, "pub");
        a.produce("pub", "p1", "video", LoopbackSfuTest.publisherParams(), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        PipeSpec spec = a.pipeOut("p1", 42L, b.pipeEndpoint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.pipeIn("r", 42L, spec, a.pipeEndpoint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return pub;
    }

    private ConsumerInfo consume(String transportId, String consumerId) throws Exception {
        return b.consume(transportId, consumerId, "p1", b.routerCapabilities(), false, transportId)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Sends key-framed packets until the subscriber gets one (the pipe connects asynchronously). */
    private int sendUntilReceived(TestPeer pub, TestPeer sub, int seq) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            pub.sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, true, seq));
            seq++;
            if (sub.nextRtp(100) != null) {
                return seq;
            }
        }
        throw new AssertionError("nothing crossed the pipe: A " + a.counters() + " B " + b.counters());
    }

    @Test
    void aProducerCrossesOncePerNodeWhateverTheSubscriberCount() throws Exception {
        TestPeer pub = publishAndPipe();
        TestPeer s1 = peer(b, "s1");
        TestPeer s2 = peer(b, "s2");
        ConsumerInfo c1 = consume("s1", "c1");
        consume("s2", "c2");
        int seq = sendUntilReceived(pub, s1, 1);
        while (s2.nextRtp(200) != null) {
            // drain what s2 got while the pipe was connecting
        }
        while (s1.nextRtp(50) != null) {
            // and s1
        }
        long sentBefore = a.counters().get("pipe_rtp_sent");
        int n = 200;
        for (int i = 0; i < n; i++) {
            pub.sendRtp(LoopbackSfuTest.vp8(seq + i, 3000L * (seq + i), false, seq + i));
        }
        for (int i = 0; i < n; i++) {
            byte[] r1 = s1.nextRtp(3000);
            assertNotNull(r1, "subscriber 1 got packet " + i + " B " + b.counters());
            assertNotNull(s2.nextRtp(3000), "subscriber 2 got packet " + i);
            RtpPacket v = new RtpPacket();
            assertTrue(v.wrap(r1, 0, r1.length));
            assertEquals(c1.rtpParameters().encodings().get(0).ssrc(), v.ssrc(), "rewritten to B's consumer SSRC");
        }
        assertEquals(n, a.counters().get("pipe_rtp_sent") - sentBefore,
                "each packet crossed to B exactly once for two subscribers there");
    }

    @Test
    void keyFrameRequestsFromNodeBReachThePublisherOnNodeA() throws Exception {
        TestPeer pub = publishAndPipe();
        TestPeer s1 = peer(b, "s1");
        ConsumerInfo c1 = consume("s1", "c1");
        sendUntilReceived(pub, s1, 1);
        Thread.sleep(1100); // the key-frame request made when the consumer started is de-duplicated for 1 s
        pub.rtcp.clear();
        long fromB = a.counters().get("pipe_rtcp_received");
        byte[] pli = new byte[32];
        int len = RtcpWriter.pli(pli, 0, 32, 777, c1.rtpParameters().encodings().get(0).ssrc());
        s1.sendRtcp(pli, len);
        awaitTrue(() -> countPli(pub) > 0, "the publisher on A got a PLI for its SSRC after a PLI on B");
        assertTrue(a.counters().get("pipe_rtcp_received") > fromB, "the PLI crossed the pipe as feedback");
    }

    @Test
    void aDeselectedConsumerOnNodeBForwardsNothingAndReselectedItAsksNodeAForAKeyFrame() throws Exception {
        TestPeer pub = publishAndPipe();
        TestPeer s1 = peer(b, "s1");
        consume("s1", "c1");
        int seq = sendUntilReceived(pub, s1, 1);
        RtpPacket v = new RtpPacket();
        int lastOut = -1;
        for (byte[] r = s1.nextRtp(200); r != null; r = s1.nextRtp(200)) {
            assertTrue(v.wrap(r, 0, r.length));
            lastOut = v.sequenceNumber();
        }
        if (lastOut < 0) {
            pub.sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, false, seq));
            seq++;
            byte[] r = s1.nextRtp(3000);
            assertNotNull(r);
            assertTrue(v.wrap(r, 0, r.length));
            lastOut = v.sequenceNumber();
        }

        b.setConsumerSelected("c1", false).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long crossedBefore = a.counters().get("pipe_rtp_sent");
        for (int i = 0; i < 3; i++, seq++) {
            pub.sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, true, seq));
        }
        awaitTrue(() -> a.counters().get("pipe_rtp_sent") >= crossedBefore + 3, "the pipe keeps carrying");
        assertNull(s1.nextRtp(400), "a deselected consumer on B forwards nothing");

        pub.rtcp.clear();
        b.setConsumerSelected("c1", true).toCompletableFuture().get(5, TimeUnit.SECONDS);
        awaitTrue(() -> countPli(pub) > 0, "selected again on B: the publisher on A is asked for a key frame");
        pub.sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, false, seq));
        seq++;
        assertNull(s1.nextRtp(400), "no delta frame before the key frame");
        long keyTs = 3000L * seq;
        pub.sendRtp(LoopbackSfuTest.vp8(seq, keyTs, true, seq));
        byte[] got = s1.nextRtp(3000);
        assertNotNull(got, "the key frame is forwarded " + b.counters());
        assertTrue(v.wrap(got, 0, got.length));
        assertEquals(keyTs, v.timestamp());
        assertEquals((lastOut + 1) & 0xFFFF, v.sequenceNumber(), "the output sequence continues without a gap");
    }

    @Test
    void lossOnTheWayIsNackedBackToTheHomeNode() throws Exception {
        TestPeer pub = publishAndPipe();
        TestPeer s1 = peer(b, "s1");
        consume("s1", "c1");
        int seq = sendUntilReceived(pub, s1, 1);
        // The publisher skips one packet: A and B both see the gap. B asks A over the pipe; when the publisher
        // repairs it (plain retransmission), A forwards the repair and B fills the hole.
        pub.sendRtp(LoopbackSfuTest.vp8(seq + 1, 3000L * (seq + 1), false, seq + 1));
        awaitTrue(() -> b.counters().get("nacks_sent") > 0 && a.counters().get("pipe_rtcp_received") > 0,
                "B NACKed the missing packet to A");
        pub.sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, false, seq));
        long before = b.counters().get("pipe_rtp_received");
        awaitTrue(() -> b.counters().get("pipe_rtp_received") > before, "the repair crossed to B");
    }

    @Test
    void closingThePipeInClosesItsConsumersAndTheSenderStops() throws Exception {
        TestPeer pub = publishAndPipe();
        TestPeer s1 = peer(b, "s1");
        consume("s1", "c1");
        int seq = sendUntilReceived(pub, s1, 1);
        assertEquals(2L, a.counters().get("pipes") + b.counters().get("pipes"));
        b.closePipeIn(42L).toCompletableFuture().get(5, TimeUnit.SECONDS);
        awaitTrue(() -> closedConsumersB.contains("c1:producerclose"), "B's consumer was closed with its producer");
        assertEquals(0L, b.counters().get("pipes"));
        assertEquals(0L, b.counters().get("producers"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> consume("s1", "c2"), "nothing left to consume on B");
        assertTrue(e.getCause().getMessage().contains("not found"), e.getCause().getMessage());
        a.closePipeOut(42L).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(0L, a.counters().get("pipes"));
        long sent = a.counters().get("pipe_rtp_sent");
        pub.sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, true, seq));
        Thread.sleep(200);
        assertEquals(sent, a.counters().get("pipe_rtp_sent"), "A no longer sends to B");
        assertNull(s1.nextRtp(200));
    }

    @Test
    void closingTheProducerDropsItsPipesAndClosingTheRouterDropsPipeProducers() throws Exception {
        publishAndPipe();
        a.closeProducer("p1").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(0L, a.counters().get("pipes"), "A's sending end went with the producer");
        assertEquals(1L, b.counters().get("pipes"), "B's end stays until the control plane closes it");
        b.closeRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(0L, b.counters().get("pipes"));
        assertEquals(0L, b.counters().get("producers"));
    }

    @Test
    void badPipeRequestsAreRefused() throws Exception {
        publishAndPipe();
        assertRefused(a.pipeOut("nope", 1L, b.pipeEndpoint()), "not found");
        assertRefused(a.pipeOut("p1", 42L, b.pipeEndpoint()), "already exists");
        assertRefused(a.pipeOut("p1", 43L, "no-port"), "bad pipe endpoint");
        PipeSpec spec = a.pipeOut("p1", 44L, b.pipeEndpoint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertRefused(b.pipeIn("r", 45L, spec, a.pipeEndpoint()), "already exists on this node");
        assertRefused(b.pipeIn("no-router", 46L, spec, a.pipeEndpoint()), "router no-router not found");
        assertRefused(b.pipeOut("p1", 47L, a.pipeEndpoint()), "piped in here");
        try (MediaPlaneImpl plain = new MediaPlaneImpl(MediaPlaneConfig.loopback(), MediaListener.NONE)) {
            assertNull(plain.pipeEndpoint());
            assertRefused(plain.pipeOut("p1", 1L, b.pipeEndpoint()), "not enabled");
        }
    }

    private static void assertRefused(java.util.concurrent.CompletionStage<?> stage, String reason) {
        CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
        assertTrue(e.getCause().getMessage().contains(reason), e.getCause().getMessage() + " should say " + reason);
    }

    private static int countPli(TestPeer pub) {
        int n = 0;
        for (byte[] r : pub.rtcp) {
            RtcpIterator it = new RtcpIterator();
            it.wrap(r, 0, r.length);
            while (it.next()) {
                if (it.packetType() == RtcpType.PSFB && it.countOrFmt() == RtcpType.PLI
                        && Feedback.mediaSsrc(r, it.packetOffset()) == PUB_SSRC) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting: " + what);
    }
}
