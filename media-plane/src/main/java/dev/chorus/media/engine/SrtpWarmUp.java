package dev.chorus.media.engine;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jitsi-srtp picks its AES backend by benchmarking the candidates on first use (seconds). Doing that once at node
 * start keeps the delay off the first call's DTLS handshake.
 *
 * <p>When its native OpenSSL backend loaded, Chorus chooses it outright instead of letting the benchmark decide:
 * the benchmark runs a few milliseconds per candidate, so on a busy or one-core machine it picked the JDK's SunJCE
 * AES now and then (seen in a node's profile: SunJCE's GCM was most of the worker's SRTP time), and that choice
 * stays for the life of the process.
 */
final class SrtpWarmUp {
    private static final Logger log = LoggerFactory.getLogger(SrtpWarmUp.class);

    private SrtpWarmUp() {
    }

    static void run() {
        long t0 = System.nanoTime();
        boolean openSsl = org.jitsi.srtp.crypto.JitsiOpenSslProvider.isLoaded();
        if (openSsl) {
            org.jitsi.srtp.crypto.Aes.setFactoryClassName(org.jitsi.srtp.crypto.Aes.OpenSSLCipherFactory.class.getName());
        }
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] key = new byte[p.keyLength()];
            byte[] salt = new byte[p.saltLength()];
            new SrtpSession(new SrtpKeys(p, key, salt, key.clone(), salt.clone())).close();
        }
        log.info("SRTP ciphers ready in {} ms ({})", (System.nanoTime() - t0) / 1_000_000,
                openSsl ? "OpenSSL, native" : "OpenSSL not loaded: the fastest JCE provider");
    }
}
