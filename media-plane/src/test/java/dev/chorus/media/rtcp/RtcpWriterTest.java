package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpWriterTest {
    private final byte[] out = new byte[1500];

    private void assertBytes(String expectedHex, int off, int len) {
        assertEquals(expectedHex, Hex.of(out, off, len));
    }

    /** Walks the written region and checks it is exactly one well-formed packet of the given type. */
    private void assertSinglePacket(int off, int len, int type, int countOrFmt) {
        RtcpIterator it = new RtcpIterator();
        it.wrap(out, off, len);
        assertTrue(it.next());
        assertEquals(type, it.packetType());
        assertEquals(countOrFmt, it.countOrFmt());
        assertEquals(len, it.packetLength());
        assertFalse(it.next());
        assertFalse(it.malformed());
    }

    @Test
    void senderReportBytesAndRoundTrip() {
        long ntp = NtpTime.toNtp64(1_700_000_000_500L);
        int n = RtcpWriter.senderReport(out, 3, 28, 0x11223344L, ntp, 0x1_0000_0005L, 10, 0xFFFF_FFFFL);
        assertEquals(28, n);
        assertSinglePacket(3, n, RtcpType.SR, 0);
        assertBytes("80C80006 11223344 " + Hex.of(out, 11, 8) + " 00000005 0000000A FFFFFFFF", 3, 28);
        assertEquals(0x11223344L, SenderReports.senderSsrc(out, 3, n));
        assertEquals(ntp, SenderReports.ntpTimestamp(out, 3, n));
        assertEquals(5, SenderReports.rtpTimestamp(out, 3, n), "low 32 bits of the RTP timestamp");
        assertEquals(10, SenderReports.packetCount(out, 3, n));
        assertEquals(0xFFFF_FFFFL, SenderReports.octetCount(out, 3, n));
        assertEquals(0, SenderReports.reportCount(out, 3, n));
        assertEquals(-1, RtcpWriter.senderReport(out, 0, 27, 1, 0, 0, 0, 0));
    }

    @Test
    void receiverReportRoundTrip() {
        ReportBlock[] blocks = {
            new ReportBlock().set(0xAABBCCDDL, 64, -2, 0x10005, 17, 0x23456789L, 0x8000),
            new ReportBlock().set(0xFFFFFFFFL, 255, 9_000_000, 0xFFFF_FFFFL, 0, 0, 0),
        };
        int n = RtcpWriter.receiverReport(out, 0, 1500, 0x55667788L, blocks, 2);
        assertEquals(56, n);
        assertSinglePacket(0, n, RtcpType.RR, 2);
        assertBytes("82C9000D 55667788 AABBCCDD 40FFFFFE 00010005 00000011 23456789 00008000", 0, 32);
        assertEquals(0x55667788L, ReceiverReports.senderSsrc(out, 0, n));
        assertEquals(2, ReceiverReports.reportCount(out, 0, n));
        ReportBlock back = new ReportBlock();
        assertTrue(back.readFrom(out, ReceiverReports.reportBlockOffset(out, 0, 0)));
        assertEquals(blocks[0].toString(), back.toString());
        assertTrue(back.readFrom(out, ReceiverReports.reportBlockOffset(out, 0, 1)));
        assertEquals(0x7FFFFF, back.cumulativeLost(), "cumulative lost saturates at 24 signed bits");
        assertEquals(0xFFFF_FFFFL, back.ssrc());

        assertEquals(8, RtcpWriter.receiverReport(out, 0, 8, 1, null, 0), "empty RR");
        assertSinglePacket(0, 8, RtcpType.RR, 0);
        assertEquals(-1, RtcpWriter.receiverReport(out, 0, 55, 1, blocks, 2));
        assertEquals(-1, RtcpWriter.receiverReport(out, 0, 1500, 1, blocks, 3));
        assertEquals(-1, RtcpWriter.receiverReport(out, 0, 1500, 1, new ReportBlock[32], 32));
        assertEquals(-1, RtcpWriter.receiverReport(out, 0, 1500, 1, new ReportBlock[1], 1));
    }

    static Stream<Arguments> cnames() {
        return Stream.of(
                Arguments.of("", 12, "81CA0002 00000009 01000000"),
                Arguments.of("a", 12, "81CA0002 00000009 01016100"),
                Arguments.of("ab", 16, "81CA0003 00000009 01026162 00000000"),
                Arguments.of("abcde", 16, "81CA0003 00000009 01056162 63646500"),
                Arguments.of("abcdef", 20, "81CA0004 00000009 01066162 63646566 00000000"));
    }

    @ParameterizedTest
    @MethodSource("cnames")
    void sdesCnameIsTerminatedAndPadded(String cname, int size, String hex) {
        Arrays.fill(out, (byte) 0x5A);
        int n = RtcpWriter.sdesCname(out, 0, 1500, 9, cname.getBytes(StandardCharsets.UTF_8));
        assertEquals(size, n);
        assertBytes(hex, 0, n);
        assertSinglePacket(0, n, RtcpType.SDES, 1);
    }

    @Test
    void sdesLimits() {
        byte[] max = new byte[255];
        Arrays.fill(max, (byte) 'x');
        assertEquals(268, RtcpWriter.sdesCname(out, 0, 1500, 9, max));
        assertEquals(-1, RtcpWriter.sdesCname(out, 0, 1500, 9, new byte[256]));
        assertEquals(-1, RtcpWriter.sdesCname(out, 0, 15, 9, "ab".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, RtcpWriter.sdesCname(out, 0, 1500, 9, null));
    }

    @Test
    void byeBytes() {
        assertEquals(8, RtcpWriter.bye(out, 0, 8, 0x1_1223_3445L));
        assertBytes("81CB0001 12233445", 0, 8);
        assertEquals(-1, RtcpWriter.bye(out, 0, 7, 1));
        assertEquals(-1, RtcpWriter.bye(out, 1495, 100, 1), "array too small");
    }

    @Test
    void pliBytesAndRoundTrip() {
        assertEquals(12, RtcpWriter.pli(out, 0, 12, 1, 0xCAFEBABEL));
        assertBytes("81CE0002 00000001 CAFEBABE", 0, 12);
        assertEquals(1, Feedback.senderSsrc(out, 0));
        assertEquals(0xCAFEBABEL, Feedback.mediaSsrc(out, 0));
        assertEquals(-1, RtcpWriter.pli(out, 0, 11, 1, 2));
    }

    @Test
    void firBytesAndRoundTrip() {
        assertEquals(20, RtcpWriter.fir(out, 0, 20, 1, 0xCAFEBABEL, 257));
        assertBytes("84CE0004 00000001 00000000 CAFEBABE 01000000", 0, 20);
        assertSinglePacket(0, 20, RtcpType.PSFB, RtcpType.FIR);
        assertEquals(1, Firs.count(out, 0, 20));
        assertEquals(0xCAFEBABEL, Firs.ssrc(out, 0, 0));
        assertEquals(1, Firs.seqNr(out, 0, 0));
        assertEquals(0, Feedback.mediaSsrc(out, 0));
        assertEquals(-1, RtcpWriter.fir(out, 0, 19, 1, 2, 3));
    }

    @Test
    void compoundOfWriterOutputsIterates() {
        int p = 0;
        p += RtcpWriter.senderReport(out, p, 1500 - p, 7, NtpTime.toNtp64(0), 0, 0, 0);
        p += RtcpWriter.sdesCname(out, p, 1500 - p, 7, "chorus".getBytes(StandardCharsets.UTF_8));
        p += RtcpWriter.pli(out, p, 1500 - p, 7, 8);
        p += RtcpWriter.bye(out, p, 1500 - p, 7);
        RtcpIterator it = new RtcpIterator();
        it.wrap(out, 0, p);
        int[] types = new int[4];
        int i = 0;
        while (it.next()) {
            types[i++] = it.packetType();
        }
        assertFalse(it.malformed());
        assertEquals(4, i);
        assertEquals("[200, 202, 206, 203]", Arrays.toString(types));
    }
}
