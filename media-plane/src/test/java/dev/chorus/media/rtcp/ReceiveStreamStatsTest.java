package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiveStreamStatsTest {
    private final ReportBlock block = new ReportBlock();

    @Test
    void lossAndFractionPerInterval() {
        ReceiveStreamStats s = new ReceiveStreamStats(0xABCDL, 90000);
        for (int seq = 0; seq < 10; seq++) {
            if (seq != 3 && seq != 7) {
                assertTrue(s.onPacket(seq, seq * 900L, seq * 10L, 1200));
            }
        }
        s.fillReportBlock(block, 100);
        assertEquals(0xABCDL, block.ssrc());
        assertEquals(51, block.fractionLost(), "2 of 10 lost: 512 / 10");
        assertEquals(2, block.cumulativeLost());
        assertEquals(9, block.extendedHighestSeq());
        assertEquals(0, block.jitter(), "perfectly paced");
        assertEquals(0, block.lastSr());
        assertEquals(0, block.delaySinceLastSr());
        assertEquals(8, s.packetsReceived());
        assertEquals(9600, s.bytesReceived());

        for (int seq = 10; seq < 20; seq++) {
            s.onPacket(seq, seq * 900L, seq * 10L);
        }
        s.fillReportBlock(block, 200);
        assertEquals(0, block.fractionLost());
        assertEquals(2, block.cumulativeLost());
        assertEquals(19, block.extendedHighestSeq());
        assertEquals(2, s.packetsLost());

        // the late arrival of 3 makes the next interval "negative loss": fraction 0, cumulative 1
        assertTrue(s.onPacket(3, 3 * 900L, 300));
        s.fillReportBlock(block, 300);
        assertEquals(0, block.fractionLost());
        assertEquals(1, block.cumulativeLost());
        assertEquals(19, block.extendedHighestSeq(), "reordered packet does not move the highest");
    }

    @Test
    void duplicatesCountAsReceivedSoLossCanGoNegative() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        s.onPacket(5, 0, 0);
        s.onPacket(5, 0, 1);
        s.onPacket(6, 960, 20);
        s.fillReportBlock(block, 30);
        assertEquals(-1, block.cumulativeLost());
        assertEquals(-1, s.packetsLost());
        assertEquals(0, block.fractionLost());
    }

    @Test
    void extendedSequenceAcrossWrap() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 90000);
        int[] seqs = {65533, 65534, 0, 1};
        for (int i = 0; i < seqs.length; i++) {
            assertTrue(s.onPacket(seqs[i], i * 3000L, i * 33L));
        }
        s.fillReportBlock(block, 200);
        assertEquals(65536 + 1, block.extendedHighestSeq());
        assertEquals(1, block.cumulativeLost(), "65535 missing");
        assertEquals(51, block.fractionLost(), "1 of 5 expected: 256 / 5");
    }

    @Test
    void jitterFollowsRfc3550() {
        // 8 kHz: 8 timestamp units per ms. Transits 0, 80, 0, 0 -> D = 80, 80, 0.
        ReceiveStreamStats s = new ReceiveStreamStats(1, 8000);
        s.onPacket(0, 0, 0);
        s.onPacket(1, 160, 30);
        assertEquals(5, s.jitter(), "80 / 16");
        s.onPacket(2, 320, 40);
        assertEquals(9, s.jitter(), "5 + 75 / 16 = 9.6875");
        s.onPacket(3, 480, 60);
        assertEquals(9, s.jitter(), "9.6875 * 15 / 16 = 9.08");
        s.fillReportBlock(block, 70);
        assertEquals(9, block.jitter());
    }

    @Test
    void jitterAcrossTimestampWrapAndIgnoringReorderedPackets() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 8000);
        s.onPacket(10, 0xFFFF_FF00L, 1000);
        s.onPacket(11, 0x60L, 1054); // 352 units = 44 ms later by timestamp, arrived 54 ms later: D = 80
        assertEquals(5, s.jitter());
        s.onPacket(9, 0xFFFF_FE00L, 5000); // reordered and very late: must not count
        assertEquals(5, s.jitter());
        assertEquals(3, s.packetsReceived());
    }

    static Stream<Arguments> sequenceRules() {
        // previous highest is 10000 in every row
        return Stream.of(
                Arguments.of("next", 10001, true),
                Arguments.of("forward 2999", 12999, true),
                Arguments.of("forward 3000 is a jump", 13000, false),
                Arguments.of("duplicate of highest", 10000, true),
                Arguments.of("back 1499 is reordering", 8501, true),
                Arguments.of("back 1500 is a jump", 8500, false),
                Arguments.of("back far", 100, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequenceRules")
    void dropoutAndMisorderLimits(String name, int seq, boolean accepted) {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 90000);
        s.onPacket(10000, 0, 0);
        assertEquals(accepted, s.onPacket(seq, 0, 1));
        assertEquals(accepted ? 2 : 1, s.packetsReceived());
    }

    @Test
    void bigJumpRestartsAfterTwoSequentialPackets() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 90000);
        for (int seq = 0; seq < 5; seq++) {
            s.onPacket(seq, 0, 0);
        }
        s.onPacket(6, 0, 0); // 5 lost
        assertFalse(s.onPacket(20000, 0, 10), "first packet after the jump is held back");
        assertFalse(s.onPacket(30000, 0, 11), "another jump replaces the candidate");
        assertTrue(s.onPacket(30001, 0, 12), "successor of the candidate: sender restarted");
        assertTrue(s.onPacket(30002, 0, 13));
        s.fillReportBlock(block, 20);
        assertEquals(30002, block.extendedHighestSeq());
        assertEquals(1, block.cumulativeLost(), "the loss before the restart is carried over");
        assertEquals(8, s.packetsReceived());
    }

    @Test
    void jumpCandidateIsForgottenWhenTheOldSequenceContinues() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 90000);
        s.onPacket(100, 0, 0);
        assertFalse(s.onPacket(9000, 0, 1));
        assertTrue(s.onPacket(101, 0, 2));
        s.fillReportBlock(block, 3);
        assertEquals(101, block.extendedHighestSeq());
        assertEquals(0, block.cumulativeLost());
    }

    @Test
    void lastSrAndDelaySinceLastSr() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 90000);
        s.onPacket(1, 0, 0);
        s.onSenderReport(0x0001_2345_6789_ABCDL, 1000);
        s.fillReportBlock(block, 1500);
        assertEquals(0x2345_6789L, block.lastSr());
        assertEquals(32768, block.delaySinceLastSr(), "500 ms in 1/65536 s");
        s.fillReportBlock(block, 3000);
        assertEquals(131072, block.delaySinceLastSr(), "2 s");
    }

    @Test
    void emptyStreamReportsZeros() {
        ReceiveStreamStats s = new ReceiveStreamStats(0x1_0000_0007L, 90000);
        s.fillReportBlock(block, 0);
        assertEquals(7, block.ssrc());
        assertEquals(0, block.fractionLost());
        assertEquals(0, block.cumulativeLost());
        assertEquals(0, block.extendedHighestSeq());
        assertEquals(0, s.packetsLost());
    }
}
