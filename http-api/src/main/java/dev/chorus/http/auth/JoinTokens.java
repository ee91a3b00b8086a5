package dev.chorus.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.peer.PeerGrant;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Join tokens: signed JWTs (HS256 with the shared secret, ES256 with the EC key) that let one peer id into one
 * room with a role. Claims: {@code sub} (peer id), {@code room}, {@code role} ({@code host}, {@code guest} or
 * {@code viewer}), {@code exp}; optional {@code name} (the display name), {@code nbf}, {@code iat}, and {@code iss} /
 * {@code aud} when the node is configured with them. The signature is checked with nimbus-jose-jwt; the claims
 * are checked here, so each refusal says exactly what is wrong.
 */
public final class JoinTokens {
    /** A token longer than this is refused unread. */
    public static final int MAX_TOKEN_LENGTH = 8192;
    static final int MAX_NAME_LENGTH = 128;

    private final AuthSettings settings;
    private final JWSVerifier hmacVerifier;
    private final JWSVerifier ecVerifier;
    private final JWSSigner signer;
    private final JWSAlgorithm signAlg;

    /** What checking a token decided. */
    public sealed interface Verdict {
    }

    /** Let in with {@code grant}; {@code expiresAt} null when no token was needed. */
    public record Granted(PeerGrant grant, Instant expiresAt) implements Verdict {
    }

    /** Refused: the HTTP status to answer (401 or 403), the counted reason, and what to tell the client. */
    public record Refused(int status, Refusal reason, String message) implements Verdict {
    }

    public JoinTokens(AuthSettings settings) {
        this.settings = settings;
        try {
            byte[] secret = settings.secret();
            this.hmacVerifier = secret == null ? null : new MACVerifier(secret);
            this.ecVerifier = settings.verifyKey() == null ? null : new ECDSAVerifier(settings.verifyKey());
            if (settings.signKey() != null) {
                this.signer = new ECDSASigner(settings.signKey());
                this.signAlg = JWSAlgorithm.ES256;
            } else if (secret != null) {
                this.signer = new MACSigner(secret);
                this.signAlg = JWSAlgorithm.HS256;
            } else {
                this.signer = null;
                this.signAlg = null;
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("chorus.auth: unusable key: " + e.getMessage(), e);
        }
    }

    public AuthSettings settings() {
        return settings;
    }

    /**
     * Whether {@code token} lets {@code peerId} into {@code roomId} at {@code now}. Without configured keys every
     * connection is let in as {@link PeerGrant#OPEN} (a token, if any, is ignored: it could not be checked).
     */
    public Verdict check(String token, String roomId, String peerId, Instant now) {
        if (!settings.tokensRequired()) {
            return new Granted(PeerGrant.OPEN, null);
        }
        if (token == null || token.isBlank()) {
            return new Refused(401, Refusal.TOKEN_MISSING, "a join token is required (query parameter 'token')");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return invalid("the token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        SignedJWT jwt;
        try {
            JWT parsed = JWTParser.parse(token);
            if (parsed instanceof PlainJWT) {
                return invalid("unsigned tokens (alg 'none') are not accepted");
            }
            if (parsed instanceof EncryptedJWT || !(parsed instanceof SignedJWT signed)) {
                return invalid("encrypted tokens are not accepted; sign it with HS256 or ES256");
            }
            jwt = signed;
        } catch (ParseException e) {
            return invalid("the token is not a JWT: " + e.getMessage());
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        JWSVerifier verifier = JWSAlgorithm.HS256.equals(alg) ? hmacVerifier
                : JWSAlgorithm.ES256.equals(alg) ? ecVerifier : null;
        if (verifier == null) {
            return invalid("tokens signed with " + alg + " are not accepted here (accepted: " + accepted() + ")");
        }
        try {
            if (!jwt.verify(verifier)) {
                return invalid("the token's signature is not valid");
            }
        } catch (JOSEException | IllegalStateException e) {
            return invalid("the token's signature cannot be checked: " + e.getMessage());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return invalid("the token's claims are not valid JSON: " + e.getMessage());
        }
        return checkClaims(claims, roomId, peerId, now);
    }

    private Verdict checkClaims(JWTClaimsSet claims, String roomId, String peerId, Instant now) {
        Duration skew = settings.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return invalid("the token has no expiry ('exp')");
        }
        if (now.minus(skew).isAfter(exp.toInstant())) {
            return new Refused(401, Refusal.TOKEN_EXPIRED, "the token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            return new Refused(401, Refusal.TOKEN_EXPIRED, "the token is not valid before " + nbf.toInstant());
        }
        if (settings.issuer() != null && !settings.issuer().equals(claims.getIssuer())) {
            return invalid("the token's issuer ('iss') is not '" + settings.issuer() + "'");
        }
        if (settings.audience() != null && (claims.getAudience() == null
                || !claims.getAudience().contains(settings.audience()))) {
            return invalid("the token's audience ('aud') does not include '" + settings.audience() + "'");
        }
        String room;
        String role;
        String name;
        try {
            room = claims.getStringClaim("room");
            role = claims.getStringClaim("role");
            name = claims.getStringClaim("name");
        } catch (ParseException e) {
            return invalid("the token's 'room', 'role' and 'name' claims must be strings");
        }
        String sub = claims.getSubject();
        if (room == null || room.isEmpty()) {
            return invalid("the token has no 'room' claim");
        }
        if (sub == null || sub.isEmpty()) {
            return invalid("the token has no 'sub' claim (the peer id)");
        }
        if (!room.equals(roomId)) {
            return new Refused(403, Refusal.TOKEN_MISMATCH, "the token is for room '" + room + "', not '" + roomId + "'");
        }
        if (!sub.equals(peerId)) {
            return new Refused(403, Refusal.TOKEN_MISMATCH, "the token is for peer '" + sub + "', not '" + peerId + "'");
        }
        PeerGrant.Role r;
        try {
            r = PeerGrant.Role.of(role);
        } catch (IllegalArgumentException e) {
            return invalid("the token's " + e.getMessage());
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH)) {
            return invalid("the token's 'name' must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return new Granted(new PeerGrant(r, name), exp.toInstant());
    }

    private static Refused invalid(String message) {
        return new Refused(401, Refusal.TOKEN_INVALID, message);
    }

    private String accepted() {
        List<String> algs = new ArrayList<>();
        if (hmacVerifier != null) {
            algs.add("HS256");
        }
        if (ecVerifier != null) {
            algs.add("ES256");
        }
        return String.join(", ", algs);
    }

    /**
     * A signed token for {@code peerId} in {@code roomId} (ES256 when the node has a private key, else HS256),
     * valid from {@code now} for {@code ttl}.
     *
     * @param displayName the name the peer will have (null: the client chooses it)
     * @throws IllegalStateException when this node has no signing key
     */
    public String issue(String roomId, String peerId, String displayName, PeerGrant.Role role, Duration ttl,
                        Instant now) {
        if (signer == null) {
            throw new IllegalStateException("this node has no key to sign tokens with");
        }
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .subject(peerId)
                .claim("room", roomId)
                .claim("role", role.json())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (displayName != null) {
            b.claim("name", displayName);
        }
        if (settings.issuer() != null) {
            b.issuer(settings.issuer());
        }
        if (settings.audience() != null) {
            b.audience(settings.audience());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(signAlg).type(JOSEObjectType.JWT).build(), b.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
