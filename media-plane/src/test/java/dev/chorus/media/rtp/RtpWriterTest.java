package dev.chorus.media.rtp;

import static dev.chorus.media.rtp.RtpTestPackets.rtp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpWriterTest {

    @Test
    void writesFixedHeader() {
        byte[] dst = new byte[20];
        assertEquals(12, RtpWriter.writeHeader(dst, 2, true, 0x1E0, 0x1FFFF, 0x1_0000_0001L, 0xF0E0D0C0L, true, 17));
        byte[] expected = {(byte) 0x91, (byte) 0xE0, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 1,
            (byte) 0xF0, (byte) 0xE0, (byte) 0xD0, (byte) 0xC0};
        assertArrayEquals(expected, Arrays.copyOfRange(dst, 2, 14));
        assertEquals(0, dst[0]);
        assertEquals(0, dst[14]);
    }

    @Test
    void writtenHeaderParsesBack() {
        byte[] dst = new byte[12];
        assertEquals(12, RtpWriter.writeHeader(dst, 0, false, 111, 0, 48000, 7, false, 0));
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(dst, 0, 12));
        assertFalse(p.marker());
        assertEquals(111, p.payloadType());
        assertEquals(0, p.sequenceNumber());
        assertEquals(48000, p.timestamp());
        assertEquals(7, p.ssrc());
        assertFalse(p.hasExtension());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void headerThatDoesNotFitIsNotWritten() {
        byte[] dst = new byte[13];
        assertEquals(-1, RtpWriter.writeHeader(dst, 2, true, 96, 1, 1, 1, false, 0));
        assertEquals(-1, RtpWriter.writeHeader(dst, -1, true, 96, 1, 1, 1, false, 0));
        assertEquals(-1, RtpWriter.writeHeader(null, 0, true, 96, 1, 1, 1, false, 0));
        assertArrayEquals(new byte[13], dst);
    }

    @Test
    void copiesCsrcs() {
        byte[] src = rtp().leading(1).csrcs(0x01020304L, 0xA0B0C0D0L).payload(1).build();
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(src, 1, src.length - 1));
        byte[] dst = new byte[12];
        RtpWriter.copyCsrcs(p, dst, 3);
        assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3, 4, (byte) 0xA0, (byte) 0xB0, (byte) 0xC0, (byte) 0xD0, 0},
            dst);
    }

    @Test
    void copyCsrcsIgnoresMissingRoomOrUnwrappedPacket() {
        byte[] src = rtp().csrcs(5, 6).build();
        RtpPacket p = new RtpPacket();
        byte[] dst = new byte[8];
        RtpWriter.copyCsrcs(p, dst, 0);
        assertArrayEquals(new byte[8], dst);
        assertTrue(p.wrap(src, 0, src.length));
        RtpWriter.copyCsrcs(p, dst, 1);
        assertArrayEquals(new byte[8], dst);
        RtpWriter.copyCsrcs(p, dst, 0);
        assertArrayEquals(new byte[] {0, 0, 0, 5, 0, 0, 0, 6}, dst);
    }
}
