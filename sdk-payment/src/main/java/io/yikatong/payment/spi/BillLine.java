package io.yikatong.payment.spi;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.util.regex.Pattern;

/**
 * One line of a channel's downloaded bill (对账单), in a channel-neutral form: the channel adapters parse their CSV or
 * file formats into these.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param type a payment or a refund
 * @param merchantOrderNo the merchant order number of the payment (for a refund: of the refunded payment)
 * @param merchantRefundNo the merchant refund number for a refund, {@code null} for a payment
 * @param channelTradeNo the channel's transaction number, or {@code null} if the bill has none
 * @param amount the amount, positive (a refund line carries the refunded amount, not a negative one)
 * @since 0.1
 */
public record BillLine(Type type, String merchantOrderNo, String merchantRefundNo, String channelTradeNo,
        Money amount) {

    /**
     * The kind of bill line.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Type {
        /** A successful payment. */
        PAYMENT,
        /** A successful refund. */
        REFUND
    }

    // the journal's rule for merchant and channel numbers, so that every bill line can match a journal entry
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9_\\-|*@.]{1,64}");

    private static void number(String field, String value) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            throw new InvalidInputException(field, "must be 1 to 64 characters of letters, digits and _-|*@."
                    + (value == null ? ", was null" : ", was " + value.length() + " characters"));
        }
    }

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a field is missing or malformed, the amount is not positive, or the refund
     *     number is missing on a refund line or present on a payment line
     */
    public BillLine {
        if (type == null) {
            throw new InvalidInputException("type", "must not be null");
        }
        number("merchantOrderNo", merchantOrderNo);
        if (channelTradeNo != null) {
            number("channelTradeNo", channelTradeNo);
        }
        if (amount == null) {
            throw new InvalidInputException("amount", "must not be null");
        }
        amount.requirePositive("amount");
        if (type == Type.REFUND) {
            number("merchantRefundNo", merchantRefundNo);
        } else if (merchantRefundNo != null) {
            throw new InvalidInputException("merchantRefundNo", "must be null on a payment line");
        }
    }

    /**
     * Creates a payment line.
     *
     * @param merchantOrderNo the merchant order number
     * @param channelTradeNo the channel's transaction number, or {@code null}
     * @param amount the amount, positive
     * @return the line
     * @throws InvalidInputException if a field is malformed
     */
    public static BillLine payment(String merchantOrderNo, String channelTradeNo, Money amount) {
        return new BillLine(Type.PAYMENT, merchantOrderNo, null, channelTradeNo, amount);
    }

    /**
     * Creates a refund line.
     *
     * @param merchantOrderNo the merchant order number of the refunded payment
     * @param merchantRefundNo the merchant refund number
     * @param channelTradeNo the channel's transaction number of the refunded payment, or {@code null}
     * @param amount the refunded amount, positive
     * @return the line
     * @throws InvalidInputException if a field is malformed
     */
    public static BillLine refund(String merchantOrderNo, String merchantRefundNo, String channelTradeNo,
            Money amount) {
        return new BillLine(Type.REFUND, merchantOrderNo, merchantRefundNo, channelTradeNo, amount);
    }

    /**
     * Returns the key the line is matched on: the merchant order number for a payment, the refund number for a
     * refund.
     *
     * @return the key
     */
    public String key() {
        return type == Type.PAYMENT ? merchantOrderNo : merchantRefundNo;
    }
}
