package io.yikatong.payment;

/**
 * Why an outcome is still pending.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum PendingReason {
    /** The payer still has to act: entering the password (USERPAYING) or scanning the QR code. */
    USER_PAYING,
    /** The channel accepted a refund and is processing it. */
    PROCESSING,
    /** The outcome is unknown (timeout, link failure, 5xx, unverifiable answer); it will be resolved by query, reverse
     *  or {@link PaymentClient#resumePending()}. Never a decline. */
    UNKNOWN
}
