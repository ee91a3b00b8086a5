package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Objects;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * A browser stand-in for tests: a BouncyCastle DTLS 1.2 client with its own self-signed ECDSA certificate that
 * offers {@code use_srtp} and exports SRTP keys, over any {@link DatagramPipe} (in memory or a real UDP socket).
 */
public final class DtlsTestClient {
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    /** What the handshake produced, from the client's point of view (local keys = client write keys). */
    public record Result(SrtpProfile profile, SrtpKeys keys, byte[] serverCertificate, int cipherSuite) {
    }

    private final DatagramPipe pipe;
    private final SrtpProfile[] offered;
    private final DtlsCertificate certificate;
    private volatile DTLSTransport transport;
    private int[] offeredSuites = CIPHER_SUITES;
    private ProtocolVersion[] offeredVersions = ProtocolVersion.DTLSv12.only();

    /**
     * @param offered SRTP profiles to offer in this order; none means the client sends no use_srtp extension
     */
    public DtlsTestClient(DatagramPipe pipe, SrtpProfile... offered) {
        this.pipe = Objects.requireNonNull(pipe, "pipe");
        this.offered = offered.clone();
        this.certificate = DtlsCertificate.generate(Clock.systemUTC());
    }

    /** Offers these cipher suites (in this order) instead of the ECDHE_ECDSA defaults. */
    public DtlsTestClient cipherSuites(int... suites) {
        this.offeredSuites = suites.clone();
        return this;
    }

    /** Offers these protocol versions instead of DTLS 1.2 only. */
    public DtlsTestClient versions(ProtocolVersion... offered) {
        this.offeredVersions = offered.clone();
        return this;
    }

    /** The sha-256 fingerprint of this client's certificate, as a browser would signal it. */
    public DtlsFingerprint fingerprint() {
        return certificate.fingerprint("sha-256");
    }

    /** The DER encoding of this client's certificate. */
    public byte[] certificateDer() {
        return certificate.encoded();
    }

    /** Runs the handshake on the calling thread; throws if it fails or takes longer than {@code timeoutMs}. */
    public Result connect(int timeoutMs) throws IOException {
        Client client = new Client(timeoutMs);
        transport = new DTLSClientProtocol().connect(client, new PipeTransport(pipe));
        return new Result(client.profile, client.keys, client.serverCertificate, client.cipherSuite);
    }

    /**
     * Reads and processes records for up to {@code timeoutMs} (application data is returned, handshake
     * retransmissions are answered); returns the length read or -1.
     */
    public int receive(byte[] buf, int timeoutMs) throws IOException {
        return transport.receive(buf, 0, buf.length, timeoutMs);
    }

    /** Sends close_notify if connected. */
    public void close() throws IOException {
        DTLSTransport t = transport;
        if (t != null) {
            t.close();
        }
    }

    private final class Client extends DefaultTlsClient {
        private final int timeoutMs;
        private SrtpProfile profile;
        private SrtpKeys keys;
        private byte[] serverCertificate;
        private int cipherSuite = -1;

        Client(int timeoutMs) {
            super(certificate.crypto());
            this.timeoutMs = timeoutMs;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return offeredVersions;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), offeredSuites);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMs;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            if (offered.length > 0) {
                int[] ids = Arrays.stream(offered).mapToInt(SrtpProfile::protectionProfileId).toArray();
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
            }
            return extensions;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen != null && chosen.getProtectionProfiles().length == 1) {
                profile = SrtpProfile.fromProtectionProfileId(chosen.getProtectionProfiles()[0]);
            }
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCert) throws IOException {
                    serverCertificate = serverCert.getCertificate().getCertificateAt(0).getEncoded();
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), certificate.crypto(),
                            certificate.privateKey(), certificate.tlsCertificate(),
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
            if (profile != null) {
                byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                        2 * (profile.keyLength() + profile.saltLength()));
                // RFC 5764 4.2, written out independently of the server's code: client key, server key,
                // client salt, server salt. The client sends with the client write key.
                int k = profile.keyLength();
                int s = profile.saltLength();
                keys = new SrtpKeys(profile, Arrays.copyOfRange(material, 0, k),
                        Arrays.copyOfRange(material, 2 * k, 2 * k + s), Arrays.copyOfRange(material, k, 2 * k),
                        Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
            }
        }
    }

    private static final class PipeTransport implements DatagramTransport {
        private final DatagramPipe pipe;

        PipeTransport(DatagramPipe pipe) {
            this.pipe = pipe;
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
            return pipe.receive(buf, off, len, waitMillis);
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            pipe.send(buf, off, len);
        }

        @Override
        public void close() {
            // the pipe belongs to the test
        }
    }
}
