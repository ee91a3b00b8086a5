package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.ConsumerOptions;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two consumer options over real loopback UDP/DTLS/SRTP: Opus DTX filtering ({@code ignoreDtx}: 1- and 2-byte
 * payloads are not forwarded and the subscriber sees no sequence gap) and the server-side last-N flag
 * ({@code setConsumerSelected}: a deselected consumer forwards nothing whatever the subscriber's own pause says;
 * selected again, a video consumer asks for a key frame and restarts on it, continuing its sequence).
 */
class ConsumerSelectionLoopbackTest {
    private MediaPlaneImpl plane;
    private final List<TestPeer> peers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), MediaListener.NONE);
        plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        peers.forEach(TestPeer::close);
        plane.close();
    }

    private TestPeer connectedPeer(String transportId) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", transportId, new TransportOptions(false, transportId))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer peer = new TestPeer(info);
        peers.add(peer);
        plane.connectTransport(transportId, peer.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        peer.handshake();
        TestPeer.awaitServerConnected(plane, transportId);
        return peer;
    }

    private <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /**
     * Rows: payload sizes the publisher sends (one packet each, in order), whether the consumer ignores DTX, which
     * of them (by index) the subscriber must receive, and how many are counted as dropped DTX.
     */
    static Stream<Arguments> dtxRows() {
        return Stream.of(
            Arguments.of("DTX in the middle is skipped", new int[] {20, 1, 2, 20, 20}, true, new int[] {0, 3, 4}, 2),
            Arguments.of("forwarded when not ignored", new int[] {20, 1, 2, 20, 20}, false,
                    new int[] {0, 1, 2, 3, 4}, 0),
            Arguments.of("DTX before the first forwarded packet and between", new int[] {1, 20, 2, 2, 3, 20}, true,
                    new int[] {1, 4, 5}, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtxRows")
    void opusDtxIsNotForwardedWhenTheConsumerIgnoresItAndLeavesNoGap(String name, int[] sizes, boolean ignoreDtx,
            int[] expected, int dtxDrops) throws Exception {
        TestPeer pub = connectedPeer("pub");
        TestPeer sub = connectedPeer("sub");
        long ssrc = AudioPublisher.SSRC;
        get(plane.produce("pub", "mic", "audio", AudioPublisher.params(false, ssrc), false, "alice"));
        ConsumerInfo c = get(plane.consume("sub", "c", "mic", plane.routerCapabilities(),
                new ConsumerOptions(false, true, ignoreDtx), "bob"));
        for (int i = 0; i < sizes.length; i++) {
            pub.sendRtp(AudioPublisher.opus(ssrc, 100 + i, 960L * i, 30, false, sizes[i]));
        }
        RtpPacket p = new RtpPacket();
        int prev = -1;
        for (int i : expected) {
            byte[] got = sub.nextRtp(5000);
            assertNotNull(got, "packet " + i + " was not forwarded " + plane.counters());
            assertTrue(p.wrap(got, 0, got.length));
            assertEquals(c.rtpParameters().encodings().get(0).ssrc(), p.ssrc());
            assertEquals(960L * i, p.timestamp(), "the packets arrive in order, DTX ones left out");
            assertEquals(sizes[i], p.payloadLength());
            if (prev >= 0) {
                assertEquals((prev + 1) & 0xFFFF, p.sequenceNumber(), "no sequence gap where DTX was dropped");
            }
            prev = p.sequenceNumber();
        }
        assertNull(sub.nextRtp(300), "nothing else was forwarded");
        assertEquals((long) dtxDrops, plane.counters().get("drop_dtx"));
    }

    @Test
    void aDeselectedConsumerForwardsNothingUntilSelectedAndVideoRestartsOnAKeyFrame() throws Exception {
        TestPeer pub = connectedPeer("pub");
        TestPeer sub = connectedPeer("sub");
        get(plane.produce("pub", "cam", "video", LoopbackSfuTest.publisherParams(), false, "alice"));
        get(plane.consume("sub", "c", "cam", plane.routerCapabilities(), new ConsumerOptions(false, false, true),
                "bob"));
        assertEquals(false, get(plane.consumerStats("c")).get(0).get("selected"));

        int seq = 1;
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 0, true, seq));
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 3000, false, seq));
        assertNull(sub.nextRtp(400), "an unselected consumer forwards nothing, not even a key frame");
        assertEquals(0, plis(pub, 200), "nor does it ask for key frames");

        // The subscriber's own pause and resume do not start it.
        get(plane.pauseConsumer("c"));
        get(plane.resumeConsumer("c"));
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 6000, true, seq));
        assertNull(sub.nextRtp(400), "a client resume does not override last-N");

        get(plane.setConsumerSelected("c", true));
        assertTrue(plis(pub, 2000) >= 1, "selected again: a key frame is asked for");
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 9000, false, seq));
        assertNull(sub.nextRtp(300), "no delta frame before the key frame");
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 12_000, true, seq));
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 15_000, false, seq));
        RtpPacket p = new RtpPacket();
        int first = receive(sub, p, 12_000);
        assertEquals((first + 1) & 0xFFFF, receive(sub, p, 15_000));

        get(plane.setConsumerSelected("c", false));
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 18_000, true, seq));
        assertNull(sub.nextRtp(400), "deselected again: nothing");
        // The subscriber's own pause stays independent: paused and then selected, it still forwards nothing.
        get(plane.pauseConsumer("c"));
        get(plane.setConsumerSelected("c", true));
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 21_000, true, seq));
        assertNull(sub.nextRtp(400), "selected but paused by the subscriber: nothing");
        get(plane.resumeConsumer("c"));
        assertTrue(plis(pub, 2000) >= 1, "all clear: a key frame is asked for");
        pub.sendRtp(LoopbackSfuTest.vp8(seq++, 24_000, true, seq));
        assertEquals((first + 2) & 0xFFFF, receive(sub, p, 24_000), "the output sequence continues without a gap");
        assertEquals(true, get(plane.consumerStats("c")).get(0).get("selected"));
    }

    private static int receive(TestPeer sub, RtpPacket p, long timestamp) throws Exception {
        byte[] got = sub.nextRtp(5000);
        assertNotNull(got, "expected the packet of timestamp " + timestamp);
        assertTrue(p.wrap(got, 0, got.length));
        assertEquals(timestamp, p.timestamp());
        return p.sequenceNumber();
    }

    /** PLIs for the publisher's SSRC that reach it within {@code ms} (stops at the first one). */
    private static int plis(TestPeer pub, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        RtcpIterator it = new RtcpIterator();
        int n = 0;
        while (n == 0 && System.currentTimeMillis() < deadline) {
            byte[] r = pub.rtcp.poll(20, TimeUnit.MILLISECONDS);
            if (r == null) {
                continue;
            }
            it.wrap(r, 0, r.length);
            while (it.next()) {
                if (it.packetType() == RtcpType.PSFB && it.countOrFmt() == RtcpType.PLI
                        && Feedback.mediaSsrc(r, it.packetOffset()) == LoopbackSfuTest.PUB_SSRC) {
                    n++;
                }
            }
        }
        return n;
    }
}
