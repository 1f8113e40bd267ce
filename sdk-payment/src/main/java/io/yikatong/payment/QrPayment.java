package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * A QR payment (the payer scans the merchant's code; WeChat Native 支付).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param channel the channel identifier, for example {@code wechat}
 * @param merchantOrderNo the merchant order number ({@link OrderNumbers#check}), new for every attempt
 * @param amount the amount, positive
 * @param description the goods description, 1 to 127 characters
 * @since 0.1
 */
public record QrPayment(String channel, String merchantOrderNo, Money amount, String description) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a field breaks the rules above
     */
    public QrPayment {
        checkCommon(channel, merchantOrderNo, amount, description);
    }

    static void checkCommon(String channel, String merchantOrderNo, Money amount, String description) {
        if (channel == null || channel.isEmpty()) {
            throw new InvalidInputException("channel", "must not be empty");
        }
        OrderNumbers.check("merchantOrderNo", merchantOrderNo);
        if (amount == null) {
            throw new InvalidInputException("amount", "must not be null");
        }
        amount.requirePositive("amount");
        if (description == null || description.isEmpty() || description.length() > 127) {
            throw new InvalidInputException("description", "must be 1 to 127 characters");
        }
        for (int i = 0; i < description.length(); i++) {
            if (Character.isISOControl(description.charAt(i))) {
                throw new InvalidInputException("description", "must not contain control characters");
            }
        }
    }

    /** Returns the fields without the description. */
    @Override
    public String toString() {
        return "QrPayment[" + channel + ", " + merchantOrderNo + ", " + amount + "]";
    }
}
