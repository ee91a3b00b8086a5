package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.bwe.SendSideBwe;
import dev.chorus.media.rtp.AbsSendTime;
import dev.chorus.media.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probing padding: packets a receiver counts for transport-cc and then drops (padding only, on
 * mediasoup-client's probator SSRC and payload type), and the pacing of {@code fill} and {@code burst}.
 */
class PaddingSenderTest {
    private static final long NOW_MS = 1_000_000;
    private final BufferPool pool = new BufferPool(64, 8);
    private final SendSideBwe bwe = new SendSideBwe();
    private final List<byte[]> sent = new ArrayList<>();
    private final PaddingSender padding = new PaddingSender(pool, bwe, (buf, len) -> {
        sent.add(Arrays.copyOf(buf, len));
        pool.release(buf);
    });

    private static int ext(RtpPacket p, byte[] b, int id, int len) {
        int i = p.findExtension(id);
        assertTrue(i >= 0, "extension " + id);
        assertEquals(len, p.extensionLength(i));
        int v = 0;
        for (int k = 0; k < len; k++) {
            v = (v << 8) | (b[p.extensionOffset(i) + k] & 0xFF);
        }
        return v;
    }

    @Test
    void paddingOnlyPacketsOnTheProbatorThatCountForTransportCc() {
        padding.setExtensions(true, true);
        int firstTcc = bwe.history().nextSeq();
        assertEquals(4, padding.burst(1000, NOW_MS, 5_000_000), "1000 bytes: four packets of " + padding.packetSize());
        assertEquals(4, sent.size());
        RtpPacket p = new RtpPacket();
        for (int i = 0; i < sent.size(); i++) {
            byte[] b = sent.get(i);
            assertTrue(p.wrap(b, 0, b.length), "a valid RTP packet");
            assertEquals(padding.packetSize(), b.length);
            assertEquals(0x20, b[0] & 0x20, "P bit");
            assertEquals(0, p.payloadLength(), "no payload: receivers drop it before any decoder");
            assertEquals(PaddingSender.PADDING, b[b.length - 1] & 0xFF, "255 bytes of padding");
            assertEquals(PaddingSender.SSRC, p.ssrc());
            assertEquals(PaddingSender.PAYLOAD_TYPE, p.payloadType());
            assertFalse(p.marker());
            int mid = p.findExtension(Consumer.EXT_MID);
            assertArrayEquals("probator".getBytes(StandardCharsets.US_ASCII),
                    Arrays.copyOfRange(b, p.extensionOffset(mid), p.extensionOffset(mid) + p.extensionLength(mid)));
            assertEquals(AbsSendTime.fromMicros(5_000_000), ext(p, b, Consumer.EXT_ABS_SEND_TIME, 3),
                    "abs-send-time on the estimator's clock");
            assertEquals((firstTcc + i) & 0xFFFF, ext(p, b, Consumer.EXT_TCC, 2), "consecutive transport-wide seq");
            if (i > 0) {
                RtpPacket q = new RtpPacket();
                q.wrap(sent.get(i - 1), 0, sent.get(i - 1).length);
                assertEquals((q.sequenceNumber() + 1) & 0xFFFF, p.sequenceNumber());
            }
        }
        assertEquals(4, bwe.history().sentPackets(), "each one is in the estimator's send history");
        long ext = bwe.history().extend(firstTcc);
        assertEquals(padding.packetSize() + PaddingSender.WIRE_OVERHEAD, bwe.history().size(ext));
        assertEquals(5_000_000, bwe.history().sendTimeUs(ext));
        assertEquals(4, padding.packets());
    }

    @Test
    void withoutOptionalExtensionsOnlyTheTransportWideSequenceNumber() {
        padding.setExtensions(false, false);
        padding.burst(1, NOW_MS, 0);
        RtpPacket p = new RtpPacket();
        byte[] b = sent.get(0);
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(1, p.extensionCount());
        assertTrue(p.findExtension(Consumer.EXT_TCC) >= 0);
        assertEquals(12 + 8 + PaddingSender.PADDING, b.length);
    }

    @Test
    void fillPacesARateAcrossTicksWithoutCatchingUpAfterAPause() {
        padding.setExtensions(true, true);
        long bps = 400_000;
        for (long t = 0; t <= 1000; t += 20) {
            padding.fill(bps, NOW_MS + t, (NOW_MS + t) * 1000);
        }
        long bytes = padding.bytes();
        assertTrue(bytes <= 50_000 && bytes > 50_000 - padding.packetSize(), "one second at 400 kbps: " + bytes);

        long before = padding.packets();
        padding.fill(bps, NOW_MS + 3000, 0); // two seconds without a call
        long burst = padding.packets() - before;
        assertTrue(burst <= bps * PaddingSender.MAX_CREDIT_MS / 8000 / padding.packetSize() + 1,
                "no catch-up after a pause: " + burst);
        assertEquals(0, padding.fill(0, NOW_MS + 3020, 0), "rate 0: nothing");
        assertEquals(PaddingSender.MAX_PACKETS_PER_CALL, padding.burst(1_000_000, NOW_MS, 0), "bounded per call");
    }
}
