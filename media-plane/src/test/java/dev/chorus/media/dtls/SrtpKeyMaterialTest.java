package dev.chorus.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 5764 §4.2 layout: client key | server key | client salt | server salt. */
class SrtpKeyMaterialTest {

    static Stream<Arguments> layouts() {
        // profile, total, client key, server key, client salt, server salt (start offsets)
        return Stream.of(
                Arguments.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, 60, 0, 16, 32, 46),
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, 56, 0, 16, 32, 44));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void splitsPerRfc5764(SrtpProfile profile, int total, int clientKey, int serverKey, int clientSalt,
            int serverSalt) {
        assertEquals(total, SrtpKeyMaterial.length(profile));
        byte[] material = new byte[total];
        for (int i = 0; i < total; i++) {
            material[i] = (byte) i;
        }
        SrtpKeys server = SrtpKeyMaterial.split(profile, material, true);
        SrtpKeys client = SrtpKeyMaterial.split(profile, material, false);

        int k = profile.keyLength();
        int s = profile.saltLength();
        assertArrayEquals(range(serverKey, k), server.localKey());
        assertArrayEquals(range(serverSalt, s), server.localSalt());
        assertArrayEquals(range(clientKey, k), server.remoteKey());
        assertArrayEquals(range(clientSalt, s), server.remoteSalt());
        assertArrayEquals(range(clientKey, k), client.localKey());
        assertArrayEquals(range(clientSalt, s), client.localSalt());
        assertArrayEquals(range(serverKey, k), client.remoteKey());
        assertArrayEquals(range(serverSalt, s), client.remoteSalt());
        assertEquals(profile, server.profile());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void wrongMaterialLengthIsRejected(SrtpProfile profile) {
        int n = SrtpKeyMaterial.length(profile);
        assertThrows(IllegalArgumentException.class, () -> SrtpKeyMaterial.split(profile, new byte[n - 1], true));
        assertThrows(IllegalArgumentException.class, () -> SrtpKeyMaterial.split(profile, new byte[n + 1], false));
    }

    private static byte[] range(int start, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (start + i);
        }
        return out;
    }
}
