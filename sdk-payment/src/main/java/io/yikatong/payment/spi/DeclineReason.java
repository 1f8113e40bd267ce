package io.yikatong.payment.spi;

/**
 * A small normalised reason for a decline, next to the channel's raw code and message. The mapping from each
 * channel's codes is an adapter's best knowledge ([I] for several WeChat codes); branch on it for user messages, keep
 * the raw code for support.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum DeclineReason {
    /** The payment code (付款码) is invalid or expired; ask the payer to show a fresh one. */
    AUTH_CODE_INVALID,
    /** The payer's balance or card is insufficient. */
    INSUFFICIENT_FUNDS,
    /** The channel failed the payment (WeChat {@code PAYERROR}). */
    PAYMENT_FAILED,
    /** The order was already closed. */
    ORDER_CLOSED,
    /** The channel rejected the request's parameters. */
    INVALID_REQUEST,
    /** The refund would exceed what remains refundable (checked by the journal before sending). */
    REFUND_EXCEEDS_PAID,
    /** The payment is not in a refundable state (not paid, or reversed). */
    NOT_REFUNDABLE,
    /** The channel refused or closed the refund. */
    REFUND_FAILED,
    /** Any other refusal; see the raw code. */
    OTHER
}
