package dev.chorus.media.dtls;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS certificate a Chorus node presents to browsers: an ECDSA certificate with its private key, either
 * generated (self-signed P-256) or loaded from PEM files, plus the fingerprints signaled in
 * {@code dtlsParameters}. Immutable and shared by all DTLS sessions of a node.
 */
public final class DtlsCertificate {
    /** Signaled order; mediasoup-client puts only the last entry into the SDP, so sha-256 comes last. */
    private static final List<String> FINGERPRINT_ALGORITHMS =
            List.of("sha-1", "sha-224", "sha-384", "sha-512", "sha-256");

    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final byte[] der;
    private final ECPrivateKeyParameters privateKey;
    private final BcTlsCrypto crypto;
    private final Certificate tlsCertificate;
    private final List<DtlsFingerprint> fingerprints;

    private DtlsCertificate(byte[] der, ECPrivateKeyParameters privateKey) throws IOException {
        this.der = der.clone();
        this.privateKey = privateKey;
        this.crypto = new BcTlsCrypto(new SecureRandom());
        this.tlsCertificate = new Certificate(new TlsCertificate[] {new BcTlsCertificate(crypto, this.der)});
        List<DtlsFingerprint> fps = new ArrayList<>(FINGERPRINT_ALGORITHMS.size());
        for (String alg : FINGERPRINT_ALGORITHMS) {
            fps.add(DtlsFingerprint.of(alg, this.der));
        }
        this.fingerprints = Collections.unmodifiableList(fps);
    }

    /**
     * Generates a fresh ECDSA P-256 key and a self-signed certificate (SHA256withECDSA) with a random CN like
     * {@code chorus123456}, valid from one day before {@code clock.instant()} to one year after it.
     */
    public static DtlsCertificate generate(Clock clock) {
        SecureRandom random = new SecureRandom();
        X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
        ECNamedDomainParameters domain = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, curve);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();

        X500Name name = new X500Name(String.format(Locale.ROOT, "CN=chorus%06d", random.nextInt(1_000_000)));
        Instant now = clock.instant();
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic());
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, new BigInteger(63, random).add(
                    BigInteger.ONE), Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, spki);
            AlgorithmIdentifier sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
            ContentSigner signer = new BcECContentSignerBuilder(sigAlg, digAlg).build(pair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            return new DtlsCertificate(holder.getEncoded(), (ECPrivateKeyParameters) pair.getPrivate());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the DTLS certificate", e);
        }
    }

    /**
     * Loads a certificate and its EC private key from PEM files. The key may be PKCS#8 ({@code PRIVATE KEY}) or
     * SEC1 ({@code EC PRIVATE KEY}, optionally preceded by {@code EC PARAMETERS}).
     *
     * @throws IOException if a file cannot be read or holds no certificate / key
     * @throws IllegalArgumentException if the key is not an unencrypted EC key, or does not belong to the
     *     certificate
     */
    public static DtlsCertificate load(Path certPem, Path keyPem) throws IOException {
        X509CertificateHolder cert = readCertificate(certPem);
        PrivateKeyInfo keyInfo = readPrivateKeyInfo(keyPem);
        ASN1ObjectIdentifier keyAlg = keyInfo.getPrivateKeyAlgorithm().getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(keyAlg)) {
            throw new IllegalArgumentException("DTLS private key " + keyPem + " is " + algorithmName(keyAlg)
                    + ", but Chorus needs an EC (ECDSA) key");
        }
        ASN1ObjectIdentifier certAlg = cert.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(certAlg)) {
            throw new IllegalArgumentException("DTLS certificate " + certPem + " has a public key of type "
                    + algorithmName(certAlg) + ", but Chorus needs an EC (ECDSA) certificate");
        }
        if (keyInfo.getPrivateKeyAlgorithm().getParameters() == null) {
            // a SEC1 key without its optional curve parameters: the curve is the certificate's
            keyInfo = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    cert.getSubjectPublicKeyInfo().getAlgorithm().getParameters()), keyInfo.parsePrivateKey());
        }
        ECPrivateKeyParameters priv = (ECPrivateKeyParameters) PrivateKeyFactory.createKey(keyInfo);
        ECPublicKeyParameters pub = (ECPublicKeyParameters) PublicKeyFactory.createKey(cert.getSubjectPublicKeyInfo());
        if (!priv.getParameters().getG().multiply(priv.getD()).normalize().equals(pub.getQ().normalize())) {
            throw new IllegalArgumentException("DTLS private key " + keyPem + " does not match certificate " + certPem);
        }
        return new DtlsCertificate(cert.getEncoded(), priv);
    }

    private static X509CertificateHolder readCertificate(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder) {
                    return (X509CertificateHolder) o;
                }
            }
        }
        throw new IOException("no PEM certificate in " + file);
    }

    private static PrivateKeyInfo readPrivateKeyInfo(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo) {
                    return (PrivateKeyInfo) o;
                }
                if (o instanceof PEMKeyPair) {
                    return ((PEMKeyPair) o).getPrivateKeyInfo();
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("DTLS private key " + file + " is encrypted; "
                            + "Chorus needs an unencrypted EC key");
                }
                // anything else (EC PARAMETERS, certificates) is skipped
            }
        }
        throw new IOException("no PEM private key in " + file);
    }

    private static String algorithmName(ASN1ObjectIdentifier oid) {
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid) || PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            return "RSA";
        }
        if (X9ObjectIdentifiers.id_dsa.equals(oid)) {
            return "DSA";
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(oid) || EdECObjectIdentifiers.id_Ed448.equals(oid)) {
            return "EdDSA";
        }
        return "an unsupported key type (" + oid.getId() + ")";
    }

    /** Fingerprints for sha-1, sha-224, sha-384, sha-512 and, last, sha-256. */
    public List<DtlsFingerprint> fingerprints() {
        return fingerprints;
    }

    /**
     * The fingerprint for one algorithm name (case-insensitive).
     *
     * @throws IllegalArgumentException if the algorithm is not supported
     */
    public DtlsFingerprint fingerprint(String algorithm) {
        for (DtlsFingerprint fp : fingerprints) {
            if (fp.algorithm().equalsIgnoreCase(algorithm.trim())) {
                return fp;
            }
        }
        throw new IllegalArgumentException("unsupported fingerprint algorithm: " + algorithm);
    }

    /** The DER encoding of the certificate (a copy). */
    byte[] encoded() {
        return der.clone();
    }

    ECPrivateKeyParameters privateKey() {
        return privateKey;
    }

    /** A BouncyCastle crypto provider instance for sessions using this certificate (thread-safe). */
    BcTlsCrypto crypto() {
        return crypto;
    }

    /** The certificate chain (one entry) as BouncyCastle TLS presents it. */
    Certificate tlsCertificate() {
        return tlsCertificate;
    }
}
