package dev.chorus.media.srtp;

import java.util.Objects;

/**
 * The SRTP master keys of one DTLS-SRTP association, seen from one side: {@code local*} protects what this side
 * sends, {@code remote*} unprotects what it receives. The arrays are owned by the record; callers must not modify
 * them after construction.
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    /** Checks that every key and salt has the length the profile requires. */
    public SrtpKeys {
        Objects.requireNonNull(profile, "profile");
        checkLength("localKey", localKey, profile.keyLength());
        checkLength("localSalt", localSalt, profile.saltLength());
        checkLength("remoteKey", remoteKey, profile.keyLength());
        checkLength("remoteSalt", remoteSalt, profile.saltLength());
    }

    private static void checkLength(String name, byte[] value, int expected) {
        Objects.requireNonNull(value, name);
        if (value.length != expected) {
            throw new IllegalArgumentException(name + " must be " + expected + " bytes, got " + value.length);
        }
    }

    /** Keys never appear in logs. */
    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }
}
