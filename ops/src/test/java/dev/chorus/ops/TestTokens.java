package dev.chorus.ops;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Join tokens made the way a third-party issuer would (nimbus-jose-jwt), broken ones too (unsigned, tampered,
 * another key), and EC key pairs with the PEM file a node reads.
 */
public final class TestTokens {
    private TestTokens() {
    }

    public static KeyPair ecP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a PEM file ({@code -----BEGIN PUBLIC KEY-----}) under target/; its path. */
    public static String publicKeyFile(KeyPair kp) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(kp.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path dir = Path.of("target", "test-keys");
            Files.createDirectories(dir);
            Path f = Files.createTempFile(dir, "public-", ".pem");
            Files.writeString(f, pem, StandardCharsets.US_ASCII);
            return f.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JWTClaimsSet.Builder claims(String room, String peer, String role) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(peer).claim("room", room).claim("role", role)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    public static String hs256(String secret, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String es256(KeyPair kp, JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) kp.getPrivate()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** An unsecured JWT ({@code alg: none}). */
    public static String unsigned(JWTClaimsSet claims) {
        return b64("{\"alg\":\"none\"}") + "." + b64(claims.toString()) + ".";
    }

    /** {@code token} with its payload replaced by {@code claims}; the original signature kept. */
    public static String withPayload(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(claims.toString()) + "." + parts[2];
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
