package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.util.Arrays;

/**
 * Splits DTLS-SRTP exported keying material (label {@code EXTRACTOR-dtls_srtp}) into master keys and salts,
 * RFC 5764 §4.2: client key, server key, client salt, server salt.
 */
final class SrtpKeyMaterial {
    private SrtpKeyMaterial() {
    }

    /** Bytes to export for a profile: two keys and two salts. */
    static int length(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    /**
     * Splits {@code material} for one side. The server sends with the server write key and receives with the
     * client write key; the client the other way round.
     */
    static SrtpKeys split(SrtpProfile profile, byte[] material, boolean server) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("keying material must be " + 2 * (k + s) + " bytes");
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return server
                ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
