package dev.chorus.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentSeqMapTest {

    @Test
    void mapsRecentOutputs() {
        SentSeqMap m = new SentSeqMap(8);
        m.put(100, 5000);
        m.put(101, 5002);
        assertEquals(5000, m.get(100));
        assertEquals(5002, m.get(101));
        assertEquals(-1, m.get(102));
        assertEquals(-1, m.get(0));
    }

    @Test
    void evictsOutputsOlderThanCapacity() {
        SentSeqMap m = new SentSeqMap(8);
        for (int out = 0; out < 20; out++) {
            m.put(out, 1000 + out);
        }
        for (int out = 0; out < 12; out++) {
            assertEquals(-1, m.get(out), "out " + out);
        }
        for (int out = 12; out < 20; out++) {
            assertEquals(1000 + out, m.get(out), "out " + out);
        }
    }

    @Test
    void wrapsAt65535() {
        SentSeqMap m = new SentSeqMap(4);
        m.put(65534, 1);
        m.put(65535, 65535);
        m.put(0x1_0000, 0);
        m.put(1, 0x1_0002);
        assertEquals(1, m.get(65534));
        assertEquals(65535, m.get(65535));
        assertEquals(0, m.get(0));
        assertEquals(2, m.get(1));
        assertEquals(-1, m.get(2));
        assertEquals(65535, m.get(-1));
    }

    @Test
    void sameSlotDifferentOutputIsUnknown() {
        SentSeqMap m = new SentSeqMap(100);   // rounds to 128
        m.put(5, 7);
        assertEquals(-1, m.get(5 + 128));
        m.put(5 + 128, 9);
        assertEquals(-1, m.get(5));
        assertEquals(9, m.get(133));
        m.put(5 + 100, 11);
        assertEquals(9, m.get(133));
    }

    @Test
    void theTableComesWithTheFirstOutput() {
        SentSeqMap m = new SentSeqMap(256);
        assertFalse(m.allocated(), "nothing sent, nothing kept");
        assertEquals(-1, m.get(0));
        assertEquals(-1, m.slot(65535));
        m.put(7, 70);
        assertTrue(m.allocated());
        assertEquals(256, m.capacity());
        assertEquals(70, m.get(7));
        for (int out = 0; out < 256; out++) {
            if (out != 7) {
                assertEquals(-1, m.get(out), "empty slot " + out + " matches no output");
            }
        }
    }

    @Test
    void aCapacityOfOneStillRemembersTheLastOutput() {
        SentSeqMap m = new SentSeqMap(1);
        assertEquals(2, m.capacity());
        m.put(0, 9);
        m.put(1, 10);
        assertEquals(9, m.get(0));
        assertEquals(10, m.get(1));
        assertEquals(-1, m.get(2));
    }

    @Test
    void aResendIsRememberedPerOutputAndForgottenWhenTheSlotIsReused() {
        SentSeqMap m = new SentSeqMap(4);
        m.put(10, 100);
        int s = m.slot(10);
        assertEquals(100, m.inSeq(s));
        assertFalse(m.resentWithin(s, 5_000, 100), "never re-sent");
        m.markResent(s, 5_000);
        assertTrue(m.resentWithin(s, 5_000, 100));
        assertTrue(m.resentWithin(s, 5_099, 100));
        assertFalse(m.resentWithin(s, 5_100, 100), "a round trip later it may go again");
        m.put(14, 140); // same slot, the next output number there
        assertEquals(s, m.slot(14));
        assertFalse(m.resentWithin(s, 5_050, 100), "another output: its own resends only");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65537})
    void rejectsBadCapacity(int capacity) {
        assertThrows(IllegalArgumentException.class, () -> new SentSeqMap(capacity));
    }
}
