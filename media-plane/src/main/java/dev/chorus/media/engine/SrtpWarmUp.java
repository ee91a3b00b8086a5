package dev.chorus.media.engine;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jitsi-srtp picks its AES backend by benchmarking on first use (seconds). Doing that once at node start keeps
 * the delay off the first call's DTLS handshake.
 */
final class SrtpWarmUp {
    private static final Logger log = LoggerFactory.getLogger(SrtpWarmUp.class);

    private SrtpWarmUp() {
    }

    static void run() {
        long t0 = System.nanoTime();
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] key = new byte[p.keyLength()];
            byte[] salt = new byte[p.saltLength()];
            new SrtpSession(new SrtpKeys(p, key, salt, key.clone(), salt.clone())).close();
        }
        log.info("SRTP ciphers ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
