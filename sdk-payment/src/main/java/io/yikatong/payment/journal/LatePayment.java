package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.internal.Checks;
import java.time.Instant;

/**
 * A payment the channel took for an order the journal had already {@linkplain PaymentState#CLOSED closed}: typically
 * a QR code scanned and paid after the HIS gave the order up. The journal keeps it with the closed entry
 * ({@link PaymentEntry#latePayment()}, {@link PaymentJournal#recordLatePayment}): the state stays {@code CLOSED}, the
 * money is on record, and the amount becomes refundable ({@link PaymentEntry#refundable()}), so it can be given back
 * through the ordinary refund path.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param amount the amount the channel took (the entry's amount: a payment of another amount is a {@link Mismatch})
 * @param channelTradeNo the channel's transaction number, or {@code null} if the report had none
 * @param source where the report came from (a notification, a query)
 * @param recordedAt when the journal recorded it (journal clock)
 * @since 0.1
 */
public record LatePayment(Money amount, String channelTradeNo, EventSource source, Instant recordedAt) {

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if the amount, source or time is missing, the amount is not
     *     positive or the channel number is malformed
     */
    public LatePayment {
        Checks.notNull("amount", amount).requirePositive("amount");
        Checks.optionalNumber("channelTradeNo", channelTradeNo);
        Checks.notNull("source", source);
        Checks.notNull("recordedAt", recordedAt);
    }
}
