package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.stats.LatencySnapshot;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node-wide numbers metrics are made of, driven by real SRTP packets over loopback UDP: object counts, packets
 * and bytes in and out, forwarded packets and their transit-time histogram (one value per subscriber), NACKs, PLIs
 * and FIRs received from subscribers, retransmissions, key-frame requests sent upstream, per-worker CPU time.
 */
class MediaCountersLoopbackTest {
    private static final int PACKETS = 20;

    private MediaPlaneImpl plane;
    private TestPeer pub;
    private TestPeer sub1;
    private TestPeer sub2;
    private ConsumerInfo consumer1;

    @BeforeEach
    void setUp() throws Exception {
        plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), MediaListener.NONE);
        plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
        pub = peer("pub", "alice");
        sub1 = peer("sub1", "bob");
        sub2 = peer("sub2", "carol");
        plane.produce("pub", "p", "video", LoopbackSfuTest.publisherParams(), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        consumer1 = plane.consume("sub1", "c1", "p", plane.routerCapabilities(), false, "bob")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        plane.consume("sub2", "c2", "p", plane.routerCapabilities(), false, "carol")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        for (TestPeer p : new TestPeer[] {pub, sub1, sub2}) {
            if (p != null) {
                p.close();
            }
        }
        plane.close();
    }

    private TestPeer peer(String transportId, String owner) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", transportId, new TransportOptions(false, owner))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer p = new TestPeer(info);
        plane.connectTransport(transportId, p.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        p.handshake();
        TestPeer.awaitServerConnected(plane, transportId);
        return p;
    }

    /** Sends {@code PACKETS} VP8 packets (the first a key frame); returns the output sequence numbers at sub1. */
    private int[] forwardPackets() throws Exception {
        int[] outSeqs = new int[PACKETS];
        RtpPacket p = new RtpPacket();
        for (int i = 0; i < PACKETS; i++) {
            pub.sendRtp(LoopbackSfuTest.vp8(100 + i, 3000L * i, i == 0, 10 + i));
        }
        for (int i = 0; i < PACKETS; i++) {
            byte[] got = sub1.nextRtp(5000);
            assertNotNull(got, "sub1: packet " + i + " was not forwarded " + plane.counters());
            assertTrue(p.wrap(got, 0, got.length));
            outSeqs[i] = p.sequenceNumber();
            assertNotNull(sub2.nextRtp(5000), "sub2: packet " + i + " was not forwarded");
        }
        return outSeqs;
    }

    @Test
    void objectsPacketsBytesForwardedPacketsAndTheirTransitTimesAreCounted() throws Exception {
        Map<String, Long> idle = plane.counters();
        assertEquals(1L, idle.get("routers"));
        assertEquals(3L, idle.get("transports"));
        assertEquals(1L, idle.get("producers"));
        assertEquals(2L, idle.get("consumers"));
        assertEquals(3L, idle.get("owners"), "three peers hold a transport here");
        assertEquals(0L, plane.transitTimes().count());

        forwardPackets();
        long forwarded = 2L * PACKETS; // every packet once per subscriber
        awaitCounter("rtp_forwarded", v -> v == forwarded);
        Map<String, Long> c = plane.counters();
        assertEquals((long) PACKETS, c.get("rtp_in"));
        int plain = LoopbackSfuTest.vp8(0, 0, false, 0).length;
        long in = c.get("rtp_bytes_in");
        assertTrue(in >= (long) PACKETS * plain && in <= (long) PACKETS * (plain + 16),
                "SRTP bytes in (payload plus an auth tag of at most 16 bytes each): " + in);
        assertTrue(c.get("rtp_out") >= forwarded, "forwarded packets are RTP sent");
        assertTrue(c.get("rtp_bytes_out") >= forwarded * 12, "bytes out: " + c.get("rtp_bytes_out"));

        LatencySnapshot transit = plane.transitTimes();
        assertEquals(forwarded, transit.count(), "one transit time per packet and subscriber: " + transit);
        assertTrue(transit.sumSeconds() > 0, "receive to send takes some time: " + transit);
        assertTrue(transit.quantile(0.99) < 1.0, "below the highest bound: " + transit);

        long[] cpu = plane.workerCpuNanos();
        assertEquals(1, cpu.length, "one entry per worker (the loopback config has one)");
        assertTrue(cpu[0] > 0, "the worker that forwarded used CPU time: " + cpu[0]);
    }

    @Test
    void feedbackFromSubscribersAndRetransmissionsAreCountedButRetransmissionsAreNotTimed() throws Exception {
        int[] outSeqs = forwardPackets();
        awaitCounter("rtp_forwarded", v -> v == 2L * PACKETS);
        assertEquals(0L, plane.counters().get("plis_sent"), "the stream started with a key frame: nothing asked");
        long consumerSsrc = consumer1.rtpParameters().encodings().get(0).ssrc();

        byte[] nack = new byte[64];
        sub1.sendRtcp(nack, RtcpWriter.nack(nack, 0, 64, 1234, consumerSsrc, new int[] {outSeqs[3]}, 1));
        assertNotNull(sub1.nextRtp(3000), "the NACKed packet was resent");
        awaitCounter("retransmitted", v -> v == 1);
        assertEquals(1L, plane.counters().get("nacks_received"));

        byte[] pli = new byte[32];
        sub1.sendRtcp(pli, RtcpWriter.pli(pli, 0, 32, 1234, consumerSsrc));
        awaitCounter("plis_received", v -> v == 1);
        awaitCounter("plis_sent", v -> v == 1); // the subscriber's PLI, passed upstream as a PLI
        byte[] fir = new byte[32];
        sub1.sendRtcp(fir, RtcpWriter.fir(fir, 0, 32, 1234, consumerSsrc, 1));
        awaitCounter("firs_received", v -> v == 1);

        Map<String, Long> c = plane.counters();
        assertEquals(2L * PACKETS, c.get("rtp_forwarded"), "a retransmission is not a forwarded packet");
        assertEquals(2L * PACKETS, plane.transitTimes().count(), "nor is it timed");
        assertTrue(c.get("rtcp_in") >= 3 && c.get("rtcp_bytes_in") > 0, "the feedback came in as RTCP: " + c);
        assertTrue(c.get("rtcp_out") > 0 && c.get("rtcp_bytes_out") > 0, "key-frame requests went out as RTCP");
        assertEquals(0L, c.get("firs_sent"), "the producer negotiated PLI: no FIR upstream");
    }

    /** Waits (real sockets and a worker thread) until counter {@code name} satisfies {@code ok}. */
    private void awaitCounter(String name, LongPredicate ok) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!ok.test(plane.counters().get(name)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(ok.test(plane.counters().get(name)), name + " = " + plane.counters().get(name) + " in "
                + plane.counters());
    }
}
