package dev.chorus.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.peer.PeerGrant;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code chorus.auth} section: defaults, PEM key files as operators make them, and the checks at start. */
class AuthSettingsTest {
    private static final KeyPair EC = TestKeys.ecP256();

    private static Config config(Map<String, ?> auth) {
        return ConfigFactory.parseMap(auth).atPath("chorus.auth")
                .withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void theDefaultIsOpen() {
        AuthSettings s = AuthSettings.from(config(Map.of()));
        assertFalse(s.tokensRequired());
        assertFalse(s.canIssue());
        assertNull(s.adminToken());
        assertEquals(Duration.ofSeconds(30), s.clockSkew());
        assertEquals(Duration.ofHours(24), s.maxTokenTtl());
        assertEquals(2, s.warnings().size(), "anyone may join, and /api is open: " + s.warnings());
        assertTrue(s.warnings().get(0).contains("anyone who reaches this node may join"), s.warnings()::toString);
    }

    static Stream<Arguments> privateKeyFiles() {
        return Stream.of(Arguments.of("PKCS#8", TestKeys.pkcs8Pem(EC)),
                Arguments.of("SEC1", TestKeys.sec1Pem(EC, true)),
                Arguments.of("SEC1 without its public key", TestKeys.sec1Pem(EC, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("privateKeyFiles")
    void aPrivateKeyFileAloneSignsAndVerifies(String format, String pem) {
        AuthSettings s = AuthSettings.from(config(Map.of("private-key-file", TestKeys.write(pem).toString(),
                "admin-token", "an-admin-token-of-some-length")));
        assertTrue(s.tokensRequired());
        assertTrue(s.canIssue());
        assertEquals(java.util.List.of(), s.warnings());
        JoinTokens tokens = new JoinTokens(s);
        Instant now = Instant.now();
        String t = tokens.issue("r", "p", null, PeerGrant.Role.GUEST, Duration.ofMinutes(1), now);
        assertInstanceOf(JoinTokens.Granted.class, tokens.check(t, "r", "p", now));
        assertInstanceOf(JoinTokens.Granted.class, tokens.check(Tokens.es256(EC, Tokens.claims("r", "p", "guest",
                now).build()), "r", "p", now), "a token signed elsewhere with the same key");
    }

    @Test
    void aPublicKeyFileOnlyVerifies() {
        AuthSettings s = AuthSettings.from(config(Map.of("public-key-file",
                TestKeys.write(TestKeys.publicPem(EC)).toString())));
        assertTrue(s.tokensRequired());
        assertFalse(s.canIssue());
    }

    static Stream<Arguments> wrong() {
        KeyPair other = TestKeys.ecP256();
        return Stream.of(
                Arguments.of(Map.of("secret", "too short"), "at least 32 bytes"),
                Arguments.of(Map.of("admin-token", "short"), "at least 16 characters"),
                Arguments.of(Map.of("public-key-file", "/no/such/file.pem"), "cannot read /no/such/file.pem"),
                Arguments.of(Map.of("public-key-file", TestKeys.write("not a key").toString()), "EC P-256"),
                Arguments.of(Map.of("public-key-file", TestKeys.write(TestKeys.publicPem(TestKeys.ec("secp384r1")))
                        .toString()), "EC P-256"),
                Arguments.of(Map.of("private-key-file", TestKeys.write(TestKeys.publicPem(EC)).toString()),
                        "no private key"),
                Arguments.of(Map.of("private-key-file", TestKeys.write(TestKeys.pkcs8Pem(EC)).toString(),
                        "public-key-file", TestKeys.write(TestKeys.publicPem(other)).toString()),
                        "not one key pair"),
                Arguments.of(Map.of("clock-skew", "-1s"), "clock-skew"));
    }

    @ParameterizedTest
    @MethodSource("wrong")
    void wrongSettingsStopTheNodeWithTheSettingsName(Map<String, ?> auth, String part) {
        var e = assertThrows(IllegalArgumentException.class, () -> AuthSettings.from(config(auth)));
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should say '" + part + "'");
        assertTrue(e.getMessage().contains("chorus.auth"), e::getMessage);
    }
}
