package dev.chorus.media.dtls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.srtp.SrtpProfile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Generation, fingerprints and PEM loading of {@link DtlsCertificate}. */
@Timeout(60)
class DtlsCertificateTest {
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void generatedCertificateIsSelfSignedEcdsaP256WithChorusNameAndValidity() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate(CLOCK);
        X509CertificateHolder holder = new X509CertificateHolder(cert.encoded());

        assertEquals(X9ObjectIdentifiers.id_ecPublicKey, holder.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
        assertEquals(SECObjectIdentifiers.secp256r1,
                ASN1ObjectIdentifier.getInstance(holder.getSubjectPublicKeyInfo().getAlgorithm().getParameters()));
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256, holder.getSignatureAlgorithm().getAlgorithm());
        assertTrue(holder.getSubject().toString().matches("CN=chorus\\d{6}"), holder.getSubject().toString());
        assertEquals(holder.getSubject(), holder.getIssuer());
        assertEquals(Date.from(NOW.minusSeconds(86_400)), holder.getNotBefore());
        assertEquals(Date.from(NOW.plusSeconds(365L * 86_400)), holder.getNotAfter());
        assertTrue(holder.getSerialNumber().signum() > 0);
        assertTrue(holder.isSignatureValid(
                new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder()).build(holder)));
    }

    @Test
    void fingerprintsAreUpperCaseHexPairsWithSha256Last() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate(CLOCK);
        List<DtlsFingerprint> fps = cert.fingerprints();

        assertEquals(List.of("sha-1", "sha-224", "sha-384", "sha-512", "sha-256"),
                fps.stream().map(DtlsFingerprint::algorithm).collect(Collectors.toList()));
        String[] jdkNames = {"SHA-1", "SHA-224", "SHA-384", "SHA-512", "SHA-256"};
        int[] sizes = {20, 28, 48, 64, 32};
        for (int i = 0; i < fps.size(); i++) {
            String value = fps.get(i).value();
            assertTrue(value.matches("([0-9A-F]{2}:){" + (sizes[i] - 1) + "}[0-9A-F]{2}"), value);
            assertEquals(hex(MessageDigest.getInstance(jdkNames[i]).digest(cert.encoded())), value);
        }
        assertEquals(fps.get(4), cert.fingerprint("SHA-256"));
        assertEquals(fps.get(0), cert.fingerprint("sha-1"));
        assertThrows(IllegalArgumentException.class, () -> cert.fingerprint("md5"));
        assertThrows(UnsupportedOperationException.class, () -> fps.add(fps.get(0)));
    }

    @Test
    void everyGeneratedCertificateHasItsOwnKey() {
        DtlsCertificate a = DtlsCertificate.generate(CLOCK);
        DtlsCertificate b = DtlsCertificate.generate(CLOCK);
        assertNotEquals(a.fingerprint("sha-256"), b.fingerprint("sha-256"));
        assertNotEquals(a.privateKey().getD(), b.privateKey().getD());
    }

    @Test
    void loadsPkcs8KeyAndServesAHandshakeWithIt() throws Exception {
        KeyPair pair = ecKeyPair();
        X509CertificateHolder cert = selfSigned(pair, "SHA256withECDSA");
        Path certFile = writePem(dir.resolve("cert.pem"), cert);
        Path keyFile = writePem(dir.resolve("key.pem"), new JcaPKCS8Generator(pair.getPrivate(), null).generate());
        assertTrue(Files.readString(keyFile).contains("-----BEGIN PRIVATE KEY-----"));

        DtlsCertificate loaded = DtlsCertificate.load(certFile, keyFile);

        assertArrayEquals(cert.getEncoded(), loaded.encoded());
        assertEquals(DtlsFingerprint.of("sha-256", cert.getEncoded()), loaded.fingerprint("sha-256"));
        try (LoopbackHarness h = new LoopbackHarness(loaded, 10_000, 10_000, 10_000)) {
            DtlsTestClient client = new DtlsTestClient(h.clientEnd, SrtpProfile.AES128_CM_HMAC_SHA1_80);
            h.session.setRemoteFingerprint(client.fingerprint());
            h.session.start();
            DtlsTestClient.Result result = client.connect(10_000);
            assertArrayEquals(cert.getEncoded(), result.serverCertificate());
            assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, h.listener.connected.get(10, SECONDS).profile());
        }
    }

    @Test
    void loadsSec1KeyWithAndWithoutEcParameters() throws Exception {
        KeyPair pair = ecKeyPair();
        X509CertificateHolder cert = selfSigned(pair, "SHA256withECDSA");
        Path certFile = writePem(dir.resolve("cert.pem"), cert);
        Path sec1 = writePem(dir.resolve("sec1.pem"), pair.getPrivate());
        assertTrue(Files.readString(sec1).contains("-----BEGIN EC PRIVATE KEY-----"));
        Path withParams = dir.resolve("sec1-params.pem");
        StringWriter params = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(params)) {
            w.writeObject(new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()));
        }
        Files.writeString(withParams, params + Files.readString(sec1));

        // OpenSSL-style SEC1: curve OID and public key inside the ECPrivateKey structure
        ECPrivateKey jdkKey = (ECPrivateKey) pair.getPrivate();
        byte[] point = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                .getPublicKeyData().getBytes();
        org.bouncycastle.asn1.sec.ECPrivateKey full = new org.bouncycastle.asn1.sec.ECPrivateKey(256, jdkKey.getS(),
                new DERBitString(point), SECObjectIdentifiers.secp256r1);
        Path withInner = writePem(dir.resolve("sec1-inner.pem"), new PemObject("EC PRIVATE KEY", full.getEncoded()));

        String expected = DtlsFingerprint.of("sha-256", cert.getEncoded()).value();
        assertEquals(expected, DtlsCertificate.load(certFile, sec1).fingerprint("sha-256").value());
        assertEquals(expected, DtlsCertificate.load(certFile, withParams).fingerprint("sha-256").value());
        assertEquals(expected, DtlsCertificate.load(certFile, withInner).fingerprint("sha-256").value());
        assertEquals(jdkKey.getS(), DtlsCertificate.load(certFile, withInner).privateKey().getD());
    }

    @Test
    void rsaKeyIsRejectedWithAClearMessage() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair rsa = gen.generateKeyPair();
        Path certFile = writePem(dir.resolve("rsa-cert.pem"), selfSigned(rsa, "SHA256withRSA"));
        Path pkcs8 = writePem(dir.resolve("rsa-key.pem"), new JcaPKCS8Generator(rsa.getPrivate(), null).generate());
        Path pkcs1 = writePem(dir.resolve("rsa-key1.pem"), rsa.getPrivate());

        for (Path key : List.of(pkcs8, pkcs1)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.load(certFile, key));
            assertTrue(e.getMessage().contains("RSA") && e.getMessage().contains("EC"), e.getMessage());
        }
    }

    @Test
    void ecKeyWithRsaCertificateIsRejected() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        Path certFile = writePem(dir.resolve("rsa-cert.pem"), selfSigned(gen.generateKeyPair(), "SHA256withRSA"));
        Path keyFile = writePem(dir.resolve("ec-key.pem"), ecKeyPair().getPrivate());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.load(certFile, keyFile));
        assertTrue(e.getMessage().contains("RSA"), e.getMessage());
    }

    @Test
    void keyOfAnotherCertificateIsRejected() throws Exception {
        Path certFile = writePem(dir.resolve("cert.pem"), selfSigned(ecKeyPair(), "SHA256withECDSA"));
        Path keyFile = writePem(dir.resolve("other-key.pem"), ecKeyPair().getPrivate());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.load(certFile, keyFile));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void missingOrEmptyFilesFailWithIoException() throws Exception {
        KeyPair pair = ecKeyPair();
        Path certFile = writePem(dir.resolve("cert.pem"), selfSigned(pair, "SHA256withECDSA"));
        Path keyFile = writePem(dir.resolve("key.pem"), pair.getPrivate());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a pem file\n");

        assertThrows(IOException.class, () -> DtlsCertificate.load(dir.resolve("absent.pem"), keyFile));
        assertThrows(IOException.class, () -> DtlsCertificate.load(empty, keyFile));
        assertThrows(IOException.class, () -> DtlsCertificate.load(certFile, empty));
        assertThrows(IOException.class, () -> DtlsCertificate.load(certFile, certFile));
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    private static X509CertificateHolder selfSigned(KeyPair pair, String sigAlg) throws Exception {
        X500Name name = new X500Name("CN=test");
        return new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(NOW.minusSeconds(60)),
                Date.from(NOW.plusSeconds(86_400)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder(sigAlg).build(pair.getPrivate()));
    }

    private static Path writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(object);
        }
        return file;
    }

    private static String hex(byte[] digest) {
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02X", b & 0xFF));
        }
        return sb.toString();
    }
}
