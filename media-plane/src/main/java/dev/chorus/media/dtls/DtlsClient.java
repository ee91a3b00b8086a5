package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Objects;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * The DTLS 1.2 <em>client</em> role of DTLS-SRTP (RFC 5764), as a browser plays it against Chorus: ECDHE_ECDSA
 * suites, its own certificate (sent when the server asks for one), {@code use_srtp} with the given profiles, the
 * server's certificate checked against the fingerprint the server signaled, and the SRTP keys exported from the
 * client's point of view (local = client write keys). Used by the load generator's synthetic participants.
 *
 * <p>{@link #connect} runs the whole handshake on the calling thread over any BouncyCastle
 * {@link DatagramTransport} (blocking, as BouncyCastle's DTLS engine is), so run it on a handshake pool, never on a
 * media thread. One instance per handshake.
 */
public final class DtlsClient {
    private static final int[] CIPHER_SUITES = SrtpDtlsServer.CIPHER_SUITES;

    /** What the handshake produced, from the client's point of view. */
    public record Result(SrtpProfile profile, SrtpKeys keys) {
    }

    private final DtlsCertificate certificate;
    private final DtlsFingerprint expectedServer;
    private final SrtpProfile[] offered;

    /**
     * @param certificate    the client's certificate (its fingerprint is what the client signals)
     * @param expectedServer the fingerprint the server signaled; the handshake fails with {@code bad_certificate}
     *                       if the server presents another certificate
     * @param offered        SRTP profiles in preference order (at least one)
     */
    public DtlsClient(DtlsCertificate certificate, DtlsFingerprint expectedServer, SrtpProfile... offered) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.expectedServer = Objects.requireNonNull(expectedServer, "expectedServer");
        if (offered.length == 0) {
            throw new IllegalArgumentException("offer at least one SRTP profile");
        }
        this.offered = offered.clone();
    }

    /**
     * Runs the handshake; returns the negotiated profile and keys.
     *
     * @throws IOException if the handshake fails, the server's certificate does not match, the server chose no
     *     SRTP profile, or it takes longer than {@code timeoutMs}
     */
    public Result connect(DatagramTransport transport, int timeoutMs) throws IOException {
        Client client = new Client(timeoutMs);
        new DTLSClientProtocol().connect(client, transport);
        if (client.keys == null) {
            throw new IOException("the server negotiated no SRTP protection profile");
        }
        return new Result(client.profile, client.keys);
    }

    private final class Client extends DefaultTlsClient {
        private final int timeoutMs;
        private SrtpProfile profile;
        private SrtpKeys keys;

        Client(int timeoutMs) {
            super(certificate.crypto());
            this.timeoutMs = timeoutMs;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMs;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            int[] ids = Arrays.stream(offered).mapToInt(SrtpProfile::protectionProfileId).toArray();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null || chosen.getProtectionProfiles().length != 1) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter);
            }
            SrtpProfile p = SrtpProfile.fromProtectionProfileId(chosen.getProtectionProfiles()[0]);
            if (p == null || !Arrays.asList(offered).contains(p)) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter);
            }
            profile = p;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCert) throws IOException {
                    if (serverCert.getCertificate().isEmpty()
                            || !expectedServer.matches(serverCert.getCertificate().getCertificateAt(0).getEncoded())) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate);
                    }
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
            byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                    SrtpKeyMaterial.length(profile));
            keys = SrtpKeyMaterial.split(profile, material, false);
        }
    }
}
