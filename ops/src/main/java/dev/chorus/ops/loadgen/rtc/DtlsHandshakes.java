package dev.chorus.ops.loadgen.rtc;

import dev.chorus.media.dtls.DtlsCertificate;
import dev.chorus.media.dtls.DtlsClient;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Runs the participants' DTLS client handshakes on a small thread pool (BouncyCastle's DTLS engine blocks) and
 * builds each transport's {@link SrtpSession} there too, off the event loops. One certificate serves every
 * participant of a run (a browser has one per peer connection; the server only checks that the certificate
 * matches the fingerprint signaled for the transport).
 */
public final class DtlsHandshakes implements AutoCloseable {
    /** The profiles a browser offers, in its order. */
    static final SrtpProfile[] OFFERED = {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80};
    static final int HANDSHAKE_TIMEOUT_MS = 15_000;

    private final DtlsCertificate certificate = DtlsCertificate.generate(Clock.systemUTC());
    private final ExecutorService pool;

    public DtlsHandshakes(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loadgen-dtls-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The sha-256 fingerprint every participant signals in {@code connectWebRtcTransport}. */
    public DtlsFingerprint fingerprint() {
        return certificate.fingerprint("sha-256");
    }

    /**
     * Builds throwaway SRTP sessions for each profile: the first session in a JVM makes jitsi-srtp pick its AES
     * backend, which takes seconds and must not count towards the first participant's join time.
     */
    public static void warmUpSrtp() {
        SecureRandom random = new SecureRandom();
        for (SrtpProfile p : OFFERED) {
            byte[] key = new byte[p.keyLength()];
            byte[] salt = new byte[p.saltLength()];
            random.nextBytes(key);
            random.nextBytes(salt);
            new SrtpSession(new SrtpKeys(p, key, salt, key, salt)).close();
        }
    }

    /**
     * Starts a handshake for {@code channel} (connected to the server); the returned inbox takes the DTLS records
     * the loop receives. The result (a ready {@link SrtpSession}, or the failure) is delivered to {@code done}
     * on the pool thread: the caller hands it to its loop.
     */
    public Inbox start(DatagramChannel channel, DtlsFingerprint serverFingerprint, Done done) {
        Inbox inbox = new Inbox(channel);
        pool.execute(() -> {
            try {
                DtlsClient client = new DtlsClient(certificate, serverFingerprint, OFFERED);
                DtlsClient.Result r = client.connect(inbox, HANDSHAKE_TIMEOUT_MS);
                done.completed(new SrtpSession(r.keys()), null);
            } catch (IOException | RuntimeException e) {
                done.completed(null, e.getMessage() == null ? e.toString() : e.getMessage());
            } finally {
                inbox.finished = true;
            }
        });
        return inbox;
    }

    /** Completion of one handshake: exactly one of the arguments is non-null. */
    public interface Done {
        void completed(SrtpSession session, String failure);
    }

    /**
     * The datagram transport the DTLS engine sees: records the loop {@link #offer}s, and sends straight to the
     * connected channel (a DatagramChannel may be written by one thread while another reads it).
     */
    public static final class Inbox implements DatagramTransport {
        private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(64);
        private final DatagramChannel channel;
        private volatile boolean finished;

        Inbox(DatagramChannel channel) {
            this.channel = channel;
        }

        /** Queues a copy of one received DTLS record (loop thread); dropped when full or after the handshake. */
        public void offer(byte[] buf, int len) {
            if (!finished) {
                byte[] copy = new byte[len];
                System.arraycopy(buf, 0, copy, 0, len);
                queue.offer(copy);
            }
        }

        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            byte[] d;
            try {
                d = queue.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during the DTLS handshake");
            }
            if (d == null) {
                return -1;
            }
            int n = Math.min(len, d.length);
            System.arraycopy(d, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            channel.write(ByteBuffer.wrap(buf, off, len));
        }

        @Override
        public void close() {
            finished = true;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
