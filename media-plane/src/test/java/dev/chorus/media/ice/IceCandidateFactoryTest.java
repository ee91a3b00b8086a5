package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IceCandidateFactoryTest {
    static Stream<Arguments> priorities() {
        return Stream.of(
                Arguments.of(10000, 1_076_302_079L),  // 64<<24 + 10000<<8 + 255: mediasoup's first UDP entry
                Arguments.of(11000, 1_076_558_079L),
                Arguments.of(9900, 1_076_276_479L),
                Arguments.of(0, 1_073_742_079L),
                Arguments.of(65535, 1_090_519_039L));
    }

    @ParameterizedTest
    @MethodSource("priorities")
    void hostPriority(int localPreference, long expected) {
        assertEquals(expected, IceCandidateFactory.priority(localPreference));
    }

    @Test
    void priorityRejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> IceCandidateFactory.priority(-1));
        assertThrows(IllegalArgumentException.class, () -> IceCandidateFactory.priority(65536));
    }

    static Stream<Arguments> localPreferences() {
        return Stream.of(
                Arguments.of(0, false, 10000), Arguments.of(0, true, 11000), Arguments.of(1, false, 9900),
                Arguments.of(3, true, 10700), Arguments.of(100, false, 0), Arguments.of(Integer.MAX_VALUE, false, 0),
                Arguments.of(-4, false, 10000));
    }

    @ParameterizedTest
    @MethodSource("localPreferences")
    void mediasoupLocalPreference(int index, boolean preferred, int expected) {
        assertEquals(expected, IceCandidateFactory.localPreference(index, preferred));
    }

    @Test
    void foundations() {
        assertEquals("udpcandidate", IceCandidateFactory.foundation("udp"));
        assertEquals("tcpcandidate", IceCandidateFactory.foundation("tcp"));
        assertThrows(IllegalArgumentException.class, () -> IceCandidateFactory.foundation("tls"));
    }
}
