package io.yikatong.card.health;

import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.CardCertificateType;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Verifier;
import io.yikatong.core.time.ChinaTime;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Verifies the signature of a DF03 inpatient (EE) or outpatient (ED) record (数据签名和验证, health-card spec §1.6,
 * §1.8) and the certificate chain behind it.
 *
 * <p>The chain, in the "Yikatong card certificate v1" format of {@link CardCertificate} [I]:
 * <ol>
 * <li>the record signature (64 bytes after the data part) verifies under the public key of the organisation
 * certificate (the last 190 bytes of the record), over {@link RecordSignatureProfile#signedBytes(Bytes, String)};</li>
 * <li>the organisation certificate names the issuer certificate's subject as its issuer and verifies under its key;
 * the issuer certificate (180 bytes) is read by the caller from the card's DDF1/EF05 tag 05 or the SAM's DF01/001B;</li>
 * <li>the issuer certificate verifies under a trusted root key configured with {@link Builder#trustIssuer};</li>
 * <li>both certificates are valid on today's date in China time, taken from the configured {@link Clock}.</li>
 * </ol>
 * Signatures are checked before dates, so a forged certificate is reported as such, not as expired.
 *
 * <p>Failures throw {@link SignatureVerificationException} whose message names a coarse
 * {@link RecordSignatureFailure} (read it back with {@link RecordSignatureFailure#of}); for malformed certificates the
 * cause is the {@link MalformedDataException} naming the field and offset. Messages never contain record data or the
 * card number.
 *
 * <p>Validity is checked at the verification date, not at the date the record was signed (which the record does not
 * state in a known place); a record signed under a since-expired organisation certificate is therefore refused.
 *
 * <pre>{@code
 * RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
 *         .trustIssuer(rootKey)
 *         .build();                                     // build once, share
 * VerifiedRecord r = verifier.verify(ee01Bytes, ef05Tag05Bytes, cardNumber);
 * }</pre>
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class RecordSignatureVerifier {

    private static final int ISSUER_CERTIFICATE_LENGTH = CardCertificateType.ISSUER.length();

    /** A trusted root key, optionally pinned to a root ID (the issuer certificate's issuerId). */
    private record TrustedRoot(String rootId, Sm2Verifier verifier) {
    }

    private final List<TrustedRoot> roots;
    private final Clock clock;
    private final RecordSignatureProfile profile;

    private RecordSignatureVerifier(Builder b) {
        this.roots = List.copyOf(b.roots);
        this.clock = b.clock;
        this.profile = b.profile;
    }

    /**
     * Starts building a verifier.
     *
     * @return a builder with no trusted root, the China-time system clock and {@link RecordSignatureProfile#DATA_PART}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a whole DF03 record and its certificate chain.
     *
     * @param wholeRecord the complete EE (1893 bytes) or ED (3267 bytes) file content
     * @param issuerCertificate the 180-byte issuer certificate (DDF1/EF05 tag 05, or the SAM's DF01/001B)
     * @param cardNumber the card number (DDF1/EF05 tag 08); required by
     *     {@link RecordSignatureProfile#DATA_PART_WITH_CARD_NUMBER}, ignored (may be {@code null}) otherwise
     * @return the verified record: kind, data part, signer
     * @throws SignatureVerificationException if the record is unsigned, a certificate is malformed, the chain does not
     *     end at a trusted root, a certificate signature is bad, a certificate is outside its validity, or the record
     *     signature is bad; the message names the {@link RecordSignatureFailure}
     * @throws InvalidInputException if the record is not 1893 or 3267 bytes, the issuer certificate is not 180 bytes,
     *     or the profile needs a card number and it is missing or invalid
     */
    public VerifiedRecord verify(Bytes wholeRecord, Bytes issuerCertificate, String cardNumber)
            throws SignatureVerificationException {
        Objects.requireNonNull(wholeRecord, "wholeRecord");
        Objects.requireNonNull(issuerCertificate, "issuerCertificate");
        VerifiedRecord.Kind kind = VerifiedRecord.Kind.ofRecordLength(wholeRecord.length());
        if (kind == null) {
            throw new InvalidInputException("wholeRecord", "must be " + VerifiedRecord.Kind.INPATIENT.recordLength()
                    + " (EE) or " + VerifiedRecord.Kind.OUTPATIENT.recordLength() + " (ED) bytes, was "
                    + wholeRecord.length());
        }
        if (issuerCertificate.length() != ISSUER_CERTIFICATE_LENGTH) {
            throw new InvalidInputException("issuerCertificate", "must be " + ISSUER_CERTIFICATE_LENGTH
                    + " bytes, was " + issuerCertificate.length());
        }
        int sigStart = kind.dataLength();
        int certStart = sigStart + VerifiedRecord.Kind.SIGNATURE_LENGTH;
        Bytes dataPart = wholeRecord.slice(0, sigStart);
        // computed first: a missing card number is a caller error whatever the record holds
        byte[] message = profile.signedBytes(dataPart, cardNumber).toByteArray();
        Bytes signature = wholeRecord.slice(sigStart, certStart);
        Bytes orgBytes = wholeRecord.slice(certStart, wholeRecord.length());
        if (isBlank(wholeRecord.slice(sigStart, wholeRecord.length()))) {
            throw RecordSignatureFailure.UNSIGNED.exception(kind + " record has no signature and no certificate",
                    null);
        }

        CardCertificate org = decode(orgBytes, CardCertificateType.ORGANISATION, "organisation certificate in the "
                + kind + " record");
        CardCertificate issuer = decode(issuerCertificate, CardCertificateType.ISSUER, "issuer certificate");

        checkIssuerAgainstRoots(issuer);
        if (!org.issuerId().equals(issuer.subjectId())) {
            throw RecordSignatureFailure.UNKNOWN_ISSUER.exception(
                    "the organisation certificate was issued by " + org.issuerId() + ", the issuer certificate is "
                            + issuer.subjectId(), null);
        }
        try {
            org.verifySignature(issuer.publicKey());
        } catch (SignatureVerificationException e) {
            throw RecordSignatureFailure.BAD_CERTIFICATE_SIGNATURE.exception(
                    "the organisation certificate is not signed by issuer " + issuer.subjectId(), e);
        }

        LocalDate today = LocalDate.ofInstant(clock.instant(), ChinaTime.ZONE);
        checkValidity(issuer, "issuer certificate", today);
        checkValidity(org, "organisation certificate", today);

        try {
            Sm2Verifier.builder(org.publicKey()).userId(profile.userId().toByteArray())
                    .format(Sm2SignatureFormat.RAW).build()
                    .verify(message, signature.toByteArray());
        } catch (SignatureVerificationException e) {
            throw RecordSignatureFailure.BAD_RECORD_SIGNATURE.exception("the " + kind
                    + " record signature does not verify under organisation " + org.subjectId() + " ("
                    + profile.coverage() + ")", e);
        }
        return new VerifiedRecord(kind, dataPart, signature, org, issuer);
    }

    private static boolean isBlank(Bytes tail) {
        byte first = tail.get(0);
        if (first != 0x00 && first != (byte) 0xFF) {
            return false;
        }
        for (int i = 1; i < tail.length(); i++) {
            if (tail.get(i) != first) {
                return false;
            }
        }
        return true;
    }

    private static CardCertificate decode(Bytes bytes, CardCertificateType expected, String what)
            throws SignatureVerificationException {
        CardCertificate c;
        try {
            c = CardCertificate.decode(bytes);
        } catch (MalformedDataException e) {
            throw RecordSignatureFailure.MALFORMED.exception(what + ": " + e.getMessage(), e);
        }
        if (c.type() != expected) {
            throw RecordSignatureFailure.MALFORMED.exception(what + " has type " + c.type() + ", expected "
                    + expected, null);
        }
        return c;
    }

    private void checkIssuerAgainstRoots(CardCertificate issuer) throws SignatureVerificationException {
        byte[] signed = issuer.signedBytes().toByteArray();
        byte[] signature = issuer.signature().toByteArray();
        boolean pinnedMatch = false;
        boolean anyCandidate = false;
        for (TrustedRoot root : roots) {
            if (root.rootId() != null && !root.rootId().equals(issuer.issuerId())) {
                continue;
            }
            anyCandidate = true;
            pinnedMatch |= root.rootId() != null;
            try {
                root.verifier().verify(signed, signature);
                return;
            } catch (SignatureVerificationException e) {
                // try the next trusted root
            }
        }
        if (pinnedMatch) {
            throw RecordSignatureFailure.BAD_CERTIFICATE_SIGNATURE.exception("issuer certificate "
                    + issuer.subjectId() + " does not verify under the trusted key of root " + issuer.issuerId(),
                    null);
        }
        throw RecordSignatureFailure.UNKNOWN_ISSUER.exception("issuer certificate " + issuer.subjectId()
                + (anyCandidate ? " is not signed by a trusted root" : " names an untrusted root "
                        + issuer.issuerId()), null);
    }

    private static void checkValidity(CardCertificate c, String what, LocalDate today)
            throws SignatureVerificationException {
        if (today.isBefore(c.validFrom())) {
            throw RecordSignatureFailure.CERTIFICATE_NOT_YET_VALID.exception(what + " " + c.subjectId()
                    + " is valid from " + c.validFrom() + ", today is " + today, null);
        }
        if (today.isAfter(c.validTo())) {
            throw RecordSignatureFailure.CERTIFICATE_EXPIRED.exception(what + " " + c.subjectId()
                    + " expired after " + c.validTo() + ", today is " + today, null);
        }
    }

    /**
     * Returns the profile.
     *
     * @return the record signature profile
     */
    public RecordSignatureProfile profile() {
        return profile;
    }

    @Override
    public String toString() {
        return "RecordSignatureVerifier[" + roots.size() + " trusted root(s), " + profile + "]";
    }

    /**
     * Builds a {@link RecordSignatureVerifier}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final List<TrustedRoot> roots = new ArrayList<>();
        private Clock clock = ChinaTime.systemClock();
        private RecordSignatureProfile profile = RecordSignatureProfile.DATA_PART;

        private Builder() {
        }

        /**
         * Trusts a root key for any root ID: an issuer certificate is accepted if its signature verifies under this
         * key. May be called several times; every trusted root is tried.
         *
         * @param rootKey the root public key
         * @return this builder
         */
        public Builder trustIssuer(Sm2PublicKey rootKey) {
            roots.add(new TrustedRoot(null, rootVerifier(rootKey)));
            return this;
        }

        /**
         * Trusts a root key for one root ID only: issuer certificates whose issuerId is {@code rootId} are checked
         * against this key, and a failure is reported as a bad certificate signature rather than an unknown issuer.
         *
         * @param rootId the root ID, 16 hex digits (the issuer certificate's issuerId field)
         * @param rootKey the root public key
         * @return this builder
         * @throws InvalidInputException if {@code rootId} is not 16 hex digits
         */
        public Builder trustIssuer(String rootId, Sm2PublicKey rootKey) {
            Objects.requireNonNull(rootId, "rootId");
            if (!rootId.matches("[0-9A-Fa-f]{16}")) {
                throw new InvalidInputException("rootId", "must be 16 hex digits");
            }
            roots.add(new TrustedRoot(rootId.toUpperCase(Locale.ROOT), rootVerifier(rootKey)));
            return this;
        }

        private static Sm2Verifier rootVerifier(Sm2PublicKey rootKey) {
            return Sm2Verifier.builder(Objects.requireNonNull(rootKey, "rootKey"))
                    .format(Sm2SignatureFormat.RAW).build();
        }

        /**
         * Sets the clock that decides today's date (in China time) for certificate validity. Default
         * {@link ChinaTime#systemClock()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets which bytes the record signature covers. Default {@link RecordSignatureProfile#DATA_PART}.
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder profile(RecordSignatureProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws InvalidInputException if no root is trusted
         */
        public RecordSignatureVerifier build() {
            if (roots.isEmpty()) {
                throw new InvalidInputException("trustIssuer", "at least one trusted root key is required");
            }
            return new RecordSignatureVerifier(this);
        }
    }
}
