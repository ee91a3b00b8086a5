package dev.chorus.http.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the EC P-256 keys of {@code chorus.auth} from PEM text as operators make them: a public key
 * ({@code PUBLIC KEY}) or a certificate, and a private key in PKCS#8 ({@code PRIVATE KEY}, {@code openssl genpkey}) or
 * SEC1 ({@code EC PRIVATE KEY}, {@code openssl ecparam -genkey}), with or without its public half (which is then
 * computed from the private scalar).
 */
final class PemKeys {
    private PemKeys() {
    }

    /** The key in {@code pem} (the private one, with its public half, if there is one); null when there is none. */
    static ECKey read(String pem) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PublicKey pub = null;
        PrivateKey priv = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    priv = converter.getPrivateKey(pair.getPrivateKeyInfo());
                    if (pair.getPublicKeyInfo() != null) {
                        pub = converter.getPublicKey(pair.getPublicKeyInfo());
                    }
                } else if (o instanceof PrivateKeyInfo info) {
                    priv = converter.getPrivateKey(info);
                } else if (o instanceof SubjectPublicKeyInfo info) {
                    pub = converter.getPublicKey(info);
                } else if (o instanceof X509CertificateHolder cert) {
                    pub = converter.getPublicKey(cert.getSubjectPublicKeyInfo());
                }
            }
        }
        if (priv != null && !(priv instanceof ECPrivateKey) || pub != null && !(pub instanceof ECPublicKey)) {
            throw new GeneralSecurityException("not an EC key");
        }
        if (priv == null && pub == null) {
            return null;
        }
        ECPrivateKey ecPriv = (ECPrivateKey) priv;
        ECPublicKey ecPub = pub != null ? (ECPublicKey) pub : publicOf(ecPriv);
        if (!Curve.P_256.equals(Curve.forECParameterSpec(ecPub.getParams()))) {
            throw new GeneralSecurityException("not a P-256 key");
        }
        ECKey.Builder b = new ECKey.Builder(Curve.P_256, ecPub);
        if (ecPriv != null) {
            b.privateKey(ecPriv);
        }
        return b.build();
    }

    /** The public key of a P-256 private key: its scalar times the curve's generator. */
    private static ECPublicKey publicOf(ECPrivateKey key) throws GeneralSecurityException {
        if (!Curve.P_256.equals(Curve.forECParameterSpec(key.getParams()))) {
            throw new GeneralSecurityException("not a P-256 key");
        }
        var spec = ECNamedCurveTable.getParameterSpec("secp256r1");
        var q = spec.getG().multiply(key.getS()).normalize();
        ECPoint w = new ECPoint(new BigInteger(1, q.getAffineXCoord().getEncoded()),
                new BigInteger(1, q.getAffineYCoord().getEncoded()));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams()));
    }
}
