package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransportCcRecorderTest {
    private static final long SENDER = 0x01020304L;
    private static final long MEDIA = 0x0A0B0C0DL;
    private static final long REFERENCE_WRAP_US = (1L << 24) * TransportCcFeedbacks.REFERENCE_TIME_UNIT_US;
    private final byte[] out = new byte[1500];

    private String build(TransportCcRecorder r) {
        int n = r.buildFeedback(out, 0, 1500, SENDER, MEDIA);
        return n <= 0 ? String.valueOf(n) : Hex.of(out, 0, n);
    }

    @Test
    void handCheckedTwoBitVectorWithLossAndNegativeDelta() {
        TransportCcRecorder r = new TransportCcRecorder();
        r.onPacket(1000, 641_000);
        r.onPacket(1001, 642_000);
        r.onPacket(1003, 700_000);
        r.onPacket(1004, 699_000);
        // ref 10 (640 ms); deltas 4, 4, lost, 232, -4; 2-bit vector 01 01 00 01 10
        assertEquals("8FCD0006 01020304 0A0B0C0D 03E80005 00000A00 D4600404 E8FFFC00", build(r));
        assertEquals("0", build(r), "nothing new");
        r.onPacket(1005, 710_000);
        // ref 11 (704 ms), delta 6 ms = 24; run-length chunk of one small delta; feedback count 1
        assertEquals("8FCD0005 01020304 0A0B0C0D 03ED0001 00000B01 20011800", build(r));
    }

    @Test
    void handCheckedOneBitVectorThenRunLength() {
        TransportCcRecorder r = new TransportCcRecorder();
        for (int seq = 0; seq < 16; seq++) {
            if (seq != 3) {
                r.onPacket(seq, 128_000 + 1000L * seq);
            }
        }
        // 14 symbols 1110 1111 1111 11 as a 1-bit vector, then a run of 2 small deltas
        assertEquals("8FCD0009 01020304 0A0B0C0D 00000010 00000200 BBFF2002"
                + " 00040408 04040404 04040404 04040400", build(r));
    }

    @Test
    void handCheckedLongRunOfLossesThenLargeDelta() {
        TransportCcRecorder r = new TransportCcRecorder();
        r.onPacket(10, 64_000);
        r.buildFeedback(out, 0, 1500, SENDER, MEDIA);
        r.onPacket(40, 64_000 + 100_000);
        // 29 lost (run-length of symbol 0, 0x001D), then 36 ms after the reference (ref 2 = 128 ms) -> 144 small
        assertEquals("8FCD0006 01020304 0A0B0C0D 000B001E 00000201 001D2001 90000000", build(r));
    }

    /** Parses every feedback and returns seq -> reconstructed arrival (or null when reported lost), in order. */
    private static final class Receiver {
        final Map<Integer, Long> reports = new LinkedHashMap<>();
        final List<Integer> order = new ArrayList<>();
        int feedbacks;
        int lastCount = -1;

        void accept(byte[] buf, int off, int len) {
            RtcpIterator it = new RtcpIterator();
            it.wrap(buf, off, len);
            assertTrue(it.next());
            assertEquals(len, it.packetLength());
            assertEquals(0, len % 4);
            int count = TransportCcFeedbacks.fbPktCount(buf, off, len);
            assertEquals((lastCount + 1) & 0xFF, count, "feedback packet count increments");
            lastCount = count;
            long[] t = {TransportCcFeedbacks.referenceTime(buf, off, len) * TransportCcFeedbacks.REFERENCE_TIME_UNIT_US};
            int n = TransportCcFeedbacks.parse(buf, off, len, (seq, received, deltaUs) -> {
                if (received) {
                    t[0] += deltaUs;
                }
                Long prev = reports.put(seq, received ? t[0] : null);
                if (prev != null) {
                    throw new AssertionError("seq " + seq + " reported twice");
                }
                order.add(seq);
            });
            assertEquals(TransportCcFeedbacks.statusCount(buf, off, len), n);
            assertExactLayout(buf, off, len, n);
            feedbacks++;
        }

        /**
         * libwebrtc decodes every chunk but the last at full capacity and checks the total against the status
         * count, so only the last chunk may be partly used; and deltas use 1 byte whenever they fit.
         */
        private static void assertExactLayout(byte[] buf, int off, int len, int count) {
            int covered = 0;
            int chunks = 0;
            while (covered < count) {
                int chunk = ((buf[off + 20 + 2 * chunks] & 0xFF) << 8) | (buf[off + 21 + 2 * chunks] & 0xFF);
                covered += (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;
                chunks++;
            }
            int[] deltaBytes = {0};
            TransportCcFeedbacks.parse(buf, off, len, (seq, received, deltaUs) -> {
                if (received) {
                    deltaBytes[0] += deltaUs >= 0 && deltaUs <= 255 * 250 ? 1 : 2;
                }
            });
            assertEquals((20 + 2 * chunks + deltaBytes[0] + 3) & ~3, len, "no spare chunks or bytes");
        }
    }

    private void drain(TransportCcRecorder r, Receiver rx, int maxLen) {
        int n;
        while ((n = r.buildFeedback(out, 0, maxLen, SENDER, MEDIA)) > 0) {
            assertTrue(n <= maxLen, "size " + n + " exceeds " + maxLen);
            rx.accept(out, 0, n);
        }
        assertEquals(0, n);
    }

    private static void assertArrivals(Map<Integer, Long> sent, Receiver rx) {
        for (Map.Entry<Integer, Long> e : sent.entrySet()) {
            assertTrue(rx.reports.containsKey(e.getKey()), "seq " + e.getKey() + " not reported");
            Long got = rx.reports.get(e.getKey());
            if (e.getValue() == null) {
                assertEquals(null, got, "seq " + e.getKey() + " should be lost");
            } else {
                assertTrue(got != null, "seq " + e.getKey() + " should be received");
                // the 24-bit reference time wraps every 2^24 * 64 ms: compare modulo that period
                long diff = Math.floorMod(got - e.getValue(), REFERENCE_WRAP_US);
                assertTrue(Math.min(diff, REFERENCE_WRAP_US - diff) <= 125,
                        "seq " + e.getKey() + ": " + got + " vs " + e.getValue());
            }
        }
        assertEquals(sent.size(), rx.reports.size(), "no extra sequence numbers");
    }

    @Test
    void roundTripAcrossSequenceWrapWithLosses() {
        TransportCcRecorder r = new TransportCcRecorder();
        Receiver rx = new Receiver();
        Map<Integer, Long> sent = new LinkedHashMap<>();
        long t = 5_000_000;
        for (int i = 0; i < 400; i++) {
            int seq = (65400 + i) & 0xFFFF;
            t += 300 + (i * 7919 % 2500);
            boolean lost = i % 11 == 5 || (i > 100 && i < 120);
            if (lost) {
                sent.put(seq, null);
            } else {
                sent.put(seq, t);
                r.onPacket(seq, t);
            }
            if (i % 37 == 36) {
                drain(r, rx, 1500);
            }
        }
        drain(r, rx, 1500);
        assertArrivals(sent, rx);
        assertEquals(new ArrayList<>(sent.keySet()), rx.order, "reported in sequence order");
    }

    @Test
    void reorderingBeforeTheFirstFeedbackStartsAtTheLowestSeq() {
        TransportCcRecorder r = new TransportCcRecorder();
        r.onPacket(5, 1000);
        r.onPacket(3, 2000);
        r.onPacket(4, 1500);
        r.onPacket(6, 2500);
        Receiver rx = new Receiver();
        drain(r, rx, 1500);
        assertEquals(List.of(3, 4, 5, 6), rx.order);
        assertEquals(2000L, rx.reports.get(3));
        assertEquals(1500L, rx.reports.get(4));
        assertEquals(1000L, rx.reports.get(5));
    }

    @Test
    void reorderedPacketWithinAnIntervalIsReportedReceived() {
        TransportCcRecorder r = new TransportCcRecorder();
        Receiver rx = new Receiver();
        r.onPacket(0, 0);
        drain(r, rx, 1500);
        r.onPacket(2, 10_000);
        r.onPacket(1, 12_000);
        drain(r, rx, 1500);
        assertEquals(10_000L, rx.reports.get(2));
        assertEquals(12_000L, rx.reports.get(1));
        assertEquals(0, r.ignoredPackets());
    }

    @Test
    void latePacketAfterItsReportIsIgnored() {
        TransportCcRecorder r = new TransportCcRecorder();
        Receiver rx = new Receiver();
        r.onPacket(0, 0);
        r.onPacket(2, 2000);
        drain(r, rx, 1500);
        assertEquals(null, rx.reports.get(1));
        r.onPacket(1, 3000);
        r.onPacket(2, 3000);
        assertEquals(2, r.ignoredPackets(), "one late, one duplicate");
        assertEquals(0, r.buildFeedback(out, 0, 1500, SENDER, MEDIA));
    }

    @Test
    void deltaBeyond16BitsStartsANewFeedback() {
        TransportCcRecorder r = new TransportCcRecorder();
        Receiver rx = new Receiver();
        r.onPacket(0, 0);
        r.onPacket(2, 9_000_000);
        int first = r.buildFeedback(out, 0, 1500, SENDER, MEDIA);
        rx.accept(out, 0, first);
        assertEquals(1, TransportCcFeedbacks.statusCount(out, 0, first), "lost seq 1 is held for the next one");
        int second = r.buildFeedback(out, 0, 1500, SENDER, MEDIA);
        rx.accept(out, 0, second);
        assertEquals(1, TransportCcFeedbacks.baseSeq(out, 0, second));
        assertEquals(140, TransportCcFeedbacks.referenceTime(out, 0, second), "9 s / 64 ms, rounded down");
        assertEquals(0, r.buildFeedback(out, 0, 1500, SENDER, MEDIA));
        assertEquals(null, rx.reports.get(1));
        assertEquals(9_000_000L, rx.reports.get(2));
        assertEquals(0L, rx.reports.get(0));
    }

    @Test
    void lostPacketHeldBackCanStillArriveLate() {
        TransportCcRecorder r = new TransportCcRecorder();
        Receiver rx = new Receiver();
        r.onPacket(0, 0);
        r.onPacket(2, 9_000_000);
        rx.accept(out, 0, r.buildFeedback(out, 0, 1500, SENDER, MEDIA));
        r.onPacket(1, 9_100_000);
        drain(r, rx, 1500);
        assertEquals(9_100_000L, rx.reports.get(1));
        assertEquals(9_000_000L, rx.reports.get(2));
    }

    static Stream<Arguments> sizeLimits() {
        return Stream.of(Arguments.of(24), Arguments.of(28), Arguments.of(40), Arguments.of(64), Arguments.of(101));
    }

    @ParameterizedTest
    @MethodSource("sizeLimits")
    void truncatesToMaxLenAndContinuesInTheNextFeedback(int maxLen) {
        TransportCcRecorder r = new TransportCcRecorder();
        Map<Integer, Long> sent = new LinkedHashMap<>();
        long t = 0;
        for (int seq = 0; seq < 300; seq++) {
            t += seq % 5 == 0 ? 70_000 : 1_000; // mixes small and large deltas
            if (seq % 13 == 7) {
                sent.put(seq, null);
            } else {
                sent.put(seq, t);
                r.onPacket(seq, t);
            }
        }
        Receiver rx = new Receiver();
        drain(r, rx, maxLen);
        assertTrue(rx.feedbacks > 1);
        assertArrivals(sent, rx);
    }

    @Test
    void tooSmallBufferIsRejected() {
        TransportCcRecorder r = new TransportCcRecorder();
        assertEquals(0, r.buildFeedback(out, 0, 10, SENDER, MEDIA), "nothing to send beats too small");
        r.onPacket(1, 0);
        assertEquals(-1, r.buildFeedback(out, 0, 23, SENDER, MEDIA));
        assertEquals(-1, r.buildFeedback(out, 1480, 100, SENDER, MEDIA));
        assertEquals(-1, r.buildFeedback(null, 0, 100, SENDER, MEDIA));
        assertEquals(24, r.buildFeedback(out, 0, 24, SENDER, MEDIA));
    }

    @Test
    void boundedMemoryDropsTheOldestUnreported() {
        TransportCcRecorder r = new TransportCcRecorder(64);
        for (int seq = 0; seq < 100; seq++) {
            r.onPacket(seq, seq * 1000L);
        }
        assertEquals(64, r.unreported());
        Receiver rx = new Receiver();
        drain(r, rx, 1500);
        assertEquals(36, rx.order.get(0));
        assertEquals(64, rx.order.size());
        assertEquals(99, rx.order.get(63));
    }

    @Test
    void hugeForwardJumpKeepsOnlyTheWindow() {
        TransportCcRecorder r = new TransportCcRecorder(64);
        r.onPacket(0, 0);
        r.onPacket(1000, 50_000);
        Receiver rx = new Receiver();
        drain(r, rx, 1500);
        assertEquals(List.of(937), rx.order.subList(0, 1));
        assertEquals(64, rx.order.size());
        assertEquals(50_000L, rx.reports.get(1000));
    }

    @Test
    void farPastPacketRestartsTheRecorder() {
        TransportCcRecorder r = new TransportCcRecorder(64);
        Receiver rx = new Receiver();
        for (int seq = 1000; seq < 1010; seq++) {
            r.onPacket(seq, seq * 100L);
        }
        drain(r, rx, 1500);
        r.onPacket(100, 500_000);
        r.onPacket(101, 501_000);
        int n = r.buildFeedback(out, 0, 1500, SENDER, MEDIA);
        assertEquals(100, TransportCcFeedbacks.baseSeq(out, 0, n));
        assertEquals(2, TransportCcFeedbacks.statusCount(out, 0, n));
        assertEquals(1, TransportCcFeedbacks.fbPktCount(out, 0, n), "counter survives the restart");
    }

    @Test
    void feedbackCounterWraps() {
        TransportCcRecorder r = new TransportCcRecorder();
        Receiver rx = new Receiver();
        for (int i = 0; i < 300; i++) {
            r.onPacket(i, i * 1000L);
            drain(r, rx, 1500);
        }
        assertEquals(300, rx.feedbacks);
        assertEquals((300 - 1) & 0xFF, rx.lastCount);
    }

    @Test
    void randomizedRoundTrip() {
        Random rnd = new Random(42);
        TransportCcRecorder r = new TransportCcRecorder(1024);
        Receiver rx = new Receiver();
        Map<Integer, Long> sent = new LinkedHashMap<>();
        long t = 1L << 40;
        int seq = 65000;
        long nextFeedback = t + 100_000;
        List<long[]> delayed = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            t += rnd.nextInt(4000);
            int s = seq++ & 0xFFFF;
            if (rnd.nextInt(20) == 0) {
                sent.put(s, null);
            } else if (rnd.nextInt(30) == 0) {
                delayed.add(new long[] {s, t + rnd.nextInt(20_000)});
                sent.put(s, -1L);
            } else {
                sent.put(s, t);
                r.onPacket(s, t);
            }
            for (int k = delayed.size() - 1; k >= 0; k--) {
                if (delayed.get(k)[1] <= t) {
                    long[] d = delayed.remove(k);
                    sent.put((int) d[0], d[1]);
                    r.onPacket((int) d[0], d[1]);
                }
            }
            if (t >= nextFeedback) {
                drain(r, rx, rnd.nextBoolean() ? 1200 : 80);
                nextFeedback = t + 100_000;
            }
        }
        for (long[] d : delayed) {
            sent.put((int) d[0], d[1]);
            r.onPacket((int) d[0], d[1]);
        }
        drain(r, rx, 1200);
        // delayed packets arrive within 20 ms, long before the 100 ms feedback that would report them
        // unless the feedback fell in between; those must be reported lost and then ignored
        Map<Integer, Long> expected = new LinkedHashMap<>();
        for (Map.Entry<Integer, Long> e : sent.entrySet()) {
            Long got = rx.reports.get(e.getKey());
            expected.put(e.getKey(), got == null && e.getValue() != null ? null : e.getValue());
        }
        long lateReportedLost = sent.entrySet().stream()
                .filter(e -> e.getValue() != null && rx.reports.get(e.getKey()) == null).count();
        assertEquals(lateReportedLost, r.ignoredPackets(), "every late arrival reported lost was ignored");
        assertArrivals(expected, rx);
    }
}
