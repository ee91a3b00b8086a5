package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.PipeSpec;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.pipe.AeronBridgeConfig;
import dev.chorus.media.speaker.LevelSummary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.chorus.media.api.MediaPlane#drainAudioLevels()} over real loopback UDP and SRTP: audio levels of
 * producers that negotiated {@code ssrc-audio-level} are reported by router and producer, video and audio without
 * the extension are not, a paused producer counts as silent, and a producer piped to another node is reported by
 * its home node only.
 */
class AudioLevelDrainTest {
    private static final long OTHER_SSRC = 44444444L;
    private final List<TestPeer> peers = new CopyOnWriteArrayList<>();
    private final List<MediaPlaneImpl> planes = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        peers.forEach(TestPeer::close);
        planes.forEach(MediaPlaneImpl::close);
    }

    private MediaPlaneImpl plane(boolean pipes) throws Exception {
        MediaPlaneConfig cfg = MediaPlaneConfig.loopback();
        MediaPlaneImpl p = new MediaPlaneImpl(pipes ? cfg.withPipe(AeronBridgeConfig.loopback(0)) : cfg,
                MediaListener.NONE);
        planes.add(p);
        p.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
        return p;
    }

    private TestPeer peer(MediaPlaneImpl plane, String id) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", id, new TransportOptions(false, id))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer p = new TestPeer(info);
        peers.add(p);
        plane.connectTransport(id, p.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        p.handshake();
        TestPeer.awaitServerConnected(plane, id);
        return p;
    }

    /**
     * Drains {@code plane} until a summary of {@code producerId} in {@code routerId} appears (within 3 s) and returns
     * it; fails if none does.
     */
    static LevelSummary nextSummary(MediaPlaneImpl plane, String routerId, String producerId) throws Exception {
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Map<String, LevelSummary>> all = plane.drainAudioLevels().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            LevelSummary s = all.getOrDefault(routerId, Map.of()).get(producerId);
            if (s != null) {
                return s;
            }
            Thread.sleep(20); // let a sub-interval complete
        }
        throw new AssertionError("no level summary of " + producerId + " in " + routerId);
    }

    /** Sends {@code n} Opus packets 5 ms apart (so they span several 50 ms sub-intervals). */
    private static int sendOpus(TestPeer pub, long ssrc, int seq, int n, int level) throws Exception {
        for (int i = 0; i < n; i++) {
            pub.sendRtp(AudioPublisher.opus(ssrc, seq & 0xFFFF, 960L * seq, level, true));
            seq++;
            Thread.sleep(5);
        }
        return seq;
    }

    @Test
    void reportsLevelsOfAudioProducersWithTheExtensionOnly() throws Exception {
        MediaPlaneImpl plane = plane(false);
        TestPeer pub = peer(plane, "pub");
        plane.produce("pub", "mic", "audio", AudioPublisher.params(true, AudioPublisher.SSRC), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        plane.produce("pub", "nolevels", "audio", AudioPublisher.params(false, OTHER_SSRC), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        plane.produce("pub", "cam", "video", LoopbackSfuTest.publisherParams(), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        plane.drainAudioLevels().toCompletableFuture().get(5, TimeUnit.SECONDS);
        int seq = sendOpus(pub, AudioPublisher.SSRC, 1, 30, 20);
        for (int i = 0; i < 30; i++) {
            pub.sendRtp(AudioPublisher.opus(OTHER_SSRC, i, 960L * i, 5, true));
            pub.sendRtp(LoopbackSfuTest.vp8(i, 3000L * i, i == 0, i));
        }
        LevelSummary s = nextSummary(plane, "r", "mic");
        assertEquals(20, s.loudest(), s.toString());
        assertTrue(s.packets() > 0 && s.voiceMask() != 0, s.toString());
        Map<String, Map<String, LevelSummary>> later = plane.drainAudioLevels().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertFalse(later.getOrDefault("r", Map.of()).containsKey("nolevels"), "no extension, no levels: " + later);
        assertFalse(later.getOrDefault("r", Map.of()).containsKey("cam"), "video has no levels: " + later);

        // Let everything sent so far be reported (the last slots complete, then one quiet summary, then nothing),
        // so that what follows can only come from packets sent while paused.
        long settle = System.currentTimeMillis() + 3000;
        Thread.sleep(150); // the slot of the last packet sent completes (a drain reports completed slots only)
        while (plane.drainAudioLevels().toCompletableFuture().get(5, TimeUnit.SECONDS)
                .getOrDefault("r", Map.of()).get("mic") != null) {
            assertTrue(System.currentTimeMillis() < settle, "the summaries of the packets already sent never end");
            Thread.sleep(60);
        }
        // Paused: its packets are not counted, so no level shows up however many arrive.
        plane.pauseProducer("mic").toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int round = 0; round < 5; round++) {
            seq = sendOpus(pub, AudioPublisher.SSRC, seq, 10, 20);
            Thread.sleep(60); // the slots of these packets complete
            LevelSummary whilePaused = plane.drainAudioLevels().toCompletableFuture().get(5, TimeUnit.SECONDS)
                    .getOrDefault("r", Map.of()).get("mic");
            assertTrue(whilePaused == null || whilePaused.silent(),
                    "a paused producer reads as silence: " + whilePaused);
        }

        plane.resumeProducer("mic").toCompletableFuture().get(5, TimeUnit.SECONDS);
        sendOpus(pub, AudioPublisher.SSRC, seq, 20, 30);
        assertEquals(30, nextSummary(plane, "r", "mic").loudest(), "levels are counted again after resume");
    }

    @Test
    void aPipedProducerIsReportedByItsHomeNodeOnly() throws Exception {
        MediaPlaneImpl home = plane(true);
        MediaPlaneImpl remote = plane(true);
        TestPeer pub = peer(home, "pub");
        home.produce("pub", "mic", "audio", AudioPublisher.params(true, AudioPublisher.SSRC), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        PipeSpec spec = home.pipeOut("mic", 7L, remote.pipeEndpoint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        remote.pipeIn("r", 7L, spec, home.pipeEndpoint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer sub = peer(remote, "sub");
        remote.consume("sub", "c1", "mic", remote.routerCapabilities(), false, "bob")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        int seq = 1;
        long deadline = System.currentTimeMillis() + 10_000;
        while (sub.nextRtp(50) == null) { // the pipe connects asynchronously
            assertTrue(System.currentTimeMillis() < deadline, "nothing crossed the pipe");
            seq = sendOpus(pub, AudioPublisher.SSRC, seq, 1, 15);
        }
        sendOpus(pub, AudioPublisher.SSRC, seq, 30, 15);
        assertEquals(15, nextSummary(home, "r", "mic").loudest(), "the home node reports the producer");
        assertTrue(remote.drainAudioLevels().toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty(),
                "the node with the pipe producer reports nothing");
        assertTrue(sub.nextRtp(1000) != null, "while the remote subscriber does get the audio");
    }
}
