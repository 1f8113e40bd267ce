package io.yikatong.payment.journal;

import io.yikatong.core.YikatongException;

/**
 * Thrown when the journal refuses a write because of what it already holds: a duplicate merchant order or refund
 * number ({@link JournalErrorCode#DUPLICATE_ORDER}, {@link JournalErrorCode#DUPLICATE_REFUND}), an unknown number
 * ({@link JournalErrorCode#UNKNOWN_ENTRY}), a payment that is not refundable ({@link
 * JournalErrorCode#NOT_REFUNDABLE}) or a refund larger than what remains refundable ({@link
 * JournalErrorCode#REFUND_EXCEEDS_PAID}). Nothing was written when it is thrown.
 *
 * <p>A duplicate order is the journal's guarantee that the same order submitted twice is never charged twice: the
 * second submitter must not send the payment to the channel.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public class JournalConflictException extends YikatongException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates an exception.
     *
     * @param errorCode the code, one of {@link JournalErrorCode}
     * @param key the merchant order or refund number concerned (a business identifier, not personal data)
     * @param message what was refused
     */
    public JournalConflictException(JournalErrorCode errorCode, String key, String message) {
        super(errorCode, message);
        this.key = key;
    }

    /**
     * Returns the merchant order or refund number the conflict concerns.
     *
     * @return the number
     */
    public String key() {
        return key;
    }
}
