package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.MediaListener;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.api.TransportOptions;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ortc.HeaderExtensionUris;
import dev.chorus.media.ortc.RtcpFeedback;
import dev.chorus.media.ortc.RtcpParameters;
import dev.chorus.media.ortc.RtpCodecParameters;
import dev.chorus.media.ortc.RtpEncodingParameters;
import dev.chorus.media.ortc.RtpHeaderExtensionParameters;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.ortc.RtxParameters;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole media path over real loopback UDP: Java clients do ICE, DTLS (client role) and SRTP against a
 * {@link MediaPlaneImpl}; a publisher's packets reach a subscriber rewritten; NACK, PLI, reports and transport-cc
 * work; bad fingerprints and tampered SRTP are refused.
 */
public class LoopbackSfuTest {
    public static final long PUB_SSRC = 11111111L;
    private static final long PUB_RTX_SSRC = 22222222L;
    private static final int PUB_PT = 96;
    private static final int PUB_RTX_PT = 97;
    private static final int EXT_MID = 4;
    private static final int EXT_TCC = 3;

    private final List<String> closedTransports = new CopyOnWriteArrayList<>();
    private MediaPlaneImpl plane;
    private TestPeer pub;
    private TestPeer sub;
    private ConsumerInfo consumer;

    @BeforeEach
    void setUp() throws Exception {
        plane = new MediaPlaneImpl(MediaPlaneConfig.loopback(), new MediaListener() {
            public void onTransportClosed(String id, String tag, String reason) {
                closedTransports.add(id + ":" + reason);
            }

            public void onConsumerClosed(String id, String tag, String reason) {
            }

            public void onConsumerProducerPaused(String id, String tag, boolean paused) {
            }

            public void onProducerClosed(String id, String tag, String reason) {
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
        TransportInfo info = plane.createWebRtcTransport("r", transportId, new TransportOptions(false, "owner-" + transportId))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("sha-256", info.fingerprints().get(info.fingerprints().size() - 1).algorithm());
        TestPeer peer = new TestPeer(info);
        plane.connectTransport(transportId, peer.fingerprint()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        peer.handshake();
        TestPeer.awaitServerConnected(plane, transportId);
        return peer;
    }

    public static RtpParameters publisherParams() {
        List<RtcpFeedback> fb = List.of(new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"),
                new RtcpFeedback("ccm", "fir"), new RtcpFeedback("transport-cc", ""));
        return new RtpParameters("0",
                List.of(new RtpCodecParameters("video/VP8", PUB_PT, 90000, null, Map.of(), fb),
                        new RtpCodecParameters("video/rtx", PUB_RTX_PT, 90000, null, Map.of("apt", PUB_PT), List.of())),
                List.of(new RtpHeaderExtensionParameters(HeaderExtensionUris.MID, EXT_MID, false, Map.of()),
                        new RtpHeaderExtensionParameters(HeaderExtensionUris.TRANSPORT_WIDE_CC, EXT_TCC, false, Map.of())),
                List.of(new RtpEncodingParameters(PUB_SSRC, null, null, new RtxParameters(PUB_RTX_SSRC), null, null,
                        null, null, null)),
                new RtcpParameters("pubcname", true));
    }

    /** Publisher and subscriber connected, a VP8 producer and a consumer of it (not paused). */
    private void startCall() throws Exception {
        pub = connectedPeer("pub");
        sub = connectedPeer("sub");
        plane.produce("pub", "p1", "video", publisherParams(), false, "alice").toCompletableFuture().get(5, TimeUnit.SECONDS);
        consumer = plane.consume("sub", "c1", "p1", plane.routerCapabilities(), false, "bob")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A VP8 packet with MID and transport-cc extensions. Key frames have P=0 in the VP8 payload header. */
    public static byte[] vp8(int seq, long ts, boolean key, int tccSeq) {
        byte[] b = new byte[12 + 12 + 20];
        b[0] = (byte) 0x90; // V=2, X=1
        b[1] = (byte) PUB_PT;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        putInt(b, 4, ts);
        putInt(b, 8, PUB_SSRC);
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[15] = 2; // two 32-bit words of extensions
        b[16] = (byte) ((EXT_MID << 4) | 0); // mid "0", 1 byte
        b[17] = '0';
        b[18] = (byte) ((EXT_TCC << 4) | 1); // 2 bytes
        b[19] = (byte) (tccSeq >> 8);
        b[20] = (byte) tccSeq;
        // b[21..23] padding zeros
        b[24] = 0x10; // VP8 descriptor: S=1, PID=0
        b[25] = (byte) (key ? 0x10 : 0x11); // VP8 payload header: P bit
        for (int i = 26; i < b.length; i++) {
            b[i] = (byte) (seq + i);
        }
        return b;
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }

    private static String mid(RtpPacket p, int extId) {
        int i = p.findExtension(extId);
        return i < 0 ? null : new String(p.buffer(), p.extensionOffset(i), p.extensionLength(i), StandardCharsets.UTF_8);
    }

    @Test
    void forwardsFromAKeyFrameWithRewrittenSsrcGapFreeSequenceAndMid() throws Exception {
        startCall();
        long consumerSsrc = consumer.rtpParameters().encodings().get(0).ssrc();
        int routerPt = consumer.rtpParameters().codecs().get(0).payloadType();
        pub.sendRtp(vp8(65529, 1000, false, 1)); // not a key frame: the consumer must wait for one
        int[] seqs = {65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3};
        for (int i = 0; i < seqs.length; i++) {
            pub.sendRtp(vp8(seqs[i], 3000 + 3000L * i, i == 0, 2 + i));
        }
        RtpPacket p = new RtpPacket();
        int prev = -1;
        for (int i = 0; i < seqs.length; i++) {
            byte[] got = sub.nextRtp(5000);
            assertNotNull(got, "packet " + i + " was not forwarded");
            assertTrue(p.wrap(got, 0, got.length));
            assertEquals(consumerSsrc, p.ssrc(), "SSRC rewritten to the consumer's");
            assertEquals(routerPt, p.payloadType(), "router payload type");
            assertEquals(3000 + 3000L * i, p.timestamp(), "timestamps pass through; the non-key packet was skipped");
            if (prev >= 0) {
                assertEquals((prev + 1) & 0xFFFF, p.sequenceNumber(), "gap-free output sequence");
            }
            prev = p.sequenceNumber();
            assertEquals(consumer.rtpParameters().mid(), mid(p, 1), "MID header extension carries the consumer's mid");
        }
        assertNull(sub.nextRtp(300), "nothing else was forwarded");
        assertEquals(0L, plane.counters().get("drop_srtp_auth"));
    }

    @Test
    void answersNackFromTheRetransmissionRingAsRtx() throws Exception {
        startCall();
        for (int i = 0; i < 5; i++) {
            pub.sendRtp(vp8(100 + i, 9000L * i, i == 0, 10 + i));
        }
        RtpPacket p = new RtpPacket();
        int[] outSeqs = new int[5];
        byte[][] payloads = new byte[5][];
        for (int i = 0; i < 5; i++) {
            byte[] got = sub.nextRtp(5000);
            assertNotNull(got);
            assertTrue(p.wrap(got, 0, got.length));
            outSeqs[i] = p.sequenceNumber();
            payloads[i] = java.util.Arrays.copyOfRange(got, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
        }
        long consumerSsrc = consumer.rtpParameters().encodings().get(0).ssrc();
        long rtxSsrc = consumer.rtpParameters().encodings().get(0).rtx().ssrc();
        int rtxPt = consumer.rtpParameters().codecs().get(1).payloadType();
        byte[] nack = new byte[64];
        int n = RtcpWriter.nack(nack, 0, 64, 1234, consumerSsrc, new int[] {outSeqs[2]}, 1);
        sub.sendRtcp(nack, n);
        byte[] rtx = sub.nextRtp(3000);
        assertNotNull(rtx, "the NACKed packet was retransmitted");
        assertTrue(p.wrap(rtx, 0, rtx.length));
        assertEquals(rtxSsrc, p.ssrc());
        assertEquals(rtxPt, p.payloadType());
        byte[] b = p.buffer();
        int osn = ((b[p.payloadOffset()] & 0xFF) << 8) | (b[p.payloadOffset() + 1] & 0xFF);
        assertEquals(outSeqs[2], osn, "RTX carries the original (consumer) sequence number");
        assertArrayEquals(payloads[2], java.util.Arrays.copyOfRange(rtx, p.payloadOffset() + 2,
                p.payloadOffset() + p.payloadLength()), "RTX payload is the original payload");

        // Two NACKs for another packet in one datagram (the same instant): it is resent once, not twice.
        byte[] twice = new byte[128];
        int m = RtcpWriter.nack(twice, 0, 64, 1234, consumerSsrc, new int[] {outSeqs[3]}, 1);
        m += RtcpWriter.nack(twice, m, 64, 1234, consumerSsrc, new int[] {outSeqs[3]}, 1);
        sub.sendRtcp(twice, m);
        byte[] again = sub.nextRtp(3000);
        assertNotNull(again, "the NACKed packet was retransmitted");
        assertTrue(p.wrap(again, 0, again.length));
        b = p.buffer();
        assertEquals(outSeqs[3], ((b[p.payloadOffset()] & 0xFF) << 8) | (b[p.payloadOffset() + 1] & 0xFF));
        assertNull(sub.nextRtp(300), "a NACK repeated within the round trip is not answered again");
    }

    @Test
    void forwardsPliUpstreamAtMostOncePerSecond() throws Exception {
        startCall();
        pub.sendRtp(vp8(1, 0, true, 1));
        assertNotNull(sub.nextRtp(5000), "first key frame forwarded " + plane.counters());
        Thread.sleep(1200); // let the key-frame request made at consumer start expire
        pub.rtcp.clear();
        long consumerSsrc = consumer.rtpParameters().encodings().get(0).ssrc();
        byte[] pli = new byte[32];
        for (int i = 0; i < 3; i++) {
            int n = RtcpWriter.pli(pli, 0, 32, 4321, consumerSsrc);
            sub.sendRtcp(pli, n);
        }
        long deadline = System.currentTimeMillis() + 800;
        int plis = 0;
        while (System.currentTimeMillis() < deadline) {
            byte[] r = pub.rtcp.poll(50, TimeUnit.MILLISECONDS);
            if (r != null) {
                plis += countFeedback(r, RtcpType.PSFB, RtcpType.PLI, PUB_SSRC);
            }
        }
        assertEquals(1, plis, "three PLIs from the subscriber become one PLI for the publisher's SSRC");
    }

    private static int countFeedback(byte[] buf, int type, int fmt, long mediaSsrc) {
        RtcpIterator it = new RtcpIterator();
        it.wrap(buf, 0, buf.length);
        int n = 0;
        while (it.next()) {
            if (it.packetType() == type && it.countOrFmt() == fmt
                    && dev.chorus.media.rtcp.Feedback.mediaSsrc(buf, it.packetOffset()) == mediaSsrc) {
                n++;
            }
        }
        return n;
    }

    @Test
    void tamperedSrtpIsCountedAndDropped() throws Exception {
        startCall();
        pub.sendRtp(vp8(1, 0, true, 1));
        assertNotNull(sub.nextRtp(5000), "first key frame forwarded " + plane.counters());
        pub.sendTamperedRtp(vp8(2, 3000, false, 2));
        long deadline = System.currentTimeMillis() + 3000;
        while (plane.counters().get("drop_srtp_auth") == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1L, plane.counters().get("drop_srtp_auth"));
        assertNull(sub.nextRtp(300), "the tampered packet was not forwarded");
        pub.sendRtp(vp8(3, 6000, false, 3));
        assertNotNull(sub.nextRtp(3000), "the transport keeps working after a bad packet " + plane.counters());
    }

    @Test
    void aWrongFingerprintFailsTheHandshakeAndNothingIsForwarded() throws Exception {
        TransportInfo info = plane.createWebRtcTransport("r", "evil", new TransportOptions(false, "mallory"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        pub = new TestPeer(info);
        DtlsFingerprint real = pub.fingerprint();
        char last = real.value().charAt(real.value().length() - 1);
        String wrong = real.value().substring(0, real.value().length() - 1) + (last == 'A' ? 'B' : 'A');
        plane.connectTransport("evil", new DtlsFingerprint("sha-256", wrong)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThrows(Exception.class, () -> pub.handshake());
        long deadline = System.currentTimeMillis() + 5000;
        while (closedTransports.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, closedTransports.size());
        assertTrue(closedTransports.get(0).startsWith("evil:dtls failed"), closedTransports.toString());
        assertEquals(0L, plane.counters().get("rtp_out"));
    }

    @Test
    void sendsReceiverReportsAndTransportCcToThePublisherAndSenderReportsToTheSubscriber() throws Exception {
        startCall();
        for (int i = 0; i < 20; i++) {
            pub.sendRtp(vp8(500 + i, 3000L * i, i == 0, 100 + i));
        }
        long consumerSsrc = consumer.rtpParameters().encodings().get(0).ssrc();
        boolean rr = false;
        boolean tcc = false;
        boolean sr = false;
        long deadline = System.currentTimeMillis() + 4000;
        RtcpIterator it = new RtcpIterator();
        while (!(rr && tcc && sr) && System.currentTimeMillis() < deadline) {
            byte[] r = pub.rtcp.poll(50, TimeUnit.MILLISECONDS);
            if (r != null) {
                it.wrap(r, 0, r.length);
                while (it.next()) {
                    if (it.packetType() == RtcpType.RR && it.countOrFmt() > 0
                            && dev.chorus.media.rtcp.ReportBlocks.ssrc(r, it.packetOffset() + 8) == PUB_SSRC) {
                        rr = true;
                    }
                    if (it.packetType() == RtcpType.RTPFB && it.countOrFmt() == RtcpType.TCC) {
                        tcc = true;
                    }
                }
            }
            byte[] s = sub.rtcp.poll(10, TimeUnit.MILLISECONDS);
            if (s != null) {
                it.wrap(s, 0, s.length);
                while (it.next()) {
                    if (it.packetType() == RtcpType.SR
                            && dev.chorus.media.rtcp.SenderReports.senderSsrc(s, it.packetOffset(), it.packetLength()) == consumerSsrc) {
                        sr = true;
                    }
                }
            }
        }
        assertTrue(rr, "the publisher gets receiver reports about its stream");
        assertTrue(tcc, "the publisher gets transport-cc feedback");
        assertTrue(sr, "the subscriber gets sender reports for its consumer");
    }

    @Test
    void forwardedVideoCarriesTransportWideSequenceNumbersAndTheSubscribersFeedbackReachesTheEstimator()
            throws Exception {
        startCall();
        int tccId = consumer.rtpParameters().headerExtensions().stream()
                .filter(h -> HeaderExtensionUris.TRANSPORT_WIDE_CC.equals(h.uri())).findFirst().orElseThrow().id();
        long consumerSsrc = consumer.rtpParameters().encodings().get(0).ssrc();
        for (int i = 0; i < 30; i++) {
            pub.sendRtp(vp8(700 + i, 3000L * i, i == 0, 300 + i));
        }
        RtpPacket p = new RtpPacket();
        dev.chorus.media.rtcp.TransportCcRecorder recorder = new dev.chorus.media.rtcp.TransportCcRecorder();
        int prev = -1;
        for (int i = 0; i < 30; i++) {
            byte[] got = sub.nextRtp(5000);
            assertNotNull(got, "packet " + i + " was not forwarded");
            assertTrue(p.wrap(got, 0, got.length));
            int x = p.findExtension(tccId);
            assertTrue(x >= 0, "every forwarded packet carries a transport-wide sequence number");
            int twcc = ((got[p.extensionOffset(x)] & 0xFF) << 8) | (got[p.extensionOffset(x) + 1] & 0xFF);
            if (prev >= 0) {
                assertEquals((prev + 1) & 0xFFFF, twcc, "consecutive, one per packet sent on the transport");
            }
            prev = twcc;
            recorder.onPacket(twcc, System.nanoTime() / 1000);
        }
        byte[] fb = new byte[1200];
        int n = recorder.buildFeedback(fb, 0, fb.length, 0x5b5cafeL, consumerSsrc);
        assertTrue(n > 0);
        sub.sendRtcp(fb, n);
        long deadline = System.currentTimeMillis() + 3000;
        Object feedbacks = null;
        while (System.currentTimeMillis() < deadline) {
            var stats = plane.transportStats("sub").toCompletableFuture().get(5, TimeUnit.SECONDS).get(0);
            feedbacks = stats.get("recvTransportCcFeedbacks");
            if (feedbacks instanceof Number f && f.longValue() >= 1) {
                assertTrue(((Number) stats.get("availableOutgoingBitrate")).longValue() > 0);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the subscriber's transport-cc feedback was not taken: " + feedbacks);
    }

    /** The publisher's RTX form of {@code media}: RTX PT and SSRC, its own sequence, OSN before the payload. */
    private static byte[] rtxOf(byte[] media, int rtxSeq) {
        int payloadOff = 24; // vp8(): 12-byte header + 12-byte extension block
        byte[] r = new byte[media.length + 2];
        System.arraycopy(media, 0, r, 0, payloadOff);
        r[1] = (byte) PUB_RTX_PT;
        r[2] = (byte) (rtxSeq >> 8);
        r[3] = (byte) rtxSeq;
        putInt(r, 8, PUB_RTX_SSRC);
        r[payloadOff] = media[2];
        r[payloadOff + 1] = media[3];
        System.arraycopy(media, payloadOff, r, payloadOff + 2, media.length - payloadOff);
        return r;
    }

    @Test
    void rtxCopiesOfReceivedPacketsAreNotForwardedButRepairsAre() throws Exception {
        startCall();
        byte[][] sent = new byte[4][];
        for (int i = 0; i < 3; i++) {
            sent[i] = vp8(10 + i, 3000L * i, i == 0, 20 + i);
            pub.sendRtp(sent[i]);
        }
        RtpPacket p = new RtpPacket();
        int last = -1;
        for (int i = 0; i < 3; i++) {
            byte[] got = sub.nextRtp(5000);
            assertNotNull(got);
            assertTrue(p.wrap(got, 0, got.length));
            last = p.sequenceNumber();
        }
        pub.sendRtp(rtxOf(sent[1], 700)); // a probe: redundant copy of a packet that already arrived
        assertNull(sub.nextRtp(400), "a redundant RTX copy is not forwarded again");
        byte[] lost = vp8(13, 9000, false, 23); // never sent as media: only its repair arrives
        pub.sendRtp(rtxOf(lost, 701));
        byte[] repaired = sub.nextRtp(3000);
        assertNotNull(repaired, "a repair of a missing packet is forwarded " + plane.counters());
        assertTrue(p.wrap(repaired, 0, repaired.length));
        assertEquals((last + 1) & 0xFFFF, p.sequenceNumber());
        assertEquals(consumer.rtpParameters().encodings().get(0).ssrc(), p.ssrc());
    }

    @Test
    void paddingOnlyPacketsAreNotForwardedAndLeaveNoSequenceGap() throws Exception {
        startCall();
        pub.sendRtp(vp8(1, 0, true, 1));
        byte[] padding = new byte[12 + 12 + 8];
        System.arraycopy(vp8(2, 3000, false, 2), 0, padding, 0, 24);
        padding[0] |= 0x20; // P bit
        padding[padding.length - 1] = 8; // all 8 payload bytes are padding
        pub.sendRtp(padding);
        pub.sendRtp(vp8(3, 6000, false, 3));
        RtpPacket p = new RtpPacket();
        byte[] a = sub.nextRtp(5000);
        byte[] b = sub.nextRtp(5000);
        assertNotNull(a);
        assertNotNull(b);
        assertTrue(p.wrap(a, 0, a.length));
        int first = p.sequenceNumber();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(6000, p.timestamp(), "the packet after the padding");
        assertEquals((first + 1) & 0xFFFF, p.sequenceNumber(), "no gap where the padding-only packet was");
        assertNull(sub.nextRtp(300));
    }

    @Test
    void upstreamLossIsNackedAndTheRtxRepairIsForwardedInOrder() throws Exception {
        startCall();
        pub.sendRtp(vp8(40, 0, true, 1));
        byte[] missing = vp8(41, 3000, false, 2); // lost on the way to the SFU: never sent
        pub.sendRtp(vp8(42, 6000, false, 3));
        long deadline = System.currentTimeMillis() + 2000;
        int nacked = -1;
        RtcpIterator it = new RtcpIterator();
        while (nacked < 0 && System.currentTimeMillis() < deadline) {
            byte[] r = pub.rtcp.poll(50, TimeUnit.MILLISECONDS);
            if (r == null) {
                continue;
            }
            it.wrap(r, 0, r.length);
            while (it.next()) {
                if (it.packetType() == RtcpType.RTPFB && it.countOrFmt() == RtcpType.NACK
                        && dev.chorus.media.rtcp.Feedback.mediaSsrc(r, it.packetOffset()) == PUB_SSRC) {
                    int[] got = new int[1];
                    dev.chorus.media.rtcp.Nacks.forEachLost(r, it.packetOffset(), it.packetLength(), v -> got[0] = v);
                    nacked = got[0];
                }
            }
        }
        assertEquals(41, nacked, "the publisher is asked for the missing packet");
        pub.sendRtp(rtxOf(missing, 900));
        RtpPacket p = new RtpPacket();
        long[] ts = new long[3];
        int[] seqs = new int[3];
        for (int i = 0; i < 3; i++) {
            byte[] got = sub.nextRtp(3000);
            assertNotNull(got, "packet " + i);
            assertTrue(p.wrap(got, 0, got.length));
            ts[i] = p.timestamp();
            seqs[i] = p.sequenceNumber();
        }
        assertEquals(3000, ts[2], "the repaired packet arrives last");
        assertEquals((seqs[0] + 1) & 0xFFFF, seqs[2], "and takes the sequence number it had upstream");
        assertEquals((seqs[0] + 2) & 0xFFFF, seqs[1]);
    }
}
