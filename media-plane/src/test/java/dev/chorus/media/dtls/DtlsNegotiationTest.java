package dev.chorus.media.dtls;

import static dev.chorus.media.dtls.DtlsTestSupport.CM;
import static dev.chorus.media.dtls.DtlsTestSupport.CONNECT_TIMEOUT_MS;
import static dev.chorus.media.dtls.DtlsTestSupport.GCM;
import static dev.chorus.media.dtls.DtlsTestSupport.assertKeysSwapped;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Version, cipher suite and use_srtp negotiation of {@link DtlsServerSession} against a BouncyCastle client. */
@Timeout(60)
class DtlsNegotiationTest {

    static Stream<Arguments> profileOffers() {
        return Stream.of(
                Arguments.of(new SrtpProfile[] {GCM}, GCM),
                Arguments.of(new SrtpProfile[] {CM}, CM),
                Arguments.of(new SrtpProfile[] {CM, GCM}, CM),
                Arguments.of(new SrtpProfile[] {GCM, CM}, GCM));
    }

    @ParameterizedTest
    @MethodSource("profileOffers")
    void handshakeNegotiatesClientsFirstSupportedProfileAndExportsSwappedKeys(SrtpProfile[] offer,
            SrtpProfile expected) throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, offer);
            h.session.setRemoteFingerprint(client.fingerprint());
            assertEquals(DtlsState.NEW, h.session.state());
            h.session.start();
            assertEquals(DtlsState.CONNECTING, h.session.state());

            DtlsTestClient.Result result = client.connect(CONNECT_TIMEOUT_MS);
            SrtpKeys server = h.listener.connected.get(10, SECONDS);

            assertEquals(expected, result.profile());
            assertEquals(expected, server.profile());
            assertKeysSwapped(result.keys(), server);
            assertFalse(Arrays.equals(server.localKey(), server.remoteKey()), "client and server keys differ");
            assertEquals(DtlsState.CONNECTED, h.session.state());
            assertEquals(1, h.listener.connectedCalls.get());
            assertEquals(0, h.listener.failedCalls.get());
            assertTrue(LoopbackHarness.SERVER_CERT.fingerprint("sha-256").matches(result.serverCertificate()),
                    "server presented the certificate whose fingerprint we signal");
        }
    }

    static Stream<Arguments> cipherSuiteOffers() {
        int gcm128 = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        int gcm256 = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
        int cbc = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA;
        return Stream.of(
                Arguments.of(new int[] {cbc, gcm256, gcm128}, gcm128),
                Arguments.of(new int[] {cbc, gcm256}, gcm256),
                Arguments.of(new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, cbc}, cbc));
    }

    @ParameterizedTest
    @MethodSource("cipherSuiteOffers")
    void serverPrefersItsOwnCipherSuiteOrder(int[] offered, int expected) throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM).cipherSuites(offered);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            assertEquals(expected, client.connect(CONNECT_TIMEOUT_MS).cipherSuite());
            h.listener.connected.get(10, SECONDS);
        }
    }

    static Stream<Arguments> unacceptableClients() {
        return Stream.of(
                Arguments.of("RSA suites only", new int[] {CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
                        ProtocolVersion.DTLSv12.only()),
                Arguments.of("DTLS 1.0 only", new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA},
                        ProtocolVersion.DTLSv10.only()));
    }

    @ParameterizedTest
    @MethodSource("unacceptableClients")
    void clientsWithoutAnAcceptableSuiteOrVersionFail(String name, int[] suites, ProtocolVersion[] versions)
            throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, GCM).cipherSuites(suites).versions(versions);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            assertThrows(IOException.class, () -> client.connect(CONNECT_TIMEOUT_MS), name);
            String reason = h.listener.failed.get(10, SECONDS);
            assertTrue(reason.startsWith("fatal alert"), name + ": " + reason);
            assertEquals(DtlsState.FAILED, h.session.state());
            assertEquals(0, h.listener.connectedCalls.get());
        }
    }

    @Test
    void clientWithoutUseSrtpIsRejected() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            assertThrows(IOException.class, () -> client.connect(CONNECT_TIMEOUT_MS));
            assertEquals("client did not offer use_srtp", h.listener.failed.get(10, SECONDS));
            assertEquals(0, h.listener.connectedCalls.get());
        }
    }
}
