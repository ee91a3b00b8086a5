package dev.chorus.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NackGeneratorTest {
    private static final String DEFAULTS = "1000,10,10,40,10000";

    /**
     * Scripts of steps, run against a generator built from {@code config}
     * (maxPackets,maxRetries,gapDelayMs,retryIntervalMs,maxAgePackets):
     * {@code P<seq>[..<last>]@<ms>[=T|F]} onPacket (not a key frame; result defaults to F),
     * {@code K<seq>@<ms>[=T|F]} onPacket of a key frame, {@code D[cap]@<ms>=<seqs|->} dueNacks with an array of
     * {@code cap} (default 64), {@code N=<n>} pending, {@code F=T|F} keyFrameNeeded, {@code G=<n>} givenUpCount,
     * {@code C=<n>} recoveredCount, {@code R<ms>} setRttMs, {@code X} reset.
     */
    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("first packet only starts", DEFAULTS, "P100@0 N=0 D@100=- F=F"),
                Arguments.of("single loss is due 10 ms after detection", DEFAULTS,
                        "P100@0 P102@0 N=1 D@9=- D@10=101 N=1"),
                Arguments.of("retried every 40 ms", DEFAULTS,
                        "P100@0 P102@0 D@10=101 D@49=- D@50=101 D@89=- D@90=101 N=1"),
                Arguments.of("detection time is the later packet's arrival", DEFAULTS,
                        "P100@0 P102@30 D@39=- D@40=101"),
                Arguments.of("gaps keep their own clocks, oldest first", DEFAULTS,
                        "P100@0 P103@0 P105@5 N=3 D@10=101,102 D@15=104 D@50=101,102 D@55=104"),
                Arguments.of("reordering before the first NACK is not a recovery", DEFAULTS,
                        "P100@0 P102@0 P101@5=F N=0 D@10=- C=0"),
                Arguments.of("arrival after a NACK is a recovery", DEFAULTS,
                        "P100@0 P102@0 D@10=101 P101@20=T N=0 D@50=- C=1 P101@21=F C=1"),
                Arguments.of("middle of a gap arrives", DEFAULTS,
                        "P100@0 P104@0 D@10=101,102,103 P102@11=T N=2 D@50=101,103"),
                Arguments.of("wrap 65534 -> 1 loses 65535 and 0", DEFAULTS,
                        "P65534@0 P1@0 N=2 D@10=65535,0 P0@20=T N=1 D@50=65535"),
                Arguments.of("reordering across the wrap", DEFAULTS,
                        "P65535@0 P2@0 P0@1 N=1 D@10=1 P65534@11=F N=1"),
                Arguments.of("forward jump across the wrap", DEFAULTS, "P65000@0 P100@0 N=635 F=F"),
                Arguments.of("sequence numbers outside 16 bits use the low bits", DEFAULTS,
                        "P65636@0 P-65434@0 N=1 D@10=101"),
                Arguments.of("gap of exactly maxPackets is tracked", DEFAULTS, "P100@0 P1101@0 N=1000 F=F"),
                Arguments.of("gap larger than maxPackets clears and needs a key frame", DEFAULTS,
                        "P100@0 P102@0 N=1 P1104@0 N=0 F=T F=F D@10=- P101@11=F"),
                Arguments.of("gaps adding up past maxPackets clear", DEFAULTS,
                        "P0@0 P501@0 N=500 P1003@0 N=0 F=T"),
                Arguments.of("duplicates are ignored", DEFAULTS,
                        "P100@0 P100@1=F P102@2 P102@3=F N=1 P100@4=F P99@5=F N=1 D@12=101"),
                Arguments.of("key frame drops older entries", DEFAULTS,
                        "P100@0 P105@0 N=4 K103@1=F N=1 D@10=104 F=F"),
                Arguments.of("NACKed key-frame packet is recovered", DEFAULTS,
                        "P100@0 P103@0 D@10=101,102 K102@20=T N=0 C=1"),
                Arguments.of("advancing key frame clears the list across a big gap", DEFAULTS,
                        "P100@0 P102@0 K5000@1 N=0 F=F D@20=- P5002@21 D@31=5001"),
                Arguments.of("advancing key frame withdraws an unreported key-frame need", DEFAULTS,
                        "P100@0 P2000@0 K2001@1 F=F"),
                Arguments.of("old key frame keeps the key-frame need", DEFAULTS,
                        "P100@0 P104@0 P2000@0 K103@1 F=T"),
                Arguments.of("10000 behind is still an old packet", DEFAULTS,
                        "P20000@0 P20002@0 P10002@1=F N=1 F=F"),
                Arguments.of("more than maxAge behind restarts", DEFAULTS,
                        "P20000@0 P20002@0 P10001@1 N=0 F=T P10003@2 N=1 D@12=10002"),
                Arguments.of("restart on a key frame needs no key frame", DEFAULTS,
                        "P30000@0 P30002@0 K1000@1 N=0 F=F"),
                Arguments.of("RTT replaces the retry interval", DEFAULTS,
                        "R100 P100@0 P102@0 D@10=101 D@109=- D@110=101 R0 D@149=- D@150=101"),
                Arguments.of("time going backwards is not due", DEFAULTS,
                        "P100@50 P102@50 D@0=- D@59=- D@60=101"),
                Arguments.of("capacity of out is respected, the rest stays due", DEFAULTS,
                        "P0@0 P6@0 D2@10=1,2 D2@10=3,4 D2@11=5 D2@50=1,2 D0@90=- D@90=1,2,3,4,5"),
                Arguments.of("reset forgets state", DEFAULTS,
                        "P100@0 P102@0 P2000@0 X F=F N=0 P5@0 P7@0 N=1 D@10=6"),
                Arguments.of("recovered after the last NACK but before giving up", "1000,2,10,40,10000",
                        "P100@0 P102@0 D@10=101 D@50=101 P101@89=T F=F G=0 D@90=- F=F"),
                Arguments.of("given up one interval after the last NACK", "1000,2,10,40,10000",
                        "P100@0 P102@0 D@10=101 D@50=101 D@89=- F=F D@90=- N=0 G=1 F=T F=F P101@91=F"),
                Arguments.of("zero gap delay", "1000,2,0,20,10000",
                        "P1@0 P3@0 D@0=2 D@19=- D@20=2 D@40=- G=1 N=0"),
                Arguments.of("too old entries are given up", "10,10,10,40,20",
                        "P0@0 P2@0 P3..21@0 N=1 G=0 F=F P22@0 N=0 G=1 F=T"),
                Arguments.of("ring compacts removed entries before appending", "4,10,10,40,100",
                        "P0@0 P5@0 N=4 P1@1 P2@1 N=2 P7@2 N=3 D@12=3,4,6"),
                Arguments.of("ring wraps around its end", "4,10,10,40,100",
                        "P0@0 P5@0 D@10=1,2,3,4 K3@11=T N=1 P9@12 N=4 P7@13 N=3 D@22=6,8 D@50=4 P4@51=T P6@52=T"
                                + " P8@53=T N=0 C=4"),
                Arguments.of("single slot overflows", "1,10,10,40,1", "P0@0 P3@0 N=0 F=T G=0"),
                Arguments.of("single slot ages out", "1,10,10,40,1", "P0@0 P2@0 P4@0 N=1 G=1 F=T D@10=3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void scriptTable(String name, String config, String script) {
        NackGenerator g = build(config);
        for (String step : script.split(" ")) {
            run(g, step);
        }
    }

    private static NackGenerator build(String config) {
        long[] c = Arrays.stream(config.split(",")).mapToLong(Long::parseLong).toArray();
        return new NackGenerator((int) c[0], (int) c[1], c[2], c[3], (int) c[4]);
    }

    private static void run(NackGenerator g, String step) {
        char op = step.charAt(0);
        int eq = step.indexOf('=');
        String value = eq < 0 ? "F" : step.substring(eq + 1);
        int at = step.indexOf('@');
        long now = at < 0 ? 0 : Long.parseLong(step.substring(at + 1, eq < 0 ? step.length() : eq));
        switch (op) {
            case 'P', 'K' -> {
                String seqs = step.substring(1, at);
                int range = seqs.indexOf("..");
                int first = Integer.parseInt(range < 0 ? seqs : seqs.substring(0, range));
                int last = range < 0 ? first : Integer.parseInt(seqs.substring(range + 2));
                for (int s = first; s <= last; s++) {
                    assertEquals(value.equals("T"), g.onPacket(s, op == 'K', now), step + " at " + s);
                }
            }
            case 'D' -> {
                int cap = at == 1 ? 64 : Integer.parseInt(step.substring(1, at));
                int[] out = new int[cap];
                int n = g.dueNacks(now, out);
                int[] expected = value.equals("-") ? new int[0]
                        : Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                assertArrayEquals(expected, Arrays.copyOf(out, n), step);
            }
            case 'N' -> assertEquals(Integer.parseInt(value), g.pending(), step);
            case 'F' -> assertEquals(value.equals("T"), g.keyFrameNeeded(), step);
            case 'G' -> assertEquals(Long.parseLong(value), g.givenUpCount(), step);
            case 'C' -> assertEquals(Long.parseLong(value), g.recoveredCount(), step);
            case 'R' -> g.setRttMs(Long.parseLong(step.substring(1)));
            case 'X' -> g.reset();
            default -> throw new IllegalArgumentException(step);
        }
    }

    @Test
    void singleLossIsNackedTenTimesThenGivenUp() {
        NackGenerator g = new NackGenerator();
        int[] out = new int[4];
        g.onPacket(100, false, 0);
        g.onPacket(102, false, 0);
        for (int k = 0; k < 10; k++) {
            long due = 10 + 40L * k;
            assertEquals(0, g.dueNacks(due - 1, out), "not yet due before NACK " + (k + 1));
            assertEquals(1, g.dueNacks(due, out), "NACK " + (k + 1));
            assertEquals(101, out[0]);
            assertFalse(g.keyFrameNeeded());
        }
        assertEquals(0, g.dueNacks(409, out));
        assertEquals(1, g.pending());
        assertEquals(0, g.dueNacks(410, out), "the 11th time is a give-up, not a NACK");
        assertEquals(0, g.pending());
        assertEquals(1, g.givenUpCount());
        assertTrue(g.keyFrameNeeded());
        assertFalse(g.keyFrameNeeded(), "reported once");
        assertFalse(g.onPacket(101, false, 420), "a late packet after giving up is not a recovery");
        assertEquals(0, g.recoveredCount());
    }

    @Test
    void nullOrEmptyOutputNeverThrowsAndKeepsEntriesDue() {
        NackGenerator g = new NackGenerator();
        g.onPacket(7, false, 0);
        g.onPacket(9, false, 0);
        assertEquals(0, g.dueNacks(10, null));
        assertEquals(0, g.dueNacks(10, new int[0]));
        int[] out = new int[1];
        assertEquals(1, g.dueNacks(10, out));
        assertEquals(8, out[0]);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(0, 10, 10L, 40L, 10000),
                Arguments.of(1000, 0, 10L, 40L, 10000),
                Arguments.of(1000, 10, -1L, 40L, 10000),
                Arguments.of(1000, 10, 10L, 0L, 10000),
                Arguments.of(1000, 10, 10L, 40L, 999),
                Arguments.of(1000, 10, 10L, 40L, 32768));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void rejectsBadSettings(int maxPackets, int maxRetries, long gapDelayMs, long retryMs, int maxAge) {
        assertThrows(IllegalArgumentException.class,
                () -> new NackGenerator(maxPackets, maxRetries, gapDelayMs, retryMs, maxAge));
    }

    @Test
    void acceptsBoundarySettings() {
        NackGenerator big = new NackGenerator(32767, 1, 0, 1, 32767);
        big.onPacket(0, false, 0);
        big.onPacket(32767, false, 0);
        assertEquals(32766, big.pending());
        int[] out = new int[40000];
        assertEquals(32766, big.dueNacks(0, out));
        assertEquals(1, out[0]);
        assertEquals(32766, out[32765]);
    }

    static Stream<Arguments> modelConfigs() {
        return Stream.of(
                Arguments.of("1000,10,10,40,10000", 1L, 60),
                Arguments.of("7,3,10,40,30", 2L, 12),
                Arguments.of("8,2,0,20,8", 3L, 9),
                Arguments.of("5,4,20,30,100", 4L, 40),
                Arguments.of("8,3,10,40,30", 5L, 6),
                Arguments.of("4,2,5,40,16", 6L, 4));
    }

    /**
     * Random streams (losses, reordering, duplicates, RTX repairs of NACKed packets, key frames, jumps, wraps)
     * compared step by step with a plain reference model; small configurations drive the ring through wrap,
     * compaction, overflow and ageing.
     */
    @ParameterizedTest
    @MethodSource("modelConfigs")
    void matchesReferenceModel(String config, long seed, int maxJump) {
        long[] c = Arrays.stream(config.split(",")).mapToLong(Long::parseLong).toArray();
        NackGenerator g = build(config);
        NackModel m = new NackModel((int) c[0], (int) c[1], c[2], c[3], (int) c[4]);
        Random rnd = new Random(seed);
        int seq = 65000;
        int[] expected = new int[6];
        int[] recent = new int[64];
        int recentCount = 0;
        long now = 0;
        for (int step = 0; step < 60_000; step++) {
            now += rnd.nextInt(4);
            int s;
            int kind = rnd.nextInt(100);
            if (kind < 70) {
                s = seq = (seq + 1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(maxJump) : 0)) & 0xFFFF;
            } else if (kind < 88 && recentCount > 0) {
                s = recent[rnd.nextInt(Math.min(recentCount, recent.length))];
            } else if (kind < 98) {
                s = (seq - rnd.nextInt(3 * maxJump)) & 0xFFFF;
            } else {
                s = seq = (seq + rnd.nextInt(40_000)) & 0xFFFF;
            }
            boolean key = rnd.nextInt(200) == 0;
            assertEquals(m.onPacket(s, key, now), g.onPacket(s, key, now), "onPacket " + s + " at step " + step);
            if (rnd.nextInt(5) == 0) {
                int cap = rnd.nextInt(expected.length + 1);
                int[] out = new int[cap];
                int n = g.dueNacks(now, out);
                int en = m.dueNacks(now, expected, cap);
                assertEquals(en, n, "dueNacks count at step " + step);
                assertArrayEquals(Arrays.copyOf(expected, en), Arrays.copyOf(out, n), "dueNacks at step " + step);
                for (int i = 0; i < n; i++) {
                    recent[recentCount++ % recent.length] = out[i];
                }
            }
            assertEquals(m.pending(), g.pending(), "pending at step " + step);
            if (rnd.nextInt(7) == 0) {
                assertEquals(m.keyFrameNeeded(), g.keyFrameNeeded(), "keyFrameNeeded at step " + step);
            }
        }
        assertEquals(m.givenUp, g.givenUpCount());
        assertEquals(m.recovered, g.recoveredCount());
        assertTrue(g.recoveredCount() > 0 && g.givenUpCount() > 0, "the random stream exercised both outcomes");
    }

    // ---- allocation ----

    private final NackGenerator alloc = new NackGenerator();
    private final int[] allocOut = new int[64];
    private long allocSink;

    /** One millisecond of a 1000 pps stream that loses every 37th packet and repairs it when NACKed. */
    private void allocRound(int i) {
        int seq = i & 0xFFFF;
        if (i % 37 != 0) {
            allocSink += alloc.onPacket(seq, i % 3000 == 1, i) ? 1 : 0;
        }
        if (i % 20 == 0) {
            int n = alloc.dueNacks(i, allocOut);
            for (int k = 0; k < n; k++) {
                allocSink += alloc.onPacket(allocOut[k], false, i) ? 1 : 0;
            }
            allocSink += alloc.keyFrameNeeded() ? 1 : 0;
        }
    }

    /** Same approach as RtcpAllocationTest: the best of several batches must allocate nothing. */
    @Test
    void hotPathDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        int rounds = 100_000;
        int i = 1;
        for (; i < rounds; i++) {
            allocRound(i);
        }
        long least = Long.MAX_VALUE;
        for (int batch = 0; batch < 5 && least > 0; batch++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int end = i + rounds; i < end; i++) {
                allocRound(i);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least, "bytes allocated by " + rounds + " rounds in the best batch");
        assertTrue(allocSink > 1000 && alloc.recoveredCount() > 1000, "losses were NACKed and repaired");
    }
}
