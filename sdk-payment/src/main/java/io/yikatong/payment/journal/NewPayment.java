package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.internal.Checks;

/**
 * A payment attempt to write to the journal before it is sent ({@link PaymentJournal#create(NewPayment)}).
 *
 * <p>The merchant order number is the idempotency key sent to the channel (WeChat/Alipay {@code out_trade_no},
 * UnionPay {@code orderId}); one HIS business order may need several attempts, each with a new number and a higher
 * {@code attempt}. The description (for example 门诊缴费) is left out of {@link #toString()} because HIS systems
 * sometimes put patient names into it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param merchantOrderNo the merchant order number, 1 to 64 characters of letters, digits and {@code _-|*@.}
 * @param channel the channel identifier, for example {@code wechat}, {@code alipay}, {@code unionpay},
 *     {@code medical-insurance}, {@code card}
 * @param amount the amount, positive
 * @param description a short description (at most 256 characters), or {@code null}
 * @param attempt the attempt number for the business order, from 1
 * @since 0.1
 */
public record NewPayment(String merchantOrderNo, String channel, Money amount, String description, int attempt) {

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if a field breaks the rules above
     */
    public NewPayment {
        Checks.number("merchantOrderNo", merchantOrderNo);
        Checks.channel(channel);
        Checks.notNull("amount", amount).requirePositive("amount");
        Checks.text("description", description, 256);
        if (attempt < 1) {
            throw new io.yikatong.core.InvalidInputException("attempt", "must be at least 1, was " + attempt);
        }
    }

    /**
     * Creates a first attempt.
     *
     * @param merchantOrderNo the merchant order number
     * @param channel the channel identifier
     * @param amount the amount, positive
     * @param description a short description, or {@code null}
     * @return the payment
     * @throws io.yikatong.core.InvalidInputException if a field breaks the rules
     */
    public static NewPayment of(String merchantOrderNo, String channel, Money amount, String description) {
        return new NewPayment(merchantOrderNo, channel, amount, description, 1);
    }

    /** Returns the fields without the description. */
    @Override
    public String toString() {
        return "NewPayment[" + merchantOrderNo + ", " + channel + ", " + amount + ", attempt " + attempt + "]";
    }
}
