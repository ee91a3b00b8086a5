package dev.chorus.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpusPacketsTest {

    @ParameterizedTest(name = "len {0}")
    @CsvSource({"-1,false", "0,false", "1,true", "2,true", "3,false", "80,false"})
    void isDtx(int len, boolean expected) {
        assertEquals(expected, OpusPackets.isDtx(len));
    }
}
