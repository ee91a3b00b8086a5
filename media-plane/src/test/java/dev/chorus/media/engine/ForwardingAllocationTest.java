package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.rtcp.TransportCcRecorder;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.speaker.LevelSummary;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import dev.chorus.media.srtp.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receive-and-forward path allocates nothing per packet: thousands of real SRTP packets go from a publisher
 * (video, and Opus with audio levels that feed the level aggregator) through the UDP receive thread and a media
 * worker to two subscribers. The receive thread allocates nothing at
 * all; on the worker every recorded allocation belongs to jitsi-srtp (which allocates a little per call), none
 * to Chorus's own code. One JDK behaviour is reported but not held against us: {@code DatagramChannel.receive}
 * allocates the sender's address when it differs from the previous datagram's.
 */
class ForwardingAllocationTest {
    private static final int PACKETS = 3000;
    private static final int AUDIO_LEVEL = 25;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forwardingAllocatesNothingPerPacket(SrtpProfile profile) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Set<Thread> existing = Thread.getAllStackTraces().keySet();
        try (MediaPlaneImpl plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), MediaListener.NONE)) {
            plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
            TestPeer pub = peer(plane, "pub", profile);
            TestPeer sub1 = peer(plane, "sub1", profile);
            TestPeer sub2 = peer(plane, "sub2", profile);
            plane.produce("pub", "p", "video", LoopbackSfuTest.publisherParams(), false, "a")
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            // An Opus producer with the audio-level extension: its packets also feed the level aggregator.
            plane.produce("pub", "pa", "audio", AudioPublisher.params(true, AudioPublisher.SSRC), false, "a")
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            for (String s : new String[] {"sub1", "sub2"}) {
                for (String producer : new String[] {"p", "pa"}) {
                    ConsumerInfo c = plane.consume(s, "c-" + s + producer, producer, plane.routerCapabilities(),
                            false, s).toCompletableFuture().get(5, TimeUnit.SECONDS);
                    assertNotNull(c);
                }
            }
            int seq = 0;
            seq = send(pub, sub1, sub2, seq, 2000); // warm-up: JIT, SRTP contexts, retransmission rings filled
            long[] ids = threadIds(existing, "chorus-media-0", "chorus-udp-rx");
            long before0 = mx.getThreadAllocatedBytes(ids[0]);
            long before1 = mx.getThreadAllocatedBytes(ids[1]);
            List<AllocationRecorder.Sample> samples;
            try (AllocationRecorder rec = new AllocationRecorder(Set.of(ids[0], ids[1]))) {
                send(pub, sub1, sub2, seq, PACKETS);
                samples = rec.stop();
            }
            long worker = mx.getThreadAllocatedBytes(ids[0]) - before0;
            long rx = mx.getThreadAllocatedBytes(ids[1]) - before1;
            List<AllocationRecorder.Sample> ours = onWorker(samples)
                    // per-second RTCP reports and ICE consent checks are timers, not per-packet work
                    .filter(x -> !x.owner().contains("Router.onSlowTick") && !x.owner().contains("Router.onFastTick"))
                    .toList();
            System.out.printf("%s: %d packets to 2 subscribers: worker %d bytes (%.0f per packet, in: %s), udp-rx %d"
                    + " bytes%n", profile, PACKETS, worker, worker / (double) PACKETS, owners(samples), rx);
            assertTrue(ours.isEmpty(), "Chorus code allocated on a media thread while forwarding: " + ours);
            assertTrue(rx < PACKETS, "udp receive thread allocated " + rx + " bytes for " + PACKETS + " packets");
            LevelSummary levels = AudioLevelDrainTest.nextSummary(plane, "r", "pa");
            assertEquals(AUDIO_LEVEL, levels.loudest(), "the audio producer's levels were collected: " + levels);
            pub.close();
            sub1.close();
            sub2.close();
        }
    }

    /**
     * The same for VP8 simulcast: three streams in, one subscriber forwarding stream 0 and one stream 2 (layer
     * selection, sequence/timestamp/PictureID/TL0PICIDX rewriting, periodic re-targeting on the packet path), with
     * downlink bandwidth estimation active: both subscribers send transport-cc feedback for everything they receive,
     * so the feedback path, the estimator, the allocation tick and probing padding all run while it is measured.
     */
    @org.junit.jupiter.api.Test
    void simulcastForwardingAllocatesNothingPerPacket() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Set<Thread> existing = Thread.getAllStackTraces().keySet();
        SrtpProfile profile = SrtpProfile.values()[0];
        try (MediaPlaneImpl plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), MediaListener.NONE)) {
            plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
            TestPeer pub = peer(plane, "pub", profile);
            TestPeer sub1 = peer(plane, "sub1", profile);
            TestPeer sub2 = peer(plane, "sub2", profile);
            plane.produce("pub", "p", "video", SimulcastLoopbackTest.simulcastParams(), false, "a")
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            for (String s : new String[] {"sub1", "sub2"}) {
                assertNotNull(plane.consume(s, "c-" + s, "p", plane.routerCapabilities(), false, s)
                        .toCompletableFuture().get(5, TimeUnit.SECONDS));
            }
            plane.setConsumerPreferredLayers("c-sub1", 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
            Subscriber a = new Subscriber(sub1);
            Subscriber b = new Subscriber(sub2);
            int frame = sendSimulcast(pub, a, b, 0, 700); // warm-up
            for (String s : new String[] {"sub1", "sub2"}) {
                var stats = plane.transportStats(s).toCompletableFuture().get(5, TimeUnit.SECONDS).get(0);
                assertTrue(((Number) stats.get("recvTransportCcFeedbacks")).longValue() > 0, "feedback: " + stats);
                assertTrue(stats.containsKey("allocatedOutgoingBitrate"), "the downlink allocation runs: " + stats);
            }
            long[] ids = threadIds(existing, "chorus-media-0", "chorus-udp-rx");
            long before0 = mx.getThreadAllocatedBytes(ids[0]);
            long feedbacks = a.feedbacks + b.feedbacks;
            List<AllocationRecorder.Sample> samples;
            try (AllocationRecorder rec = new AllocationRecorder(Set.of(ids[0], ids[1]))) {
                sendSimulcast(pub, a, b, frame, PACKETS / 3);
                samples = rec.stop();
            }
            assertTrue(a.feedbacks + b.feedbacks > feedbacks, "feedback flowed while measuring");
            long worker = mx.getThreadAllocatedBytes(ids[0]) - before0;
            // The receive thread is checked by exact bytes in the first case; here two subscribers' feedback
            // interleaves with the publisher's media, and the JDK allocates each new sender's address.
            List<AllocationRecorder.Sample> ours = onWorker(samples)
                    .filter(x -> !x.owner().contains("Router.onSlowTick"))
                    .toList();
            System.out.printf("simulcast %s: %d packets in, forwarded to 2 subscribers (%d padding packets): worker %d"
                    + " bytes (in: %s)%n", profile, PACKETS, a.padding + b.padding, worker, owners(samples));
            assertTrue(ours.isEmpty(), "Chorus code allocated on a media thread while forwarding: " + ours);
            pub.close();
            sub1.close();
            sub2.close();
        }
    }

    /**
     * The same for VP9 SVC: one L3T3_KEY stream (three spatial layers of two packets per picture), one subscriber
     * forwarding spatial layer 0, the other all three (descriptor parse per packet, layer statistics, per-picture
     * filtering, marker rewriting, gap-free numbering, periodic re-targeting).
     */
    @org.junit.jupiter.api.Test
    void svcForwardingAllocatesNothingPerPacket() throws Exception {
        dev.chorus.media.simulcast.SvcStream stream = new dev.chorus.media.simulcast.SvcStream(3, 2, 1, 0, 0);
        int[] picture = {0};
        Burst burst = (pub, a, b, pictures) -> {
            for (int i = 0; i < pictures; i += 10) {
                for (int k = 0; k < 10; k++) {
                    int n = picture[0]++;
                    for (dev.chorus.media.simulcast.SvcStream.Packet p : stream.picture(n, n == 10)) {
                        pub.sendRtp(p.rtp(SvcLoopbackTest.PT, SvcLoopbackTest.SSRC));
                    }
                }
                if (picture[0] > 10) {
                    receive(a, 10 * 2, "subscriber 1");
                    receive(b, 10 * 6, "subscriber 2");
                }
            }
        };
        layeredForwardingAllocatesNothing("svc", SvcLoopbackTest.svcParams(), burst);
    }

    /** The same for H264 simulcast: three streams in, one subscriber forwarding stream 0 and one stream 2. */
    @org.junit.jupiter.api.Test
    void h264SimulcastForwardingAllocatesNothingPerPacket() throws Exception {
        H264Frames frames = new H264Frames(H264SimulcastLoopbackTest.SSRC, H264SimulcastLoopbackTest.PT,
                H264SimulcastLoopbackTest.TS_BASE, new int[] {1, 2, 3});
        int[] frame = {0};
        Burst burst = (pub, a, b, count) -> {
            for (int i = 0; i < count; i += 10) {
                for (int k = 0; k < 10; k++) {
                    int f = frame[0]++;
                    for (int s = 0; s < 3; s++) {
                        for (byte[] p : frames.frame(s, f, f == 10)) {
                            pub.sendRtp(p);
                        }
                    }
                }
                if (frame[0] > 10) {
                    receive(a, 10 * 2 + (frame[0] == 20 ? 1 : 0), "subscriber 1");
                    receive(b, 10 * 2 + (frame[0] == 20 ? 1 : 0), "subscriber 2");
                }
            }
        };
        layeredForwardingAllocatesNothing("h264 simulcast", H264SimulcastLoopbackTest.h264SimulcastParams(), burst);
    }

    /** Sends {@code count} pictures or frames of a layered publisher and waits for what each subscriber gets. */
    private interface Burst {
        void send(TestPeer pub, TestPeer a, TestPeer b, int count) throws Exception;
    }

    private static void receive(TestPeer sub, int packets, String who) throws Exception {
        for (int k = 0; k < packets; k++) {
            assertNotNull(sub.nextRtp(3000), who + " missed a packet");
        }
    }

    /**
     * Publishes {@code params}, lets the first 10 pictures/frames go out before anyone subscribes (the producer's
     * layers are known), subscribes sub1 at spatial layer 0 and sub2 at the highest from the key picture/frame
     * numbered 10 on, warms up, then records allocations on the media threads while more is forwarded.
     */
    private static void layeredForwardingAllocatesNothing(String label, dev.chorus.media.ortc.RtpParameters params,
                                                          Burst burst) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Set<Thread> existing = Thread.getAllStackTraces().keySet();
        SrtpProfile profile = SrtpProfile.values()[0];
        try (MediaPlaneImpl plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), MediaListener.NONE)) {
            plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
            TestPeer pub = peer(plane, "pub", profile);
            TestPeer sub1 = peer(plane, "sub1", profile);
            TestPeer sub2 = peer(plane, "sub2", profile);
            plane.produce("pub", "p", "video", params, false, "a").toCompletableFuture().get(5, TimeUnit.SECONDS);
            burst.send(pub, sub1, sub2, 10);
            for (String s : new String[] {"sub1", "sub2"}) {
                assertNotNull(plane.consume(s, "c-" + s, "p", plane.routerCapabilities(), false, s)
                        .toCompletableFuture().get(5, TimeUnit.SECONDS));
            }
            plane.setConsumerPreferredLayers("c-sub1", 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
            burst.send(pub, sub1, sub2, 700); // warm-up
            long[] ids = threadIds(existing, "chorus-media-0", "chorus-udp-rx");
            long before0 = mx.getThreadAllocatedBytes(ids[0]);
            long before1 = mx.getThreadAllocatedBytes(ids[1]);
            List<AllocationRecorder.Sample> samples;
            try (AllocationRecorder rec = new AllocationRecorder(Set.of(ids[0], ids[1]))) {
                burst.send(pub, sub1, sub2, PACKETS / 3);
                samples = rec.stop();
            }
            long worker = mx.getThreadAllocatedBytes(ids[0]) - before0;
            long rx = mx.getThreadAllocatedBytes(ids[1]) - before1;
            List<AllocationRecorder.Sample> ours = onWorker(samples)
                    .filter(x -> !x.owner().contains("Router.onSlowTick"))
                    .toList();
            assertTrue(rx < PACKETS, "udp receive thread allocated " + rx + " bytes for " + PACKETS + " packets");
            System.out.printf("%s %s: %d pictures/frames forwarded to 2 subscribers: worker %d bytes (in: %s)%n",
                    label, profile, PACKETS / 3, worker, owners(samples));
            assertTrue(ours.isEmpty(), "Chorus code allocated on a media thread while forwarding: " + ours);
            pub.close();
            sub1.close();
            sub2.close();
        }
    }

    /**
     * Frames of all three streams in bursts of 10; each subscriber gets its one stream's packet per frame (padding
     * aside) and then sends transport-cc feedback.
     */
    private static int sendSimulcast(TestPeer pub, Subscriber a, Subscriber b, int frame, int frames)
            throws Exception {
        for (int i = 0; i < frames; i += 10) {
            for (int k = 0; k < 10; k++) {
                for (int s = 0; s < 3; s++) {
                    pub.sendRtp(SimulcastLoopbackTest.frame(s, frame, frame == 0));
                }
                frame++;
            }
            for (int k = 0; k < 10; k++) {
                assertNotNull(a.nextMedia(), "subscriber 1 missed a packet");
                assertNotNull(b.nextMedia(), "subscriber 2 missed a packet");
            }
            a.sendFeedback();
            b.sendFeedback();
        }
        return frame;
    }

    /**
     * JFR samples on the media worker attributed to Chorus code. The worker is where JFR's attribution is needed
     * (jitsi-srtp allocates there, so its byte count cannot be zero); the UDP receive thread allocates nothing at
     * all, so it is checked by its exact allocated bytes instead: a JFR sample there is a single TLAB event whose
     * weight says nothing about per-packet cost (a one-off JVM-internal String was seen there once).
     */
    private static java.util.stream.Stream<AllocationRecorder.Sample> onWorker(List<AllocationRecorder.Sample> all) {
        return all.stream().filter(x -> x.thread().startsWith("chorus-media-"))
                .filter(x -> x.owner().startsWith("dev.chorus.") && !x.inJdkReceive());
    }

    /** A subscriber that records the transport-wide sequence number of everything it receives and reports it. */
    private static final class Subscriber {
        final TestPeer peer;
        final TransportCcRecorder recorder = new TransportCcRecorder();
        final RtpPacket view = new RtpPacket();
        final byte[] feedback = new byte[1500];
        long feedbacks;
        long padding;

        Subscriber(TestPeer peer) {
            this.peer = peer;
        }

        /** The next media packet; padding (the probator's SSRC) is recorded for feedback and skipped. */
        byte[] nextMedia() throws InterruptedException {
            while (true) {
                byte[] p = peer.nextRtp(3000);
                if (p == null || !view.wrap(p, 0, p.length)) {
                    return p;
                }
                int x = view.findExtension(Consumer.EXT_TCC);
                if (x >= 0) {
                    int o = view.extensionOffset(x);
                    recorder.onPacket(((p[o] & 0xFF) << 8) | (p[o + 1] & 0xFF), System.nanoTime() / 1000);
                }
                if (view.ssrc() != PaddingSender.SSRC) {
                    return p;
                }
                padding++;
            }
        }

        void sendFeedback() throws Exception {
            int n;
            while ((n = recorder.buildFeedback(feedback, 0, 1200, 0xFEED, 1)) > 0) {
                peer.sendRtcp(feedback, n);
                feedbacks++;
            }
        }
    }

    private static String owners(List<AllocationRecorder.Sample> samples) {
        java.util.Map<String, Long> by = new java.util.TreeMap<>();
        for (AllocationRecorder.Sample x : samples) {
            String lib = x.owner().startsWith("org.jitsi.") ? "jitsi-srtp"
                    : x.inJdkReceive() ? "jdk DatagramChannel.receive" : x.owner();
            by.merge(lib, x.bytes(), Long::sum);
        }
        return by.toString();
    }

    private static TestPeer peer(MediaPlaneImpl plane, String id, SrtpProfile profile) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", id, new TransportOptions(false, id))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer p = new TestPeer(info, profile);
        plane.connectTransport(id, p.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        p.handshake();
        TestPeer.awaitServerConnected(plane, id);
        return p;
    }

    /** Sends {@code n} packets in small bursts and waits until both subscribers got each burst. */
    private static int send(TestPeer pub, TestPeer a, TestPeer b, int seq, int n) throws Exception {
        for (int i = 0; i < n; i += 50) {
            for (int k = 0; k < 50; k++) {
                if (k % 5 == 4) { // one packet in five is audio, with an audio level
                    pub.sendRtp(AudioPublisher.opus(AudioPublisher.SSRC, seq & 0xFFFF, 960L * seq, AUDIO_LEVEL,
                            true));
                } else {
                    pub.sendRtp(LoopbackSfuTest.vp8(seq & 0xFFFF, 3000L * seq, seq == 0, seq & 0xFFFF));
                }
                seq++;
            }
            for (int k = 0; k < 50; k++) {
                assertNotNull(a.nextRtp(3000), "subscriber 1 missed a packet");
                assertNotNull(b.nextRtp(3000), "subscriber 2 missed a packet");
            }
        }
        return seq;
    }

    /** This plane's threads: named so, and not among those alive before it (other tests' may linger). */
    private static long[] threadIds(Set<Thread> existing, String... names) {
        long[] ids = new long[names.length];
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (int i = 0; i < names.length; i++) {
                if (t.getName().equals(names[i]) && !existing.contains(t)) {
                    ids[i] = t.getId();
                }
            }
        }
        for (int i = 0; i < ids.length; i++) {
            assertTrue(ids[i] != 0, "thread " + names[i] + " not found");
        }
        return ids;
    }
}
