package dev.chorus.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.simulcast.LayerStats;
import org.junit.jupiter.api.Test;

/** {@link SentLayerMap} (what a simulcast or SVC consumer's outputs carried) and the temporal-layer count it assumes. */
class SentLayerMapTest {

    @Test
    void remembersEveryFieldIncludingExtremesAndAbsentOnes() {
        SentLayerMap m = new SentLayerMap(8);
        m.record(65535, 65534, 15, 0xFFFF_FFFFL, 32767, 255);
        int s = m.slot(65535);
        assertTrue(s >= 0);
        assertEquals(65534, m.inSeq(s));
        assertEquals(15, m.stream(s));
        assertEquals(0xFFFF_FFFFL, m.timestamp(s));
        assertEquals(32767, m.pictureId(s));
        assertEquals(255, m.tl0(s));

        m.record(0, 0, 0, 0, -1, -1);
        int z = m.slot(0);
        assertTrue(z >= 0, "output 0 after the wrap is found");
        assertEquals(0, m.inSeq(z));
        assertEquals(0, m.stream(z));
        assertEquals(0, m.timestamp(z));
        assertEquals(-1, m.pictureId(z), "no PictureID");
        assertEquals(-1, m.tl0(z), "no TL0PICIDX");
    }

    @Test
    void remembersTheMarkerSentWithoutDisturbingTheOtherFields() {
        SentLayerMap m = new SentLayerMap(8);
        m.record(9, 500, 15, 77, 32767, 255, true);
        int s = m.slot(9);
        assertTrue(m.marker(s));
        assertEquals(15, m.stream(s), "the marker bit is not part of the stream");
        assertEquals(255, m.tl0(s));
        assertEquals(32767, m.pictureId(s));
        m.record(10, 501, 0, 78, -1, -1, false);
        assertEquals(false, m.marker(m.slot(10)));
        m.record(11, 502, 0, 79, -1, -1);
        assertEquals(false, m.marker(m.slot(11)), "simulcast records no marker");
    }

    @Test
    void unknownAndOverwrittenOutputsAreNotFound() {
        SentLayerMap m = new SentLayerMap(8);
        assertEquals(-1, m.slot(0), "an empty slot is not output 0");
        assertEquals(-1, m.slot(65535));
        m.record(3, 100, 1, 1000, 5, 6);
        assertEquals(-1, m.slot(11), "same slot, other output number");
        m.record(11, 200, 2, 2000, 7, 8);
        assertEquals(-1, m.slot(3), "overwritten by output 11");
        assertEquals(200, m.inSeq(m.slot(11)));
        assertEquals(2, m.stream(m.slot(11)));
    }

    @Test
    void theTableComesWithTheFirstRecord() {
        SentLayerMap m = new SentLayerMap(1024);
        assertFalse(m.allocated(), "nothing sent, nothing kept");
        assertEquals(-1, m.slot(0));
        m.record(0, 5, 1, 9, -1, -1);
        assertTrue(m.allocated());
        assertEquals(1024, m.capacity());
        assertEquals(5, m.inSeq(m.slot(0)));
    }

    @Test
    void aResendIsRememberedPerOutputAndForgottenWhenTheSlotIsReused() {
        SentLayerMap m = new SentLayerMap(8);
        m.record(3, 100, 1, 1000, 5, 6);
        int s = m.slot(3);
        assertFalse(m.resentWithin(s, 1_000_000, 100), "never re-sent");
        m.markResent(s, 1_000_000);
        assertTrue(m.resentWithin(s, 1_000_099, 100));
        assertFalse(m.resentWithin(s, 1_000_100, 100), "a round trip later it may go again");
        assertEquals(1, m.stream(s), "the other fields are untouched");
        assertEquals(5, m.pictureId(s));
        m.record(11, 200, 2, 2000, 7, 8);
        assertEquals(s, m.slot(11));
        assertFalse(m.resentWithin(s, 1_000_050, 100), "another output: its own resends only");
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new SentLayerMap(3));
        assertThrows(IllegalArgumentException.class, () -> new SentLayerMap(0));
        assertThrows(IllegalArgumentException.class, () -> new SentLayerMap(131072));
    }

    @Test
    void temporalLayersComeFromTheScalabilityModeOrFollowThePackets() {
        assertEquals(3, SimulcastLayers.temporalLayers("L1T3"));
        assertEquals(2, SimulcastLayers.temporalLayers("S3T2"));
        assertEquals(LayerStats.MAX_TEMPORAL_LAYERS, SimulcastLayers.temporalLayers("L1T9"), "capped");
        assertEquals(LayerStats.MAX_TEMPORAL_LAYERS, SimulcastLayers.temporalLayers("L1T1"),
                "T1 or nothing declared: whatever temporal layers the packets carry");
        assertEquals(LayerStats.MAX_TEMPORAL_LAYERS, SimulcastLayers.temporalLayers(null));
        assertEquals(LayerStats.MAX_TEMPORAL_LAYERS, SimulcastLayers.temporalLayers("nonsense"));
    }
}
