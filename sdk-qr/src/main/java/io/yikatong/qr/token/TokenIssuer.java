package io.yikatong.qr.token;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm2Signer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Issues signed offline tokens (离线凭证签发): the QR text for a {@link TokenClaims}, signed with SM3withSM2 under the
 * issuer's key and checkable later by a {@link TokenVerifier} without network.
 *
 * <pre>{@code
 * TokenIssuer issuer = TokenIssuer.builder()
 *         .signingKey(privateKey).issuer("330100").keyId("2026a")
 *         .build();                                    // build once, share
 * String qrText = issuer.issue(TokenClaims.builder()
 *         .type(CredentialType.VISIT_PASS).subject(empi).ttl(Duration.ofMinutes(10)).oneTime(true).build());
 * }</pre>
 *
 * <p>The issue time is the clock's instant truncated to whole seconds; the nonce is 8 bytes from the random source.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class TokenIssuer {

    private final Sm2Signer signer;
    private final String issuer;
    private final String keyId;
    private final Clock clock;
    private final SecureRandom random;
    private final TokenFormat format;

    private TokenIssuer(Builder b) {
        this.random = b.random != null ? b.random : new SecureRandom();
        this.signer = Sm2Signer.builder(b.key).format(Sm2SignatureFormat.RAW).random(random).build();
        this.issuer = b.issuer;
        this.keyId = b.keyId;
        this.clock = b.clock;
        this.format = b.format;
    }

    /**
     * Starts building an issuer.
     *
     * @return a builder with the system UTC clock, a new {@link SecureRandom} and {@link YikatongTokenFormatV1}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Issues a token.
     *
     * @param claims what the token asserts
     * @return the token text for the QR code (QR alphanumeric characters only for {@link YikatongTokenFormatV1})
     * @throws InvalidInputException naming {@code issuedAt} if the clock is before 1970 or after 2106
     */
    public String issue(TokenClaims claims) {
        Objects.requireNonNull(claims, "claims");
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        TokenContent content = new TokenContent(TokenAlgorithm.SM2_SM3.id(), issuer, keyId, claims, now,
                random.nextLong());
        byte[] signed = format.encodeSignedPart(content);
        return format.toText(signed, signer.sign(signed));
    }

    /**
     * Returns the issuer id.
     *
     * @return the issuer
     */
    public String issuer() {
        return issuer;
    }

    /**
     * Returns the key id.
     *
     * @return the key id
     */
    public String keyId() {
        return keyId;
    }

    @Override
    public String toString() {
        return "TokenIssuer[" + issuer + "/" + keyId + ", " + format + "]";
    }

    /**
     * Builds a {@link TokenIssuer}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Sm2PrivateKey key;
        private String issuer;
        private String keyId;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private TokenFormat format = YikatongTokenFormatV1.INSTANCE;

        private Builder() {
        }

        /**
         * Sets the signing key (required).
         *
         * @param key the issuer's SM2 private key
         * @return this builder
         */
        public Builder signingKey(Sm2PrivateKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Sets the issuer id (required).
         *
         * @param issuer 1 to 32 characters of {@code A-Z a-z 0-9 . _ -}
         * @return this builder
         * @throws InvalidInputException naming {@code issuer} if malformed
         */
        public Builder issuer(String issuer) {
            this.issuer = TokenContent.checkId("issuer", issuer, TokenContent.MAX_ISSUER_LENGTH);
            return this;
        }

        /**
         * Sets the key id (required).
         *
         * @param keyId 1 to 16 characters of {@code A-Z a-z 0-9 . _ -}
         * @return this builder
         * @throws InvalidInputException naming {@code keyId} if malformed
         */
        public Builder keyId(String keyId) {
            this.keyId = TokenContent.checkId("keyId", keyId, TokenContent.MAX_KEY_ID_LENGTH);
            return this;
        }

        /**
         * Sets the clock for issue times. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the random source for nonces and signatures. Default a new {@link SecureRandom}.
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Sets the token format. Default {@link YikatongTokenFormatV1#INSTANCE}.
         *
         * @param format the format
         * @return this builder
         */
        public Builder format(TokenFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Builds the issuer.
         *
         * @return the issuer
         * @throws InvalidInputException naming {@code signingKey}, {@code issuer} or {@code keyId} if not set
         */
        public TokenIssuer build() {
            if (key == null) {
                throw new InvalidInputException("signingKey", "is required");
            }
            if (issuer == null) {
                throw new InvalidInputException("issuer", "is required");
            }
            if (keyId == null) {
                throw new InvalidInputException("keyId", "is required");
            }
            return new TokenIssuer(this);
        }
    }
}
