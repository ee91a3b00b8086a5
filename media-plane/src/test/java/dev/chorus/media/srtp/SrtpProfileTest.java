package dev.chorus.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 5764 §4.1.2 and RFC 7714 §14.2 parameters. */
class SrtpProfileTest {

    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, 0x0001, 16, 14, 10, 10),
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, 0x0007, 16, 12, 16, 16));
    }

    @ParameterizedTest
    @MethodSource("parameters")
    void profileParametersFollowTheRfcs(SrtpProfile profile, int id, int key, int salt, int rtpTag, int rtcpTag) {
        assertEquals(id, profile.protectionProfileId());
        assertEquals(key, profile.keyLength());
        assertEquals(salt, profile.saltLength());
        assertEquals(rtpTag, profile.rtpAuthTagLength());
        assertEquals(rtcpTag, profile.rtcpAuthTagLength());
        assertEquals(profile, SrtpProfile.fromProtectionProfileId(id));
    }

    @Test
    void unknownProfileIdsAreNotSupported() {
        assertNull(SrtpProfile.fromProtectionProfileId(0x0002)); // AES128_CM_HMAC_SHA1_32
        assertNull(SrtpProfile.fromProtectionProfileId(0x0008)); // AEAD_AES_256_GCM
        assertNull(SrtpProfile.fromProtectionProfileId(0));
        assertNull(SrtpProfile.fromProtectionProfileId(-1));
    }
}
