package io.yikatong.payment.journal;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the payment journal.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum JournalErrorCode implements ErrorCode {
    /** A payment with this merchant order number is already in the journal; it must not be sent again. */
    DUPLICATE_ORDER("payment.journal_duplicate_order", ErrorCategory.ILLEGAL_STATE),
    /** A refund with this merchant refund number is already in the journal. */
    DUPLICATE_REFUND("payment.journal_duplicate_refund", ErrorCategory.ILLEGAL_STATE),
    /** No payment or refund with this number is in the journal. */
    UNKNOWN_ENTRY("payment.journal_unknown_entry", ErrorCategory.ILLEGAL_STATE),
    /** The payment is not in a state that can be refunded (only {@link PaymentState#PAID} can). */
    NOT_REFUNDABLE("payment.journal_not_refundable", ErrorCategory.ILLEGAL_STATE),
    /** The refund would make the refunds of a payment exceed the amount paid. */
    REFUND_EXCEEDS_PAID("payment.journal_refund_exceeds_paid", ErrorCategory.REFUSED),
    /** The database could not be reached or failed a statement. */
    STORAGE("payment.journal_storage", ErrorCategory.UNAVAILABLE);

    private final String code;
    private final ErrorCategory category;

    JournalErrorCode(String code, ErrorCategory category) {
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
