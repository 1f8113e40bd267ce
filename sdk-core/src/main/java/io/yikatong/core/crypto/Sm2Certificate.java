package io.yikatong.core.crypto;

import io.yikatong.core.Bytes;
import io.yikatong.core.crypto.internal.Sm2Der;
import io.yikatong.core.crypto.internal.Sm2KeyCodec;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * An X.509 certificate carrying an SM2 public key (SM2 数字证书, GM/T 0015), parsed but not yet trusted: check it with
 * {@link Sm2CertificateValidator}.
 *
 * <p>Subject and issuer are rendered as RFC 4514-style strings (for example {@code CN=Hospital CA,O=Example}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Sm2Certificate {

    private static final String PEM_LABEL = "CERTIFICATE";

    private final Bytes encoded;
    private final byte[] tbs;
    private final byte[] signature;
    private final X500Name subjectName;
    private final X500Name issuerName;
    private final String subjectText;
    private final String issuerText;
    private final BigInteger serial;
    private final Instant notBefore;
    private final Instant notAfter;
    private final Sm2PublicKey publicKey;
    private final ASN1ObjectIdentifier signatureAlgorithm;
    private final boolean signatureAlgorithmConsistent;
    private final boolean ca;
    private final BigInteger pathLenConstraint;
    private final Boolean keyCertSign;
    private final List<String> unknownCriticalExtensions;

    private Sm2Certificate(byte[] der) throws CertificateValidationException {
        Certificate cert;
        try {
            cert = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            if (cert == null) {
                throw new CertificateValidationException("certificate: empty input", null);
            }
            this.tbs = Sm2Der.firstElement(der);
        } catch (IOException | RuntimeException e) {
            throw new CertificateValidationException("certificate: not a DER X.509 certificate", e);
        }
        String subjectText = "(unparsed)";
        try {
            this.subjectName = cert.getSubject();
            subjectText = subjectName.toString();
            this.subjectText = subjectText;
            this.issuerName = cert.getIssuer();
            this.issuerText = issuerName.toString();
            this.serial = cert.getSerialNumber().getValue();
            this.notBefore = cert.getStartDate().getDate().toInstant();
            this.notAfter = cert.getEndDate().getDate().toInstant();
            AlgorithmIdentifier outer = cert.getSignatureAlgorithm();
            AlgorithmIdentifier inner = cert.getTBSCertificate().getSignature();
            this.signatureAlgorithm = outer.getAlgorithm();
            this.signatureAlgorithmConsistent = outer.equals(inner);
            if (cert.getSignature().getPadBits() != 0) {
                throw new CertificateValidationException("certificate '" + subjectText
                        + "': signature BIT STRING has unused bits", null);
            }
            this.signature = cert.getSignature().getOctets();
            Extensions ext = cert.getTBSCertificate().getExtensions();
            BasicConstraints bc = ext == null ? null : BasicConstraints.fromExtensions(ext);
            this.ca = bc != null && bc.isCA();
            this.pathLenConstraint = bc == null ? null : bc.getPathLenConstraint();
            KeyUsage ku = ext == null ? null : KeyUsage.fromExtensions(ext);
            this.keyCertSign = ku == null ? null : ku.hasUsages(KeyUsage.keyCertSign);
            List<String> unknown = new ArrayList<>();
            if (ext != null) {
                for (ASN1ObjectIdentifier oid : ext.getCriticalExtensionOIDs()) {
                    if (!oid.equals(Extension.basicConstraints) && !oid.equals(Extension.keyUsage)
                            && !oid.equals(Extension.extendedKeyUsage) && !oid.equals(Extension.subjectAlternativeName)) {
                        unknown.add(oid.getId());
                    }
                }
            }
            this.unknownCriticalExtensions = List.copyOf(unknown);
        } catch (RuntimeException e) {
            throw new CertificateValidationException("certificate '" + subjectText + "': malformed field", e);
        }
        try {
            this.publicKey = Sm2PublicKey.fromX509Der(cert.getSubjectPublicKeyInfo().getEncoded("DER"));
        } catch (KeyFormatException | IOException | RuntimeException e) {
            throw new CertificateValidationException("certificate '" + subjectText
                    + "': subject public key is not an SM2 key", e);
        }
        this.encoded = Bytes.copyOf(der);
    }

    /**
     * Parses a DER certificate.
     *
     * @param der the DER bytes
     * @return the certificate
     * @throws CertificateValidationException if the bytes are not an X.509 certificate or its key is not an SM2 key
     */
    public static Sm2Certificate fromDer(byte[] der) throws CertificateValidationException {
        Objects.requireNonNull(der, "der");
        return new Sm2Certificate(der.clone());
    }

    /**
     * Parses PEM text with exactly one {@code CERTIFICATE} block.
     *
     * @param pem the PEM text
     * @return the certificate
     * @throws CertificateValidationException if there is not exactly one CERTIFICATE block or it does not parse
     */
    public static Sm2Certificate fromPem(String pem) throws CertificateValidationException {
        List<Sm2Certificate> all = fromPemChain(pem);
        if (all.size() != 1) {
            throw new CertificateValidationException("certificate PEM: expected one CERTIFICATE block, found "
                    + all.size(), null);
        }
        return all.get(0);
    }

    /**
     * Parses every {@code CERTIFICATE} block of PEM text, in order (for example a chain file, leaf first).
     *
     * @param pem the PEM text
     * @return the certificates, possibly empty
     * @throws CertificateValidationException if the PEM or any certificate does not parse
     */
    public static List<Sm2Certificate> fromPemChain(String pem) throws CertificateValidationException {
        Objects.requireNonNull(pem, "pem");
        List<Sm2KeyCodec.PemBlock> blocks;
        try {
            blocks = Sm2KeyCodec.parsePem(pem, "certificate PEM");
        } catch (KeyFormatException e) {
            throw new CertificateValidationException("certificate PEM: " + e.getMessage(), e);
        }
        List<Sm2Certificate> out = new ArrayList<>();
        for (Sm2KeyCodec.PemBlock b : blocks) {
            if (b.label().equals(PEM_LABEL)) {
                out.add(new Sm2Certificate(b.der()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Returns the subject distinguished name.
     *
     * @return for example {@code CN=leaf}
     */
    public String subject() {
        return subjectText;
    }

    /**
     * Returns the issuer distinguished name.
     *
     * @return for example {@code CN=CA}
     */
    public String issuer() {
        return issuerText;
    }

    /**
     * Returns the serial number.
     *
     * @return the serial
     */
    public BigInteger serialNumber() {
        return serial;
    }

    /**
     * Returns the start of the validity period.
     *
     * @return notBefore
     */
    public Instant notBefore() {
        return notBefore;
    }

    /**
     * Returns the end of the validity period.
     *
     * @return notAfter
     */
    public Instant notAfter() {
        return notAfter;
    }

    /**
     * Returns the subject's SM2 public key.
     *
     * @return the key
     */
    public Sm2PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Returns the DER encoding.
     *
     * @return the bytes
     */
    public Bytes encoded() {
        return encoded;
    }

    /**
     * Returns whether basicConstraints says this is a CA certificate.
     *
     * @return {@code true} if basicConstraints is present with cA TRUE
     */
    public boolean isCa() {
        return ca;
    }

    X500Name subjectName() {
        return subjectName;
    }

    X500Name issuerName() {
        return issuerName;
    }

    byte[] tbs() {
        return tbs;
    }

    byte[] signature() {
        return signature;
    }

    ASN1ObjectIdentifier signatureAlgorithm() {
        return signatureAlgorithm;
    }

    boolean signatureAlgorithmConsistent() {
        return signatureAlgorithmConsistent;
    }

    BigInteger pathLenConstraint() {
        return pathLenConstraint;
    }

    Boolean keyCertSign() {
        return keyCertSign;
    }

    List<String> unknownCriticalExtensions() {
        return unknownCriticalExtensions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sm2Certificate other && encoded.equals(other.encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    /**
     * Returns {@code Sm2Certificate[subject=..., issuer=..., serial=...]}.
     */
    @Override
    public String toString() {
        return "Sm2Certificate[subject=" + subject() + ", issuer=" + issuer() + ", serial=" + serial.toString(16) + "]";
    }
}
