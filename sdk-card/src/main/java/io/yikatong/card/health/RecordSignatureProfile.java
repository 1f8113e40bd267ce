package io.yikatong.card.health;

import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.CardCertificateType;
import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Which bytes of a DF03 inpatient (EE) or outpatient (ED) record the writing institution signs, and how: the
 * agreement between the signing side (SAM or software security module) and {@link RecordSignatureVerifier}.
 *
 * <p>The cards reserve a 64-byte signature and a 190-byte certificate at the end of every EE/ED record (health-card
 * spec §1.6), but the signed byte range is not public (spec §1.8, marked [?]). This profile makes it explicit [I]:
 * <ul>
 * <li>Algorithm: SM3withSM2 (GB/T 32918.2), signature encoded raw {@code r || s} (64 bytes), signer user ID
 * {@code "1234567812345678"} unless changed with {@link #withUserId(String)}.</li>
 * <li>{@link Coverage#DATA_PART} (the default, {@link #DATA_PART}): the signed message is the record's data part, EE
 * bytes 0..1638 or ED bytes 0..3012.</li>
 * <li>{@link Coverage#DATA_PART_WITH_CARD_NUMBER} ({@link #DATA_PART_WITH_CARD_NUMBER}): the signed message is the card
 * number (卡号, DDF1/EF05 tag 08) as its 18-byte AN field (text padded with {@code 00}) followed by the data part. This
 * binds the record to the card, so that a signed record copied onto another card no longer verifies.</li>
 * </ul>
 *
 * <p>The signing side computes {@link #signedBytes(Bytes, String)} and hashes/signs exactly those bytes;
 * {@link #signRecord(Bytes, String, Sm2PrivateKey, CardCertificate)} does that in software and assembles the record.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class RecordSignatureProfile {

    /** Length of the card number field (卡号, DDF1/EF05 tag 08, AN). */
    public static final int CARD_NUMBER_LENGTH = 18;

    /** The largest SM2 user ID (ENTL is a 16-bit bit count). */
    private static final int MAX_USER_ID_BYTES = 8191;

    private static final Bytes DEFAULT_USER_ID = Bytes.copyOf("1234567812345678".getBytes(StandardCharsets.US_ASCII));

    /**
     * What the record signature covers.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Coverage {
        /** The record's data part only. */
        DATA_PART,
        /** The card number (18-byte AN field) followed by the record's data part. */
        DATA_PART_WITH_CARD_NUMBER
    }

    /** The default profile: the data part, default user ID. */
    public static final RecordSignatureProfile DATA_PART =
            new RecordSignatureProfile(Coverage.DATA_PART, DEFAULT_USER_ID);

    /** The card-bound profile: card number then data part, default user ID. */
    public static final RecordSignatureProfile DATA_PART_WITH_CARD_NUMBER =
            new RecordSignatureProfile(Coverage.DATA_PART_WITH_CARD_NUMBER, DEFAULT_USER_ID);

    private final Coverage coverage;
    private final Bytes userId;

    private RecordSignatureProfile(Coverage coverage, Bytes userId) {
        this.coverage = coverage;
        this.userId = userId;
    }

    /**
     * Returns a profile with the same coverage and another SM2 signer user ID.
     *
     * @param userId the user ID as UTF-8 text, at most 8191 bytes; empty is allowed (OpenSSL's default)
     * @return the new profile
     * @throws InvalidInputException if the ID is longer than 8191 bytes
     */
    public RecordSignatureProfile withUserId(String userId) {
        byte[] id = Objects.requireNonNull(userId, "userId").getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_USER_ID_BYTES) {
            throw new InvalidInputException("userId", "must be at most " + MAX_USER_ID_BYTES + " bytes, was "
                    + id.length);
        }
        return new RecordSignatureProfile(coverage, Bytes.copyOf(id));
    }

    /**
     * Returns what the signature covers.
     *
     * @return the coverage
     */
    public Coverage coverage() {
        return coverage;
    }

    /**
     * Returns the SM2 signer user ID.
     *
     * @return the ID bytes
     */
    public Bytes userId() {
        return userId;
    }

    /**
     * Returns the exact message the record signature covers under this profile (SM2 hashes it as SM3(Z || M)).
     *
     * @param dataPart the record's data part: 1639 bytes (EE) or 3013 bytes (ED)
     * @param cardNumber the card number (DDF1/EF05 tag 08); required for {@link Coverage#DATA_PART_WITH_CARD_NUMBER},
     *     ignored (may be {@code null}) for {@link Coverage#DATA_PART}
     * @return the message M
     * @throws InvalidInputException if the data part has another length, or the card number is needed and missing,
     *     empty, or longer than 18 bytes of AN text
     */
    public Bytes signedBytes(Bytes dataPart, String cardNumber) {
        Objects.requireNonNull(dataPart, "dataPart");
        if (VerifiedRecord.Kind.ofDataLength(dataPart.length()) == null) {
            throw new InvalidInputException("dataPart", "must be " + VerifiedRecord.Kind.INPATIENT.dataLength()
                    + " (EE) or " + VerifiedRecord.Kind.OUTPATIENT.dataLength() + " (ED) bytes, was "
                    + dataPart.length());
        }
        if (coverage == Coverage.DATA_PART) {
            return dataPart;
        }
        byte[] number = cardNumberField(cardNumber);
        byte[] data = dataPart.toByteArray();
        byte[] out = new byte[number.length + data.length];
        System.arraycopy(number, 0, out, 0, number.length);
        System.arraycopy(data, 0, out, number.length, data.length);
        return Bytes.copyOf(out);
    }

    private static byte[] cardNumberField(String cardNumber) {
        if (cardNumber == null) {
            throw new InvalidInputException("cardNumber", "is required by the DATA_PART_WITH_CARD_NUMBER profile");
        }
        if (cardNumber.isEmpty()) {
            throw new InvalidInputException("cardNumber", "must not be empty");
        }
        try {
            return GbText.encode(cardNumber, CARD_NUMBER_LENGTH);
        } catch (InvalidInputException e) {
            // the message names the length only, never the card number (personal data)
            throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, "cardNumber",
                    "must be AN text of at most " + CARD_NUMBER_LENGTH + " bytes", e);
        }
    }

    /**
     * Signs a data part in software and assembles the whole record (data part, 64-byte signature, 190-byte
     * organisation certificate), as a software security module or a test fixture writes it.
     *
     * @param dataPart the data part: 1639 bytes (EE) or 3013 bytes (ED)
     * @param cardNumber the card number, see {@link #signedBytes(Bytes, String)}
     * @param organisationKey the organisation's private key (matching the certificate's public key)
     * @param organisationCertificate the organisation certificate
     * @return the record: 1893 bytes (EE) or 3267 bytes (ED)
     * @throws InvalidInputException if the data part or card number is invalid (see {@link #signedBytes}), the
     *     certificate is not an organisation certificate, or the key does not match it
     */
    public Bytes signRecord(Bytes dataPart, String cardNumber, Sm2PrivateKey organisationKey,
            CardCertificate organisationCertificate) {
        Objects.requireNonNull(organisationKey, "organisationKey");
        Objects.requireNonNull(organisationCertificate, "organisationCertificate");
        if (organisationCertificate.type() != CardCertificateType.ORGANISATION) {
            throw new InvalidInputException("organisationCertificate", "must be an ORGANISATION certificate");
        }
        if (!organisationKey.publicKey().equals(organisationCertificate.publicKey())) {
            throw new InvalidInputException("organisationKey", "does not match the certificate's public key");
        }
        byte[] message = signedBytes(dataPart, cardNumber).toByteArray();
        byte[] signature = Sm2Signer.builder(organisationKey).userId(userId.toByteArray())
                .format(Sm2SignatureFormat.RAW).build().sign(message);
        byte[] data = dataPart.toByteArray();
        byte[] cert = organisationCertificate.encoded().toByteArray();
        byte[] out = new byte[data.length + signature.length + cert.length];
        System.arraycopy(data, 0, out, 0, data.length);
        System.arraycopy(signature, 0, out, data.length, signature.length);
        System.arraycopy(cert, 0, out, data.length + signature.length, cert.length);
        return Bytes.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordSignatureProfile other && coverage == other.coverage && userId.equals(other.userId);
    }

    @Override
    public int hashCode() {
        return coverage.hashCode() * 31 + userId.hashCode();
    }

    /**
     * Returns the coverage and the user ID (public configuration).
     */
    @Override
    public String toString() {
        return "RecordSignatureProfile[" + coverage + ", userId=" + new String(userId.toByteArray(),
                StandardCharsets.UTF_8) + "]";
    }
}
