package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * A full or partial refund of a paid payment; a payment may have several, whose sum never exceeds what was paid.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param merchantOrderNo the merchant order number of the paid payment
 * @param merchantRefundNo the merchant refund number ({@link OrderNumbers#check}), stable across retries
 * @param amount the amount to refund, positive
 * @param reason a short reason shown to the payer (at most 80 characters), or {@code null}
 * @since 0.1
 */
public record RefundRequest(String merchantOrderNo, String merchantRefundNo, Money amount, String reason) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a field breaks the rules above
     */
    public RefundRequest {
        OrderNumbers.check("merchantOrderNo", merchantOrderNo);
        OrderNumbers.check("merchantRefundNo", merchantRefundNo);
        if (amount == null) {
            throw new InvalidInputException("amount", "must not be null");
        }
        amount.requirePositive("amount");
        if (reason != null && (reason.length() > 80 || reason.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidInputException("reason", "must be at most 80 characters without control characters");
        }
    }
}
