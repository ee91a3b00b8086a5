package dev.chorus.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link DtlsServerSession} wired to one end of an {@link InMemoryDatagramPipe}: the server sends into the pipe,
 * and a pump thread (standing in for the media thread) feeds what the client sends into
 * {@link DtlsServerSession#receive}. The other end is for the client.
 */
final class LoopbackHarness implements AutoCloseable {
    static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate(Clock.systemUTC());

    final InMemoryDatagramPipe clientEnd;
    final InMemoryDatagramPipe serverEnd;
    final RecordingListener listener = new RecordingListener();
    final DtlsServerSession session;
    /** Counts down when the session's handshake task has returned (after the linger). */
    final CountDownLatch handshakeTaskDone = new CountDownLatch(1);

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtls-test");
        t.setDaemon(true);
        return t;
    });
    private final Thread pump;
    private volatile boolean running = true;
    private volatile Consumer<byte[]> onForward = d -> { };

    LoopbackHarness(long handshakeTimeoutMs, long lingerMs, long fingerprintWaitMs) {
        this(SERVER_CERT, handshakeTimeoutMs, lingerMs, fingerprintWaitMs);
    }

    LoopbackHarness(DtlsCertificate cert, long handshakeTimeoutMs, long lingerMs, long fingerprintWaitMs) {
        InMemoryDatagramPipe[] pair = InMemoryDatagramPipe.pair();
        clientEnd = pair[0];
        serverEnd = pair[1];
        session = new DtlsServerSession(cert, task -> pool.execute(() -> {
            try {
                task.run();
            } finally {
                handshakeTaskDone.countDown();
            }
        }), serverEnd::send, listener, handshakeTimeoutMs, lingerMs, fingerprintWaitMs);
        pump = new Thread(this::pump, "dtls-test-media");
        pump.setDaemon(true);
        pump.start();
    }

    LoopbackHarness() {
        this(10_000, DtlsServerSession.DEFAULT_LINGER_MS, DtlsServerSession.DEFAULT_FINGERPRINT_WAIT_MS);
    }

    /** Called on the pump thread with each client datagram just before it is handed to the session. */
    void onForward(Consumer<byte[]> hook) {
        this.onForward = hook;
    }

    private void pump() {
        byte[] buf = new byte[2048];
        while (running) {
            int n;
            try {
                n = serverEnd.receive(buf, 0, buf.length, 20);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n > 0) {
                byte[] copy = java.util.Arrays.copyOf(buf, n);
                onForward.accept(copy);
                session.receive(buf, 0, n);
            }
        }
    }

    boolean awaitHandshakeTask(long timeoutMs) throws InterruptedException {
        return handshakeTaskDone.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        session.close();
        running = false;
        try {
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
