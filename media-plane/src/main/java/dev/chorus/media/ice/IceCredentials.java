package dev.chorus.media.ice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The server's ICE username fragment and password for one transport (sent to the browser in
 * {@code iceParameters}). {@link #toString()} hides the password.
 *
 * @param ufrag    non-empty, printable ASCII, no ':' (it is the part of USERNAME before the colon)
 * @param password non-empty, printable ASCII; MESSAGE-INTEGRITY is keyed with its bytes
 */
public record IceCredentials(String ufrag, String password) {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_LENGTH = 32;

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (!printable(ufrag) || ufrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ufrag must be non-empty printable ASCII without ':'");
        }
        if (!printable(password)) {
            throw new IllegalArgumentException("password must be non-empty printable ASCII");
        }
    }

    /** New credentials of 32 characters each from [0-9a-z]. */
    public static IceCredentials random(SecureRandom rnd) {
        return new IceCredentials(randomString(rnd), randomString(rnd));
    }

    /** The MESSAGE-INTEGRITY key: the password's ASCII bytes (a new array each call). */
    public byte[] key() {
        return password.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=***]";
    }

    private static String randomString(SecureRandom rnd) {
        char[] c = new char[RANDOM_LENGTH];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    private static boolean printable(String s) {
        if (s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= 0x20 || ch >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
