package io.yikatong.samples;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed test certificate for a merchant key (UnionPay's simulator is configured with your signing
 * certificate, as UnionPay's portal is). Not part of the SDK; stateless.
 */
public final class SampleCertificates {

    private SampleCertificates() {
    }

    /**
     * Issues a self-signed SHA256withRSA certificate for {@code keys}, valid from yesterday for a year.
     *
     * @param keys the RSA key pair
     * @param cn the subject's common name
     * @return the certificate
     * @throws GeneralSecurityException if signing fails
     */
    public static X509Certificate selfSigned(KeyPair keys, String cn) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + cn + ",O=Yikatong sample,C=CN");
        BigInteger serial = new BigInteger(40, new SecureRandom()).add(BigInteger.valueOf(1_000_000_000L));
        try {
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                    keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the test certificate", e);
        }
    }
}
