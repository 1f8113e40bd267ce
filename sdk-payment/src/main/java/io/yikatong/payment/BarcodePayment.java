package io.yikatong.payment;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * A barcode payment (付款码, the merchant scans the code on the payer's phone). The payment code is a bearer
 * credential: it is left out of {@link #toString()}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param channel the channel identifier, for example {@code wechat}
 * @param merchantOrderNo the merchant order number ({@link OrderNumbers#check}), new for every attempt
 * @param amount the amount, positive
 * @param description the goods description shown to the payer, 1 to 127 characters
 * @param authCode the scanned payment code, 1 to 128 characters
 * @since 0.1
 */
public record BarcodePayment(String channel, String merchantOrderNo, Money amount, String description,
        String authCode) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a field breaks the rules above
     */
    public BarcodePayment {
        QrPayment.checkCommon(channel, merchantOrderNo, amount, description);
        if (authCode == null || authCode.isEmpty() || authCode.length() > 128) {
            throw new InvalidInputException("authCode", "must be 1 to 128 characters");
        }
    }

    /** Returns the fields without the payment code and description. */
    @Override
    public String toString() {
        return "BarcodePayment[" + channel + ", " + merchantOrderNo + ", " + amount + "]";
    }
}
