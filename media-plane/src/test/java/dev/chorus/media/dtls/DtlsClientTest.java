package dev.chorus.media.dtls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.time.Clock;
import org.bouncycastle.tls.DatagramTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The production DTLS client against Chorus's DTLS server over an in-memory datagram pipe. */
@Timeout(60)
class DtlsClientTest {
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate(Clock.systemUTC());

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void handshakeExportsMirroredKeys(SrtpProfile profile) throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            h.session.setRemoteFingerprint(CLIENT_CERT.fingerprint("sha-256"));
            h.session.start();
            DtlsClient client = new DtlsClient(CLIENT_CERT, LoopbackHarness.SERVER_CERT.fingerprint("sha-256"),
                    profile);
            DtlsClient.Result result = client.connect(transport(h.clientEnd), 10_000);
            SrtpKeys server = h.listener.connected.get(10, SECONDS);
            assertEquals(profile, result.profile());
            DtlsTestSupport.assertKeysSwapped(result.keys(), server);
        }
    }

    @Test
    void serverPreferenceWinsAmongOfferedProfiles() throws Exception {
        try (LoopbackHarness h = new LoopbackHarness()) {
            h.session.setRemoteFingerprint(CLIENT_CERT.fingerprint("sha-256"));
            h.session.start();
            DtlsClient client = new DtlsClient(CLIENT_CERT, LoopbackHarness.SERVER_CERT.fingerprint("sha-256"),
                    SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
            assertEquals(SrtpProfile.AEAD_AES_128_GCM, client.connect(transport(h.clientEnd), 10_000).profile());
        }
    }

    @Test
    void aServerCertificateOtherThanTheSignaledOneFailsTheHandshake() {
        DtlsFingerprint other = DtlsCertificate.generate(Clock.systemUTC()).fingerprint("sha-256");
        try (LoopbackHarness h = new LoopbackHarness()) {
            h.session.setRemoteFingerprint(CLIENT_CERT.fingerprint("sha-256"));
            h.session.start();
            DtlsClient client = new DtlsClient(CLIENT_CERT, other, SrtpProfile.AEAD_AES_128_GCM);
            assertThrows(IOException.class, () -> client.connect(transport(h.clientEnd), 5_000));
        }
    }

    private static DatagramTransport transport(InMemoryDatagramPipe pipe) {
        return new DatagramTransport() {
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
                return pipe.receive(buf, off, len, waitMillis);
            }

            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                pipe.send(buf, off, len);
            }

            @Override
            public void close() {
            }
        };
    }
}
