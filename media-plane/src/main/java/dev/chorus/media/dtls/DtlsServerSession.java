package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS-SRTP association in which Chorus is the DTLS server (RFC 5763/5764). The handshake runs on a thread of
 * the given executor; the media thread only hands datagrams over with {@link #receive} and never blocks.
 *
 * <p>The client must present a certificate whose fingerprint equals the one signaled with
 * {@link #setRemoteFingerprint}; the fingerprint may arrive before or after the ClientHello. On success the
 * listener gets the SRTP keys (local = server write keys). The handshake thread then keeps serving the association
 * for a short linger so that retransmitted client flights and an early close_notify are handled, and ends. After
 * that, any DTLS alert record passed to {@link #receive} means the peer closed.
 *
 * <p>Listener calls happen on the handshake thread, except {@code onClosed} after the linger, which happens on the
 * media thread that passed the alert. {@code onClosed} is only reported for a close by the peer, at most once; a
 * local {@link #close()} reports nothing.
 */
public final class DtlsServerSession {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsServerSession.class);

    /** Sends one DTLS datagram on the transport's selected tuple. Called from the handshake thread. */
    public interface Sender {
        void send(byte[] buf, int off, int len);
    }

    /** Outcome of the association. */
    public interface Listener {
        void onConnected(SrtpKeys keys);

        void onFailed(String reason);

        void onClosed();
    }

    static final long DEFAULT_LINGER_MS = 10_000;
    static final long DEFAULT_FINGERPRINT_WAIT_MS = 10_000;
    static final int QUEUE_CAPACITY = 64;
    private static final long LINGER_SLICE_MS = 100;

    private static final int DTLS_RECORD_HEADER = 13;
    private static final int CONTENT_TYPE_ALERT = 21;

    private final DtlsCertificate certificate;
    private final Executor handshakeExecutor;
    private final Listener listener;
    private final long handshakeTimeoutMs;
    private final long lingerMs;
    private final long fingerprintWaitMs;
    private final InboundQueueTransport transport;

    private final AtomicReference<DtlsState> state = new AtomicReference<>(DtlsState.NEW);
    private final CountDownLatch fingerprintSignaled = new CountDownLatch(1);
    private final AtomicBoolean closedReported = new AtomicBoolean();
    private final AtomicLong droppedDatagrams = new AtomicLong();
    private volatile DtlsFingerprint remoteFingerprint;
    private volatile boolean lingerOver;
    /** Test hook: run on the handshake thread when it starts waiting for the fingerprint. */
    volatile Runnable fingerprintWaitHook = () -> { };

    private final Object lock = new Object();
    private boolean threadActive;       // guarded by lock
    private boolean closeRequested;     // guarded by lock
    private boolean closeNotifySent;    // guarded by lock
    private boolean peerHasClosed;      // guarded by lock
    private DTLSTransport connected;    // guarded by lock

    /**
     * @param handshakeTimeoutMs how long, from {@link #start()}, the handshake (including waiting for the
     *     ClientHello) may take before it fails with reason {@code "timeout"}
     */
    public DtlsServerSession(DtlsCertificate cert, Executor handshakeExecutor, Sender sender, Listener listener,
            long handshakeTimeoutMs) {
        this(cert, handshakeExecutor, sender, listener, handshakeTimeoutMs, DEFAULT_LINGER_MS,
                DEFAULT_FINGERPRINT_WAIT_MS);
    }

    DtlsServerSession(DtlsCertificate cert, Executor handshakeExecutor, Sender sender, Listener listener,
            long handshakeTimeoutMs, long lingerMs, long fingerprintWaitMs) {
        if (handshakeTimeoutMs <= 0) {
            throw new IllegalArgumentException("handshakeTimeoutMs must be positive");
        }
        this.certificate = Objects.requireNonNull(cert, "cert");
        this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        this.lingerMs = lingerMs;
        this.fingerprintWaitMs = fingerprintWaitMs;
        this.transport = new InboundQueueTransport(QUEUE_CAPACITY, Objects.requireNonNull(sender, "sender"));
    }

    /** The browser's certificate fingerprint from signaling; the last call wins until it has been checked. */
    public void setRemoteFingerprint(DtlsFingerprint fp) {
        this.remoteFingerprint = Objects.requireNonNull(fp, "fp");
        fingerprintSignaled.countDown();
    }

    /** Starts the handshake on the executor; it waits for the ClientHello. Only the first call has an effect. */
    public void start() {
        synchronized (lock) {
            if (closeRequested || !state.compareAndSet(DtlsState.NEW, DtlsState.CONNECTING)) {
                return;
            }
            threadActive = true;
            transport.startHandshakeClock(System.nanoTime(), handshakeTimeoutMs);
        }
        try {
            handshakeExecutor.execute(this::run);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                threadActive = false;
            }
            fail("handshake executor rejected the task", e);
        }
    }

    /**
     * Hands one DTLS datagram to the handshake thread (copied into a bounded queue; dropped when full). Never
     * blocks. After the linger, an alert record means the peer closed the association.
     */
    public void receive(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len <= 0 || off + len > buf.length || off + len < 0
                || len > InboundQueueTransport.RECEIVE_LIMIT) {
            droppedDatagrams.incrementAndGet();
            return;
        }
        DtlsState s = state.get();
        if (s == DtlsState.FAILED || s == DtlsState.CLOSED) {
            return;
        }
        if (lingerOver) {
            if (containsAlert(buf, off, len)) {
                peerClosed();
            }
            return;
        }
        if (!transport.offer(buf, off, len)) {
            droppedDatagrams.incrementAndGet();
        }
        if (lingerOver) {
            // the handshake thread ended while we were queueing: nobody else will look at the queue
            drainAfterLinger();
        }
    }

    /** Sends close_notify if connected, stops the handshake thread; idempotent. */
    public void close() {
        DTLSTransport toClose = null;
        synchronized (lock) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            DtlsState s = state.get();
            if (s != DtlsState.FAILED) {
                state.set(DtlsState.CLOSED);
            }
            transport.close(connected == null);
            if (!threadActive && connected != null && s == DtlsState.CONNECTED && !closeNotifySent) {
                closeNotifySent = true;
                toClose = connected;
            }
        }
        fingerprintSignaled.countDown();
        if (toClose != null) {
            closeQuietly(toClose);
        }
    }

    /** Current state. */
    public DtlsState state() {
        return state.get();
    }

    /** Datagrams dropped because the queue was full or they were malformed. */
    long droppedDatagrams() {
        return droppedDatagrams.get();
    }

    /** True once the handshake thread has finished (after the linger, a failure or a close). */
    boolean lingerOver() {
        return lingerOver;
    }

    private void run() {
        SrtpDtlsServer server = new SrtpDtlsServer(certificate, this::awaitRemoteFingerprint,
                (int) Math.min(handshakeTimeoutMs, Integer.MAX_VALUE));
        try {
            DTLSTransport dtls = new DTLSServerProtocol().accept(server, transport);
            transport.handshakeDone();
            SrtpKeys keys = server.srtpKeys();
            boolean closedMeanwhile;
            synchronized (lock) {
                closedMeanwhile = closeRequested;
                if (!closedMeanwhile) {
                    connected = dtls;
                    state.set(DtlsState.CONNECTED);
                }
            }
            if (closedMeanwhile) {
                closeQuietly(dtls);
                return;
            }
            LOG.debug("DTLS connected, SRTP profile {}", server.selectedProfile());
            try {
                listener.onConnected(keys);
            } catch (RuntimeException e) {
                LOG.warn("DTLS listener onConnected threw", e);
            }
            linger(dtls, server);
        } catch (IOException | RuntimeException e) {
            handshakeFailed(server, e);
        } finally {
            endThread();
        }
    }

    private void linger(DTLSTransport dtls, SrtpDtlsServer server) {
        byte[] buf = new byte[InboundQueueTransport.RECEIVE_LIMIT];
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMs);
        while (!transport.closing() && !server.peerClosed()) {
            long remaining = end - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            // short slices so that a close_notify (which BouncyCastle handles without returning early) is noticed
            int waitMs = (int) Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), LINGER_SLICE_MS));
            try {
                dtls.receive(buf, 0, buf.length, waitMs); // application data is ignored: no data channels
            } catch (IOException e) {
                LOG.debug("DTLS association failed after the handshake", e);
                peerClosed();
                return;
            }
        }
        if (server.peerClosed()) {
            peerClosed();
        }
    }

    private void endThread() {
        DTLSTransport toClose = null;
        synchronized (lock) {
            threadActive = false;
            if (closeRequested && connected != null && !closeNotifySent && !peerHasClosed) {
                closeNotifySent = true;
                toClose = connected;
            }
        }
        if (toClose != null) {
            closeQuietly(toClose);
        }
        lingerOver = true;
        drainAfterLinger();
    }

    private void drainAfterLinger() {
        byte[] d;
        while ((d = transport.poll()) != null) {
            if (state.get() == DtlsState.CONNECTED && containsAlert(d, 0, d.length)) {
                peerClosed();
            }
        }
    }

    private void peerClosed() {
        synchronized (lock) {
            peerHasClosed = true;
            if (!state.compareAndSet(DtlsState.CONNECTED, DtlsState.CLOSED)) {
                return;
            }
        }
        if (closedReported.compareAndSet(false, true)) {
            LOG.debug("DTLS association closed by the peer");
            try {
                listener.onClosed();
            } catch (RuntimeException e) {
                LOG.warn("DTLS listener onClosed threw", e);
            }
        }
    }

    private void handshakeFailed(SrtpDtlsServer server, Exception e) {
        String reason;
        if (transport.timedOut() || causedBy(e, TlsTimeoutException.class)) {
            reason = "timeout";
        } else if (server.failureReason() != null) {
            reason = server.failureReason();
        } else {
            reason = describe(e);
        }
        fail(reason, e);
    }

    private void fail(String reason, Exception e) {
        synchronized (lock) {
            if (closeRequested || !state.compareAndSet(DtlsState.CONNECTING, DtlsState.FAILED)) {
                LOG.debug("DTLS session ended after close: {}", reason);
                return;
            }
        }
        LOG.info("DTLS handshake failed: {}", reason);
        LOG.debug("DTLS handshake failure detail", e);
        try {
            listener.onFailed(reason);
        } catch (RuntimeException ex) {
            LOG.warn("DTLS listener onFailed threw", ex);
        }
    }

    /** Blocks the handshake thread until the fingerprint is signaled, the wait limit passes, or the session closes. */
    private DtlsFingerprint awaitRemoteFingerprint() throws IOException {
        DtlsFingerprint fp = remoteFingerprint;
        if (fp != null) {
            return fp;
        }
        long waitNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(fingerprintWaitMs),
                Math.max(0, transport.remainingNanos(System.nanoTime())));
        LOG.debug("client certificate arrived before the remote fingerprint; waiting");
        fingerprintWaitHook.run();
        try {
            fingerprintSignaled.await(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the remote fingerprint");
        }
        if (transport.closing()) {
            throw new IOException("DTLS session closed");
        }
        fp = remoteFingerprint;
        if (fp == null && transport.remainingNanos(System.nanoTime()) <= 0) {
            transport.markTimedOut();
        }
        return fp;
    }

    private static void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("error while sending close_notify", e);
        }
    }

    /** True if any DTLS record in the datagram is an alert (content type 21). */
    static boolean containsAlert(byte[] buf, int off, int len) {
        int p = off;
        int end = off + len;
        while (end - p >= DTLS_RECORD_HEADER) {
            if ((buf[p] & 0xFF) == CONTENT_TYPE_ALERT) {
                return true;
            }
            int recordLength = ((buf[p + 11] & 0xFF) << 8) | (buf[p + 12] & 0xFF);
            p += DTLS_RECORD_HEADER + recordLength;
        }
        return false;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Exception e) {
        if (e instanceof TlsFatalAlertReceived) {
            return "peer sent fatal alert "
                    + AlertDescription.getText(((TlsFatalAlertReceived) e).getAlertDescription());
        }
        if (e instanceof TlsFatalAlert) {
            return "fatal alert " + AlertDescription.getText(((TlsFatalAlert) e).getAlertDescription());
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
