package dev.chorus.media.engine;

import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.dtls.DtlsCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** What a media plane needs for DTLS before its first transport: its certificate and the handshake threads. */
final class DtlsSetup {
    /** Java priority of DTLS handshake threads, one below the media threads'. */
    static final int HANDSHAKE_THREAD_PRIORITY = Thread.NORM_PRIORITY - 1;

    private DtlsSetup() {
    }

    /** The configured certificate, or a fresh self-signed one when none is configured. */
    static DtlsCertificate certificate(MediaPlaneConfig config) {
        if (config.certificateFile() == null) {
            return DtlsCertificate.generate(Clock.systemUTC());
        }
        try {
            return DtlsCertificate.load(config.certificateFile(), config.privateKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the DTLS certificate " + config.certificateFile(), e);
        }
    }

    /**
     * Daemon threads for the blocking BouncyCastle handshakes, one per handshake in progress, below the media
     * threads (NORM_PRIORITY): a burst of handshakes must not starve forwarding. The priority is effective with
     * {@code -XX:ThreadPriorityPolicy=1} (docs/deploy.md), ignored otherwise.
     */
    static ExecutorService handshakeThreads() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chorus-dtls-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(HANDSHAKE_THREAD_PRIORITY);
            return t;
        });
    }
}
