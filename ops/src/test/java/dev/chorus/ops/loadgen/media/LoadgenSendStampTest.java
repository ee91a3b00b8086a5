package dev.chorus.ops.loadgen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The send time at the end of every payload. */
class LoadgenSendStampTest {

    @Test
    void roundTripsAtTheEndOfThePayload() {
        byte[] b = new byte[100];
        long micros = 0x0123_4567_89ABL;
        SendStamp.write(b, 60 - SendStamp.LENGTH, micros);
        assertEquals(micros, SendStamp.read(b, 20, 40));
    }

    @Test
    void largeClockValuesSurvive() {
        byte[] b = new byte[SendStamp.LENGTH];
        SendStamp.write(b, 0, Long.MAX_VALUE / 1000);
        assertEquals(Long.MAX_VALUE / 1000, SendStamp.read(b, 0, SendStamp.LENGTH));
    }

    @Test
    void aPayloadWithoutTheMagicOrTooShortHasNoStamp() {
        byte[] b = new byte[40];
        assertEquals(-1, SendStamp.read(b, 0, 40));
        SendStamp.write(b, 28, 42);
        assertEquals(42, SendStamp.read(b, 0, 40));
        assertEquals(-1, SendStamp.read(b, 0, 39), "the stamp must end the payload");
        assertEquals(-1, SendStamp.read(b, 30, 10));
        assertEquals(-1, SendStamp.read(b, 35, 12), "beyond the array");
    }
}
