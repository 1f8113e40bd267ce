package io.yikatong.payment;

/**
 * What {@link PaymentClient} does with a payment the channel took for an order the journal had already closed (a QR
 * code scanned and paid after the HIS gave the order up, before the code's expiry reached the channel, or at the last
 * moment). Either way the payment is recorded in the journal
 * ({@link io.yikatong.payment.journal.PaymentJournal#recordLatePayment}) and surfaced as
 * {@link PaymentOutcome.PaidAfterClose}, never silently kept and never reported as {@link PaymentOutcome.Paid}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum LatePaymentPolicy {
    /**
     * Refund it at once, in full, through the ordinary refund path under the refund number
     * {@link PaymentClient#lateRefundNo(String)}: exactly one refund, whatever the number of notifications and
     * queries that report the payment. The default.
     */
    REFUND,
    /**
     * Only record it: the amount stays refundable ({@link PaymentClient#refund}) for an operator to decide (for
     * example to keep it when the patient is served after all).
     */
    RECORD_ONLY
}
