package dev.chorus.media.simulcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayerStatsTest {

    @Test
    void activityFollowsPacketsWithATimeout() {
        LayerStats s = new LayerStats(3);
        assertFalse(s.active(0, 0));
        assertEquals(-1, s.activeForMs(0, 0));
        assertEquals(-1, s.highestTemporal(0, 0));
        s.onPacket(1, 0, 100, 1000);
        assertTrue(s.active(1, 1000));
        assertFalse(s.active(0, 1000));
        s.onPacket(1, 0, 100, 2000);
        assertEquals(1000, s.activeForMs(1, 2000));
        assertTrue(s.active(1, 2000 + LayerStats.ACTIVE_TIMEOUT_MS - 1));
        assertFalse(s.active(1, 2000 + LayerStats.ACTIVE_TIMEOUT_MS));
        // After a pause the stream is active again, counted from its restart.
        s.onPacket(1, 0, 100, 9000);
        assertEquals(0, s.activeForMs(1, 9000));
        assertEquals(500, s.activeForMs(1, 9500));
        assertFalse(s.active(-1, 9000));
        assertFalse(s.active(3, 9000));
        s.onPacket(7, 0, 100, 9000); // ignored
    }

    @Test
    void highestTemporalLayerSeenRecently() {
        LayerStats s = new LayerStats(1);
        s.onPacket(0, -1, 10, 0);
        assertEquals(0, s.highestTemporal(0, 0));
        s.onPacket(0, 2, 10, 100);
        assertEquals(2, s.highestTemporal(0, 100));
        s.onPacket(0, 0, 10, 1000);
        s.onPacket(0, 0, 10, 1700);
        assertEquals(0, s.highestTemporal(0, 1700), "TID 2 has not been seen for 1.6 s");
        s.onPacket(0, 9, 10, 1800);
        assertEquals(3, s.highestTemporal(0, 1800), "out-of-range TID is capped");
    }

    @Test
    void bitrateOverTheLastSecondPerTemporalLayerCumulative() {
        LayerStats s = new LayerStats(2);
        // Stream 0: TL0 100 kbps, TL1 200 kbps (125 and 250 bytes every 10 ms) for 3 s.
        for (long t = 0; t < 3000; t += 10) {
            s.onPacket(0, 0, 125, t);
            s.onPacket(0, 1, 250, t);
        }
        long now = 2999;
        assertEquals(100_000, s.bitrate(0, 0, now));
        assertEquals(300_000, s.bitrate(0, 1, now));
        assertEquals(300_000, s.bitrate(0, 3, now));
        assertEquals(0, s.bitrate(1, 3, now));
        assertEquals(0, s.bitrate(5, 0, now));
        // Old buckets age out.
        assertEquals(0, s.bitrate(0, 3, now + 1100));
        long half = s.bitrate(0, 3, now + 500);
        assertTrue(half > 100_000 && half < 200_000, "half a window later: " + half);
    }

    @Test
    void badStreamCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LayerStats(0));
        assertThrows(IllegalArgumentException.class, () -> new LayerStats(17));
    }
}
