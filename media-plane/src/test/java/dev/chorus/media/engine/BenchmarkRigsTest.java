package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.forward.NackRig;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpRig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JMH benchmarks (media-plane/src/jmh/java, built only with {@code -P benchmarks}) are thin wrappers around
 * these rigs: each test runs a rig's set-up and a few benchmark operations as plain code and checks the work was
 * really done, so a benchmark cannot silently measure a broken path. It also checks, as the benchmarks report, that
 * a consumer's egress allocates nothing per packet.
 */
class BenchmarkRigsTest {

    static Stream<Arguments> srtpCases() {
        return Stream.of(SrtpProfile.values()).flatMap(p -> Stream.of(Arguments.of(p, 100), Arguments.of(p, 1200)));
    }

    @ParameterizedTest
    @MethodSource("srtpCases")
    void srtpRoundTripsRestoreThePacketAcrossTheSequenceNumberWrap(SrtpProfile profile, int payload) {
        SrtpRig rig = new SrtpRig(profile, payload);
        for (int i = 0; i < 1000; i++) { // starts at 65001: rolls over after 535 packets
            assertEquals(28 + payload, rig.roundTrip());
        }
        assertTrue(rig.holdsPlainPacket(), "unprotect restored the original packet");
        assertEquals(0, rig.receiverDrops());
    }

    @ParameterizedTest
    @EnumSource(BenchMedia.class)
    void rewriteRigSendsTheConsumersRewrittenPackets(BenchMedia media) {
        try (RewriteRig rig = new RewriteRig(media)) {
            RtpPacket out = new RtpPacket();
            assertNotNull(rig.lastOutput(out), "the key frame went out as valid RTP");
            int firstSeq = out.sequenceNumber();
            long sent = 0;
            for (int i = 0; i < 300; i++) {
                sent = rig.forwardNext();
            }
            assertEquals(301, sent);
            Consumer c = rig.consumer();
            assertNotNull(rig.lastOutput(out));
            assertEquals(c.ssrc, out.ssrc());
            assertEquals(rig.consumerParameters().codecs().get(0).payloadType(), out.payloadType());
            assertEquals((firstSeq + 300) & 0xFFFF, out.sequenceNumber(), "gap-free output numbering");
            int mid = out.findExtension(1);
            assertTrue(mid >= 0, "MID extension present");
            byte[] outMid = Arrays.copyOfRange(out.buffer(), out.extensionOffset(mid),
                    out.extensionOffset(mid) + out.extensionLength(mid));
            assertEquals(rig.consumerParameters().mid(), new String(outMid, StandardCharsets.UTF_8));
            assertTrue(out.findExtension(4) >= 0, "abs-send-time added");
            assertEquals(media == BenchMedia.VIDEO, out.findExtension(5) >= 0, "transport-wide seq (video only)");
            assertTrue(out.findExtension(media == BenchMedia.AUDIO ? 10 : 11) >= 0, "audio level / orientation copied");
            assertEquals(media == BenchMedia.VIDEO ? 4 : 3, out.extensionCount(), "no other extension copied");
            RtpPacket in = rig.input();
            assertArrayEquals(payload(in), payload(out));
            assertEquals(0, rig.poolAllocations(), "every egress buffer went back to the pool");
        }
    }

    /** The acceptance point: one consumer's egress (rewrite, extensions, pooled copy, hand-off) allocates nothing. */
    @ParameterizedTest
    @EnumSource(BenchMedia.class)
    void consumerEgressAllocatesNothingPerPacket(BenchMedia media) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        try (RewriteRig rig = new RewriteRig(media)) {
            for (int i = 0; i < 70_000; i++) {
                rig.forwardNext(); // warm-up: JIT, statistics windows, sequence-number wrap
            }
            int packets = 50_000;
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < packets; i++) {
                rig.forwardNext();
            }
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            // A late JIT transition may allocate a few hundred bytes once; one object per packet would be >= 800 KB.
            assertTrue(bytes < 1024, media + ": " + bytes + " bytes allocated for " + packets + " packets");
        }
    }

    static Stream<Arguments> fanoutCases() {
        return Stream.of(BenchMedia.values()).flatMap(m -> Stream.of(Arguments.of(m, 1), Arguments.of(m, 10)));
    }

    @ParameterizedTest
    @MethodSource("fanoutCases")
    void fanoutRigDeliversEveryPacketToEveryConsumerDecryptable(BenchMedia media, int consumers) {
        try (FanoutRig rig = new FanoutRig(media, consumers, SrtpProfile.AEAD_AES_128_GCM)) {
            rig.prepareBatch();
            assertEquals((long) FanoutRig.BATCH * consumers, rig.runBatch());
            byte[] expected = new byte[2048];
            int len = media.write(expected, rig.lastPacketNumber(), false);
            RtpPacket original = new RtpPacket();
            assertTrue(original.wrap(expected, 0, len));
            for (int i = 0; i < consumers; i++) {
                assertEquals(2L * FanoutRig.BATCH, rig.receivedBy(i), "consumer " + i + ": warm-up and batch");
                byte[] plain = rig.lastDecrypted(i);
                assertNotNull(plain, "consumer " + i + "'s packet authenticates with its subscriber's keys");
                RtpPacket p = new RtpPacket();
                assertTrue(p.wrap(plain, 0, plain.length));
                assertEquals(rig.consumer(i).ssrc, p.ssrc());
                assertArrayEquals(payload(original), payload(p));
            }
            Map<String, Long> counters = rig.counters();
            assertEquals(2L * FanoutRig.BATCH, counters.get("rtp_in"));
            assertEquals(2L * FanoutRig.BATCH * consumers, counters.get("rtp_out"));
            assertEquals(0L, counters.get("drop_srtp_auth") + counters.get("drop_malformed")
                    + counters.get("drop_queue_full") + counters.get("buffers_allocated"));
        }
    }

    private static byte[] payload(RtpPacket p) {
        return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    }

    @Test
    void nackRigStoresAndFindsPacketsWithoutGrowingThePool() {
        NackRig rig = new NackRig(1228);
        for (int i = 0; i < 70_000; i++) { // past the 16-bit wrap
            rig.store();
        }
        for (int i = 0; i < 1024; i++) {
            assertEquals(1228 + (byte) 0x80, rig.lookup());
        }
        assertEquals(0, rig.poolAllocations());
    }
}
