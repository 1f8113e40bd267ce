package io.yikatong.core.crypto;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.internal.Sm2Curve;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validates a chain of SM2 certificates (SM2 证书链验证) against configured trust anchors at the time of an injected
 * {@link Clock}.
 *
 * <p>For a chain given leaf first, each certificate must: be signed with SM3withSM2 (1.2.156.10197.1.501, the same in
 * the outer and TBS algorithm fields); be within its validity period; have no critical extension other than
 * basicConstraints, keyUsage, extendedKeyUsage and subjectAltName; name as issuer the subject of the next certificate
 * (or of a trust anchor for the last one); and carry a signature that verifies under the issuer's key with the
 * configured user ID (default {@code "1234567812345678"}, which is what {@code openssl x509/req -sm3 -sigopt
 * distid:1234567812345678} uses). Every issuer, including the anchor, must have basicConstraints cA TRUE, respect
 * pathLenConstraint, and, if keyUsage is present, allow keyCertSign. The last certificate may itself be an anchor.
 * Trust anchors are trusted as given: their own validity period and signature are not checked. Revocation (CRL, OCSP)
 * is not checked.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class Sm2CertificateValidator {

    private final List<Sm2Certificate> anchors;
    private final Clock clock;
    private final byte[] userId;

    private Sm2CertificateValidator(Builder b) {
        this.anchors = List.copyOf(b.anchors);
        this.clock = b.clock;
        this.userId = b.userId.clone();
    }

    /**
     * Starts building a validator.
     *
     * @return a builder with no anchors, the system UTC clock and the default user ID
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates a chain.
     *
     * @param chainLeafFirst the leaf, then each issuer in order; need not include the anchor
     * @return the validated leaf
     * @throws CertificateValidationException naming the failing certificate's subject, if any check fails
     * @throws InvalidInputException if the chain is empty
     */
    public Sm2Certificate validate(List<Sm2Certificate> chainLeafFirst) throws CertificateValidationException {
        Objects.requireNonNull(chainLeafFirst, "chainLeafFirst");
        if (chainLeafFirst.isEmpty()) {
            throw new InvalidInputException("chainLeafFirst", "must contain at least the leaf certificate");
        }
        List<Sm2Certificate> chain = List.copyOf(chainLeafFirst);
        Instant now = clock.instant();
        for (int i = 0; i < chain.size(); i++) {
            Sm2Certificate c = chain.get(i);
            checkSelf(c, now);
            if (i > 0) {
                checkIssuerRole(c, i - 1);
            }
            if (i + 1 < chain.size()) {
                Sm2Certificate issuer = chain.get(i + 1);
                if (!c.issuerName().equals(issuer.subjectName())) {
                    throw fail(c, "issuer '" + c.issuer() + "' does not match the next certificate's subject '"
                            + issuer.subject() + "'");
                }
                checkSignature(c, issuer);
            }
        }
        Sm2Certificate last = chain.get(chain.size() - 1);
        if (anchors.contains(last)) {
            return chain.get(0);
        }
        int intermediates = chain.size() - 1;
        CertificateValidationException badSignature = null;
        for (Sm2Certificate anchor : anchors) {
            if (!last.issuerName().equals(anchor.subjectName())) {
                continue;
            }
            try {
                checkSignature(last, anchor);
                checkIssuerRole(anchor, intermediates);
                return chain.get(0);
            } catch (CertificateValidationException e) {
                badSignature = e;
            }
        }
        if (badSignature != null) {
            throw badSignature;
        }
        throw fail(last, "no path to a trust anchor (no anchor with subject '" + last.issuer() + "')");
    }

    private void checkSelf(Sm2Certificate c, Instant now) throws CertificateValidationException {
        if (!Sm2Curve.SM3_WITH_SM2_OID.equals(c.signatureAlgorithm())) {
            throw fail(c, "signature algorithm " + c.signatureAlgorithm().getId() + " is not SM3withSM2 ("
                    + Sm2Curve.SM3_WITH_SM2_OID.getId() + ")");
        }
        if (!c.signatureAlgorithmConsistent()) {
            throw fail(c, "outer and TBS signature algorithms differ");
        }
        if (now.isBefore(c.notBefore())) {
            throw fail(c, "not yet valid (notBefore " + c.notBefore() + ", now " + now + ")");
        }
        if (now.isAfter(c.notAfter())) {
            throw fail(c, "expired (notAfter " + c.notAfter() + ", now " + now + ")");
        }
        if (!c.unknownCriticalExtensions().isEmpty()) {
            throw fail(c, "unsupported critical extension(s) " + c.unknownCriticalExtensions());
        }
    }

    private static void checkIssuerRole(Sm2Certificate issuer, int intermediatesBelow)
            throws CertificateValidationException {
        if (!issuer.isCa()) {
            throw fail(issuer, "is used as an issuer but basicConstraints is absent or CA:FALSE");
        }
        BigInteger pathLen = issuer.pathLenConstraint();
        if (pathLen != null && BigInteger.valueOf(intermediatesBelow).compareTo(pathLen) > 0) {
            throw fail(issuer, "pathLenConstraint " + pathLen + " exceeded");
        }
        if (Boolean.FALSE.equals(issuer.keyCertSign())) {
            throw fail(issuer, "keyUsage does not allow keyCertSign");
        }
    }

    private void checkSignature(Sm2Certificate c, Sm2Certificate issuer) throws CertificateValidationException {
        Sm2Verifier verifier = Sm2Verifier.builder(issuer.publicKey()).userId(userId)
                .format(Sm2SignatureFormat.DER).build();
        try {
            verifier.verify(c.tbs(), c.signature());
        } catch (SignatureVerificationException e) {
            throw new CertificateValidationException("certificate '" + c.subject()
                    + "': bad signature (not signed by '" + issuer.subject() + "' with the configured user ID)", e);
        }
    }

    private static CertificateValidationException fail(Sm2Certificate c, String problem) {
        return new CertificateValidationException("certificate '" + c.subject() + "': " + problem, null);
    }

    /**
     * Builds an {@link Sm2CertificateValidator}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final List<Sm2Certificate> anchors = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private byte[] userId = Sm2Signer.DEFAULT_USER_ID.clone();

        private Builder() {
        }

        /**
         * Adds a trust anchor (a root or any other certificate trusted as given).
         *
         * @param anchor the certificate
         * @return this builder
         */
        public Builder addTrustAnchor(Sm2Certificate anchor) {
            anchors.add(Objects.requireNonNull(anchor, "anchor"));
            return this;
        }

        /**
         * Adds trust anchors.
         *
         * @param anchorList the certificates
         * @return this builder
         */
        public Builder trustAnchors(List<Sm2Certificate> anchorList) {
            for (Sm2Certificate a : Objects.requireNonNull(anchorList, "anchorList")) {
                addTrustAnchor(a);
            }
            return this;
        }

        /**
         * Sets the clock that says what "now" is for validity periods. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the user ID used to verify certificate signatures. Default {@code "1234567812345678"} (GM/T 0015).
         *
         * @param userId the ID bytes
         * @return this builder
         * @throws InvalidInputException if the ID is longer than 8191 bytes
         */
        public Builder userId(byte[] userId) {
            this.userId = Sm2Signer.checkedUserId(userId);
            return this;
        }

        /**
         * Sets the user ID used to verify certificate signatures, as UTF-8 text.
         *
         * @param userId the ID text
         * @return this builder
         * @throws InvalidInputException if the UTF-8 ID is longer than 8191 bytes
         */
        public Builder userId(String userId) {
            return userId(Objects.requireNonNull(userId, "userId").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Builds the validator.
         *
         * @return the validator
         * @throws InvalidInputException if no trust anchor was added
         */
        public Sm2CertificateValidator build() {
            if (anchors.isEmpty()) {
                throw new InvalidInputException("trustAnchors", "at least one trust anchor is required");
            }
            return new Sm2CertificateValidator(this);
        }
    }
}
