package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.codec.KeyFrames;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtcp.SenderReports;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.ops.loadgen.rtc.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a synthetic publisher sends, driven by its loop's timer wheel with injected time (the loop never runs). */
class LoadgenPublisherTest {
    private static final long AUDIO_SSRC = 1111;
    private static final long VIDEO_SSRC = 2222;
    private static final long RTX_SSRC = 3333;

    private final EventLoop loop = new EventLoop("test-loop");
    private final CapturingSender sender = new CapturingSender(loop);
    private final LoopStats stats = new LoopStats();
    private final Publisher publisher = new Publisher(loop, sender, stats,
            new OutboundStream(AUDIO_SSRC, 0, 111, 0, "0", null, 48000, null), 100,
            new TalkPattern(1, 10_000), 0, 2,
            new OutboundStream[] {new OutboundStream(VIDEO_SSRC, RTX_SSRC, 96, 97, "1", null, 90000,
                    new RtxHistory(256))},
            new VideoFrameModel[] {new VideoFrameModel(800_000, 30, 3000, Publisher.MAX_VIDEO_PAYLOAD)}, "cname");
    private final RtpPacket p = new RtpPacket();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void sendsAudioEvery20MsWithLevelAndStamp() {
        publisher.start();
        loop.timers().advance(1000);
        List<byte[]> audio = packets(AUDIO_SSRC);
        // one packet per 20 ms from a random phase in [0, 20): 50 or 51 in [0, 1000]
        assertTrue(audio.size() >= 50 && audio.size() <= 51, "audio packets " + audio.size());
        long ts = -1;
        int seq = -1;
        for (byte[] b : audio) {
            assertTrue(p.wrap(b, 0, b.length));
            assertEquals(111, p.payloadType());
            assertEquals(100, p.payloadLength());
            if (ts >= 0) {
                assertEquals((ts + 960) & 0xFFFF_FFFFL, p.timestamp());
                assertEquals((seq + 1) & 0xFFFF, p.sequenceNumber());
            }
            ts = p.timestamp();
            seq = p.sequenceNumber();
            int level = b[p.extensionOffset(p.findExtension(ExtensionIds.AUDIO_LEVEL))] & 0xFF;
            assertTrue((level & 0x80) != 0, "participant 0 talks in the first turn");
            assertTrue(SendStamp.read(b, p.payloadOffset(), p.payloadLength()) > 0);
        }
        assertEquals(stats.rtpSent, sender.rtp.size());
    }

    @Test
    void videoFramesStartWithAKeyFrameEndWithTheMarkerAndAnswerPli() {
        publisher.start();
        loop.timers().advance(500);
        List<List<byte[]>> frames = frames(packets(VIDEO_SSRC));
        assertTrue(frames.size() >= 14, "frames " + frames.size());
        assertTrue(isKey(frames.get(0).get(0)));
        for (int f = 1; f < frames.size(); f++) {
            assertFalse(isKey(frames.get(f).get(0)), "frame " + f);
        }
        for (List<byte[]> frame : frames) {
            for (int i = 0; i < frame.size(); i++) {
                p.wrap(frame.get(i), 0, frame.get(i).length);
                assertEquals(i == frame.size() - 1, p.marker());
                assertTrue(p.length() <= 12 + 20 + Publisher.MAX_VIDEO_PAYLOAD);
            }
        }
        sender.rtp.clear();
        byte[] pli = new byte[64];
        int n = RtcpWriter.pli(pli, 0, pli.length, 99, VIDEO_SSRC);
        publisher.onRtcp(pli, n, 0);
        loop.timers().advance(540);
        List<List<byte[]>> after = frames(packets(VIDEO_SSRC));
        assertTrue(isKey(after.get(0).get(0)), "the frame after a PLI is a key frame");
        assertEquals(1, stats.plisReceived);
    }

    @Test
    void aNackIsAnsweredWithRtxCarryingTheOriginalPayload() {
        publisher.start();
        loop.timers().advance(300);
        byte[] original = packets(VIDEO_SSRC).get(3);
        p.wrap(original, 0, original.length);
        int seq = p.sequenceNumber();
        byte[] payload = Arrays.copyOfRange(original, p.payloadOffset(), original.length);
        sender.rtp.clear();
        byte[] nack = new byte[64];
        int n = RtcpWriter.nack(nack, 0, nack.length, 99, VIDEO_SSRC, new int[] {seq, (seq + 40_000) & 0xFFFF}, 2);
        publisher.onRtcp(nack, n, 0);
        List<byte[]> rtx = packets(RTX_SSRC);
        assertEquals(1, rtx.size());
        p.wrap(rtx.get(0), 0, rtx.get(0).length);
        assertEquals(97, p.payloadType());
        byte[] b = rtx.get(0);
        assertEquals(seq, ((b[p.payloadOffset()] & 0xFF) << 8) | (b[p.payloadOffset() + 1] & 0xFF));
        assertArrayEquals(payload, Arrays.copyOfRange(b, p.payloadOffset() + 2, b.length));
        assertEquals(2, stats.nacksReceived);
        assertEquals(1, stats.rtxSent);
        assertEquals(1, stats.nackMisses, "the second number was never sent");
    }

    @Test
    void senderReportsCoverEveryStartedStreamWithACname() {
        publisher.start();
        loop.timers().advance(2000);
        assertFalse(sender.rtcp.isEmpty());
        byte[] c = sender.rtcp.get(sender.rtcp.size() - 1);
        RtcpIterator it = new RtcpIterator();
        it.wrap(c, 0, c.length);
        List<Long> srs = new ArrayList<>();
        boolean sdes = false;
        while (it.next()) {
            if (it.packetType() == RtcpType.SR) {
                srs.add(SenderReports.senderSsrc(c, it.packetOffset(), it.packetLength()));
                assertTrue(SenderReports.packetCount(c, it.packetOffset(), it.packetLength()) > 0);
            }
            sdes |= it.packetType() == RtcpType.SDES;
        }
        assertFalse(it.malformed());
        assertEquals(List.of(AUDIO_SSRC, VIDEO_SSRC), srs);
        assertTrue(sdes);
    }

    @Test
    void stopSilencesEveryTimer() {
        publisher.start();
        loop.timers().advance(100);
        publisher.stop();
        int sent = sender.rtp.size();
        loop.timers().advance(3000);
        assertEquals(sent, sender.rtp.size());
        assertEquals(0, loop.timers().size());
    }

    private List<byte[]> packets(long ssrc) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] b : sender.rtp) {
            p.wrap(b, 0, b.length);
            if (p.ssrc() == ssrc) {
                out.add(b);
            }
        }
        return out;
    }

    private List<List<byte[]>> frames(List<byte[]> packets) {
        List<List<byte[]>> frames = new ArrayList<>();
        long ts = -1;
        for (byte[] b : packets) {
            p.wrap(b, 0, b.length);
            if (p.timestamp() != ts) {
                frames.add(new ArrayList<>());
                ts = p.timestamp();
            }
            frames.get(frames.size() - 1).add(b);
        }
        return frames;
    }

    private boolean isKey(byte[] b) {
        p.wrap(b, 0, b.length);
        return KeyFrames.isKeyFrame(VideoCodec.VP8, b, p.payloadOffset(), p.payloadLength());
    }
}
