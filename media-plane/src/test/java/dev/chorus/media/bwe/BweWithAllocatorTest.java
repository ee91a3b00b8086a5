package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Estimator and allocator together on a simulated downlink, the way the engine will run them: the sender sends
 * what the allocator budgets plus its probing padding. A subscriber with a high- and a low-priority video goes down
 * a layer when the capacity falls and back up when it recovers.
 */
class BweWithAllocatorTest {
    private static final long SECOND = 1_000_000;
    private static final long[] LAYERS = {150_000, 500_000, 1_500_000};

    private final SendSideBwe bwe = new SendSideBwe(300_000, 30_000, 20_000_000, new SendHistory());
    private final SimulatedLink link = new SimulatedLink(bwe, 4_000_000, 0);
    private final BitrateAllocator allocator = new BitrateAllocator();
    private final int audio = allocator.addAudio(48_000);
    private final int speaker = allocator.addVideo(2, LAYERS);
    private final int other = allocator.addVideo(1, LAYERS);
    private long lastAllocationUs = -1;

    private long rate(long nowUs) {
        if (lastAllocationUs < 0 || nowUs - lastAllocationUs >= 100_000) {
            lastAllocationUs = nowUs;
            allocator.allocate(bwe.estimateBps(), nowUs / 1000);
        }
        return allocator.allocatedBps() + allocator.probeBps();
    }

    @Test
    void layersFollowTheDownlink() {
        link.runUntil(60 * SECOND, this::rate);
        assertEquals(2, allocator.layer(speaker), "estimate " + bwe.estimateBps());
        assertEquals(2, allocator.layer(other), "estimate " + bwe.estimateBps());

        link.capacityBps = 1_200_000;
        link.runUntil(70 * SECOND, this::rate);
        assertTrue(bwe.estimateBps() < 1_300_000, "estimate " + bwe.estimateBps());
        assertEquals(48_000, allocator.budgetBps(audio));
        assertTrue(allocator.layer(speaker) >= allocator.layer(other), "the speaker keeps the better layer");
        assertTrue(allocator.layer(other) < 2, "the other video went down");
        assertTrue(allocator.allocatedBps() <= bwe.estimateBps() + 48_000);

        link.capacityBps = 4_000_000;
        link.runUntil(150 * SECOND, this::rate);
        assertEquals(2, allocator.layer(speaker), "estimate " + bwe.estimateBps());
        assertEquals(2, allocator.layer(other), "back up: estimate " + bwe.estimateBps());
    }
}
