package dev.chorus.media.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class PipeFrameTest {

    private static byte[] payload(int len) {
        byte[] p = new byte[len];
        for (int i = 0; i < len; i++) {
            p[i] = (byte) (i * 7 + 3);
        }
        return p;
    }

    @Test
    void byteArrayRoundTripKeepsTypeKeyAndBytes() {
        byte[] src = payload(40);
        byte[] dst = new byte[100];
        long key = 0x8123_4567_89AB_CDEFL;
        int n = PipeFrame.encode(PipeFrame.RTP, key, src, 5, 30, dst, 2);
        assertEquals(PipeFrame.HEADER + 30, n);
        assertEquals(30, PipeFrame.payloadLength(dst, 2, n));
        assertEquals(PipeFrame.RTP, PipeFrame.type(dst, 2));
        assertEquals(key, PipeFrame.pipeKey(dst, 2));
        assertArrayEquals(Arrays.copyOfRange(src, 5, 35), Arrays.copyOfRange(dst, 2 + PipeFrame.HEADER, 2 + n));
    }

    @Test
    void headerIsTypeThenBigEndianKey() {
        byte[] dst = new byte[PipeFrame.HEADER];
        PipeFrame.encode(PipeFrame.RTCP, 0x0102030405060708L, new byte[0], 0, 0, dst, 0);
        assertArrayEquals(new byte[] {2, 1, 2, 3, 4, 5, 6, 7, 8}, dst);
    }

    @Test
    void directBufferRoundTripMatchesByteArrayEncoding() {
        byte[] src = payload(1600);
        UnsafeBuffer buf = new UnsafeBuffer(new byte[PipeFrame.HEADER + 1600 + 4]);
        long key = -2L;
        int n = PipeFrame.encode(PipeFrame.RTCP, key, src, 0, src.length, buf, 4);
        assertEquals(PipeFrame.HEADER + 1600, n);
        assertEquals(1600, PipeFrame.payloadLength(buf, 4, n));
        assertEquals(PipeFrame.RTCP, PipeFrame.type(buf, 4));
        assertEquals(key, PipeFrame.pipeKey(buf, 4));

        byte[] viaArray = new byte[n];
        PipeFrame.encode(PipeFrame.RTCP, key, src, 0, src.length, viaArray, 0);
        byte[] viaBuffer = new byte[n];
        buf.getBytes(4, viaBuffer);
        assertArrayEquals(viaArray, viaBuffer);
        assertEquals(key, PipeFrame.pipeKey(viaArray, 0));
    }

    @Test
    void emptyPacketIsValid() {
        byte[] frame = new byte[PipeFrame.HEADER];
        PipeFrame.encode(PipeFrame.RTP, 9, new byte[0], 0, 0, frame, 0);
        assertEquals(0, PipeFrame.payloadLength(frame, 0, frame.length));
        assertEquals(0, PipeFrame.payloadLength(new UnsafeBuffer(frame), 0, frame.length));
    }

    @Test
    void tooShortInputIsMalformed() {
        byte[] frame = new byte[PipeFrame.HEADER];
        PipeFrame.encode(PipeFrame.RTP, 1, new byte[0], 0, 0, frame, 0);
        for (int len = 0; len < PipeFrame.HEADER; len++) {
            assertEquals(PipeFrame.MALFORMED, PipeFrame.payloadLength(frame, 0, len), "len " + len);
            assertEquals(PipeFrame.MALFORMED, PipeFrame.payloadLength(new UnsafeBuffer(frame), 0, len), "len " + len);
        }
    }

    @Test
    void unknownTypeIsMalformedAndCannotBeEncoded() {
        byte[] frame = new byte[PipeFrame.HEADER + 4];
        PipeFrame.encode(PipeFrame.RTP, 1, payload(4), 0, 4, frame, 0);
        for (byte type : new byte[] {0, 3, 7, -1}) {
            frame[0] = type;
            assertEquals(PipeFrame.MALFORMED, PipeFrame.payloadLength(frame, 0, frame.length));
            assertEquals(PipeFrame.MALFORMED, PipeFrame.payloadLength(new UnsafeBuffer(frame), 0, frame.length));
            assertFalse(PipeFrame.isKnownType(type));
            assertThrows(IllegalArgumentException.class,
                    () -> PipeFrame.encode(type, 1, payload(4), 0, 4, new byte[20], 0));
            assertThrows(IllegalArgumentException.class,
                    () -> PipeFrame.encode(type, 1, payload(4), 0, 4, new UnsafeBuffer(new byte[20]), 0));
        }
        assertTrue(PipeFrame.isKnownType(PipeFrame.RTP));
        assertTrue(PipeFrame.isKnownType(PipeFrame.RTCP));
    }

    @Test
    void encodeRejectsRangesThatDoNotFit() {
        assertThrows(IndexOutOfBoundsException.class,
                () -> PipeFrame.encode(PipeFrame.RTP, 1, payload(10), 0, 10, new byte[PipeFrame.HEADER + 9], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> PipeFrame.encode(PipeFrame.RTP, 1, payload(10), 5, 10, new byte[100], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> PipeFrame.encode(PipeFrame.RTP, 1, payload(10), 0, 10,
                        new UnsafeBuffer(new byte[PipeFrame.HEADER + 9]), 0));
    }
}
