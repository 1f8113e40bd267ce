package io.yikatong.payment.unionpay.internal;

import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.CanonicalBase64;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * X.509 helpers of the UnionPay channel: PEM parsing, the 5.1.0 chain check of {@code signPubKeyCert} (PKIX against
 * the configured root with the middle certificate as intermediate, revocation off, validity at a given instant, then
 * the owner named by the subject CN, see {@link #ownerMatches}), and certificate generation for the simulator and
 * tests (BouncyCastle). Not API.
 *
 * <p>Thread-safe; stateless.
 */
public final class AcpCertificates {

    private AcpCertificates() {
    }

    /**
     * A generated certificate with its key pair.
     *
     * @param certificate the certificate
     * @param keys the key pair
     */
    public record Issued(X509Certificate certificate, KeyPair keys) {
    }

    /**
     * Parses one PEM (or bare Base64 DER) certificate. The Base64 is read canonically ({@link CanonicalBase64}): CR
     * and LF anywhere, no other whitespace, no text around the block, one spelling per certificate.
     *
     * @param pem the text
     * @return the certificate
     * @throws CertificateException if it is not a certificate
     */
    public static X509Certificate parsePem(String pem) throws CertificateException {
        if (pem == null || pem.isBlank()) {
            throw new CertificateException("no certificate");
        }
        String body = pem.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
        byte[] der;
        try {
            der = CanonicalBase64.decodeLines(body, "signPubKeyCert");
        } catch (MalformedDataException e) {
            throw new CertificateException("certificate is not canonical Base64", e);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (RuntimeException e) {
            throw new CertificateException("certificate does not parse", e);
        }
    }

    /**
     * Encodes a certificate as PEM with {@code \n} line ends.
     *
     * @param certificate the certificate
     * @return the PEM text
     */
    public static String toPem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    /**
     * Validates a signer certificate: PKIX path leaf → middle → root (trust anchor), revocation off, validity at
     * {@code at}, then the owner its subject CN names ({@link #ownerMatches}).
     *
     * @param signer the signer certificate
     * @param middle the configured middle (intermediate) certificate
     * @param root the configured root certificate
     * @param at the instant the validity is checked at
     * @param expectedCn the expected owner (or, if it contains {@code @}, the whole expected CN)
     * @throws GeneralSecurityException if the path or the CN does not validate
     */
    public static void validate(X509Certificate signer, X509Certificate middle, X509Certificate root, Instant at,
            String expectedCn) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        CertPath path = cf.generateCertPath(List.of(signer, middle));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(path, params);
        if (!ownerMatches(commonName(signer), expectedCn)) {
            throw new CertificateException("signer CN does not name the expected owner");
        }
    }

    /**
     * Whether a signer CN names the expected owner. UnionPay's signing certificates carry the CN in the {@code @}
     * layout, four fields such as {@code 041@Z12@中国银联股份有限公司@00000001} (certificate type, issuer code, owner,
     * sequence), and UnionPay's own SDK takes the third field as the owner. The rules:
     * <ul>
     *   <li>an expected value that contains {@code @} is a whole CN: the CN must equal it;</li>
     *   <li>a CN with {@code @} must have exactly four fields (empty ones count) and its third field must equal the
     *       expected owner: no trimming, no case or Unicode folding, the other fields are not checked (they change
     *       when UnionPay renews its certificate). Fewer fields are rejected (UnionPay's SDK, too, finds no owner
     *       then); more fields are rejected although UnionPay's SDK would read the third one, because no UnionPay
     *       certificate is known to have them;</li>
     *   <li>a CN without {@code @} must equal the expected owner as a whole.</li>
     * </ul>
     *
     * @param cn the subject CN
     * @param expected the expected owner, or a whole CN if it contains {@code @}; never empty
     * @return whether it matches; {@code false} for an empty expected value
     */
    public static boolean ownerMatches(String cn, String expected) {
        if (cn == null || expected == null || expected.isEmpty()) {
            return false;
        }
        if (expected.indexOf('@') >= 0 || cn.indexOf('@') < 0) {
            return expected.equals(cn);
        }
        String[] fields = cn.split("@", -1);
        return fields.length == 4 && expected.equals(fields[2]);
    }

    /**
     * Returns the first subject CN of a certificate.
     *
     * @param certificate the certificate
     * @return the CN, or an empty string if none
     */
    public static String commonName(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length == 0 || rdns[0].getFirst() == null) {
            return "";
        }
        return rdns[0].getFirst().getValue() instanceof ASN1String s ? s.getString() : "";
    }

    /**
     * Generates an RSA-2048 key pair.
     *
     * @return the key pair
     */
    public static KeyPair rsaKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /**
     * Issues a certificate (SHA256withRSA).
     *
     * @param cn the subject CN (UTF-8 string)
     * @param keys the subject's key pair
     * @param issuer the issuer, or {@code null} for a self-signed certificate
     * @param ca whether the subject is a CA
     * @param serial the serial number
     * @param notBefore the start of validity
     * @param notAfter the end of validity
     * @return the certificate and the subject key pair
     */
    public static Issued issue(String cn, KeyPair keys, Issued issuer, boolean ca, BigInteger serial,
            Instant notBefore, Instant notAfter) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, "Yikatong simulator").addRDN(BCStyle.CN, cn).build();
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        PublicKey pub = keys.getPublic();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(notBefore),
                Date.from(notAfter), subject, pub);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            var signer = new JcaContentSignerBuilder("SHA256withRSA")
                    .build(issuer == null ? keys.getPrivate() : issuer.keys().getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
            return new Issued(cert, keys);
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("certificate generation failed", e);
        }
    }
}
