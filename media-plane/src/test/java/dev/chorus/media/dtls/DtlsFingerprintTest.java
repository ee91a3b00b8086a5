package dev.chorus.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link DtlsFingerprint} formatting and matching, with the FIPS 180 "abc" digests as known answers. */
class DtlsFingerprintTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    static Stream<Arguments> knownDigests() {
        return Stream.of(
                Arguments.of("sha-1", "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D"),
                Arguments.of("SHA-1", "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D"),
                Arguments.of("sha-256", "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
                        + "B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"),
                Arguments.of("sha-224", "23:09:7D:22:34:05:D8:22:86:42:A4:77:BD:A2:55:B3:"
                        + "2A:AD:BC:E4:BD:A0:B3:F7:E3:6C:9D:A7"));
    }

    @ParameterizedTest
    @MethodSource("knownDigests")
    void ofFormatsUpperCaseColonSeparatedHex(String algorithm, String expected) {
        DtlsFingerprint fp = DtlsFingerprint.of(algorithm, ABC);
        assertEquals(expected, fp.value());
        assertEquals(algorithm.toLowerCase(), fp.algorithm());
        assertTrue(fp.matches(ABC));
    }

    static Stream<Arguments> matching() {
        String sha256 = DtlsFingerprint.of("sha-256", ABC).value();
        String sha1 = DtlsFingerprint.of("sha-1", ABC).value();
        return Stream.of(
                Arguments.of(new DtlsFingerprint("sha-256", sha256), true),
                Arguments.of(new DtlsFingerprint("sha-256", sha256.toLowerCase()), true),
                Arguments.of(new DtlsFingerprint("SHA-256", " " + sha256 + " "), true),
                Arguments.of(new DtlsFingerprint("sha-1", sha1), true),
                Arguments.of(new DtlsFingerprint("sha-256", sha1), false),
                Arguments.of(new DtlsFingerprint("sha-256", sha256.substring(0, sha256.length() - 1) + "E"), false),
                Arguments.of(new DtlsFingerprint("sha-256", sha256.replace(":", "")), false),
                Arguments.of(new DtlsFingerprint("md5", sha256), false),
                Arguments.of(new DtlsFingerprint("sha-256", ""), false));
    }

    @ParameterizedTest
    @MethodSource("matching")
    void matchesComparesDigestCaseInsensitively(DtlsFingerprint fp, boolean expected) {
        assertEquals(expected, fp.matches(ABC));
    }

    @Test
    void nullCertificateNeverMatches() {
        assertFalse(DtlsFingerprint.of("sha-256", ABC).matches(null));
    }

    @Test
    void unsupportedAlgorithmAndNullsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.of("md5", ABC));
        assertThrows(NullPointerException.class, () -> new DtlsFingerprint(null, "AA"));
        assertThrows(NullPointerException.class, () -> new DtlsFingerprint("sha-256", null));
        assertThrows(NullPointerException.class, () -> DtlsFingerprint.of("sha-256", null));
    }

    @Test
    void hexOfEmptyAndSingleByteDigests() {
        assertEquals("", DtlsFingerprint.hex(new byte[0]));
        assertEquals("0F", DtlsFingerprint.hex(new byte[] {0x0F}));
        assertEquals("FF:00", DtlsFingerprint.hex(new byte[] {(byte) 0xFF, 0}));
    }
}
