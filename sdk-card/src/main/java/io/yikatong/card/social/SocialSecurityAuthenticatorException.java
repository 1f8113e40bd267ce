package io.yikatong.card.social;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardException;
import java.util.Objects;

/**
 * The authenticator cannot serve this card, or none was configured ({@link #reason()}). The reader-interface codes
 * −2201, −2202 and −2203 of these reasons mean "fall back to the hardware-security-module two-step flow"
 * (health-card-spec §3.6).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SocialSecurityAuthenticatorException extends CardException {

    private static final long serialVersionUID = 1L;

    /**
     * Why authentication could not be done.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Reason {
        /** No authenticator configured (无PSAM卡, −2201), but the card needs one. */
        NO_AUTHENTICATOR(-2201),
        /** The authenticator does not support the card's algorithm identifier (−2202). */
        ALGORITHM_UNSUPPORTED(-2202),
        /** A 3.0 card, but the authenticator holds no RKSSSE key (−2203). */
        NO_RKSSSE_KEY(-2203),
        /** The answer carries an external-authentication cryptogram the card does not need (−2204). */
        NOT_NEEDED(-2204);

        private final int readerCode;

        Reason(int readerCode) {
            this.readerCode = readerCode;
        }

        /**
         * Returns the reader-interface error code.
         *
         * @return the negative code
         */
        public int readerCode() {
            return readerCode;
        }
    }

    private final Reason reason;

    /**
     * Creates an exception.
     *
     * @param reason why
     * @param message what happened, without keys or personal data
     */
    public SocialSecurityAuthenticatorException(Reason reason, String message) {
        super(CardErrorCode.CARD_REFUSED, message, null);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why authentication could not be done.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
