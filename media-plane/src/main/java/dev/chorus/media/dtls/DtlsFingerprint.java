package dev.chorus.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as signaled in {@code dtlsParameters.fingerprints} (RFC 8122 §5): a hash algorithm name
 * such as {@code sha-256} and the digest of the DER certificate as upper-case hex pairs joined by ':'.
 */
public record DtlsFingerprint(String algorithm, String value) {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Requires both fields. */
    public DtlsFingerprint {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Computes the fingerprint of a DER-encoded certificate.
     *
     * @throws IllegalArgumentException if the algorithm is not one of sha-1, sha-224, sha-256, sha-384, sha-512
     */
    public static DtlsFingerprint of(String algorithm, byte[] derCert) {
        Objects.requireNonNull(derCert, "derCert");
        MessageDigest md = digest(algorithm);
        if (md == null) {
            throw new IllegalArgumentException("unsupported fingerprint algorithm: " + algorithm);
        }
        return new DtlsFingerprint(algorithm.toLowerCase(Locale.ROOT), hex(md.digest(derCert)));
    }

    /**
     * True if this fingerprint is the fingerprint of {@code derCert}. The algorithm name and hex value are compared
     * case-insensitively; an unknown algorithm or a null certificate never matches.
     */
    public boolean matches(byte[] derCert) {
        if (derCert == null) {
            return false;
        }
        MessageDigest md = digest(algorithm);
        if (md == null) {
            return false;
        }
        return hex(md.digest(derCert)).equalsIgnoreCase(value.trim());
    }

    /** The JDK digest for a signaled algorithm name, or null if unsupported. */
    static MessageDigest digest(String algorithm) {
        if (algorithm == null) {
            return null;
        }
        String jdkName;
        switch (algorithm.trim().toLowerCase(Locale.ROOT)) {
            case "sha-1":
                jdkName = "SHA-1";
                break;
            case "sha-224":
                jdkName = "SHA-224";
                break;
            case "sha-256":
                jdkName = "SHA-256";
                break;
            case "sha-384":
                jdkName = "SHA-384";
                break;
            case "sha-512":
                jdkName = "SHA-512";
                break;
            default:
                return null;
        }
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    static String hex(byte[] digest) {
        if (digest.length == 0) {
            return "";
        }
        char[] out = new char[digest.length * 3 - 1];
        for (int i = 0; i < digest.length; i++) {
            int b = digest[i] & 0xFF;
            int p = i * 3;
            out[p] = HEX[b >>> 4];
            out[p + 1] = HEX[b & 0x0F];
            if (i + 1 < digest.length) {
                out[p + 2] = ':';
            }
        }
        return new String(out);
    }
}
