package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.ProducerInfo;
import dev.chorus.media.ortc.ProducerType;
import dev.chorus.media.ortc.RtcpFeedback;
import dev.chorus.media.ortc.RtcpParameters;
import dev.chorus.media.ortc.RtpCodecParameters;
import dev.chorus.media.ortc.RtpEncodingParameters;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.ortc.RtxParameters;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * H264 simulcast end to end over real loopback UDP/DTLS/SRTP: a publisher sends three SSRC-based H264 encodings
 * (key frames as STAP-A with SPS and PPS, then an IDR in FU-A fragments; delta frames as non-IDR FU-A fragments)
 * with independent sequence numbers and timestamps, and sender reports. The subscriber's consumer forwards only
 * the preferred stream, keeps forwarding it after {@code setConsumerPreferredLayers} until the target stream's H264
 * key frame arrives (its delta frames do not switch), switches at the key frame's first packet, keeps sequence
 * numbers gap-free and timestamps continuous, reports temporal layer 0 (H264 carries no temporal-layer
 * descriptor), and answers a NACK of a packet sent before the switch from the right stream.
 */
public class H264SimulcastLoopbackTest {
    static final long[] SSRC = {51_000_001L, 51_000_002L, 51_000_003L};
    private static final long[] RTX_SSRC = {52_000_001L, 52_000_002L, 52_000_003L};
    static final int PT = 102;
    private static final int RTX_PT = 103;
    static final long[] TS_BASE = {4_294_950_000L, 7_000_000L, 3_000_000_000L};
    private static final long NTP_BASE = 0xE100_0000_0000_0000L;

    private final H264Frames frames = new H264Frames(SSRC, PT, TS_BASE, new int[] {65_520, 100, 40_000});
    private LayeredLoopback lb;
    private TestPeer pub;
    private ConsumerInfo consumer;

    @AfterEach
    void tearDown() {
        if (lb != null) {
            lb.close();
        }
    }

    static RtpParameters h264SimulcastParams() {
        List<RtcpFeedback> fb = List.of(new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"),
                new RtcpFeedback("ccm", "fir"));
        List<RtpEncodingParameters> encodings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            encodings.add(new RtpEncodingParameters(SSRC[i], null, null, new RtxParameters(RTX_SSRC[i]), null, null,
                    null, null, null));
        }
        Map<String, Object> h264 = Map.of("packetization-mode", 1, "profile-level-id", "42e01f",
                "level-asymmetry-allowed", 1);
        return new RtpParameters("0",
                List.of(new RtpCodecParameters("video/H264", PT, 90000, null, h264, fb),
                        new RtpCodecParameters("video/rtx", RTX_PT, 90000, null, Map.of("apt", PT), List.of())),
                List.of(), encodings, new RtcpParameters("h264cname", true));
    }

    /** Frame {@code f} of all three streams, stream 0 first; {@code keyStreams}: which are key frames. */
    private void sendFrame(int f, boolean... keyStreams) throws Exception {
        for (int s = 0; s < 3; s++) {
            for (byte[] p : frames.frame(s, f, keyStreams.length > s && keyStreams[s])) {
                pub.sendRtp(p);
            }
        }
    }

    /** Sender reports of the three streams for the capture instant of frame {@code f}. */
    private void sendSenderReports(int f) throws Exception {
        byte[] b = new byte[64];
        for (int s = 0; s < 3; s++) {
            long ntp = NTP_BASE + ((long) f << 32) / 30;
            int n = RtcpWriter.senderReport(b, 0, 64, SSRC[s], ntp, (TS_BASE[s] + 3000L * f) & 0xFFFF_FFFFL, f, f);
            pub.sendRtcp(b, n);
        }
    }

    /** One received packet: header fields, the stream and frame its payload came from, and the payload. */
    private record Out(int seq, long ts, boolean marker, int stream, int frame, byte[] payload) {
    }

    private Out receive(TestPeer sub) throws Exception {
        byte[] got = sub.nextRtp(5000);
        assertNotNull(got, "a packet was forwarded " + lb.plane.counters());
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(got, 0, got.length));
        assertEquals(consumer.rtpParameters().encodings().get(0).ssrc(), p.ssrc());
        byte[] payload = Arrays.copyOfRange(got, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
        boolean stap = (payload[0] & 0x1F) == 24;
        return new Out(p.sequenceNumber(), p.timestamp(), p.marker(), stap ? -1 : (payload[3] & 0xFF) - 0xA0,
                stap ? -1 : payload[payload.length - 1], payload);
    }

    private List<Out> receive(TestPeer sub, int count) throws Exception {
        List<Out> outs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outs.add(receive(sub));
        }
        return outs;
    }

    @Test
    void switchesStreamsOnH264KeyFramesWithContinuousNumbersAndTimestamps() throws Exception {
        lb = new LayeredLoopback();
        pub = lb.connectedPeer("pub");
        TestPeer sub = lb.connectedPeer("sub");
        ProducerInfo producer = lb.plane.produce("pub", "p1", "video", h264SimulcastParams(), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(ProducerType.SIMULCAST, producer.type());
        consumer = lb.plane.consume("sub", "c1", "p1", lb.plane.routerCapabilities(), false, "bob")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("video/H264", consumer.rtpParameters().codecs().get(0).mimeType());
        assertTrue(consumer.rtpParameters().encodings().get(0).scalabilityMode().startsWith("L3"),
                "the consumer announces three spatial layers");
        lb.plane.setConsumerPreferredLayers("c1", 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);

        sendSenderReports(0);
        sendFrame(0, true, true, true);
        for (int f = 1; f < 6; f++) {
            sendFrame(f);
        }
        List<Out> outs = receive(sub, 3 + 5 * 2);
        assertTrue(outs.stream().allMatch(o -> o.stream() <= 0), "only stream 0 while spatial 0 is preferred");
        lb.awaitLayerEvent("c1:0/0");

        pub.rtcp.clear();
        lb.plane.setConsumerPreferredLayers("c1", 2, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(LayeredLoopback.awaitKeyFrameRequest(pub, SSRC[2]), "a key frame of stream 2 is requested");
        sendFrame(6); // stream 2 sends a delta frame: no switch, stream 0 goes on
        sendFrame(7, false, false, true); // stream 0's delta, then stream 2's key frame: switch
        sendFrame(8);
        sendFrame(9);
        int beforeSwitch = outs.size();
        outs.addAll(receive(sub, 2 + 2 + 3 + 2 + 2));
        assertNull(sub.rtp.poll(300, TimeUnit.MILLISECONDS), "nothing else (no stream 0 or 1 packets)");
        for (int i = beforeSwitch; i < beforeSwitch + 4; i++) {
            assertEquals(0, outs.get(i).stream(), "stream 0's frames 6 and 7 precede stream 2's key frame");
        }
        assertEquals(24, outs.get(beforeSwitch + 4).payload()[0] & 0x1F,
                "the switch is at the key frame's first packet (STAP-A with SPS and PPS)");
        for (int i = beforeSwitch + 5; i < outs.size(); i++) {
            assertEquals(2, outs.get(i).stream(), "after the key frame only stream 2 is forwarded");
        }
        lb.awaitLayerEvent("c1:2/0");

        for (int i = 1; i < outs.size(); i++) {
            Out a = outs.get(i - 1);
            Out b = outs.get(i);
            assertEquals((a.seq() + 1) & 0xFFFF, b.seq(), "gap-free sequence numbers at " + i);
            int dts = (int) (b.ts() - a.ts());
            if (a.marker()) {
                assertTrue(dts > 0 && dts <= 6000, "a new frame is about one frame later at " + i + ": " + dts);
            } else {
                assertEquals(0, dts, "packets of one frame share its timestamp at " + i);
            }
        }

        Out lost = outs.get(beforeSwitch + 2); // stream 0, frame 7, first packet: sent before the switch
        assertEquals(0, lost.stream());
        assertEquals(7, lost.frame());
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
        assertEquals(lost.seq(), ((rb[p.payloadOffset()] & 0xFF) << 8) | (rb[p.payloadOffset() + 1] & 0xFF));
        assertEquals(lost.ts(), p.timestamp(), "with the rewritten timestamp");
        assertArrayEquals(lost.payload(), Arrays.copyOfRange(rtx, p.payloadOffset() + 2,
                p.payloadOffset() + p.payloadLength()), "stream 0's packet");
    }
}
