package dev.chorus.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Consumer;

/**
 * Builds join tokens for tests the way a third-party issuer would (nimbus-jose-jwt), including broken ones: an
 * unsigned token, a tampered payload, another key or algorithm.
 */
public final class Tokens {
    private Tokens() {
    }

    /** Claims for {@code peer} in {@code room} as {@code role}, valid from {@code now} for an hour. */
    public static JWTClaimsSet.Builder claims(String room, String peer, String role, Instant now) {
        return new JWTClaimsSet.Builder().subject(peer).claim("room", room).claim("role", role)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    public static String hs256(String secret, JWTClaimsSet claims) {
        return sign(JWSAlgorithm.HS256, macSigner(secret), claims);
    }

    public static String es256(KeyPair kp, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) kp.getPrivate()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static MACSigner macSigner(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT ({@code alg: none}, empty signature). */
    public static String unsigned(JWTClaimsSet claims) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
    }

    /** {@code token} with its payload replaced by {@code change(claims)}; the original signature is kept. */
    public static String tampered(String token, JWTClaimsSet claims, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder(claims);
        change.accept(b);
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(b.build().toString()) + "." + parts[2];
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
