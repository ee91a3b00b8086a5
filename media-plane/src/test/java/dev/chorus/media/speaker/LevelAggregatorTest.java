package dev.chorus.media.speaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpTestPackets;
import org.junit.jupiter.api.Test;

class LevelAggregatorTest {
    private static final int V = 0x80;

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void keepsTheLoudestLevelPerSubIntervalAndTheVoiceFlags() {
        LevelAggregator agg = new LevelAggregator();
        long t0 = 1_000_000;
        assertNull(agg.drain(t0));
        // 50 ms sub-intervals, a packet every 20 ms.
        agg.onPacket(V | 40, false, t0);
        agg.onPacket(V | 30, false, t0 + 20);
        agg.onPacket(50, false, t0 + 40);
        agg.onPacket(60, false, t0 + 60);
        agg.onPacket(70, false, t0 + 80);
        agg.onPacket(V | 20, false, t0 + 100);
        agg.onPacket(25, false, t0 + 120);
        agg.onPacket(10, false, t0 + 140);  // in the sub-interval still running at drain time
        LevelSummary s = agg.drain(t0 + 149);
        assertNotNull(s);
        assertEquals(50, s.subIntervalMs());
        assertArrayEquals(bytes(30, 60), s.levels());
        assertTrue(s.voice(0));
        assertFalse(s.voice(1));
        assertEquals(30, s.loudest());
        assertEquals(5, s.packets());
        assertFalse(s.silent());
        LevelSummary next = agg.drain(t0 + 150);
        assertArrayEquals(bytes(10), next.levels());
        assertTrue(next.voice(0));
        assertEquals(3, next.packets());
    }

    @Test
    void dtxAndMissingLevelsReadAsSilence() {
        LevelAggregator agg = new LevelAggregator();
        agg.drain(0);
        agg.onPacket(V | 30, false, 0);
        agg.onPacket(5, true, 10);                 // DTX: level ignored
        agg.onPacket(AudioLevels.NONE, false, 20); // no extension
        agg.onPacket(4, true, 60);
        agg.onPacket(AudioLevels.NONE, false, 70);
        LevelSummary s = agg.drain(100);
        assertArrayEquals(bytes(30, 127), s.levels());
        assertEquals(5, s.packets());
        assertEquals(2, s.dtxPackets());
        assertEquals(2, s.noLevelPackets());
    }

    @Test
    void subIntervalsWithoutPacketsAreSilent() {
        LevelAggregator agg = new LevelAggregator();
        agg.drain(0);
        agg.onPacket(20, false, 10);
        agg.onPacket(30, false, 160);
        LevelSummary s = agg.drain(200);
        assertArrayEquals(bytes(20, 127, 127, 30), s.levels());
        assertEquals(2, s.packets());
    }

    @Test
    void reportsOneQuietSummaryAfterSoundThenNothing() {
        LevelAggregator agg = new LevelAggregator();
        agg.drain(0);
        for (long t = 0; t < 200; t += 20) {
            agg.onPacket(127, false, t);
        }
        assertNull(agg.drain(200), "quiet from the start: nothing to report");
        agg.onPacket(30, false, 220);
        assertNotNull(agg.drain(400));
        for (long t = 400; t < 600; t += 20) {
            agg.onPacket(5, true, t);
        }
        LevelSummary quiet = agg.drain(600);
        assertNotNull(quiet, "the first quiet summary tells the room the sound stopped");
        assertTrue(quiet.silent());
        assertEquals(10, quiet.dtxPackets());
        assertNull(agg.drain(800));
        assertNull(agg.drain(1000));
        agg.onPacket(40, false, 1010);
        assertEquals(40, agg.drain(1100).loudest());
    }

    @Test
    void aQuietLevelCanSuppressBackgroundNoise() {
        LevelAggregator agg = new LevelAggregator(50, 32, 90);
        agg.drain(0);
        for (long t = 0; t < 400; t += 20) {
            agg.onPacket(95, false, t);
        }
        assertNull(agg.drain(400));
        agg.onPacket(60, false, 420);
        assertEquals(60, agg.drain(500).loudest());
    }

    @Test
    void keepsOnlyTheNewestSubIntervalsBetweenDrains() {
        LevelAggregator agg = new LevelAggregator(50, 4, 127);
        agg.drain(0);
        for (int i = 0; i < 10; i++) {
            agg.onPacket(i + 10, false, i * 50L);
        }
        LevelSummary s = agg.drain(500);
        assertArrayEquals(bytes(16, 17, 18, 19), s.levels());
        assertEquals(4, s.packets());
    }

    @Test
    void aLongGapReportsAtMostTheCapacity() {
        LevelAggregator agg = new LevelAggregator(50, 4, 127);
        agg.drain(0);
        agg.onPacket(10, false, 0);
        assertEquals(10, agg.drain(100).loudest());
        LevelSummary s = agg.drain(10_000);
        assertArrayEquals(bytes(127, 127, 127, 127), s.levels());
        assertTrue(s.silent());
    }

    @Test
    void aPacketStampedBeforeTheLastDrainCountsInTheFirstPendingSubInterval() {
        LevelAggregator agg = new LevelAggregator();
        agg.drain(0);
        agg.onPacket(50, false, 10);
        agg.drain(100);
        agg.onPacket(20, false, 99);   // queued before the drain ran
        LevelSummary s = agg.drain(150);
        assertArrayEquals(bytes(20), s.levels());
    }

    @Test
    void worksAcrossZeroAndNegativeClockValues() {
        LevelAggregator agg = new LevelAggregator();
        agg.drain(-120);
        agg.onPacket(33, false, -110);
        agg.onPacket(44, false, -10);
        agg.onPacket(55, false, 5);
        LevelSummary s = agg.drain(50);
        // Sub-intervals [-150,-100) [-100,-50) [-50,0) [0,50).
        assertArrayEquals(bytes(33, 127, 44, 55), s.levels());
    }

    @Test
    void readsLevelsFromPackets() {
        LevelAggregator agg = new LevelAggregator();
        RtpPacket view = new RtpPacket();
        byte[] loud = RtpTestPackets.rtp().oneByte(1, 'a').oneByte(10, V | 12).payload(1, 2, 3, 4).build();
        byte[] dtx = RtpTestPackets.rtp().oneByte(10, 3).payload(0xF8).build();
        byte[] bare = RtpTestPackets.rtp().payload(1, 2, 3, 4).build();
        agg.drain(0);
        assertTrue(view.wrap(dtx, 0, dtx.length));
        agg.onPacket(view, 10, 0);
        assertTrue(view.wrap(bare, 0, bare.length));
        agg.onPacket(view, 10, 20);
        assertTrue(view.wrap(loud, 0, loud.length));
        agg.onPacket(view, 10, 60);
        assertTrue(view.wrap(loud, 0, loud.length));
        agg.onPacket(view, 0, 70);  // extension not negotiated
        LevelSummary s = agg.drain(100);
        assertArrayEquals(bytes(127, 12), s.levels());
        assertTrue(s.voice(1));
        assertEquals(1, s.dtxPackets());
        assertEquals(2, s.noLevelPackets());
        assertEquals(4, s.packets());
    }

    @Test
    void summaryIsImmutable() {
        byte[] levels = bytes(1, 2);
        LevelSummary s = new LevelSummary(50, levels, 0, 1, 2, 0, 0);
        levels[0] = 99;
        s.levels()[1] = 99;
        assertArrayEquals(bytes(1, 2), s.levels());
        assertEquals(s, new LevelSummary(50, bytes(1, 2), 0, 1, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LevelSummary(50, new byte[65], 0, 127, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LevelAggregator(50, 65, 127));
    }
}
