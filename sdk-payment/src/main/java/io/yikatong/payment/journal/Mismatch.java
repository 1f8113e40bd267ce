package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.internal.Checks;
import java.time.Instant;

/**
 * A channel report about this merchant number that is not about this payment or refund: the channel holds another
 * amount under the number (two tills with separate journals that reused an order number, say). The journal keeps the
 * first such report with the entry ({@link PaymentEntry#mismatch()}, {@link RefundEntry#mismatch()}) and logs a
 * {@link JournalEvent.Kind#MISMATCH} event; the report is never applied as paid or refunded.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param reported the amount the channel reports under the number
 * @param channelNo the channel's transaction (or refund) number in the report, or {@code null}
 * @param source where the report came from
 * @param recordedAt when the journal recorded it (journal clock)
 * @since 0.1
 */
public record Mismatch(Money reported, String channelNo, EventSource source, Instant recordedAt) {

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if the amount, source or time is missing or the channel number is
     *     malformed
     */
    public Mismatch {
        Checks.notNull("reported", reported);
        Checks.optionalNumber("channelNo", channelNo);
        Checks.notNull("source", source);
        Checks.notNull("recordedAt", recordedAt);
    }
}
