package dev.chorus.http.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.jce.ECNamedCurveTable;

/** EC key pairs for tests, and PEM files of them as operators produce them (PKCS#8, SPKI, SEC1). */
public final class TestKeys {
    private TestKeys() {
    }

    public static KeyPair ecP256() {
        return ec("secp256r1");
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo). */
    public static String publicPem(KeyPair kp) {
        return pem("PUBLIC KEY", kp.getPublic().getEncoded());
    }

    /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8, as {@code openssl genpkey} writes). */
    public static String pkcs8Pem(KeyPair kp) {
        return pem("PRIVATE KEY", kp.getPrivate().getEncoded());
    }

    /**
     * {@code -----BEGIN EC PRIVATE KEY-----} (SEC1 with the curve's name, as {@code openssl ecparam -genkey} writes),
     * with or without the optional public key.
     */
    public static String sec1Pem(KeyPair kp, boolean withPublicKey) {
        BigInteger d = ((ECPrivateKey) kp.getPrivate()).getS();
        X962Parameters curve = new X962Parameters(SECObjectIdentifiers.secp256r1);
        org.bouncycastle.asn1.sec.ECPrivateKey sec1;
        if (withPublicKey) {
            var q = ECNamedCurveTable.getParameterSpec("secp256r1").getG().multiply(d).normalize();
            sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, new DERBitString(q.getEncoded(false)), curve);
        } else {
            sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, curve);
        }
        try {
            return pem("EC PRIVATE KEY", sec1.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes {@code pem} to a new file under {@code target/test-keys}. */
    public static Path write(String pem) {
        try {
            Path dir = Path.of("target", "test-keys");
            Files.createDirectories(dir);
            Path f = Files.createTempFile(dir, "key-", ".pem");
            Files.writeString(f, pem, StandardCharsets.US_ASCII);
            return f.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
