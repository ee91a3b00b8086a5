package dev.chorus.http.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code chorus.auth} section, read once and checked: the keys that verify (and sign) join tokens, the admin
 * credential of the REST API, and the token rules. With neither a secret nor a public key the node checks no tokens
 * and anyone may join ({@link #tokensRequired()} false).
 *
 * <ul>
 *   <li>{@code secret}: HS256 key; the UTF-8 bytes of the string, at least 32 of them (256 bits).</li>
 *   <li>{@code public-key-file}: an EC P-256 public key (PEM) verifying ES256 tokens.</li>
 *   <li>{@code private-key-file}: the matching private key (PEM): this node signs ES256 tokens
 *       ({@code POST /api/tokens}) and, without a public key file, verifies with its public half.</li>
 *   <li>{@code admin-token}: bearer credential every {@code /api} request must carry (empty: none needed).</li>
 *   <li>{@code issuer} / {@code audience}: when set, tokens must carry this {@code iss} / {@code aud}, and issued
 *       tokens carry it.</li>
 *   <li>{@code clock-skew}: tolerance on {@code exp} and {@code nbf}; {@code max-token-ttl}: the longest
 *       {@code POST /api/tokens} issues.</li>
 * </ul>
 */
public final class AuthSettings {
    public static final int MIN_SECRET_BYTES = 32;
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    private final byte[] secret;
    private final ECKey verifyKey;
    private final ECKey signKey;
    private final String adminToken;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Duration maxTokenTtl;

    AuthSettings(byte[] secret, ECKey verifyKey, ECKey signKey, String adminToken, String issuer, String audience,
                 Duration clockSkew, Duration maxTokenTtl) {
        this.secret = secret == null ? null : secret.clone();
        this.verifyKey = verifyKey;
        this.signKey = signKey;
        this.adminToken = adminToken;
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkew = clockSkew;
        this.maxTokenTtl = maxTokenTtl;
    }

    /** No tokens, no admin credential: the embedded default. */
    public static AuthSettings open() {
        return new AuthSettings(null, null, null, null, null, null, Duration.ofSeconds(30), Duration.ofHours(24));
    }

    /** @throws IllegalArgumentException naming the setting (and its environment variable) that is wrong */
    public static AuthSettings from(Config root) {
        Config c = root.getConfig("chorus.auth");
        String secretText = c.getString("secret");
        byte[] secret = null;
        if (!secretText.isEmpty()) {
            secret = secretText.getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("chorus.auth.secret (CHORUS_AUTH_SECRET) must be at least "
                        + MIN_SECRET_BYTES + " bytes (256 bits) for HS256, was " + secret.length);
            }
        }
        ECKey signKey = readKey(c.getString("private-key-file"), "chorus.auth.private-key-file (CHORUS_AUTH_PRIVATE_KEY)",
                true);
        ECKey verifyKey = readKey(c.getString("public-key-file"), "chorus.auth.public-key-file (CHORUS_AUTH_PUBLIC_KEY)",
                false);
        if (verifyKey != null && signKey != null
                && !verifyKey.toPublicJWK().equals(signKey.toPublicJWK())) {
            throw new IllegalArgumentException("chorus.auth.public-key-file and private-key-file are not one key pair");
        }
        if (verifyKey == null && signKey != null) {
            verifyKey = signKey.toPublicJWK();
        }
        if (verifyKey != null) {
            verifyKey = verifyKey.toPublicJWK();
        }
        String admin = c.getString("admin-token");
        if (!admin.isEmpty() && admin.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("chorus.auth.admin-token (CHORUS_ADMIN_TOKEN) must be at least "
                    + MIN_ADMIN_TOKEN_LENGTH + " characters");
        }
        Duration skew = c.getDuration("clock-skew");
        Duration maxTtl = c.getDuration("max-token-ttl");
        if (skew.isNegative() || maxTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("chorus.auth.clock-skew must not be negative and max-token-ttl must be "
                    + "at least 1s");
        }
        return new AuthSettings(secret, verifyKey, signKey, admin.isEmpty() ? null : admin,
                blankToNull(c.getString("issuer")), blankToNull(c.getString("audience")), skew, maxTtl);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static ECKey readKey(String file, String setting, boolean needPrivate) {
        if (file.isBlank()) {
            return null;
        }
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        ECKey ec;
        try {
            ec = PemKeys.read(pem);
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(setting + ": " + file + " must hold an EC P-256 key (ES256) in PEM: "
                    + e.getMessage(), e);
        }
        if (ec == null) {
            throw new IllegalArgumentException(setting + ": " + file + " holds no PEM key; it must hold an EC P-256 "
                    + "key (ES256)");
        }
        if (needPrivate && !ec.isPrivate()) {
            throw new IllegalArgumentException(setting + ": " + file + " holds no private key");
        }
        return ec;
    }

    /** Whether joining needs a token (a secret or a public key is configured). */
    public boolean tokensRequired() {
        return secret != null || verifyKey != null;
    }

    /** Whether this node can sign tokens ({@code POST /api/tokens}). */
    public boolean canIssue() {
        return secret != null || signKey != null;
    }

    /** The HS256 key, or null. */
    byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    /** The ES256 verification key (public), or null. */
    ECKey verifyKey() {
        return verifyKey;
    }

    /** The ES256 signing key (private), or null. */
    ECKey signKey() {
        return signKey;
    }

    /** The REST admin credential, or null when {@code /api} is open. */
    public String adminToken() {
        return adminToken;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Duration maxTokenTtl() {
        return maxTokenTtl;
    }

    /** What an operator should know about this configuration at start-up (logged as warnings). */
    public java.util.List<String> warnings() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!tokensRequired()) {
            out.add("No join-token key is configured (chorus.auth.secret / CHORUS_AUTH_SECRET or "
                    + "chorus.auth.public-key-file): anyone who reaches this node may join any room.");
        }
        if (adminToken == null) {
            out.add("No REST admin token is configured (chorus.auth.admin-token / CHORUS_ADMIN_TOKEN): anyone who "
                    + "reaches /api may manage rooms" + (canIssue() ? "; POST /api/tokens stays disabled." : "."));
        }
        return out;
    }
}
