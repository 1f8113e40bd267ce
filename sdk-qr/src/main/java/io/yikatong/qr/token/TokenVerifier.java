package io.yikatong.qr.token;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.qr.token.TokenVerificationException.Reason;
import io.yikatong.qr.token.internal.TrustedKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies scanned offline tokens (离线验码) against a {@link TrustList}, without network.
 *
 * <p>{@link #verify(String)} returns a {@link VerifiedToken} or throws; it never returns a boolean and never returns
 * unverified content. The checks run in this order, and the first failure decides the reason:
 * <ol>
 *   <li>parse (format, prefix, Base45, layout) → {@code MALFORMED};</li>
 *   <li>issuer, then key id in the trust list → {@code UNKNOWN_ISSUER}, {@code UNKNOWN_KEY};</li>
 *   <li>the token's algorithm byte against the trusted key's algorithm (the algorithm comes from the key, never from
 *       the token) → {@code WRONG_ALGORITHM};</li>
 *   <li>signature → {@code BAD_SIGNATURE};</li>
 *   <li>validity with the injected clock and the allowed skew: {@code issuedAt - skew <= now < expiresAt + skew},
 *       otherwise {@code NOT_YET_VALID} or {@code EXPIRED};</li>
 *   <li>for one-time tokens only, the {@link ReplayGuard} → {@code REPLAYED}. The guard records a token only when it
 *       passed all the checks above, so forged, expired or unknown codes cannot fill it.</li>
 * </ol>
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *         .trustList(TrustList.fromJson(Path.of("trust.json")))
 *         .allowedSkew(Duration.ofSeconds(30))
 *         .build();                                  // build once, share across threads
 * try {
 *     VerifiedToken t = verifier.verify(scanned);
 *     admit(t.subject(), t.type());
 * } catch (TokenVerificationException e) {
 *     showRejection(e.reason());                     // EXPIRED: ask for a fresh code ...
 * }
 * }</pre>
 *
 * <p>Messages name the step, issuer and key id but never the subject or the token text. Nothing is logged.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class TokenVerifier {

    /** The default allowed clock skew between issuer and verifier, 30 seconds. */
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);
    /** The largest allowed clock skew, 10 minutes. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(10);

    private final TrustList trustList;
    private final Clock clock;
    private final Duration skew;
    private final ReplayGuard replayGuard;
    private final TokenFormat format;

    private TokenVerifier(Builder b) {
        this.trustList = b.trustList;
        this.clock = b.clock;
        this.skew = b.skew;
        this.replayGuard = b.replayGuard != null ? b.replayGuard : InMemoryReplayGuard.withDefaults();
        this.format = b.format;
    }

    /**
     * Starts building a verifier.
     *
     * @return a builder with the system UTC clock, 30 s skew, an {@link InMemoryReplayGuard} with default capacity and
     *     {@link YikatongTokenFormatV1}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a scanned token.
     *
     * @param scanned the scanned text; CR, LF, TAB and spaces that scanners add around it are ignored
     * @return the verified token
     * @throws TokenVerificationException with the {@link Reason} of the first failed check (see the class description)
     * @throws ReplayGuardException if the token is one-time and passed every other check, but the replay guard could
     *     not decide (full, database unreachable); the token is not accepted
     */
    public VerifiedToken verify(String scanned) throws TokenVerificationException, ReplayGuardException {
        Objects.requireNonNull(scanned, "scanned");
        DecodedToken decoded = format.decode(OfflineTokens.trimScannerNoise(scanned));
        TokenContent c = decoded.content();
        Map<String, TrustedKey> keys = trustList.keysOf(c.issuer());
        if (keys == null) {
            throw new TokenVerificationException(Reason.UNKNOWN_ISSUER, "issuer " + c.issuer() + " is not trusted");
        }
        TrustedKey key = keys.get(c.keyId());
        if (key == null) {
            throw new TokenVerificationException(Reason.UNKNOWN_KEY, "key " + c.keyId() + " of issuer " + c.issuer()
                    + " is not trusted");
        }
        if (c.algorithmId() != key.algorithm().id()) {
            throw new TokenVerificationException(Reason.WRONG_ALGORITHM, "token algorithm " + c.algorithmId()
                    + " is not " + key.algorithm() + " of key " + c.issuer() + "/" + c.keyId());
        }
        try {
            key.verifier().verify(decoded.signedPart().toByteArray(), decoded.signature().toByteArray());
        } catch (SignatureVerificationException e) {
            throw new TokenVerificationException(Reason.BAD_SIGNATURE, "signature does not verify under key "
                    + c.issuer() + "/" + c.keyId(), e);
        }
        Instant now = clock.instant();
        if (now.plus(skew).isBefore(c.issuedAt())) {
            throw new TokenVerificationException(Reason.NOT_YET_VALID, "token issued at " + c.issuedAt()
                    + ", after now " + now + " plus skew " + skew);
        }
        Instant expiresAt = c.expiresAt();
        Instant forgetAfter = expiresAt.plus(skew);
        if (!now.isBefore(forgetAfter)) {
            throw new TokenVerificationException(Reason.EXPIRED, "token expired at " + expiresAt + ", now " + now
                    + " (skew " + skew + ")");
        }
        if (c.claims().oneTime() && !replayGuard.recordFirstUse(c.issuer(), c.nonce(), forgetAfter, now)) {
            throw new TokenVerificationException(Reason.REPLAYED, "one-time token of issuer " + c.issuer()
                    + " was already used");
        }
        return new VerifiedToken(c);
    }

    @Override
    public String toString() {
        return "TokenVerifier[" + trustList + ", skew=" + skew + ", " + replayGuard + ", " + format + "]";
    }

    /**
     * Builds a {@link TokenVerifier}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private TrustList trustList;
        private Clock clock = Clock.systemUTC();
        private Duration skew = DEFAULT_SKEW;
        private ReplayGuard replayGuard;
        private TokenFormat format = YikatongTokenFormatV1.INSTANCE;

        private Builder() {
        }

        /**
         * Sets the trusted issuers and keys (required).
         *
         * @param trustList the trust list
         * @return this builder
         */
        public Builder trustList(TrustList trustList) {
            this.trustList = Objects.requireNonNull(trustList, "trustList");
            return this;
        }

        /**
         * Sets the clock. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the allowed clock skew between issuer and verifier. Default 30 s.
         *
         * @param skew 0 to 10 minutes
         * @return this builder
         * @throws InvalidInputException naming {@code allowedSkew} if negative or above 10 minutes
         */
        public Builder allowedSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
                throw new InvalidInputException("allowedSkew", "must be 0 to " + MAX_SKEW + ", was " + skew);
            }
            this.skew = skew;
            return this;
        }

        /**
         * Sets the replay guard for one-time tokens. Default a new {@link InMemoryReplayGuard} with default capacity,
         * which protects one process only: use a {@link JdbcReplayGuard} when several servers verify the same codes.
         *
         * @param replayGuard the guard
         * @return this builder
         */
        public Builder replayGuard(ReplayGuard replayGuard) {
            this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
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
         * Builds the verifier.
         *
         * @return the verifier
         * @throws InvalidInputException naming {@code trustList} if not set
         */
        public TokenVerifier build() {
            if (trustList == null) {
                throw new InvalidInputException("trustList", "is required");
            }
            return new TokenVerifier(this);
        }
    }
}
