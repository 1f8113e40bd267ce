package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.spi.BillLine;

/**
 * One difference between a channel bill and the journal.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind what differs
 * @param type whether a payment or a refund is concerned
 * @param key the merchant order number (payment) or merchant refund number (refund)
 * @param billAmount the amount in the bill, or {@code null} if the bill has no line
 * @param journalAmount the amount in the journal, or {@code null} if the journal has no entry
 * @param journalState the journal's state name ({@link PaymentState} or {@link RefundState}), or {@code null}
 * @since 0.1
 */
public record Discrepancy(Kind kind, BillLine.Type type, String key, Money billAmount, Money journalAmount,
        String journalState) {

    /**
     * The kind of difference.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Kind {
        /** In the bill, not in the journal (长款: the channel has money the HIS does not know of). */
        MISSING_IN_JOURNAL,
        /** Paid or refunded in the journal within the period, not in the bill (短款). */
        MISSING_IN_BILL,
        /** In both, with different amounts. */
        AMOUNT_MISMATCH,
        /** In both, but the journal's state is not {@code PAID} (payment) or {@code SUCCEEDED} (refund). */
        STATE_MISMATCH,
        /** In both, with different channel transaction numbers. */
        CHANNEL_TRADE_NO_MISMATCH,
        /** The bill lists the same payment or refund more than once. */
        DUPLICATE_IN_BILL
    }
}
