package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.internal.Checks;
import java.time.Instant;

/**
 * A refund as the journal holds it. The reason is left out of {@link #toString()}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param merchantRefundNo the merchant refund number (the key)
 * @param merchantOrderNo the merchant order number of the refunded payment
 * @param amount the refund amount
 * @param reason the reason, or {@code null}
 * @param state the state
 * @param channelRefundNo the channel's refund number once known, else {@code null}
 * @param createdAt when the refund was requested (journal clock)
 * @param updatedAt when the refund last changed (journal clock)
 * @param version the row version
 * @since 0.1
 */
public record RefundEntry(String merchantRefundNo, String merchantOrderNo, Money amount, String reason,
        RefundState state, String channelRefundNo, Instant createdAt, Instant updatedAt, long version) {

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if a required field is missing
     */
    public RefundEntry {
        Checks.notNull("merchantRefundNo", merchantRefundNo);
        Checks.notNull("merchantOrderNo", merchantOrderNo);
        Checks.notNull("amount", amount);
        Checks.notNull("state", state);
        Checks.notNull("createdAt", createdAt);
        Checks.notNull("updatedAt", updatedAt);
    }

    /** Returns the fields without the reason. */
    @Override
    public String toString() {
        return "RefundEntry[" + merchantRefundNo + " of " + merchantOrderNo + ", " + amount + ", " + state
                + (channelRefundNo == null ? "" : ", channel no " + channelRefundNo) + ", v" + version + "]";
    }
}
