package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.internal.Checks;

/**
 * A refund to reserve in the journal before it is sent ({@link PaymentJournal#requestRefund(NewRefund)}).
 *
 * <p>The merchant refund number is the refund's idempotency key (WeChat {@code out_refund_no}, Alipay
 * {@code out_request_no}); keep it fixed across retries of the same refund.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param merchantRefundNo the merchant refund number, 1 to 64 characters of letters, digits and {@code _-|*@.}
 * @param merchantOrderNo the merchant order number of the paid payment
 * @param amount the amount to refund, positive
 * @param reason a short reason (at most 256 characters), or {@code null}
 * @since 0.1
 */
public record NewRefund(String merchantRefundNo, String merchantOrderNo, Money amount, String reason) {

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if a field breaks the rules above
     */
    public NewRefund {
        Checks.number("merchantRefundNo", merchantRefundNo);
        Checks.number("merchantOrderNo", merchantOrderNo);
        Checks.notNull("amount", amount).requirePositive("amount");
        Checks.text("reason", reason, 256);
    }

    /** Returns the fields without the reason. */
    @Override
    public String toString() {
        return "NewRefund[" + merchantRefundNo + " of " + merchantOrderNo + ", " + amount + "]";
    }
}
