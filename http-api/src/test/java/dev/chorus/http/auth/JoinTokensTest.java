package dev.chorus.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.peer.PeerGrant;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Join-token checks, table-driven: each kind of missing, expired, forged or misdirected token is refused with its
 * status, counted reason and a message saying what is wrong; valid HS256 and ES256 tokens grant their role and name.
 * "Now" is fixed.
 */
class JoinTokensTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    private static final KeyPair EC = TestKeys.ecP256();
    private static final KeyPair OTHER_EC = TestKeys.ecP256();
    private static final JoinTokens TOKENS = new JoinTokens(settings(null, null));

    private static AuthSettings settings(String issuer, String audience) {
        try {
            ECKey key = (ECKey) JWK.parseFromPEMEncodedObjects(TestKeys.publicPem(EC));
            return new AuthSettings(SECRET.getBytes(StandardCharsets.UTF_8), key, null, null, issuer, audience,
                    Duration.ofSeconds(30), Duration.ofHours(24));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> change) {
        return change.apply(Tokens.claims("standup", "alice", "guest", NOW.minusSeconds(60))).build();
    }

    private static JWTClaimsSet valid() {
        return claims(b -> b);
    }

    static Stream<Arguments> refused() {
        String good = Tokens.hs256(SECRET, valid());
        return Stream.of(
                Arguments.of("no token", null, 401, Refusal.TOKEN_MISSING, "token is required"),
                Arguments.of("blank token", "  ", 401, Refusal.TOKEN_MISSING, "token is required"),
                Arguments.of("not a JWT", "hello", 401, Refusal.TOKEN_INVALID, "not a JWT"),
                Arguments.of("too long", "x".repeat(JoinTokens.MAX_TOKEN_LENGTH + 1), 401, Refusal.TOKEN_INVALID,
                        "longer than"),
                Arguments.of("expired", Tokens.hs256(SECRET, claims(b -> b.expirationTime(
                        Date.from(NOW.minusSeconds(31))))), 401, Refusal.TOKEN_EXPIRED, "expired at"),
                Arguments.of("not yet valid", Tokens.hs256(SECRET, claims(b -> b.notBeforeTime(
                        Date.from(NOW.plusSeconds(31))))), 401, Refusal.TOKEN_EXPIRED, "not valid before"),
                Arguments.of("no exp", Tokens.hs256(SECRET, claims(b -> b.expirationTime(null))), 401,
                        Refusal.TOKEN_INVALID, "no expiry"),
                Arguments.of("another HS256 secret", Tokens.hs256(SECRET + "-other", valid()), 401,
                        Refusal.TOKEN_INVALID, "signature is not valid"),
                Arguments.of("alg none", Tokens.unsigned(valid()), 401, Refusal.TOKEN_INVALID, "alg 'none'"),
                Arguments.of("tampered role", Tokens.tampered(good, valid(), b -> b.claim("role", "host")), 401,
                        Refusal.TOKEN_INVALID, "signature is not valid"),
                Arguments.of("tampered room", Tokens.tampered(good, valid(), b -> b.claim("room", "board")), 401,
                        Refusal.TOKEN_INVALID, "signature is not valid"),
                Arguments.of("HS384", Tokens.sign(JWSAlgorithm.HS384, Tokens.macSigner(SECRET + SECRET), valid()),
                        401, Refusal.TOKEN_INVALID, "HS384 are not accepted"),
                Arguments.of("ES256 by another key", Tokens.es256(OTHER_EC, valid()), 401, Refusal.TOKEN_INVALID,
                        "signature is not valid"),
                Arguments.of("another room", Tokens.hs256(SECRET, claims(b -> b.claim("room", "board"))), 403,
                        Refusal.TOKEN_MISMATCH, "for room 'board', not 'standup'"),
                Arguments.of("another peer", Tokens.hs256(SECRET, claims(b -> b.subject("mallory"))), 403,
                        Refusal.TOKEN_MISMATCH, "for peer 'mallory', not 'alice'"),
                Arguments.of("no room", Tokens.hs256(SECRET, claims(b -> b.claim("room", null))), 401,
                        Refusal.TOKEN_INVALID, "no 'room' claim"),
                Arguments.of("no sub", Tokens.hs256(SECRET, claims(b -> b.subject(null))), 401,
                        Refusal.TOKEN_INVALID, "no 'sub' claim"),
                Arguments.of("no role", Tokens.hs256(SECRET, claims(b -> b.claim("role", null))), 401,
                        Refusal.TOKEN_INVALID, "role must be"),
                Arguments.of("unknown role", Tokens.hs256(SECRET, claims(b -> b.claim("role", "admin"))), 401,
                        Refusal.TOKEN_INVALID, "not 'admin'"),
                Arguments.of("room not a string", Tokens.hs256(SECRET, claims(b -> b.claim("room", 7))), 401,
                        Refusal.TOKEN_INVALID, "must be strings"),
                Arguments.of("name too long", Tokens.hs256(SECRET, claims(b -> b.claim("name", "n".repeat(129)))),
                        401, Refusal.TOKEN_INVALID, "'name' must be"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedTokensSayWhy(String name, String token, int status, Refusal reason, String messagePart) {
        var v = assertInstanceOf(JoinTokens.Refused.class, TOKENS.check(token, "standup", "alice", NOW));
        assertEquals(status, v.status(), v.message());
        assertEquals(reason, v.reason(), v.message());
        assertTrue(v.message().contains(messagePart), () -> "'" + v.message() + "' should say '" + messagePart + "'");
    }

    @Test
    void validHs256AndEs256TokensGrantTheirRoleAndName() {
        JWTClaimsSet host = claims(b -> b.claim("role", "host").claim("name", "Alice A."));
        var hs = assertInstanceOf(JoinTokens.Granted.class,
                TOKENS.check(Tokens.hs256(SECRET, host), "standup", "alice", NOW));
        assertEquals(new PeerGrant(PeerGrant.Role.HOST, "Alice A."), hs.grant());
        assertEquals(host.getExpirationTime().toInstant(), hs.expiresAt());

        var es = assertInstanceOf(JoinTokens.Granted.class,
                TOKENS.check(Tokens.es256(EC, claims(b -> b.claim("role", "viewer"))), "standup", "alice", NOW));
        assertEquals(new PeerGrant(PeerGrant.Role.VIEWER, null), es.grant());
    }

    @Test
    void clockSkewToleratesASlightlyLateToken() {
        String token = Tokens.hs256(SECRET, claims(b -> b.expirationTime(Date.from(NOW.minusSeconds(29)))));
        assertInstanceOf(JoinTokens.Granted.class, TOKENS.check(token, "standup", "alice", NOW));
    }

    @Test
    void issuerAndAudienceMustMatchWhenConfigured() {
        JoinTokens strict = new JoinTokens(settings("https://issuer.example", "chorus"));
        String plain = Tokens.hs256(SECRET, valid());
        assertTrue(((JoinTokens.Refused) strict.check(plain, "standup", "alice", NOW)).message().contains("issuer"));
        String issued = Tokens.hs256(SECRET, claims(b -> b.issuer("https://issuer.example")));
        assertTrue(((JoinTokens.Refused) strict.check(issued, "standup", "alice", NOW)).message().contains("audience"));
        String both = Tokens.hs256(SECRET, claims(b -> b.issuer("https://issuer.example").audience("chorus")));
        assertInstanceOf(JoinTokens.Granted.class, strict.check(both, "standup", "alice", NOW));
    }

    @Test
    void withoutKeysEveryoneIsAnOpenGuestAndTokensAreIgnored() {
        JoinTokens open = new JoinTokens(AuthSettings.open());
        var noToken = assertInstanceOf(JoinTokens.Granted.class, open.check(null, "r", "p", NOW));
        assertEquals(PeerGrant.OPEN, noToken.grant());
        assertNull(noToken.expiresAt());
        String host = Tokens.hs256(SECRET, Tokens.claims("r", "p", "host", NOW).build());
        assertEquals(PeerGrant.OPEN, ((JoinTokens.Granted) open.check(host, "r", "p", NOW)).grant(),
                "an unverifiable token grants nothing more");
        assertThrows(IllegalStateException.class,
                () -> open.issue("r", "p", null, PeerGrant.Role.GUEST, Duration.ofMinutes(1), NOW));
    }

    @Test
    void issuedTokensAreCheckedLikeAnyOther() throws Exception {
        JoinTokens hmacOnly = new JoinTokens(new AuthSettings(SECRET.getBytes(StandardCharsets.UTF_8), null, null,
                null, null, null, Duration.ofSeconds(30), Duration.ofHours(1)));
        String t = hmacOnly.issue("standup", "bob", "Bob", PeerGrant.Role.VIEWER, Duration.ofMinutes(5), NOW);
        var g = assertInstanceOf(JoinTokens.Granted.class, TOKENS.check(t, "standup", "bob", NOW.plusSeconds(60)));
        assertEquals(new PeerGrant(PeerGrant.Role.VIEWER, "Bob"), g.grant());
        assertEquals(Refusal.TOKEN_EXPIRED,
                ((JoinTokens.Refused) TOKENS.check(t, "standup", "bob", NOW.plusSeconds(331))).reason());

        ECKey signing = (ECKey) JWK.parseFromPEMEncodedObjects(TestKeys.pkcs8Pem(EC) + TestKeys.publicPem(EC));
        JoinTokens ecSigner = new JoinTokens(new AuthSettings(null, signing.toPublicJWK(), signing, null, null, null,
                Duration.ofSeconds(30), Duration.ofHours(1)));
        String es = ecSigner.issue("standup", "carol", null, PeerGrant.Role.HOST, Duration.ofMinutes(5), NOW);
        assertTrue(es.startsWith("eyJ"), es);
        var eg = assertInstanceOf(JoinTokens.Granted.class, TOKENS.check(es, "standup", "carol", NOW));
        assertEquals(PeerGrant.Role.HOST, eg.grant().role());
    }
}
