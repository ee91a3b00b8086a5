package dev.chorus.media.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.media.buffer.BufferPool;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetransmissionRingTest {
    private final BufferPool pool = new BufferPool(16);
    private final RetransmissionRing ring = new RetransmissionRing(pool, 4, 1000);

    @Test
    void storesACopy() {
        byte[] src = {9, 9, 1, 2, 3, 4, 5, 9};
        ring.store(10, src, 2, 5, 100);
        src[2] = 77;
        assertEquals(5, ring.length(10, 100));
        byte[] b = ring.buffer(10);
        assertEquals(BufferPool.BUFFER_SIZE, b.length);
        assertEquals(0, ring.offset(10));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Arrays.copyOfRange(b, 0, 5));
        assertEquals(1, ring.size());
        assertEquals(1, pool.allocated());
        assertEquals(0, pool.idle());
    }

    @Test
    void absentSequenceNumbers() {
        ring.store(10, new byte[] {1}, 0, 1, 0);
        assertEquals(-1, ring.length(11, 0));
        assertEquals(-1, ring.length(14, 0));   // same slot, different seq
        assertNull(ring.buffer(14));
        assertEquals(-1, ring.offset(14));
        assertEquals(RetransmissionRing.NEVER, ring.lastResentMs(14));
    }

    @Test
    void overwritingASlotReusesItsBuffer() {
        ring.store(10, new byte[] {1, 1}, 0, 2, 0);
        ring.store(14, new byte[] {2, 2, 2}, 0, 3, 5);
        assertEquals(-1, ring.length(10, 5));
        assertEquals(3, ring.length(14, 5));
        assertEquals(2, ring.buffer(14)[2]);
        ring.store(14, new byte[] {3}, 0, 1, 6);
        assertEquals(1, ring.length(14, 6));
        assertEquals(3, ring.buffer(14)[0]);
        assertEquals(1, ring.size());
        assertEquals(1, pool.allocated());
        assertEquals(0, pool.idle());
    }

    @Test
    void expiresByAgeAndReleasesTheBuffer() {
        ring.store(1, new byte[] {1}, 0, 1, 5000);
        ring.store(2, new byte[] {2}, 0, 1, 5500);
        assertEquals(1, ring.length(1, 6000));
        assertEquals(-1, ring.length(1, 6001));
        assertNull(ring.buffer(1));
        assertEquals(1, ring.size());
        assertEquals(1, pool.idle());
        assertEquals(1, ring.length(2, 6001));
        ring.store(3, new byte[] {3}, 0, 1, 6001);
        assertEquals(2, pool.allocated());
        assertEquals(0, pool.idle());
    }

    @Test
    void sequenceNumbersWrap() {
        ring.store(65535, new byte[] {1}, 0, 1, 0);
        ring.store(0, new byte[] {2}, 0, 1, 0);
        ring.store(0x1_0001, new byte[] {3}, 0, 1, 0);
        assertEquals(1, ring.buffer(65535)[0]);
        assertEquals(2, ring.buffer(0)[0]);
        assertEquals(3, ring.buffer(1)[0]);
        assertEquals(1, ring.length(-1, 0));
        assertEquals(3, ring.size());
    }

    @Test
    void tracksResends() {
        ring.store(7, new byte[] {1}, 0, 1, 0);
        assertEquals(RetransmissionRing.NEVER, ring.lastResentMs(7));
        ring.markResent(7, 40);
        assertEquals(40, ring.lastResentMs(7));
        ring.markResent(8, 50);
        assertEquals(RetransmissionRing.NEVER, ring.lastResentMs(8));
        ring.store(7, new byte[] {2}, 0, 1, 60);
        assertEquals(RetransmissionRing.NEVER, ring.lastResentMs(7));
        ring.markResent(3, 70);   // slot of 7, other seq
        assertEquals(RetransmissionRing.NEVER, ring.lastResentMs(7));
    }

    @Test
    void clearReleasesEveryBuffer() {
        for (int s = 0; s < 3; s++) {
            ring.store(s, new byte[] {(byte) s}, 0, 1, 0);
        }
        assertEquals(3, pool.allocated());
        ring.clear();
        assertEquals(0, ring.size());
        assertEquals(3, pool.idle());
        assertEquals(-1, ring.length(0, 0));
        ring.store(9, new byte[] {1}, 0, 1, 0);
        assertEquals(3, pool.allocated());
        assertEquals(2, pool.idle());
        ring.clear();
        ring.clear();
        assertEquals(3, pool.idle());
    }

    static Stream<Arguments> badStores() {
        return Stream.of(
            Arguments.of("null", null, 0, 1),
            Arguments.of("empty", new byte[4], 0, 0),
            Arguments.of("negative length", new byte[4], 0, -1),
            Arguments.of("past end", new byte[4], 2, 3),
            Arguments.of("negative offset", new byte[4], -1, 2),
            Arguments.of("larger than a pool buffer", new byte[2000], 0, BufferPool.BUFFER_SIZE + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStores")
    void ignoresBadStores(String name, byte[] src, int off, int len) {
        ring.store(5, src, off, len, 0);
        assertEquals(0, ring.size());
        assertEquals(-1, ring.length(5, 0));
        assertEquals(0, pool.allocated());
    }

    @Test
    void storesAFullSizeBuffer() {
        byte[] big = new byte[BufferPool.BUFFER_SIZE];
        big[BufferPool.BUFFER_SIZE - 1] = 42;
        ring.store(5, big, 0, big.length, 0);
        assertEquals(BufferPool.BUFFER_SIZE, ring.length(5, 0));
        assertEquals(42, ring.buffer(5)[BufferPool.BUFFER_SIZE - 1]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6, 65537, -4})
    void rejectsCapacityThatIsNotAPowerOfTwo(int capacity) {
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionRing(pool, capacity, 1000));
    }
}
