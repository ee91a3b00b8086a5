package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.chorus.media.AllocationBudget;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-packet ({@link SendSideBwe#onPacketSent}), per-feedback ({@link SendSideBwe#onTransportCcFeedback},
 * {@link SendSideBwe#onRemb}) and per-estimate ({@link BitrateAllocator#allocate}) paths allocate nothing once
 * warmed up.
 */
class BweAllocationTest {
    private static final long SECOND = 1_000_000;

    private final SendSideBwe bwe = new SendSideBwe(300_000, 30_000, 20_000_000, new SendHistory(8192, 60_000));
    private final SimulatedLink link = new SimulatedLink(bwe, 3_000_000, 5_000_000_000L);
    private final BitrateAllocator allocator = new BitrateAllocator();
    private final long[] layers = {150_000, 500_000, 1_500_000};
    private long lastAllocationUs;
    private long checksum;
    private final SimulatedLink.RatePolicy policy = this::rate;

    private long rate(long nowUs) {
        if (nowUs - lastAllocationUs >= 100_000) {
            lastAllocationUs = nowUs;
            allocator.allocate(bwe.estimateBps(), nowUs / 1000);
            if ((nowUs / 100_000) % 50 == 0) {
                bwe.onRemb(5_000_000, nowUs);
            }
            checksum += allocator.budgetBps(0) + allocator.probeBps();
        }
        return allocator.allocatedBps() + allocator.probeBps();
    }

    @Test
    void sendingFeedbackAndAllocationDoNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        allocator.addAudio(48_000);
        allocator.addVideo(2, layers);
        allocator.addVideo(1, layers);
        link.runUntil(30 * SECOND, policy);
        link.runUntil(60 * SECOND, policy);
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        link.runUntil(120 * SECOND, policy);
        long after = mx.getThreadAllocatedBytes(tid);
        // Not one object per packet: that would be megabytes here. A few dozen bytes may come from the counter
        // read itself while it is not yet compiled (seen on a loaded machine, and with escape analysis off).
        long allocated = after - before;
        assertTrue(allocated < AllocationBudget.ONE_TIME_SLACK_BYTES, "bytes allocated by 60 simulated seconds" + ": " + allocated);
        assertTrue(bwe.feedbackCount() > 1000);
        assertTrue(checksum != 0);
        assertEquals(0, link.feedbackErrors);
    }
}
