package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IceCredentialsTest {
    @Test
    void randomIs32CharsOfDigitsAndLowercase() {
        SecureRandom rnd = new SecureRandom();
        IceCredentials a = IceCredentials.random(rnd);
        IceCredentials b = IceCredentials.random(rnd);
        for (IceCredentials c : new IceCredentials[] {a, b}) {
            assertTrue(c.ufrag().matches("[0-9a-z]{32}"), c.ufrag());
            assertTrue(c.password().matches("[0-9a-z]{32}"));
        }
        assertNotEquals(a, b);
        assertNotEquals(a.ufrag(), a.password());
    }

    @Test
    void toStringHidesPasswordAndKeyIsAscii() {
        IceCredentials c = new IceCredentials("uf", "secret");
        assertFalse(c.toString().contains("secret"));
        assertTrue(c.toString().contains("uf"));
        assertEquals("secret", new String(c.key(), StandardCharsets.US_ASCII));
        assertEquals(new IceCredentials("uf", "secret"), c);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "pw"), Arguments.of("a:b", "pw"), Arguments.of("uf", ""),
                Arguments.of("u f", "pw"), Arguments.of("uf", "p\u00e9"), Arguments.of("x".repeat(257), "pw"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsUnusableValues(String ufrag, String password) {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials(ufrag, password));
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> new IceCredentials(null, "pw"));
        assertThrows(NullPointerException.class, () -> new IceCredentials("uf", null));
    }
}
