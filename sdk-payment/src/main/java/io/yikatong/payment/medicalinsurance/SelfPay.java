package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.InvalidInputException;

/**
 * How the patient pays the self-pay share ({@code ownPayAmt}): by barcode (the counter scans the patient's payment
 * code) or by QR (the patient scans), through a channel of the caller's {@link io.yikatong.payment.PaymentClient}.
 * The payment code is masked in {@link #toString()}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param channel the channel identifier of the {@code PaymentClient}, for example {@code wechat}
 * @param authCode the scanned payment code, or {@code null} for a QR payment
 * @since 0.1
 */
public record SelfPay(String channel, String authCode) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if the channel is empty or the code is empty or longer than 128 characters
     */
    public SelfPay {
        if (channel == null || channel.isEmpty()) {
            throw new InvalidInputException("channel", "must not be empty");
        }
        if (authCode != null && (authCode.isEmpty() || authCode.length() > 128)) {
            throw new InvalidInputException("authCode", "must be 1 to 128 characters");
        }
    }

    /**
     * A barcode payment with the patient's payment code.
     *
     * @param channel the channel identifier
     * @param authCode the scanned code
     * @return the choice
     * @throws InvalidInputException if an argument is invalid
     */
    public static SelfPay barcode(String channel, String authCode) {
        if (authCode == null) {
            throw new InvalidInputException("authCode", "must not be null for a barcode payment");
        }
        return new SelfPay(channel, authCode);
    }

    /**
     * A QR payment the patient scans.
     *
     * @param channel the channel identifier
     * @return the choice
     * @throws InvalidInputException if the channel is empty
     */
    public static SelfPay qr(String channel) {
        return new SelfPay(channel, null);
    }

    /** Returns the channel and the kind; never the payment code. */
    @Override
    public String toString() {
        return "SelfPay[" + channel + ", " + (authCode == null ? "qr" : "barcode ***") + "]";
    }
}
