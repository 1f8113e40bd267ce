package io.yikatong.card;

/**
 * The link to the card failed: the PC/SC service or reader is unavailable, there is no card, the card was removed during
 * a transaction, the reader reported an error, or the card did not answer in time. {@link #errorCode()} tells which
 * ({@link CardErrorCode#READER_UNAVAILABLE}, {@link CardErrorCode#NO_CARD}, {@link CardErrorCode#CARD_REMOVED},
 * {@link CardErrorCode#LINK_FAILED}, {@link CardErrorCode#TIMEOUT}; {@link #isTimeout()} for the last). Retrying after
 * the user re-inserts the card or the service is restarted may help.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class CardLinkException extends CardException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param code one of the link codes
     * @param message what failed
     * @param cause the underlying failure, or {@code null}
     * @throws IllegalArgumentException if {@code code} is not a link or availability code
     */
    public CardLinkException(CardErrorCode code, String message, Throwable cause) {
        super(checked(code), message, cause);
    }

    /**
     * Tells whether the card, SAM or reader did not answer within its deadline ({@link CardErrorCode#TIMEOUT}): the
     * session that threw is closed, and the reader is released as soon as the stuck call returns.
     *
     * @return {@code true} for a time-out
     * @since 0.1
     */
    public boolean isTimeout() {
        return errorCode() == CardErrorCode.TIMEOUT;
    }

    private static CardErrorCode checked(CardErrorCode code) {
        return switch (code) {
            case READER_UNAVAILABLE, NO_CARD, CARD_REMOVED, LINK_FAILED, TIMEOUT -> code;
            default -> throw new IllegalArgumentException("not a link failure code: " + code);
        };
    }
}
