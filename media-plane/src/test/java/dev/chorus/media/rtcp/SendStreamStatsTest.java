package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SendStreamStatsTest {
    private static final long T0 = 1_700_000_000_000L;
    private final byte[] out = new byte[64];

    @Test
    void noSenderReportBeforeTheFirstPacket() {
        SendStreamStats s = new SendStreamStats(5, 90000);
        assertFalse(s.hasSent());
        assertEquals(0, s.writeSenderReport(out, 0, 64, T0));
        s.onPacketSent(100, 0, T0);
        assertTrue(s.hasSent());
        assertEquals(-1, s.writeSenderReport(out, 0, 27, T0));
    }

    static Stream<Arguments> extrapolation() {
        return Stream.of(
                // clock rate, sent (ts, ms) pairs, SR time, expected RTP timestamp in the SR
                Arguments.of(90000, new long[] {90000, 0, 93000, 33}, 1033L, 93000L + 90000L),
                Arguments.of(90000, new long[] {93000, 33, 90000, 40}, 1033L, 93000L + 90000L),
                Arguments.of(90000, new long[] {93000, 33, 93000, 40}, 133L, 93000L + 9000L),
                Arguments.of(48000, new long[] {0xFFFF_FF00L, 0}, 10L, 480L - 256L),
                Arguments.of(48000, new long[] {0xFFFF_FF00L, 0, 0x100L, 10}, 20L, 0x100L + 480L),
                Arguments.of(90000, new long[] {1000, 50}, 40L, 1000L));
    }

    @ParameterizedTest
    @MethodSource("extrapolation")
    void senderReportExtrapolatesTheRtpTimestamp(int clockRate, long[] sent, long srMs, long expectedTs) {
        SendStreamStats s = new SendStreamStats(0xDEADBEEFL, clockRate);
        long payload = 0;
        for (int i = 0; i < sent.length; i += 2) {
            s.onPacketSent(1000 + i, sent[i], T0 + sent[i + 1]);
            payload += 1000 + i;
        }
        int n = s.writeSenderReport(out, 0, 64, T0 + srMs);
        assertEquals(28, n);
        assertEquals(0xDEADBEEFL, SenderReports.senderSsrc(out, 0, n));
        assertEquals(NtpTime.toNtp64(T0 + srMs), SenderReports.ntpTimestamp(out, 0, n));
        assertEquals(expectedTs, SenderReports.rtpTimestamp(out, 0, n));
        assertEquals(sent.length / 2, SenderReports.packetCount(out, 0, n));
        assertEquals(payload, SenderReports.octetCount(out, 0, n));
        assertEquals(payload, s.octetsSent());
    }

    @Test
    void roundTripTimeFromSyntheticReceiverReport() {
        SendStreamStats s = new SendStreamStats(0x1234L, 90000);
        s.onPacketSent(500, 0, T0);
        int n = s.writeSenderReport(out, 0, 64, T0);
        long lsr = NtpTime.middle32(SenderReports.ntpTimestamp(out, 0, n));
        // the receiver holds the SR for 250 ms, the network adds 50 ms in total
        ReportBlock b = new ReportBlock().set(0x1234L, 26, 7, 100, 12, lsr, NtpTime.millisToDelayUnits(250));
        int rr = RtcpWriter.receiverReport(out, 0, 64, 99, new ReportBlock[] {b}, 1);
        int blockOff = ReceiverReports.reportBlockOffset(out, 0, 0);
        assertTrue(rr > 0 && blockOff > 0);
        assertTrue(s.onReceiverReport(out, blockOff, T0 + 300));
        assertEquals(50.0, s.rttMs(), 0.05);
        assertEquals(26, s.fractionLost());
        assertEquals(7, s.cumulativeLost());
        assertEquals(12, s.receiverJitter());
    }

    @Test
    void receiverReportForAnotherSsrcOrWithoutLsrIsHandled() {
        SendStreamStats s = new SendStreamStats(0x1234L, 90000);
        s.onPacketSent(500, 0, T0);
        ReportBlock other = new ReportBlock().set(0x9999L, 200, 0, 0, 0, 0, 0);
        RtcpWriter.receiverReport(out, 0, 64, 99, new ReportBlock[] {other}, 1);
        assertFalse(s.onReceiverReport(out, 8, T0));
        assertEquals(0, s.fractionLost());

        ReportBlock noLsr = new ReportBlock().set(0x1234L, 10, 0, 0, 0, 0, 0);
        RtcpWriter.receiverReport(out, 0, 64, 99, new ReportBlock[] {noLsr}, 1);
        assertTrue(s.onReceiverReport(out, 8, T0 + 500));
        assertEquals(10, s.fractionLost());
        assertEquals(0.0, s.rttMs(), "no SR echoed yet");
        assertFalse(s.onReceiverReport(out, 50, T0), "block out of bounds");
    }

    @Test
    void negativeRoundTripClampsToZero() {
        SendStreamStats s = new SendStreamStats(1, 90000);
        long lsr = NtpTime.middle32(NtpTime.toNtp64(T0));
        ReportBlock b = new ReportBlock().set(1, 0, 0, 0, 0, lsr, NtpTime.millisToDelayUnits(400));
        RtcpWriter.receiverReport(out, 0, 64, 99, new ReportBlock[] {b}, 1);
        assertTrue(s.onReceiverReport(out, 8, T0 + 300));
        assertEquals(0.0, s.rttMs());
    }
}
