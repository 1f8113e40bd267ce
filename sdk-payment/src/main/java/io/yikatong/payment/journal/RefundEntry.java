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
 * @param mismatch the first channel report about another refund under this number ({@link
 *     PaymentJournal#recordRefundMismatch}), else {@code null}
 * @since 0.1
 */
public record RefundEntry(String merchantRefundNo, String merchantOrderNo, Money amount, String reason,
        RefundState state, String channelRefundNo, Instant createdAt, Instant updatedAt, long version,
        Mismatch mismatch) {

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

    /**
     * Creates a refund without a mismatch.
     *
     * @param merchantRefundNo the merchant refund number
     * @param merchantOrderNo the merchant order number of the refunded payment
     * @param amount the refund amount
     * @param reason the reason, or {@code null}
     * @param state the state
     * @param channelRefundNo the channel's refund number, or {@code null}
     * @param createdAt when the refund was requested
     * @param updatedAt when the refund last changed
     * @param version the row version
     * @throws io.yikatong.core.InvalidInputException if a required field is missing
     */
    public RefundEntry(String merchantRefundNo, String merchantOrderNo, Money amount, String reason,
            RefundState state, String channelRefundNo, Instant createdAt, Instant updatedAt, long version) {
        this(merchantRefundNo, merchantOrderNo, amount, reason, state, channelRefundNo, createdAt, updatedAt, version,
                null);
    }

    /** Returns the fields without the reason. */
    @Override
    public String toString() {
        return "RefundEntry[" + merchantRefundNo + " of " + merchantOrderNo + ", " + amount + ", " + state
                + (channelRefundNo == null ? "" : ", channel no " + channelRefundNo)
                + (mismatch == null ? "" : ", mismatch " + mismatch.reported()) + ", v" + version + "]";
    }
}
