package dev.chorus.media.dtls;

import static dev.chorus.media.dtls.DtlsTestSupport.CM;
import static dev.chorus.media.dtls.DtlsTestSupport.CONNECT_TIMEOUT_MS;
import static dev.chorus.media.dtls.DtlsTestSupport.GCM;
import static dev.chorus.media.dtls.DtlsTestSupport.concat;
import static dev.chorus.media.dtls.DtlsTestSupport.record;
import static dev.chorus.media.dtls.DtlsTestSupport.withLength;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Local and peer close of a {@link DtlsServerSession}, during and after the linger. */
@Timeout(60)
class DtlsSessionCloseTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 10_000})
    void closeSendsCloseNotifyOnceWhetherOrNotTheLingerIsOver(long lingerMs) throws Exception {
        try (LoopbackHarness h = new LoopbackHarness(10_000, lingerMs, 10_000)) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, CM);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            client.connect(CONNECT_TIMEOUT_MS);
            h.listener.connected.get(10, SECONDS);
            if (lingerMs == 0) {
                assertTrue(h.awaitHandshakeTask(10_000));
            }

            h.session.close();

            assertTrue(h.awaitHandshakeTask(10_000));
            byte[] buf = new byte[1500];
            int n = h.clientEnd.receive(buf, 0, buf.length, 5_000);
            assertTrue(n >= 13, "a datagram reached the client");
            assertEquals(21, buf[0], "it is an alert record");
            int sentAfterClose = h.serverEnd.sent();
            h.session.close();
            assertEquals(sentAfterClose, h.serverEnd.sent(), "second close sends nothing");
            assertEquals(DtlsState.CLOSED, h.session.state());
            assertEquals(0, h.listener.closedCalls.get(), "a local close is not reported");
        }
    }

    @Test
    void peerCloseNotifyDuringTheLingerIsReportedOnce() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            client.connect(CONNECT_TIMEOUT_MS);
            h.listener.connected.get(10, SECONDS);

            client.close();

            assertTrue(h.listener.closed.await(10, SECONDS));
            assertTrue(h.awaitHandshakeTask(10_000), "the handshake thread ends after the peer closed");
            assertEquals(DtlsState.CLOSED, h.session.state());
            int sent = h.serverEnd.sent();
            h.session.close();
            assertEquals(sent, h.serverEnd.sent(), "no close_notify back to a peer that already closed");
            assertEquals(1, h.listener.closedCalls.get());
        }
    }

    @Test
    void alertRecordAfterTheLingerMeansThePeerClosed() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness(10_000, 0, 10_000)) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            client.connect(CONNECT_TIMEOUT_MS);
            h.listener.connected.get(10, SECONDS);
            assertTrue(h.awaitHandshakeTask(10_000));
            assertTrue(h.session.lingerOver());

            byte[] appData = record(23, 40);
            h.session.receive(appData, 0, appData.length);
            assertEquals(DtlsState.CONNECTED, h.session.state(), "non-alert records do not close");

            client.close(); // encrypted close_notify travels through the media-thread pump

            assertTrue(h.listener.closed.await(10, SECONDS));
            assertEquals(DtlsState.CLOSED, h.session.state());
            byte[] alert = record(21, 26);
            h.session.receive(alert, 0, alert.length);
            assertEquals(1, h.listener.closedCalls.get(), "onClosed is called once");
        }
    }

    @Test
    void closeBeforeStartMakesStartANoOp() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            h.session.close();
            h.session.start();
            assertEquals(DtlsState.CLOSED, h.session.state());
            assertFalse(h.awaitHandshakeTask(200), "no handshake task was submitted");
            assertEquals(0, h.listener.failedCalls.get() + h.listener.connectedCalls.get());
        }
    }

    @Test
    void closeWhileWaitingForTheClientHelloReportsNothing() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            h.session.start();
            h.session.close();
            assertTrue(h.awaitHandshakeTask(5_000), "the handshake thread stops promptly");
            assertEquals(DtlsState.CLOSED, h.session.state());
            assertEquals(0, h.listener.failedCalls.get());
            assertEquals(0, h.serverEnd.sent());
        }
    }

    static Stream<Arguments> alertDetection() {
        return Stream.of(
                Arguments.of(record(21, 2), true),
                Arguments.of(record(22, 40), false),
                Arguments.of(concat(record(22, 40), record(21, 26)), true),
                Arguments.of(concat(record(23, 10), record(23, 10)), false),
                Arguments.of(new byte[] {21, (byte) 0xFE, (byte) 0xFD, 0, 0}, false),
                Arguments.of(concat(withLength(record(22, 4), 500), record(21, 2)), false),
                Arguments.of(new byte[0], false));
    }

    @ParameterizedTest
    @MethodSource("alertDetection")
    void detectsAlertRecordsInADatagram(byte[] datagram, boolean expected) {
        assertEquals(expected, DtlsServerSession.containsAlert(datagram, 0, datagram.length));
    }
}
