package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.media.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RTP headers of the synthetic streams, as the SFU parses them. */
class LoadgenOutboundStreamTest {
    private final RtpHeaderExtensionWriter ext = new RtpHeaderExtensionWriter();

    @Test
    void mediaHeaderCarriesMidRidAbsSendTimeAndTransportSequence() {
        OutboundStream s = new OutboundStream(0xCAFEBABEL, 0x0BADF00DL, 96, 97, "1", "r2", 90000,
                new RtxHistory(16));
        byte[] b = new byte[200];
        int h = s.writeMediaHeader(b, ext, true, 123456789L, -1, 1_500_000, 4711);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, h + 10));
        assertEquals(h, p.headerLength());
        assertEquals(0xCAFEBABEL, p.ssrc());
        assertEquals(96, p.payloadType());
        assertTrue(p.marker());
        assertEquals(123456789L, p.timestamp());
        assertEquals("1", ext(p, b, ExtensionIds.MID));
        assertEquals("r2", ext(p, b, ExtensionIds.RID));
        int i = p.findExtension(ExtensionIds.TRANSPORT_CC);
        assertEquals(4711, ((b[p.extensionOffset(i)] & 0xFF) << 8) | (b[p.extensionOffset(i) + 1] & 0xFF));
        int a = p.findExtension(ExtensionIds.ABS_SEND_TIME);
        int abs = ((b[p.extensionOffset(a)] & 0xFF) << 16) | ((b[p.extensionOffset(a) + 1] & 0xFF) << 8)
                | (b[p.extensionOffset(a) + 2] & 0xFF);
        assertEquals((int) (1.5 * (1 << 18)), abs, "1.5 s in 6.18 fixed point");
        assertEquals(-1, p.findExtension(ExtensionIds.AUDIO_LEVEL));
    }

    @Test
    void sequenceNumbersWrapAndRtxHasItsOwn() {
        OutboundStream s = new OutboundStream(1, 2, 96, 97, "1", "r0", 90000, null);
        byte[] b = new byte[200];
        RtpPacket p = new RtpPacket();
        int first = -1;
        int previous = -1;
        for (int i = 0; i < 70_000; i++) {
            int h = s.writeMediaHeader(b, ext, false, 0, -1, 0, -1);
            p.wrap(b, 0, h);
            if (first < 0) {
                first = p.sequenceNumber();
            } else {
                assertEquals((previous + 1) & 0xFFFF, p.sequenceNumber());
            }
            previous = p.sequenceNumber();
        }
        int h = s.writeRtxHeader(b, ext, false, 0, 0, -1);
        p.wrap(b, 0, h);
        assertEquals(2, p.ssrc());
        assertEquals(97, p.payloadType());
        assertEquals("r0", ext(p, b, ExtensionIds.REPAIRED_RID));
        assertEquals(-1, p.findExtension(ExtensionIds.RID));
    }

    @Test
    void rtpTimestampsFollowTheClockRate() {
        OutboundStream s = new OutboundStream(1, 0, 111, 0, "0", null, 48000, null);
        long t0 = s.rtpTimestamp(1000);
        assertEquals((t0 + 960) & 0xFFFF_FFFFL, s.rtpTimestamp(1020));
        assertEquals((t0 + 48000) & 0xFFFF_FFFFL, s.rtpTimestamp(2000));
    }

    private static String ext(RtpPacket p, byte[] b, int id) {
        int i = p.findExtension(id);
        if (i < 0) {
            return null;
        }
        int off = p.extensionOffset(i);
        return new String(Arrays.copyOfRange(b, off, off + p.extensionLength(i)), StandardCharsets.US_ASCII);
    }
}
