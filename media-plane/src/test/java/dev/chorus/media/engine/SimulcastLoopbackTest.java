package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.ortc.RtcpFeedback;
import dev.chorus.media.ortc.RtcpParameters;
import dev.chorus.media.ortc.RtpCodecParameters;
import dev.chorus.media.ortc.RtpEncodingParameters;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.ortc.RtxParameters;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.Vp8Descriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * VP8 simulcast end to end over real loopback UDP/DTLS/SRTP: a publisher with three SSRC-based encodings sends
 * synthetic frames (each stream's payload is tagged with its index) and sender reports; a subscriber's consumer
 * forwards only the preferred stream, switches on a key frame after {@code setConsumerPreferredLayers}, keeps
 * sequence numbers, timestamps, PictureID and TL0PICIDX continuous, answers a NACK of a packet sent before the
 * switch with the original payload and the rewritten header, and reports its layers.
 */
public class SimulcastLoopbackTest {
    private static final long[] SSRC = {31_000_001L, 31_000_002L, 31_000_003L};
    private static final long[] RTX_SSRC = {32_000_001L, 32_000_002L, 32_000_003L};
    private static final int PT = 96;
    private static final int RTX_PT = 97;
    private static final int[] SEQ_BASE = {65_530, 1_000, 30_000};
    private static final long[] TS_BASE = {4_294_960_000L, 10_000_000L, 2_000_000_000L};
    private static final int[] PID_BASE = {32_760, 100, 5_000};
    private static final int[] TL0_BASE = {250, 7, 90};
    private static final long NTP_BASE = 0xE000_0000_0000_0000L;

    private final List<String> layerEvents = new CopyOnWriteArrayList<>();
    private MediaPlaneImpl plane;
    private TestPeer pub;
    private TestPeer sub;
    private ConsumerInfo consumer;

    @BeforeEach
    void setUp() throws Exception {
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

    @AfterEach
    void tearDown() {
        if (pub != null) {
            pub.close();
        }
        if (sub != null) {
            sub.close();
        }
        plane.close();
    }

    private TestPeer connectedPeer(String transportId) throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", transportId, new TransportOptions(false, "o-" + transportId))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestPeer peer = new TestPeer(info);
        plane.connectTransport(transportId, peer.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        peer.handshake();
        TestPeer.awaitServerConnected(plane, transportId);
        return peer;
    }

    static RtpParameters simulcastParams() {
        return simulcastParams(SSRC, RTX_SSRC);
    }

    /** Three SSRC-based VP8 encodings (lowest first) with these media and RTX SSRCs. */
    static RtpParameters simulcastParams(long[] ssrc, long[] rtxSsrc) {
        List<RtcpFeedback> fb = List.of(new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"),
                new RtcpFeedback("ccm", "fir"));
        List<RtpEncodingParameters> encodings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            encodings.add(new RtpEncodingParameters(ssrc[i], null, null, new RtxParameters(rtxSsrc[i]), null, null,
                    null, null, null));
        }
        return new RtpParameters("0",
                List.of(new RtpCodecParameters("video/VP8", PT, 90000, null, Map.of(), fb),
                        new RtpCodecParameters("video/rtx", RTX_PT, 90000, null, Map.of("apt", PT), List.of())),
                List.of(), encodings, new RtcpParameters("simcname", true));
    }

    /**
     * Frame {@code f} of stream {@code s}: one packet (marker set) with a full VP8 descriptor (15-bit PictureID,
     * TL0PICIDX, TID 0) and a payload whose bytes are {@code 0xA0 + s}.
     */
    static byte[] frame(int s, int f, boolean key) {
        byte[] b = new byte[12 + 6 + 1 + 24];
        int seq = (SEQ_BASE[s] + f) & 0xFFFF;
        long ts = (TS_BASE[s] + 3000L * f) & 0xFFFF_FFFFL;
        int pid = (PID_BASE[s] + f) & 0x7FFF;
        b[0] = (byte) 0x80;
        b[1] = (byte) (0x80 | PT);
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        putInt(b, 4, ts);
        putInt(b, 8, SSRC[s]);
        b[12] = (byte) 0x90; // X, S, PID 0
        b[13] = (byte) 0xE0; // I, L, T
        b[14] = (byte) (0x80 | (pid >> 8));
        b[15] = (byte) pid;
        b[16] = (byte) (TL0_BASE[s] + f);
        b[17] = 0; // TID 0, Y 0
        b[18] = (byte) (key ? 0x10 : 0x11); // VP8 payload header: P = 0 for a key frame
        Arrays.fill(b, 19, b.length, (byte) (0xA0 + s));
        return b;
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }

    /** All three streams' frame {@code f}, stream 0 first; {@code keyStreams}: which of them are key frames. */
    private void sendFrame(int f, boolean... keyStreams) throws Exception {
        for (int s = 0; s < 3; s++) {
            pub.sendRtp(frame(s, f, keyStreams.length > s && keyStreams[s]));
        }
    }

    /** Sender reports of the three streams for the same capture instant (frame {@code f}). */
    private void sendSenderReports(int f) throws Exception {
        byte[] b = new byte[64];
        for (int s = 0; s < 3; s++) {
            long ntp = NTP_BASE + ((long) f << 32) / 30; // frame f at 30 fps
            int n = RtcpWriter.senderReport(b, 0, 64, SSRC[s], ntp, (TS_BASE[s] + 3000L * f) & 0xFFFF_FFFFL, f, f);
            pub.sendRtcp(b, n);
        }
    }

    /** One received packet, parsed. */
    private record Out(int seq, long ts, int stream, int pictureId, int tl0, byte[] payload) {
    }

    private Out receive() throws Exception {
        byte[] got = sub.nextRtp(5000);
        assertNotNull(got, "a packet was forwarded " + plane.counters());
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(got, 0, got.length));
        assertEquals(consumer.rtpParameters().encodings().get(0).ssrc(), p.ssrc());
        Vp8Descriptor d = new Vp8Descriptor();
        assertTrue(d.parse(got, p.payloadOffset(), p.payloadLength()));
        byte[] payload = Arrays.copyOfRange(got, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
        return new Out(p.sequenceNumber(), p.timestamp(), (payload[payload.length - 1] & 0xFF) - 0xA0,
                d.pictureId(), d.tl0PicIdx(), payload);
    }

    private void awaitLayerEvent(String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!layerEvents.contains(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(layerEvents.contains(expected), "layer event " + expected + " in " + layerEvents);
    }

    @Test
    void forwardsThePreferredStreamSwitchesOnAKeyFrameContinuouslyAndAnswersNacksAcrossTheSwitch() throws Exception {
        pub = connectedPeer("pub");
        sub = connectedPeer("sub");
        plane.produce("pub", "p1", "video", simulcastParams(), false, "alice").toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        consumer = plane.consume("sub", "c1", "p1", plane.routerCapabilities(), false, "bob")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(consumer.rtpParameters().encodings().get(0).scalabilityMode().startsWith("L3"),
                "the consumer announces three spatial layers");
        plane.setConsumerPreferredLayers("c1", 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);

        sendSenderReports(0);
        List<Out> outs = new ArrayList<>();
        sendFrame(0, true, true, true);
        for (int f = 1; f < 6; f++) {
            sendFrame(f);
        }
        for (int f = 0; f < 6; f++) {
            Out o = receive();
            assertEquals(0, o.stream(), "only stream 0 is forwarded while spatial 0 is preferred");
            outs.add(o);
        }
        awaitLayerEvent("c1:0/0");

        pub.rtcp.clear();
        plane.setConsumerPreferredLayers("c1", 2, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(awaitPli(SSRC[2]), "a key frame of stream 2 is requested from the publisher");
        sendFrame(6); // no key frame of stream 2 yet: stream 0 goes on
        outs.add(receive());
        assertEquals(0, outs.get(6).stream());
        sendFrame(7, false, false, true); // stream 0 delta (still forwarded), then stream 2's key frame: switch
        sendFrame(8);
        sendFrame(9);
        for (int i = 0; i < 4; i++) {
            outs.add(receive());
        }
        assertEquals(0, outs.get(7).stream(), "stream 0's frame 7 was sent before stream 2's key frame");
        for (int i = 8; i < 11; i++) {
            assertEquals(2, outs.get(i).stream(), "after the key frame only stream 2 is forwarded");
        }
        assertNull(sub.rtp.poll(300, TimeUnit.MILLISECONDS), "nothing else (no stream 0 or 1 packets)");
        awaitLayerEvent("c1:2/0");

        for (int i = 1; i < outs.size(); i++) {
            Out a = outs.get(i - 1);
            Out b = outs.get(i);
            assertEquals((a.seq() + 1) & 0xFFFF, b.seq(), "gap-free sequence numbers at " + i);
            assertEquals((a.pictureId() + 1) & 0x7FFF, b.pictureId(), "continuous PictureID at " + i);
            assertEquals((a.tl0() + 1) & 0xFF, b.tl0(), "continuous TL0PICIDX at " + i);
            int dts = (int) (b.ts() - a.ts());
            assertTrue(dts > 0 && dts <= 6000, "timestamps advance by about a frame at " + i + ": " + dts);
        }

        // A NACK for stream 0's frame 3 (sent before the switch): the same payload and rewritten header again.
        Out lost = outs.get(3);
        long consumerSsrc = consumer.rtpParameters().encodings().get(0).ssrc();
        byte[] nack = new byte[64];
        int n = RtcpWriter.nack(nack, 0, 64, 1234, consumerSsrc, new int[] {lost.seq()}, 1);
        sub.sendRtcp(nack, n);
        byte[] rtx = sub.nextRtp(3000);
        assertNotNull(rtx, "the NACKed packet was retransmitted");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(rtx, 0, rtx.length));
        assertEquals(consumer.rtpParameters().encodings().get(0).rtx().ssrc(), p.ssrc());
        byte[] rb = p.buffer();
        int osn = ((rb[p.payloadOffset()] & 0xFF) << 8) | (rb[p.payloadOffset() + 1] & 0xFF);
        assertEquals(lost.seq(), osn, "RTX carries the consumer's sequence number");
        assertEquals(lost.ts(), p.timestamp(), "the retransmission has the rewritten timestamp");
        assertArrayEquals(lost.payload(), Arrays.copyOfRange(rtx, p.payloadOffset() + 2,
                p.payloadOffset() + p.payloadLength()), "stream 0's payload with the rewritten PictureID/TL0PICIDX");
    }

    private boolean awaitPli(long mediaSsrc) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            byte[] r = pub.rtcp.poll(50, TimeUnit.MILLISECONDS);
            if (r != null && countFeedback(r, mediaSsrc) > 0) {
                return true;
            }
        }
        return false;
    }

    private static int countFeedback(byte[] buf, long mediaSsrc) {
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, buf.length);
        int n = 0;
        while (it.next()) {
            if (it.packetType() == RtcpType.PSFB && (it.countOrFmt() == RtcpType.PLI || it.countOrFmt() == RtcpType.FIR)
                    && dev.chorus.media.rtcp.Feedback.mediaSsrc(buf, it.packetOffset()) == mediaSsrc) {
                n++;
            }
        }
        return n;
    }
}
