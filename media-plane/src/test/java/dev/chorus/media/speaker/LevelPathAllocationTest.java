package dev.chorus.media.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.chorus.media.AllocationBudget;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpTestPackets;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-packet path (wrap, read the audio level, DTX check, aggregate) must not allocate: runs it many times after
 * a warm-up and checks the thread's allocated-bytes counter did not move. Drains (a few a second) are not part of it.
 */
class LevelPathAllocationTest {
    private static final int ROUNDS = 50_000;

    private final byte[] oneByte = RtpTestPackets.rtp().oneByte(1, 'a').oneByte(10, 0x80 | 33)
        .payload(1, 2, 3, 4, 5, 6).build();
    private final byte[] twoByte = RtpTestPackets.rtp().twoByte(10, 45).extRaw(0).payload(1, 2, 3, 4).build();
    private final byte[] dtx = RtpTestPackets.rtp().oneByte(10, 127).payload(0xF8).build();
    private final RtpPacket view = new RtpPacket();
    private final LevelAggregator aggregator = new LevelAggregator();
    private long checksum;

    @Test
    void perPacketPathDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        aggregator.drain(0);
        runRounds(0);
        runRounds(ROUNDS);
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        runRounds(2 * ROUNDS);
        long after = mx.getThreadAllocatedBytes(tid);
        // Not one object per packet: that would be megabytes here. A few dozen bytes may come from the counter
        // read itself while it is not yet compiled (seen on a loaded machine, and with escape analysis off).
        long allocated = after - before;
        assertTrue(allocated < AllocationBudget.ONE_TIME_SLACK_BYTES, "bytes allocated by " + ROUNDS + " packets" + ": " + allocated);
        assertTrue(checksum != 0);
        // Time ran far past the aggregator's capacity: a drain reports only the newest sub-intervals.
        assertEquals(LevelAggregator.DEFAULT_MAX_INTERVALS, aggregator.drain(3L * ROUNDS * 20).intervals());
    }

    private void runRounds(int start) {
        for (int i = start; i < start + ROUNDS; i++) {
            byte[] p = switch (i % 3) {
                case 0 -> oneByte;
                case 1 -> twoByte;
                default -> dtx;
            };
            if (!view.wrap(p, 0, p.length)) {
                throw new AssertionError("wrap failed");
            }
            view.setSequenceNumber(i & 0xFFFF);
            int raw = AudioLevels.read(view, 10);
            checksum += AudioLevels.level(raw) + (AudioLevels.voice(raw) ? 1 : 0) + (AudioLevels.isDtx(view) ? 1 : 0);
            aggregator.onPacket(view, 10, i * 20L);
        }
    }
}
