package io.yikatong.card.health;

import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.core.Bytes;
import java.util.Objects;

/**
 * A DF03 inpatient (EE) or outpatient (ED) record whose signature and certificate chain
 * {@link RecordSignatureVerifier} has checked: the data part and who signed it.
 *
 * <p>{@link #toString()} shows the kind and the signer, never the data part (medical personal data).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VerifiedRecord {

    /**
     * The two DF03 record files and their byte layout (health-card spec §1.6): data part, then a 64-byte signature,
     * then a 190-byte organisation certificate.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Kind {
        /** EE01–EE03 住院信息: 1893 bytes, data part 0..1638. */
        INPATIENT(1639),
        /** ED01–ED05 门诊信息: 3267 bytes, data part 0..3012. */
        OUTPATIENT(3013);

        /** Length of the signature field that follows the data part. */
        static final int SIGNATURE_LENGTH = 64;
        /** Length of the organisation certificate field that ends the record. */
        static final int CERTIFICATE_LENGTH = 190;

        private final int dataLength;

        Kind(int dataLength) {
            this.dataLength = dataLength;
        }

        /**
         * Returns the length of the data part (the start offset of the signature field).
         *
         * @return 1639 for {@link #INPATIENT}, 3013 for {@link #OUTPATIENT}
         */
        public int dataLength() {
            return dataLength;
        }

        /**
         * Returns the length of the whole record file.
         *
         * @return 1893 for {@link #INPATIENT}, 3267 for {@link #OUTPATIENT}
         */
        public int recordLength() {
            return dataLength + SIGNATURE_LENGTH + CERTIFICATE_LENGTH;
        }

        static Kind ofRecordLength(int length) {
            for (Kind k : values()) {
                if (k.recordLength() == length) {
                    return k;
                }
            }
            return null;
        }

        static Kind ofDataLength(int length) {
            for (Kind k : values()) {
                if (k.dataLength == length) {
                    return k;
                }
            }
            return null;
        }
    }

    private final Kind kind;
    private final Bytes dataPart;
    private final Bytes signature;
    private final CardCertificate signerCertificate;
    private final CardCertificate issuerCertificate;

    VerifiedRecord(Kind kind, Bytes dataPart, Bytes signature, CardCertificate signerCertificate,
            CardCertificate issuerCertificate) {
        this.kind = kind;
        this.dataPart = dataPart;
        this.signature = signature;
        this.signerCertificate = signerCertificate;
        this.issuerCertificate = issuerCertificate;
    }

    /**
     * Returns whether this is an inpatient or outpatient record.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the signed data part (EE bytes 0..1638 or ED bytes 0..3012), for the record decoder.
     *
     * @return the data part
     */
    public Bytes dataPart() {
        return dataPart;
    }

    /**
     * Returns the 64-byte record signature {@code r || s}.
     *
     * @return the signature
     */
    public Bytes signature() {
        return signature;
    }

    /**
     * Returns the subject name of the organisation that signed the record.
     *
     * @return the organisation name
     */
    public String signerName() {
        return signerCertificate.subjectName();
    }

    /**
     * Returns the subject ID of the organisation that signed the record (SAM serial or organisation code).
     *
     * @return the subject ID
     */
    public String signerId() {
        return signerCertificate.subjectId();
    }

    /**
     * Returns the organisation certificate found in the record.
     *
     * @return the signer's certificate
     */
    public CardCertificate signerCertificate() {
        return signerCertificate;
    }

    /**
     * Returns the issuer certificate that vouched for the signer's certificate.
     *
     * @return the issuer certificate
     */
    public CardCertificate issuerCertificate() {
        return issuerCertificate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifiedRecord other && kind == other.kind && dataPart.equals(other.dataPart)
                && signature.equals(other.signature) && signerCertificate.equals(other.signerCertificate)
                && issuerCertificate.equals(other.issuerCertificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, dataPart, signature, signerCertificate, issuerCertificate);
    }

    /**
     * Returns the kind, the signer and the issuer; never the data part.
     */
    @Override
    public String toString() {
        return "VerifiedRecord[" + kind + ", signer=" + signerId() + " " + signerName() + ", issuer="
                + issuerCertificate.subjectId() + "]";
    }
}
