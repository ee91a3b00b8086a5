package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtcp.TransportCcRecorder;
import dev.chorus.media.rtp.AbsSendTime;
import dev.chorus.media.rtp.RtpPacket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Downlink bandwidth estimation end to end over real loopback UDP/DTLS/SRTP: a publisher sends three SSRC-based
 * VP8 simulcast streams (80 / 250 / 700 kbps, 30 fps, a key frame on request), a subscriber consumes them and
 * answers with transport-cc feedback for everything it receives. The feedback is synthetic and deterministic: the
 * test runs each packet through a model bottleneck (FIFO at a capacity, 20 ms propagation, tail drop beyond
 * 500 ms of queue), using the send time the server stamped in abs-send-time (the same clock reading it records for
 * transport-cc), and reports the modelled arrival times. A narrow link (300 kbps) makes the queueing delay grow: the consumer is moved down a spatial layer
 * ({@code consumerLayersChanged}); a clear one (50 Mbps) lets probing (padding on the probator SSRC, probe
 * clusters) find the bandwidth, and the consumer returns to the top layer. Phases end on conditions, polled with
 * deadlines.
 */
class DownlinkBweLoopbackTest {
    private static final long[] SSRC = {41_000_001L, 41_000_002L, 41_000_003L};
    private static final long[] RTX_SSRC = {42_000_001L, 42_000_002L, 42_000_003L};
    private static final long[] BPS = {80_000, 250_000, 700_000};
    private static final int PT = 96;
    private static final long[] TS_BASE = {1_000_000L, 20_000_000L, 3_000_000_000L};
    private static final long NTP_BASE = 0xE100_0000_0000_0000L;
    private static final int MAX_PAYLOAD = 1000;
    private static final long PHASE_DEADLINE_MS = 25_000;

    private final List<int[]> layers = new CopyOnWriteArrayList<>();
    private final List<long[]> bwe = new CopyOnWriteArrayList<>();
    private MediaPlaneImpl plane;
    private TestPeer pub;
    private TestPeer sub;

    // publisher state
    private final int[] seq = {100, 20_000, 40_000};
    private final int[] pid = {10, 2_000, 30_000};
    private final boolean[] keyWanted = {true, true, true};
    private long frame;
    private long nextFrameMs;
    private long nextReportMs;
    // subscriber state: the model link and the feedback
    private final TransportCcRecorder recorder = new TransportCcRecorder();
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private final byte[] feedback = new byte[1500];
    private long consumerSsrc;
    private long capacityBps = 50_000_000;
    private long lastDepartureUs;
    private long nextFeedbackMs;
    private long paddingPackets;

    @AfterEach
    void tearDown() {
        if (pub != null) {
            pub.close();
        }
        if (sub != null) {
            sub.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void congestionMovesTheConsumerDownAndAClearLinkBringsItBackUp() throws Exception {
        plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), new MediaListener() {
            public void onTransportClosed(String id, String tag, String reason) { }
            public void onConsumerClosed(String id, String tag, String reason) { }
            public void onConsumerProducerPaused(String id, String tag, boolean paused) { }
            public void onProducerClosed(String id, String tag, String reason) { }

            @Override
            public void onConsumerLayersChanged(String id, String tag, int spatial, int temporal) {
                layers.add(new int[] {spatial, temporal});
            }

            @Override
            public void onDownlinkBwe(String id, String tag, long desired, long effective, long available) {
                bwe.add(new long[] {desired, effective, available});
            }
        });
        plane.createRouter("r").toCompletableFuture().get(5, TimeUnit.SECONDS);
        pub = connectedPeer("pub");
        sub = connectedPeer("sub");
        plane.produce("pub", "p", "video", SimulcastLoopbackTest.simulcastParams(SSRC, RTX_SSRC), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        consumerSsrc = plane.consume("sub", "c", "p", plane.routerCapabilities(), false, "bob")
                .toCompletableFuture().get(5, TimeUnit.SECONDS).rtpParameters().encodings().get(0).ssrc();
        nextFrameMs = System.currentTimeMillis();

        // The top layer (700 kbps with overhead) allocated under the estimate.
        run(() -> spatial() == 2 && stat("allocatedOutgoingBitrate") > 700_000, "top layer under an estimate");
        long probesBefore = stat("probeClusters");

        capacityBps = 300_000;
        int changes = layers.size();
        run(() -> spatial() >= 0 && spatial() < 2, "a lower layer on a narrow link");
        assertTrue(layers.size() > changes, "consumerLayersChanged reported the change");
        run(() -> bwe.stream().anyMatch(b -> b[2] < 500_000), "downlinkBwe reports the low estimate");

        capacityBps = 50_000_000;
        long paddingBefore = paddingPackets;
        run(() -> spatial() == 2, "back on the top layer on a clear link");
        assertTrue(paddingPackets > paddingBefore, "probing padding reached the subscriber");
        assertTrue(stat("probeClusters") > probesBefore, "probe clusters were sent");

        // What a browser may say about the probator's SSRC (it NACKs gaps and asks its decoder's key frames)
        // matches no consumer and is ignored.
        Map<String, Long> before = plane.counters();
        byte[] b = new byte[64];
        sub.sendRtcp(b, RtcpWriter.pli(b, 0, 64, 0x5EED, PaddingSender.SSRC));
        sub.sendRtcp(b, RtcpWriter.nack(b, 0, 64, 0x5EED, PaddingSender.SSRC, new int[] {1, 2, 3}, 3));
        long deadline = System.currentTimeMillis() + 2000;
        while (plane.counters().get("rtcp_in") < before.get("rtcp_in") + 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        Map<String, Long> after = plane.counters();
        assertTrue(after.get("rtcp_in") >= before.get("rtcp_in") + 2, "the RTCP arrived");
        assertEquals(before.get("key_frame_requests_sent"), after.get("key_frame_requests_sent"), "no PLI upstream");
        assertEquals(before.get("retransmitted"), after.get("retransmitted"), "nothing retransmitted");
        assertEquals(before.get("drop_malformed"), after.get("drop_malformed"));
    }

    private TestPeer connectedPeer(String id) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", id, new TransportOptions(false, id))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer p = new TestPeer(info);
        plane.connectTransport(id, p.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        p.handshake();
        TestPeer.awaitServerConnected(plane, id);
        return p;
    }

    private int spatial() {
        return layers.isEmpty() ? -1 : layers.get(layers.size() - 1)[0];
    }

    /** A number from the subscriber transport's stats, or -1 when absent. */
    private long stat(String key) {
        try {
            Map<String, Object> s = plane.transportStats("sub").toCompletableFuture().get(5, TimeUnit.SECONDS).get(0);
            return s.get(key) instanceof Number n ? n.longValue() : -1;
        } catch (Exception e) {
            throw new AssertionError("transport stats", e);
        }
    }

    /** Publishes, receives and feeds back until {@code done} holds (checked every 100 ms) or the deadline. */
    private void run(BooleanSupplier done, String what) throws Exception {
        long start = System.currentTimeMillis();
        long deadline = start + PHASE_DEADLINE_MS;
        long nextCheck = 0;
        while (System.currentTimeMillis() < deadline) {
            long now = System.currentTimeMillis();
            publish(now);
            receive(now);
            if (now >= nextCheck) {
                nextCheck = now + 100;
                if (done.getAsBoolean()) {
                    System.out.printf("%s: %d ms%n", what, now - start);
                    return;
                }
            }
            LockSupport.parkNanos(2_000_000);
        }
        throw new AssertionError(what + ": not reached; layers " + layers.stream().map(l -> l[0] + "/" + l[1])
                .toList() + ", downlinkBwe " + bwe.stream().map(b -> b[2]).toList() + ", transport-cc feedbacks "
                + stat("recvTransportCcFeedbacks") + ", estimate " + stat("availableOutgoingBitrate") + ", "
                + plane.counters());
    }

    // ---- publisher -------------------------------------------------------------------------------------------

    private void publish(long now) throws Exception {
        byte[] r;
        while ((r = pub.rtcp.poll()) != null) {
            RtcpIterator it = new RtcpIterator();
            it.wrap(r, 0, r.length);
            while (it.next()) {
                if (it.packetType() == RtcpType.PSFB
                        && (it.countOrFmt() == RtcpType.PLI || it.countOrFmt() == RtcpType.FIR)) {
                    long media = Feedback.mediaSsrc(r, it.packetOffset());
                    for (int s = 0; s < 3; s++) {
                        keyWanted[s] |= media == SSRC[s] || it.countOrFmt() == RtcpType.FIR;
                    }
                }
            }
        }
        while (nextFrameMs <= now) {
            for (int s = 0; s < 3; s++) {
                sendFrame(s);
            }
            frame++;
            nextFrameMs += 33;
        }
        if (now >= nextReportMs) {
            nextReportMs = now + 1000;
            byte[] b = new byte[64];
            for (int s = 0; s < 3; s++) {
                long ntp = NTP_BASE + (frame << 32) / 30;
                int n = RtcpWriter.senderReport(b, 0, 64, SSRC[s], ntp, (TS_BASE[s] + 3000L * frame) & 0xFFFF_FFFFL,
                        frame, frame);
                pub.sendRtcp(b, n);
            }
        }
    }

    /** One frame of stream {@code s} at its bitrate, in packets of at most {@link #MAX_PAYLOAD} bytes. */
    private void sendFrame(int s) throws Exception {
        boolean key = keyWanted[s] || frame % 300 == 0;
        keyWanted[s] = false;
        int bytes = (int) (BPS[s] / 8 / 30);
        pid[s] = (pid[s] + 1) & 0x7FFF;
        long ts = (TS_BASE[s] + 3000L * frame) & 0xFFFF_FFFFL;
        for (int off = 0; off < bytes; off += MAX_PAYLOAD) {
            int len = Math.min(MAX_PAYLOAD, bytes - off);
            boolean first = off == 0;
            byte[] b = new byte[12 + 5 + len];
            b[0] = (byte) 0x80;
            b[1] = (byte) ((off + len >= bytes ? 0x80 : 0) | PT);
            b[2] = (byte) (seq[s] >> 8);
            b[3] = (byte) seq[s];
            seq[s] = (seq[s] + 1) & 0xFFFF;
            putInt(b, 4, ts);
            putInt(b, 8, SSRC[s]);
            b[12] = (byte) (first ? 0x90 : 0x80); // X, S on the first packet, PID 0
            b[13] = (byte) 0xE0; // I, L, T
            b[14] = (byte) (0x80 | (pid[s] >> 8));
            b[15] = (byte) pid[s];
            b[16] = (byte) frame; // TL0PICIDX
            b[17] = 0; // TID 0
            b[18] = (byte) (first && key ? 0x10 : 0x11); // VP8 payload header of the first packet: P bit
            pub.sendRtp(b);
        }
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }

    // ---- subscriber ------------------------------------------------------------------------------------------

    /** Runs received packets through the model link and sends transport-cc feedback every 100 ms. */
    private void receive(long now) throws Exception {
        RtpPacket p = new RtpPacket();
        byte[] b;
        while ((b = sub.rtp.poll()) != null) {
            if (!p.wrap(b, 0, b.length)) {
                continue;
            }

            int tcc = p.findExtension(Consumer.EXT_TCC);
            int abs = p.findExtension(Consumer.EXT_ABS_SEND_TIME);
            if (tcc < 0 || abs < 0) {
                continue;
            }
            if (p.ssrc() == PaddingSender.SSRC) {
                paddingPackets++;
            }
            int o = p.extensionOffset(abs);
            long v = ((b[o] & 0xFFL) << 16) | ((b[o + 1] & 0xFFL) << 8) | (b[o + 2] & 0xFFL);
            long sentUs = sendTimeUs(v, System.nanoTime() / 1000);
            int size = b.length + 16 + 28; // SRTP tag, UDP/IP
            long start = Math.max(sentUs, lastDepartureUs);
            if (start - sentUs > 500_000) {
                continue; // tail drop: never reported received
            }
            lastDepartureUs = start + size * 8L * 1_000_000 / capacityBps;
            int t = p.extensionOffset(tcc);
            inFlight.add(new long[] {((b[t] & 0xFF) << 8) | (b[t + 1] & 0xFF), lastDepartureUs + 20_000});
        }
        long nowUs = System.nanoTime() / 1000;
        while (!inFlight.isEmpty() && inFlight.peek()[1] <= nowUs) {
            long[] a = inFlight.poll();
            recorder.onPacket((int) a[0], a[1]);
        }
        if (now >= nextFeedbackMs) {
            nextFeedbackMs = now + 100;
            int n;
            while ((n = recorder.buildFeedback(feedback, 0, 1200, 0x5EED, consumerSsrc)) > 0) {
                sub.sendRtcp(feedback, n);
            }
        }
    }

    /**
     * The server's send time (us of {@code System.nanoTime}, which the media plane in this JVM stamps into
     * abs-send-time) from a 24-bit abs-send-time (6.18 fixed-point seconds, wrapping every 64 s): the latest such
     * time not after {@code nowUs}.
     */
    private static long sendTimeUs(long abs24, long nowUs) {
        long back = (AbsSendTime.fromMicros(nowUs) - abs24) & 0xFFFFFF;
        return nowUs - back * 1_000_000L / 262_144L;
    }
}
