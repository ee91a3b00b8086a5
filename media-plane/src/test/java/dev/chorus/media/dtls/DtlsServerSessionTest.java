package dev.chorus.media.dtls;

import static dev.chorus.media.dtls.DtlsTestSupport.CM;
import static dev.chorus.media.dtls.DtlsTestSupport.CONNECT_TIMEOUT_MS;
import static dev.chorus.media.dtls.DtlsTestSupport.GCM;
import static dev.chorus.media.dtls.DtlsTestSupport.assertKeysSwapped;
import static dev.chorus.media.dtls.DtlsTestSupport.connectAsync;
import static dev.chorus.media.dtls.DtlsTestSupport.isHandshake;
import static dev.chorus.media.dtls.DtlsTestSupport.record;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fingerprint checks, timeouts, loss and input handling of {@link DtlsServerSession} over an in-memory pipe. */
@Timeout(60)
class DtlsServerSessionTest {
    private final ExecutorService clientThreads = Executors.newCachedThreadPool();

    @AfterEach
    void stopClients() {
        clientThreads.shutdownNow();
    }

    @Test
    void fingerprintMismatchFailsWithBadCertificateAndExportsNoKeys() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM, CM);
            DtlsFingerprint someoneElse = DtlsCertificate.generate(Clock.systemUTC()).fingerprint("sha-256");
            h.session.setRemoteFingerprint(someoneElse);
            h.session.start();

            IOException e = assertThrows(IOException.class, () -> client.connect(CONNECT_TIMEOUT_MS));

            assertInstanceOf(TlsFatalAlertReceived.class, e);
            assertEquals(AlertDescription.bad_certificate, ((TlsFatalAlertReceived) e).getAlertDescription());
            assertEquals("certificate fingerprint mismatch", h.listener.failed.get(10, SECONDS));
            assertEquals(DtlsState.FAILED, h.session.state());
            assertTrue(h.awaitHandshakeTask(10_000));
            assertEquals(0, h.listener.connectedCalls.get());
            assertFalse(h.listener.connected.isDone());
            assertEquals(1, h.listener.failedCalls.get());
        }
    }

    @Test
    void fingerprintSignaledAfterTheClientCertificateStillConnects() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, CM);
            CountDownLatch waiting = new CountDownLatch(1);
            h.session.fingerprintWaitHook = waiting::countDown;
            h.session.start();
            CompletableFuture<DtlsTestClient.Result> connecting = connectAsync(client, clientThreads);

            assertTrue(waiting.await(10, SECONDS), "server waits for the fingerprint once the certificate is in");
            assertFalse(h.listener.connected.isDone());
            h.session.setRemoteFingerprint(client.fingerprint());

            DtlsTestClient.Result result = connecting.get(15, SECONDS);
            assertKeysSwapped(result.keys(), h.listener.connected.get(10, SECONDS));
            assertEquals(DtlsState.CONNECTED, h.session.state());
        }
    }

    @Test
    void fingerprintSignaledInAnotherCaseAndAlgorithmMatches() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, CM);
            // a lower-case sha-1 value under an upper-case algorithm name
            DtlsFingerprint sha1 = DtlsFingerprint.of("sha-1", client.certificateDer());
            h.session.setRemoteFingerprint(new DtlsFingerprint("SHA-1", sha1.value().toLowerCase()));
            h.session.start();
            client.connect(CONNECT_TIMEOUT_MS);
            assertEquals(CM, h.listener.connected.get(10, SECONDS).profile());
        }
    }

    @Test
    void fingerprintThatNeverArrivesFailsAfterTheWait() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness(10_000, 10_000, 300)) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM);
            h.session.start();

            IOException e = assertThrows(IOException.class, () -> client.connect(CONNECT_TIMEOUT_MS));

            assertEquals(AlertDescription.bad_certificate, ((TlsFatalAlertReceived) e).getAlertDescription());
            assertEquals("remote fingerprint was not signaled in time", h.listener.failed.get(10, SECONDS));
            assertEquals(DtlsState.FAILED, h.session.state());
            assertEquals(0, h.listener.connectedCalls.get());
        }
    }

    @Test
    void noClientHelloTimesOut() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness(300, 10_000, 10_000)) {
            h.session.start();
            assertEquals("timeout", h.listener.failed.get(10, SECONDS));
            assertEquals(DtlsState.FAILED, h.session.state());
            assertTrue(h.awaitHandshakeTask(10_000));
            assertEquals(0, h.listener.connectedCalls.get());
        }
    }

    @Test
    void clientWhoseSecondFlightIsLostTimesOut() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness(800, 10_000, 10_000)) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.clientEnd.dropOutgoing(d -> isHandshake(d, 11)); // every Certificate flight is lost
            h.session.start();
            connectAsync(client, clientThreads);

            assertEquals("timeout", h.listener.failed.get(10, SECONDS));
            assertEquals(DtlsState.FAILED, h.session.state());
            assertTrue(h.clientEnd.dropped() >= 1);
        }
    }

    @Test
    void deadlinePassingWhileWaitingForTheFingerprintIsATimeout() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness(600, 10_000, 10_000)) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM);
            h.session.start();
            connectAsync(client, clientThreads);
            assertEquals("timeout", h.listener.failed.get(10, SECONDS));
            assertEquals(DtlsState.FAILED, h.session.state());
        }
    }

    @Test
    void lostFinalServerFlightIsResentDuringTheLinger() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM);
            h.session.setRemoteFingerprint(client.fingerprint());
            AtomicBoolean droppedOnce = new AtomicBoolean();
            // lose the first datagram carrying the server's ChangeCipherSpec (content type 20)
            h.serverEnd.dropOutgoing(d -> d.length > 0 && d[0] == 20 && droppedOnce.compareAndSet(false, true));
            h.session.start();

            DtlsTestClient.Result result = client.connect(CONNECT_TIMEOUT_MS);

            assertEquals(1, h.serverEnd.dropped());
            assertKeysSwapped(result.keys(), h.listener.connected.get(10, SECONDS));
            assertEquals(1, h.listener.connectedCalls.get());
        }
    }

    @Test
    void receiveNeverBlocksAndDropsWhenTheQueueIsFull() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            byte[] d = record(22, 50);
            for (int i = 0; i < DtlsServerSession.QUEUE_CAPACITY + 5; i++) {
                h.session.receive(d, 0, d.length);
            }
            assertEquals(5, h.session.droppedDatagrams());

            h.session.receive(null, 0, 10);
            h.session.receive(d, -1, 10);
            h.session.receive(d, 0, 0);
            h.session.receive(d, 40, 20);
            h.session.receive(new byte[1600], 0, 1600);
            assertEquals(10, h.session.droppedDatagrams());
            assertEquals(DtlsState.NEW, h.session.state());
        }
    }

    @Test
    void rejectedExecutorFailsTheSession() {
        RecordingListener listener = new RecordingListener();
        DtlsServerSession session = new DtlsServerSession(LoopbackHarness.SERVER_CERT, task -> {
            throw new RejectedExecutionException("full");
        }, (b, o, l) -> { }, listener, 1_000);
        session.start();
        assertEquals(DtlsState.FAILED, session.state());
        assertEquals("handshake executor rejected the task", listener.failed.getNow(null));
    }
}
