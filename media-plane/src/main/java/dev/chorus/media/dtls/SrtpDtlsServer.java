package dev.chorus.media.dtls;

import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BouncyCastle TLS server behind {@link DtlsServerSession}: DTLS 1.2 only, ECDHE_ECDSA suites only, a required
 * client certificate pinned to the signaled fingerprint, {@code use_srtp} negotiation and SRTP key export. Runs on
 * the session's handshake thread only.
 */
final class SrtpDtlsServer extends DefaultTlsServer {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpDtlsServer.class);

    /** Our cipher suites, in preference order. */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    /** SRTP profiles we accept; the client's first one that is in this list wins. */
    static final SrtpProfile[] SRTP_PROFILES = {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80};

    /** Source of the remote fingerprint; may block until it is signaled. */
    interface FingerprintSource {
        /** The signaled fingerprint, or null if none arrived in time. */
        DtlsFingerprint awaitRemoteFingerprint() throws IOException;
    }

    private final DtlsCertificate certificate;
    private final FingerprintSource fingerprints;
    private final int handshakeTimeoutMillis;

    private SrtpProfile selectedProfile;
    private SrtpKeys keys;
    private volatile String failureReason;
    private volatile boolean peerClosed;

    SrtpDtlsServer(DtlsCertificate certificate, FingerprintSource fingerprints, int handshakeTimeoutMillis) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.fingerprints = fingerprints;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** Keys exported when the handshake completed, or null before that. */
    SrtpKeys srtpKeys() {
        return keys;
    }

    /** The profile chosen from the client's use_srtp offer, or null before that. */
    SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    /** Why this server aborted the handshake itself, or null if it did not. */
    String failureReason() {
        return failureReason;
    }

    /** True once the peer sent close_notify or a fatal alert. */
    boolean peerClosed() {
        return peerClosed;
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
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        // The client certificate is pinned by fingerprint; how its issuer signed it does not matter.
        return false;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offer = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offer == null) {
            throw fail("client did not offer use_srtp", AlertDescription.handshake_failure);
        }
        for (int id : offer.getProtectionProfiles()) {
            for (SrtpProfile ours : SRTP_PROFILES) {
                if (ours.protectionProfileId() == id) {
                    selectedProfile = ours;
                    return;
                }
            }
        }
        throw fail("no common SRTP protection profile", AlertDescription.handshake_failure);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {selectedProfile.protectionProfileId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(types, sigAlgs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw fail("client sent no certificate", AlertDescription.handshake_failure);
        }
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        DtlsFingerprint expected = fingerprints.awaitRemoteFingerprint();
        if (expected == null) {
            throw fail("remote fingerprint was not signaled in time", AlertDescription.bad_certificate);
        }
        if (!expected.matches(der)) {
            throw fail("certificate fingerprint mismatch", AlertDescription.bad_certificate);
        }
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), certificate.crypto(),
                certificate.privateKey(), certificate.tlsCertificate(), chooseSignatureAlgorithm());
    }

    private SignatureAndHashAlgorithm chooseSignatureAlgorithm() {
        Vector<?> offered = context.getSecurityParametersHandshake().getClientSigAlgs();
        short[] hashes = {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512};
        if (offered != null) {
            for (short hash : hashes) {
                SignatureAndHashAlgorithm candidate = SignatureAndHashAlgorithm.getInstance(hash,
                        SignatureAlgorithm.ecdsa);
                if (offered.contains(candidate)) {
                    return candidate;
                }
            }
        }
        return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                SrtpKeyMaterial.length(selectedProfile));
        try {
            keys = SrtpKeyMaterial.split(selectedProfile, material, true);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        LOG.debug("DTLS alert received: {} {}", AlertLevel.getText(alertLevel),
                AlertDescription.getText(alertDescription));
        if (alertDescription == AlertDescription.close_notify || alertLevel == AlertLevel.fatal) {
            peerClosed = true;
        }
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        LOG.debug("DTLS alert sent: {} {} ({})", AlertLevel.getText(alertLevel),
                AlertDescription.getText(alertDescription), message);
    }

    private TlsFatalAlert fail(String reason, short alert) {
        failureReason = reason;
        return new TlsFatalAlert(alert, reason);
    }
}
