package io.yikatong.card;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by sdk-card.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum CardErrorCode implements ErrorCode {
    /** The PC/SC service is not running or no reader matches. */
    READER_UNAVAILABLE("card.reader_unavailable", ErrorCategory.UNAVAILABLE),
    /** The reader has no card. */
    NO_CARD("card.no_card", ErrorCategory.UNAVAILABLE),
    /** The card was removed (or reset) during a transaction. */
    CARD_REMOVED("card.card_removed", ErrorCategory.LINK_FAILED),
    /** Any other failure of the link to the card (reader error, protocol error). */
    LINK_FAILED("card.link_failed", ErrorCategory.LINK_FAILED),
    /**
     * The card, SAM or reader did not answer within the deadline of {@link CardTimeouts} (a frozen card, a hung
     * driver): the session is closed and the reader released in the background; open a new session to retry.
     *
     * @since 0.1
     */
    TIMEOUT("card.timeout", ErrorCategory.LINK_FAILED),
    /** The card answered a command with an error status word. */
    CARD_REFUSED("card.refused", ErrorCategory.REFUSED),
    /** A verification or authentication failed; the exception tells the retries left. */
    AUTHENTICATION_FAILED("card.authentication_failed", ErrorCategory.REFUSED),
    /** The card answered with bytes that do not follow the file's format. */
    MALFORMED_RESPONSE("card.malformed_response", ErrorCategory.MALFORMED_RESPONSE);

    private final String code;
    private final ErrorCategory category;

    CardErrorCode(String code, ErrorCategory category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public String toString() {
        return code;
    }
}
