package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SendHistoryTest {
    @Test
    void handsOutConsecutiveNumbersAcrossTheWrap() {
        SendHistory h = new SendHistory(256, 65534);
        assertEquals(65534, h.onSend(100, 10));
        assertEquals(65535, h.onSend(200, 20));
        assertEquals(0, h.onSend(300, 30));
        assertEquals(1, h.onSend(400, 40));
        assertEquals(2, h.nextSeq());
        long e = h.extend(0);
        assertEquals(65536, e);
        assertEquals(30, h.sendTimeUs(e));
        assertEquals(300, h.size(e));
        long before = h.extend(65535);
        assertEquals(65535, before);
        assertEquals(20, h.sendTimeUs(before));
        assertEquals(200, h.size(before));
    }

    @Test
    void unknownNumbersAreNotFound() {
        SendHistory h = new SendHistory(256, 10);
        assertEquals(-1, h.extend(10), "nothing sent yet");
        for (int i = 0; i < 1000; i++) {
            h.onSend(100, i);
        }
        assertEquals(-1, h.extend((10 + 1000) & 0xFFFF), "not sent yet");
        assertEquals(-1, h.extend(10 + 1000 - 257), "overwritten");
        assertEquals(1000 - 256, h.sendTimeUs(h.extend(10 + 1000 - 256)), "oldest kept");
        assertEquals(999, h.sendTimeUs(h.extend(10 + 999)));
        assertEquals(-1, h.extend(10 + 1000 + 30000), "far ahead");
    }

    @Test
    void feedbackStateCountsEachPacketOnce() {
        SendHistory h = new SendHistory(256, 0);
        h.onSend(100, 0);
        h.onSend(100, 1);
        long a = h.extend(0);
        long b = h.extend(1);
        assertEquals(SendHistory.UNREPORTED, h.markReported(a, true));
        assertEquals(SendHistory.REPORTED_RECEIVED, h.markReported(a, false), "a later loss report keeps it received");
        assertEquals(SendHistory.REPORTED_RECEIVED, h.state(a));
        assertEquals(SendHistory.UNREPORTED, h.markReported(b, false));
        assertEquals(SendHistory.REPORTED_LOST, h.markReported(b, true), "late arrival");
        assertEquals(SendHistory.REPORTED_RECEIVED, h.state(b));
        for (int i = 0; i < 256; i++) {
            h.onSend(100, 2 + i);
        }
        assertEquals(-1, h.extend(0));
        assertEquals(SendHistory.UNREPORTED, h.state(h.extend(256)), "a reused slot starts unreported");
    }

    @Test
    void capacityMustBeAPowerOfTwoInRange() {
        assertThrows(IllegalArgumentException.class, () -> new SendHistory(1000, 0));
        assertThrows(IllegalArgumentException.class, () -> new SendHistory(128, 0));
        assertThrows(IllegalArgumentException.class, () -> new SendHistory(65536, 0));
    }
}
