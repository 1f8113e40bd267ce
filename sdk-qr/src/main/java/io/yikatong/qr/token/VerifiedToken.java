package io.yikatong.qr.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A token that passed every check of a {@link TokenVerifier}: trusted issuer and key, matching algorithm, valid
 * signature, within its validity, and (if one-time) not seen before. Only the verifier creates instances.
 *
 * <p>{@link #toString()} masks the subject. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VerifiedToken {

    private final TokenContent content;

    VerifiedToken(TokenContent content) {
        this.content = Objects.requireNonNull(content, "content");
    }

    /**
     * Returns the whole verified content.
     *
     * @return the content
     */
    public TokenContent content() {
        return content;
    }

    /**
     * Returns the issuer id.
     *
     * @return the issuer
     */
    public String issuer() {
        return content.issuer();
    }

    /**
     * Returns the key id that signed the token.
     *
     * @return the key id
     */
    public String keyId() {
        return content.keyId();
    }

    /**
     * Returns the credential type.
     *
     * @return the type
     */
    public CredentialType type() {
        return content.claims().type();
    }

    /**
     * Returns the health-code colour.
     *
     * @return the colour for health codes, empty otherwise
     */
    public Optional<HealthCodeColour> colour() {
        return content.claims().colour();
    }

    /**
     * Returns the subject (personal data: do not log).
     *
     * @return the e-health-card id or EMPI
     */
    public String subject() {
        return content.claims().subject();
    }

    /**
     * Returns the issue time.
     *
     * @return whole seconds
     */
    public Instant issuedAt() {
        return content.issuedAt();
    }

    /**
     * Returns the end of validity (exclusive).
     *
     * @return the expiry
     */
    public Instant expiresAt() {
        return content.expiresAt();
    }

    /**
     * Returns whether the token is one-time.
     *
     * @return {@code true} for a one-time code
     */
    public boolean oneTime() {
        return content.claims().oneTime();
    }

    /**
     * Returns the optional claims.
     *
     * @return an unmodifiable sorted map, possibly empty
     */
    public SortedMap<String, String> claims() {
        return content.claims().claims();
    }

    @Override
    public String toString() {
        return "VerifiedToken[" + content + "]";
    }
}
