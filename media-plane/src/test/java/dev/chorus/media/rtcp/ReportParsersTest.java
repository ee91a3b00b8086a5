package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportParsersTest {
    /** Block: ssrc 0xAABBCCDD, fraction 0x40, cumulative -2, ext seq 0x00010005, jitter 17, LSR, DLSR 0x8000. */
    static final String BLOCK_A = "AABBCCDD 40FFFFFE 00010005 00000011 23456789 00008000";
    /** Block: ssrc 1, fraction 255, cumulative 0x7FFFFF, ext seq 0xFFFFFFFF, rest zero. */
    static final String BLOCK_B = "00000001 FF7FFFFF FFFFFFFF 00000000 00000000 00000000";

    @Test
    void senderReportWithTwoBlocks() {
        byte[] buf = Hex.bytes("82C80012 11223344 83AA7E80 80000000 FFFFFFFE 0000000A 00000064"
                + BLOCK_A + BLOCK_B);
        int len = buf.length;
        assertTrue(SenderReports.isValid(buf, 0, len));
        assertEquals(0x11223344L, SenderReports.senderSsrc(buf, 0, len));
        assertEquals(0x83AA7E8080000000L, SenderReports.ntpTimestamp(buf, 0, len));
        assertEquals(0xFFFFFFFEL, SenderReports.rtpTimestamp(buf, 0, len));
        assertEquals(10, SenderReports.packetCount(buf, 0, len));
        assertEquals(100, SenderReports.octetCount(buf, 0, len));
        assertEquals(2, SenderReports.reportCount(buf, 0, len));
        assertEquals(28, SenderReports.reportBlockOffset(buf, 0, 0));
        assertEquals(52, SenderReports.reportBlockOffset(buf, 0, 1));
        assertEquals(-1, SenderReports.reportBlockOffset(buf, 0, 2));
        assertEquals(-1, SenderReports.reportBlockOffset(buf, 0, -1));

        int a = SenderReports.reportBlockOffset(buf, 0, 0);
        assertEquals(0xAABBCCDDL, ReportBlocks.ssrc(buf, a));
        assertEquals(0x40, ReportBlocks.fractionLost(buf, a));
        assertEquals(-2, ReportBlocks.cumulativeLost(buf, a));
        assertEquals(0x00010005L, ReportBlocks.extendedHighestSeq(buf, a));
        assertEquals(17, ReportBlocks.jitter(buf, a));
        assertEquals(0x23456789L, ReportBlocks.lastSr(buf, a));
        assertEquals(0x8000, ReportBlocks.delaySinceLastSr(buf, a));

        int b = SenderReports.reportBlockOffset(buf, 0, 1);
        assertEquals(1, ReportBlocks.ssrc(buf, b));
        assertEquals(255, ReportBlocks.fractionLost(buf, b));
        assertEquals(0x7FFFFF, ReportBlocks.cumulativeLost(buf, b));
        assertEquals(0xFFFFFFFFL, ReportBlocks.extendedHighestSeq(buf, b));
    }

    @Test
    void receiverReportWithOneBlockAtAnOffset() {
        byte[] body = Hex.bytes("81C90007 55667788" + BLOCK_A);
        byte[] buf = new byte[body.length + 3];
        System.arraycopy(body, 0, buf, 3, body.length);
        assertTrue(ReceiverReports.isValid(buf, 3, body.length));
        assertEquals(0x55667788L, ReceiverReports.senderSsrc(buf, 3, body.length));
        assertEquals(1, ReceiverReports.reportCount(buf, 3, body.length));
        assertEquals(11, ReceiverReports.reportBlockOffset(buf, 3, 0));
        assertEquals(-1, ReceiverReports.reportBlockOffset(buf, 3, 1));
        assertEquals(-2, ReportBlocks.cumulativeLost(buf, 11));
    }

    static Stream<Arguments> badReports() {
        return Stream.of(
                Arguments.of("SR too short for sender info", "80C80005 11223344 83AA7E80 80000000 FFFFFFFE 0000000A"),
                Arguments.of("SR claims a block it lacks", "81C80006 11223344 83AA7E80 80000000 FFFFFFFE 0000000A 00000064"),
                Arguments.of("RR where SR expected", "80C90006 11223344 83AA7E80 80000000 FFFFFFFE 0000000A 00000064"),
                Arguments.of("version 1", "40C80006 11223344 83AA7E80 80000000 FFFFFFFE 0000000A 00000064"),
                Arguments.of("length field beyond len", "80C80007 11223344 83AA7E80 80000000 FFFFFFFE 0000000A 00000064"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReports")
    void senderReportAccessorsRejectBadPackets(String name, String hex) {
        byte[] buf = Hex.bytes(hex);
        int len = buf.length;
        assertFalse(SenderReports.isValid(buf, 0, len));
        assertEquals(-1, SenderReports.reportCount(buf, 0, len));
        assertEquals(-1, SenderReports.reportBlockOffset(buf, 0, 0));
    }

    @Test
    void senderInfoReadableEvenWhenBlocksAreMissing() {
        byte[] buf = Hex.bytes("81C80006 11223344 83AA7E80 80000000 FFFFFFFE 0000000A 00000064");
        assertEquals(0x11223344L, SenderReports.senderSsrc(buf, 0, buf.length));
        assertEquals(-1, SenderReports.reportCount(buf, 0, buf.length));
    }

    @Test
    void shortOrForeignRegionsReturnMinusOne() {
        byte[] buf = Hex.bytes("81C90001 55667788");
        assertEquals(-1, ReceiverReports.reportCount(buf, 0, buf.length));
        assertEquals(-1, ReceiverReports.senderSsrc(buf, 0, 4));
        assertEquals(-1, ReceiverReports.senderSsrc(buf, 4, 8));
        assertEquals(-1, ReceiverReports.senderSsrc(null, 0, 8));
        assertEquals(-1, SenderReports.ntpTimestamp(buf, 0, buf.length));
        assertEquals(-1, ReportBlocks.ssrc(buf, 0));
        assertEquals(Integer.MIN_VALUE, ReportBlocks.cumulativeLost(buf, 0));
        assertEquals(-1, ReportBlocks.jitter(buf, -1));
    }

    @Test
    void feedbackSsrcs() {
        byte[] buf = Hex.bytes(RtcpIteratorTest.PLI);
        assertEquals(1, Feedback.senderSsrc(buf, 0));
        assertEquals(2, Feedback.mediaSsrc(buf, 0));
        byte[] bye = Hex.bytes("81CB0002 11223344 55667788");
        assertEquals(-1, Feedback.senderSsrc(bye, 0), "not a feedback type");
        byte[] shortFb = Hex.bytes("81CE0001 00000001");
        assertEquals(-1, Feedback.mediaSsrc(shortFb, 0));
        assertEquals(-1, Feedback.mediaSsrc(buf, 1));
        assertEquals(-1, Feedback.mediaSsrc(buf, 20));
    }

    @Test
    void firEntries() {
        byte[] buf = Hex.bytes("84CE0006 00000001 00000000 0000ABCD 07000000 FFFFFFFF FF000000");
        assertEquals(2, Firs.count(buf, 0, buf.length));
        assertEquals(0xABCDL, Firs.ssrc(buf, 0, 0));
        assertEquals(7, Firs.seqNr(buf, 0, 0));
        assertEquals(0xFFFFFFFFL, Firs.ssrc(buf, 0, 1));
        assertEquals(255, Firs.seqNr(buf, 0, 1));
        assertEquals(-1, Firs.ssrc(buf, 0, 2));
        assertEquals(-1, Firs.seqNr(buf, 0, -1));
        byte[] pli = Hex.bytes(RtcpIteratorTest.PLI);
        assertEquals(-1, Firs.count(pli, 0, pli.length));
        byte[] half = Hex.bytes("84CE0003 00000001 00000000 0000ABCD");
        assertEquals(0, Firs.count(half, 0, half.length), "an incomplete entry does not count");
        assertEquals(-1, Firs.ssrc(half, 0, 0));
    }
}
