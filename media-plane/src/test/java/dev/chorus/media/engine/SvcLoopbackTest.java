package dev.chorus.media.engine;

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
import dev.chorus.media.simulcast.SvcStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VP9 SVC end to end over real loopback UDP/DTLS/SRTP: a publisher sends one L3T3_KEY stream (synthetic pictures
 * with real VP9 payload descriptors, three spatial layers of two packets each, tagged with layer and picture); one
 * subscriber prefers spatial layer 0 and receives only the base layer, with the marker bit moved to its end;
 * another prefers layer 2 and receives everything. Then they swap: the one going down does so at the next picture,
 * the one going up asks for a key picture and switches there. Sequence numbers stay gap-free for both, and a NACK
 * is answered (RTX) with the packet that output number carried and the marker it was sent with; a NACK of a number
 * never sent is not answered.
 */
public class SvcLoopbackTest {
    static final long SSRC = 41_000_001L;
    private static final long RTX_SSRC = 41_000_002L;
    static final int PT = 98;
    private static final int RTX_PT = 99;

    private LayeredLoopback lb;
    private TestPeer pub;
    private final SvcStream stream = new SvcStream(3, 2, 65_450, 1_000_000L, 32_700);
    private long nextPicture;

    @AfterEach
    void tearDown() {
        if (lb != null) {
            lb.close();
        }
    }

    static RtpParameters svcParams() {
        List<RtcpFeedback> fb = List.of(new RtcpFeedback("nack", ""), new RtcpFeedback("nack", "pli"),
                new RtcpFeedback("ccm", "fir"));
        return new RtpParameters("0",
                List.of(new RtpCodecParameters("video/VP9", PT, 90000, null, Map.of("profile-id", 0), fb),
                        new RtpCodecParameters("video/rtx", RTX_PT, 90000, null, Map.of("apt", PT), List.of())),
                List.of(),
                List.of(new RtpEncodingParameters(SSRC, null, null, new RtxParameters(RTX_SSRC), null, "L3T3_KEY",
                        null, null, null)),
                new RtcpParameters("svccname", true));
    }

    /** Sends the next {@code count} pictures; the first is a key picture if {@code key}. */
    private void send(int count, boolean key) throws Exception {
        for (int i = 0; i < count; i++) {
            long n = nextPicture++;
            for (SvcStream.Packet p : stream.picture(n, key && i == 0)) {
                pub.sendRtp(p.rtp(PT, SSRC));
            }
        }
    }

    /** One packet as a subscriber got it. */
    private record Got(int seq, boolean marker, int sid, int picture, int index, byte[] raw) {
    }

    private static List<Got> receive(TestPeer sub, int count, long ssrc) throws Exception {
        List<Got> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = sub.nextRtp(5000);
            assertNotNull(b, "packet " + i + " of " + count + " arrived");
            out.add(parse(b, ssrc));
        }
        assertNull(sub.rtp.poll(300, TimeUnit.MILLISECONDS), "nothing more");
        return out;
    }

    private static Got parse(byte[] b, long ssrc) {
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(ssrc, p.ssrc(), "the consumer's SSRC");
        int[] tag = SvcStream.tag(b, p.payloadOffset(), p.payloadLength());
        return new Got(p.sequenceNumber(), p.marker(), tag[0], tag[1], tag[2], b);
    }

    /** Each picture in {@code from..to} is there with exactly layers 0..top, in order, marked at its end. */
    private static void assertPictures(List<Got> got, int from, int to, int top) {
        int i = 0;
        for (int n = from; n <= to; n++) {
            for (int sid = 0; sid <= top; sid++) {
                for (int k = 0; k < 2; k++) {
                    Got g = got.get(i++);
                    assertEquals(n + "/" + sid + "/" + k, g.picture() + "/" + g.sid() + "/" + g.index());
                    assertEquals(sid == top && k == 1, g.marker(), "marker only where picture " + n + " ends");
                }
            }
        }
        assertEquals(got.size(), i, "no other packets");
    }

    private static void assertGapFree(List<Got> got) {
        for (int i = 1; i < got.size(); i++) {
            assertEquals((got.get(i - 1).seq() + 1) & 0xFFFF, got.get(i).seq(), "gap-free at " + i);
        }
    }

    @Test
    void eachSubscriberGetsItsLayersWithContinuousNumbersAndRetransmissions() throws Exception {
        lb = new LayeredLoopback();
        pub = lb.connectedPeer("pub");
        TestPeer lo = lb.connectedPeer("lo");
        TestPeer hi = lb.connectedPeer("hi");
        ProducerInfo producer = lb.plane.produce("pub", "p", "video", svcParams(), false, "alice")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(ProducerType.SVC, producer.type());
        send(6, true); // the producer is running before anyone subscribes: its layers are known
        lb.awaitProducerPackets("p", 6 * 6); // (and those pictures, with their key picture, are behind us)

        ConsumerInfo cLo = lb.plane.consume("lo", "c-lo", "p", lb.plane.routerCapabilities(), false, "bob")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        ConsumerInfo cHi = lb.plane.consume("hi", "c-hi", "p", lb.plane.routerCapabilities(), false, "carol")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(ProducerType.SVC, cLo.type());
        assertEquals("L3T3_KEY", cLo.rtpParameters().encodings().get(0).scalabilityMode(),
                "the consumer announces the producer's scalability mode");
        long ssrcLo = cLo.rtpParameters().encodings().get(0).ssrc();
        long ssrcHi = cHi.rtpParameters().encodings().get(0).ssrc();
        lb.plane.setConsumerPreferredLayers("c-lo", 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        lb.plane.setConsumerPreferredLayers("c-hi", 2, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(LayeredLoopback.awaitKeyFrameRequest(pub, SSRC), "new consumers ask for a key picture");

        send(2, false); // not a key picture: nothing is forwarded yet
        send(10, true); // pictures 8..17
        List<Got> loFirst = receive(lo, 10 * 2, ssrcLo);
        List<Got> hiFirst = receive(hi, 10 * 6, ssrcHi);
        assertPictures(loFirst, 8, 17, 0);
        assertPictures(hiFirst, 8, 17, 2);
        lb.awaitLayerEvent("c-lo:0/2");
        lb.awaitLayerEvent("c-hi:2/2");

        pub.rtcp.clear();
        lb.plane.setConsumerPreferredLayers("c-lo", 2, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        lb.plane.setConsumerPreferredLayers("c-hi", 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(LayeredLoopback.awaitKeyFrameRequest(pub, SSRC), "going up needs a key picture");
        send(3, false); // 18..20: lo stays on the base layer, hi goes down at once
        send(3, true); // 21..23: lo goes up at the key picture
        List<Got> loSecond = receive(lo, 3 * 2 + 3 * 6, ssrcLo);
        List<Got> hiSecond = receive(hi, 6 * 2, ssrcHi);
        assertPictures(loSecond.subList(0, 6), 18, 20, 0);
        assertPictures(loSecond.subList(6, loSecond.size()), 21, 23, 2);
        assertPictures(hiSecond, 18, 23, 0);
        lb.awaitLayerEvent("c-lo:2/2");
        lb.awaitLayerEvent("c-hi:0/2");

        List<Got> loAll = new ArrayList<>(loFirst);
        loAll.addAll(loSecond);
        List<Got> hiAll = new ArrayList<>(hiFirst);
        hiAll.addAll(hiSecond);
        assertGapFree(loAll);
        assertGapFree(hiAll);

        // A NACK for the base layer's last packet of picture 9 as lo got it: sent with the marker set (the
        // publisher's marker was on the top layer), so the retransmission must carry it too.
        Got lost = loAll.get(3);
        assertEquals("9/0/1", lost.picture() + "/" + lost.sid() + "/" + lost.index());
        assertTrue(lost.marker());
        long rtxSsrc = cLo.rtpParameters().encodings().get(0).rtx().ssrc();
        byte[] nack = new byte[64];
        int n = RtcpWriter.nack(nack, 0, 64, 1234, ssrcLo, new int[] {lost.seq()}, 1);
        lo.sendRtcp(nack, n);
        byte[] rtx = lo.nextRtp(3000);
        assertNotNull(rtx, "the NACKed packet was retransmitted");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(rtx, 0, rtx.length));
        assertEquals(rtxSsrc, p.ssrc());
        byte[] rb = p.buffer();
        assertEquals(lost.seq(), ((rb[p.payloadOffset()] & 0xFF) << 8) | (rb[p.payloadOffset() + 1] & 0xFF),
                "RTX carries the consumer's sequence number");
        assertTrue(p.marker(), "with the marker it was sent with");
        int[] tag = SvcStream.tag(rtx, p.payloadOffset() + 2, p.payloadLength() - 2);
        assertEquals("0/9/1", tag[0] + "/" + tag[1] + "/" + tag[2], "the same packet");

        // Two NACKs for another packet in one datagram (the same instant): it is resent once, not twice.
        Got other = loAll.get(2);
        byte[] twice = new byte[128];
        int m = RtcpWriter.nack(twice, 0, 64, 1234, ssrcLo, new int[] {other.seq()}, 1);
        m += RtcpWriter.nack(twice, m, 64, 1234, ssrcLo, new int[] {other.seq()}, 1);
        lo.sendRtcp(twice, m);
        byte[] again = lo.nextRtp(3000);
        assertNotNull(again, "the NACKed packet was retransmitted");
        assertTrue(p.wrap(again, 0, again.length));
        rb = p.buffer();
        assertEquals(other.seq(), ((rb[p.payloadOffset()] & 0xFF) << 8) | (rb[p.payloadOffset() + 1] & 0xFF));

        int never = (loAll.get(loAll.size() - 1).seq() + 5) & 0xFFFF;
        n = RtcpWriter.nack(nack, 0, 64, 1234, ssrcLo, new int[] {never}, 1);
        lo.sendRtcp(nack, n);
        assertNull(lo.rtp.poll(300, TimeUnit.MILLISECONDS),
                "a number never sent is not answered, nor a NACK repeated within the round trip");
    }
}
