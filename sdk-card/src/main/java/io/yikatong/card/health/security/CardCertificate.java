package io.yikatong.card.health.security;

import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.crypto.KeyFormatException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import io.yikatong.core.crypto.Sm2Verifier;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A health-card system certificate (发卡机构证书 / SAM卡机构证书) in the compact, fixed-size format
 * <b>"Yikatong card certificate v1"</b>.
 *
 * <p><b>Why a project-defined format.</b> The cards reserve 180 bytes for the issuer certificate (DDF1/EF05 tag 05,
 * SAM DF01/001B) and 190 bytes for the organisation certificate (SAM DF01/001C, the tail of each DF03 EE/ED record),
 * but the byte layout of these certificates is not public (health-card spec §1.8, marked [?]). This class defines one
 * documented layout that fits those sizes exactly [I], so that the SDK, the development SAM and test fixtures agree.
 * Certificates issued under the national scheme may use another layout; such cards then need their own decoder.
 *
 * <p><b>Layout</b> (all multi-byte numbers big-endian; AN text is GBK/GB18030 padded on the right with {@code 00};
 * CN dates are 4-byte BCD {@code YYYYMMDD}; offsets are decimal):
 * <table>
 * <caption>Yikatong card certificate v1</caption>
 * <tr><th>Field</th><th>Encoding</th><th>Issuer (180 B) offset+length</th>
 *     <th>Organisation (190 B) offset+length</th></tr>
 * <tr><td>version</td><td>B, {@code 01}</td><td>0+1</td><td>0+1</td></tr>
 * <tr><td>type</td><td>B, {@code 01} issuer / {@code 02} organisation</td><td>1+1</td><td>1+1</td></tr>
 * <tr><td>subjectId</td><td>issuer: B (the issuer ID); organisation: AN (SAM serial or organisation code)</td>
 *     <td>2+8</td><td>2+10</td></tr>
 * <tr><td>issuerId</td><td>B: the signer's ID (root ID for an issuer, issuer ID for an organisation)</td>
 *     <td>10+8</td><td>12+8</td></tr>
 * <tr><td>validFrom</td><td>CN {@code YYYYMMDD}, first valid day</td><td>18+4</td><td>20+4</td></tr>
 * <tr><td>validTo</td><td>CN {@code YYYYMMDD}, last valid day (inclusive)</td><td>22+4</td><td>24+4</td></tr>
 * <tr><td>subjectName</td><td>AN</td><td>26+22</td><td>28+30</td></tr>
 * <tr><td>publicKey</td><td>SM2 point {@code x || y}, 32 + 32</td><td>48+64</td><td>58+64</td></tr>
 * <tr><td>signature</td><td>SM2 {@code r || s}, 32 + 32</td><td>112+64</td><td>122+64</td></tr>
 * <tr><td>reserved</td><td>must be {@code 00 00 00 00}</td><td>176+4</td><td>186+4</td></tr>
 * </table>
 *
 * <p>The signature is SM3withSM2 (GB/T 32918.2, user ID {@code "1234567812345678"}) by the issuer's private key over
 * every byte before it: bytes 0..111 of an issuer certificate (signed by a root key), bytes 0..121 of an organisation
 * certificate (signed by an issuer key).
 *
 * <p>{@link #decode(Bytes)} checks the structure only (lengths, version, type, text, dates, that the key is a point on
 * the SM2 curve, zero reserved bytes); the signature and the validity dates are checked by {@link #verifySignature}
 * and by {@link io.yikatong.card.health.RecordSignatureVerifier}. Certificates hold no personal data:
 * {@link #toString()} shows the subject.
 *
 * <p>Two certificates are equal when their encodings are equal.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CardCertificate {

    /** The format version byte this class reads and writes. */
    public static final int VERSION = 0x01;

    private static final int ID_LENGTH = 8;
    private static final int KEY_LENGTH = 64;
    private static final int SIGNATURE_LENGTH = 64;
    private static final int RESERVED_LENGTH = 4;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final CardCertificateType type;
    private final String subjectId;
    private final String issuerId;
    private final LocalDate validFrom;
    private final LocalDate validTo;
    private final String subjectName;
    private final Sm2PublicKey publicKey;
    private final Bytes encoded;

    private CardCertificate(CardCertificateType type, String subjectId, String issuerId, LocalDate validFrom,
            LocalDate validTo, String subjectName, Sm2PublicKey publicKey, Bytes encoded) {
        this.type = type;
        this.subjectId = subjectId;
        this.issuerId = issuerId;
        this.validFrom = validFrom;
        this.validTo = validTo;
        this.subjectName = subjectName;
        this.publicKey = publicKey;
        this.encoded = encoded;
    }

    /** Field offsets for one certificate type. */
    private static final class Layout {
        final int subjectId = 2;
        final int issuerId;
        final int validFrom;
        final int validTo;
        final int subjectName;
        final int publicKey;
        final int signature;
        final int reserved;

        Layout(CardCertificateType type) {
            issuerId = subjectId + type.subjectIdLength();
            validFrom = issuerId + ID_LENGTH;
            validTo = validFrom + 4;
            subjectName = validTo + 4;
            publicKey = subjectName + type.subjectNameLength();
            signature = publicKey + KEY_LENGTH;
            reserved = signature + SIGNATURE_LENGTH;
            if (reserved + RESERVED_LENGTH != type.length() || signature != type.signedLength()) {
                throw new AssertionError("layout of " + type + " does not add up");
            }
        }
    }

    private static final Layout ISSUER_LAYOUT = new Layout(CardCertificateType.ISSUER);
    private static final Layout ORGANISATION_LAYOUT = new Layout(CardCertificateType.ORGANISATION);

    private static Layout layout(CardCertificateType type) {
        return type == CardCertificateType.ISSUER ? ISSUER_LAYOUT : ORGANISATION_LAYOUT;
    }

    /**
     * Decodes a certificate; the type byte decides which of the two layouts applies and the length must match it.
     *
     * @param encoded the 180-byte issuer or 190-byte organisation certificate
     * @return the certificate
     * @throws MalformedDataException if the length, version, type, a text or date field, the public key or the
     *     reserved bytes do not follow the format; the exception names the field and its byte offset
     */
    public static CardCertificate decode(Bytes encoded) throws MalformedDataException {
        Objects.requireNonNull(encoded, "encoded");
        byte[] b = encoded.toByteArray();
        if (b.length < 2) {
            throw new MalformedDataException("card certificate", b.length,
                    "too short: " + b.length + " bytes, expected 180 or 190");
        }
        if ((b[0] & 0xFF) != VERSION) {
            throw new MalformedDataException("card certificate version", 0,
                    "unsupported version " + (b[0] & 0xFF) + ", expected " + VERSION);
        }
        CardCertificateType type = CardCertificateType.ofCode(b[1] & 0xFF);
        if (type == null) {
            throw new MalformedDataException("card certificate type", 1, "unknown type " + (b[1] & 0xFF));
        }
        if (b.length != type.length()) {
            throw new MalformedDataException("card certificate", Math.min(b.length, type.length()),
                    type + " certificate must be " + type.length() + " bytes, was " + b.length);
        }
        Layout l = layout(type);
        String subjectId = type == CardCertificateType.ISSUER
                ? HEX.formatHex(b, l.subjectId, l.issuerId)
                : text(b, l.subjectId, type.subjectIdLength(), "card certificate subjectId");
        String issuerId = HEX.formatHex(b, l.issuerId, l.validFrom);
        LocalDate from = date(b, l.validFrom, "card certificate validFrom");
        LocalDate to = date(b, l.validTo, "card certificate validTo");
        if (to.isBefore(from)) {
            throw new MalformedDataException("card certificate validTo", l.validTo, "ends before validFrom");
        }
        String name = text(b, l.subjectName, type.subjectNameLength(), "card certificate subjectName");
        Sm2PublicKey key;
        try {
            key = Sm2PublicKey.fromRawPoint(Arrays.copyOfRange(b, l.publicKey, l.publicKey + KEY_LENGTH));
        } catch (KeyFormatException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "card certificate publicKey", l.publicKey,
                    "not a point on the SM2 curve", e);
        }
        for (int i = l.reserved; i < type.length(); i++) {
            if (b[i] != 0) {
                throw new MalformedDataException("card certificate reserved", i, "reserved byte is not 00");
            }
        }
        return new CardCertificate(type, subjectId, issuerId, from, to, name, key, Bytes.copyOf(b));
    }

    private static String text(byte[] b, int offset, int length, String element) throws MalformedDataException {
        try {
            return GbText.decode(Arrays.copyOfRange(b, offset, offset + length), element);
        } catch (MalformedDataException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, element,
                    offset + Math.max(e.offset(), 0), "not padded GBK text", e);
        }
    }

    private static LocalDate date(byte[] b, int offset, String element) throws MalformedDataException {
        try {
            return Bcd.decodeDate(Arrays.copyOfRange(b, offset, offset + 4), element);
        } catch (MalformedDataException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, element,
                    offset + Math.max(e.offset(), 0), "not a CN date YYYYMMDD", e);
        }
    }

    /**
     * Starts issuing a certificate (for tests, the development SAM and software security modules).
     *
     * @return a builder; every field except the public key and signing key has no default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the certificate's signature under its issuer's public key (SM3withSM2, user ID
     * {@code "1234567812345678"}, over the bytes before the signature field). Validity dates are not checked here.
     *
     * @param issuerKey the public key of the issuer (a root key for an issuer certificate, the issuer certificate's key
     *     for an organisation certificate)
     * @throws SignatureVerificationException if the signature does not verify under that key
     */
    public void verifySignature(Sm2PublicKey issuerKey) throws SignatureVerificationException {
        Objects.requireNonNull(issuerKey, "issuerKey");
        byte[] b = encoded.toByteArray();
        int signed = type.signedLength();
        Sm2Verifier.builder(issuerKey).format(Sm2SignatureFormat.RAW).build().verify(
                Arrays.copyOfRange(b, 0, signed), Arrays.copyOfRange(b, signed, signed + SIGNATURE_LENGTH));
    }

    /**
     * Returns the certificate type.
     *
     * @return the type
     */
    public CardCertificateType type() {
        return type;
    }

    /**
     * Returns the subject ID: for an issuer certificate the 8-byte issuer ID as 16 upper-case hex digits, for an
     * organisation certificate the AN text (SAM serial or organisation code) without padding.
     *
     * @return the subject ID
     */
    public String subjectId() {
        return subjectId;
    }

    /**
     * Returns the ID of the signer (root ID for an issuer certificate, issuer ID for an organisation certificate).
     *
     * @return 16 upper-case hex digits
     */
    public String issuerId() {
        return issuerId;
    }

    /**
     * Returns the first day of validity (China time).
     *
     * @return the date
     */
    public LocalDate validFrom() {
        return validFrom;
    }

    /**
     * Returns the last day of validity, inclusive (China time).
     *
     * @return the date
     */
    public LocalDate validTo() {
        return validTo;
    }

    /**
     * Returns the subject name (issuer or organisation name) without padding.
     *
     * @return the name, possibly empty
     */
    public String subjectName() {
        return subjectName;
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
     * Returns the 64-byte signature field {@code r || s}.
     *
     * @return the signature bytes
     */
    public Bytes signature() {
        int s = type.signedLength();
        return encoded.slice(s, s + SIGNATURE_LENGTH);
    }

    /**
     * Returns the bytes the signature covers (every byte before the signature field).
     *
     * @return the signed bytes
     */
    public Bytes signedBytes() {
        return encoded.slice(0, type.signedLength());
    }

    /**
     * Returns the complete encoding (180 or 190 bytes), as stored on the card or SAM.
     *
     * @return the encoded certificate
     */
    public Bytes encoded() {
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardCertificate other && encoded.equals(other.encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    /**
     * Returns the type, subject ID and name, issuer ID and validity (public data; no key material).
     */
    @Override
    public String toString() {
        return "CardCertificate[" + type + ", subject=" + subjectId + " " + subjectName + ", issuer=" + issuerId
                + ", valid " + validFrom + ".." + validTo + "]";
    }

    /**
     * Issues a {@link CardCertificate}: collects the fields, then {@link #signWith(Sm2PrivateKey)} encodes and signs.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private CardCertificateType type;
        private String subjectId;
        private String issuerId;
        private LocalDate validFrom;
        private LocalDate validTo;
        private String subjectName;
        private Sm2PublicKey publicKey;

        private Builder() {
        }

        /**
         * Sets the certificate type.
         *
         * @param type the type
         * @return this builder
         */
        public Builder type(CardCertificateType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Sets the subject ID: 16 hex digits for an issuer certificate, AN text of at most 10 GBK bytes for an
         * organisation certificate. Checked against the type when signing.
         *
         * @param subjectId the subject ID
         * @return this builder
         */
        public Builder subjectId(String subjectId) {
            this.subjectId = Objects.requireNonNull(subjectId, "subjectId");
            return this;
        }

        /**
         * Sets the signer's ID (root ID or issuer ID): 16 hex digits. Checked when signing.
         *
         * @param issuerId the issuer ID
         * @return this builder
         */
        public Builder issuerId(String issuerId) {
            this.issuerId = Objects.requireNonNull(issuerId, "issuerId");
            return this;
        }

        /**
         * Sets the validity period, both days inclusive (China time).
         *
         * @param from the first valid day
         * @param to the last valid day
         * @return this builder
         * @throws InvalidInputException if {@code to} is before {@code from} or a year is outside 0001–9999
         */
        public Builder validity(LocalDate from, LocalDate to) {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new InvalidInputException("validity", "ends before it starts");
            }
            for (LocalDate d : new LocalDate[] {from, to}) {
                if (d.getYear() < 1 || d.getYear() > 9999) {
                    throw new InvalidInputException("validity", "year must be 0001-9999");
                }
            }
            this.validFrom = from;
            this.validTo = to;
            return this;
        }

        /**
         * Sets the subject name (GBK text, at most 22 bytes for an issuer and 30 for an organisation; checked when
         * signing).
         *
         * @param subjectName the name
         * @return this builder
         */
        public Builder subjectName(String subjectName) {
            this.subjectName = Objects.requireNonNull(subjectName, "subjectName");
            return this;
        }

        /**
         * Sets the subject's public key.
         *
         * @param publicKey the key
         * @return this builder
         */
        public Builder publicKey(Sm2PublicKey publicKey) {
            this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
            return this;
        }

        /**
         * Encodes the fields and signs them with the issuer's private key (SM3withSM2, default user ID, raw
         * {@code r || s}).
         *
         * @param issuerKey the private key of the issuer (the root key for an issuer certificate, the issuer key for an
         *     organisation certificate)
         * @return the certificate
         * @throws InvalidInputException if a field is missing or does not fit the type's layout
         */
        public CardCertificate signWith(Sm2PrivateKey issuerKey) {
            Objects.requireNonNull(issuerKey, "issuerKey");
            require(type, "type");
            require(subjectId, "subjectId");
            require(issuerId, "issuerId");
            require(validFrom, "validity");
            require(subjectName, "subjectName");
            require(publicKey, "publicKey");
            Layout l = layout(type);
            byte[] b = new byte[type.length()];
            b[0] = (byte) VERSION;
            b[1] = (byte) type.code();
            byte[] sid = type == CardCertificateType.ISSUER
                    ? hexId(subjectId, "subjectId")
                    : nonEmptyText(subjectId, type.subjectIdLength(), "subjectId");
            System.arraycopy(sid, 0, b, l.subjectId, sid.length);
            System.arraycopy(hexId(issuerId, "issuerId"), 0, b, l.issuerId, ID_LENGTH);
            System.arraycopy(Bcd.encodeDate(validFrom), 0, b, l.validFrom, 4);
            System.arraycopy(Bcd.encodeDate(validTo), 0, b, l.validTo, 4);
            System.arraycopy(fieldText(subjectName, type.subjectNameLength(), "subjectName"), 0, b, l.subjectName,
                    type.subjectNameLength());
            byte[] point = publicKey.toUncompressedPoint();
            System.arraycopy(point, 1, b, l.publicKey, KEY_LENGTH);
            byte[] sig = Sm2Signer.builder(issuerKey).format(Sm2SignatureFormat.RAW).build()
                    .sign(Arrays.copyOfRange(b, 0, l.signature));
            System.arraycopy(sig, 0, b, l.signature, SIGNATURE_LENGTH);
            try {
                return decode(Bytes.copyOf(b));
            } catch (MalformedDataException e) {
                throw new IllegalStateException("an issued certificate does not decode", e);
            }
        }

        private static void require(Object value, String field) {
            if (value == null) {
                throw new InvalidInputException(field, "is not set");
            }
        }

        private static byte[] hexId(String hex, String field) {
            if (hex.length() != 2 * ID_LENGTH) {
                throw new InvalidInputException(field, "must be " + 2 * ID_LENGTH + " hex digits, was "
                        + hex.length() + " characters");
            }
            try {
                return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, field, "is not hex", e);
            }
        }

        private static byte[] nonEmptyText(String text, int length, String field) {
            if (text.isEmpty()) {
                throw new InvalidInputException(field, "must not be empty");
            }
            return fieldText(text, length, field);
        }

        private static byte[] fieldText(String text, int length, String field) {
            if (text.endsWith(" ")) {
                throw new InvalidInputException(field, "must not end with a space (it would not decode back)");
            }
            try {
                return GbText.encode(text, length);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, field,
                        "does not fit " + length + " bytes of GBK text", e);
            }
        }
    }
}
