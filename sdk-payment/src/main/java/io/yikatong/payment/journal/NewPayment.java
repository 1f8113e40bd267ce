package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.internal.Checks;
import java.time.Instant;

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
 * @param kind how the payment is taken, or {@code null} if the caller does not say
 * @param chargeBatchNo for a medical-insurance order, the charge batch number (收费批次号) of its fee upload, needed to
 *     undo it; else {@code null}
 * @param expiresAt for a QR order, the expiry sent to the channel with it, else {@code null}
 * @since 0.1
 */
public record NewPayment(String merchantOrderNo, String channel, Money amount, String description, int attempt,
        PaymentKind kind, String chargeBatchNo, Instant expiresAt) {

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
        Checks.optionalNumber("chargeBatchNo", chargeBatchNo);
    }

    /**
     * Creates a payment without kind or charge batch.
     *
     * @param merchantOrderNo the merchant order number
     * @param channel the channel identifier
     * @param amount the amount, positive
     * @param description a short description, or {@code null}
     * @param attempt the attempt number, from 1
     * @throws io.yikatong.core.InvalidInputException if a field breaks the rules
     */
    public NewPayment(String merchantOrderNo, String channel, Money amount, String description, int attempt) {
        this(merchantOrderNo, channel, amount, description, attempt, null, null, null);
    }

    /**
     * Creates a payment without expiry.
     *
     * @param merchantOrderNo the merchant order number
     * @param channel the channel identifier
     * @param amount the amount, positive
     * @param description a short description, or {@code null}
     * @param attempt the attempt number, from 1
     * @param kind how the payment is taken, or {@code null}
     * @param chargeBatchNo the medical-insurance charge batch number, or {@code null}
     * @throws io.yikatong.core.InvalidInputException if a field breaks the rules
     */
    public NewPayment(String merchantOrderNo, String channel, Money amount, String description, int attempt,
            PaymentKind kind, String chargeBatchNo) {
        this(merchantOrderNo, channel, amount, description, attempt, kind, chargeBatchNo, null);
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

    /**
     * Returns a copy with the payment kind.
     *
     * @param kind the kind, or {@code null}
     * @return the copy
     */
    public NewPayment withKind(PaymentKind kind) {
        return new NewPayment(merchantOrderNo, channel, amount, description, attempt, kind, chargeBatchNo, expiresAt);
    }

    /**
     * Returns a copy with the expiry sent to the channel with a QR order.
     *
     * @param expiresAt the expiry (kept to the millisecond), or {@code null}
     * @return the copy
     */
    public NewPayment withExpiresAt(Instant expiresAt) {
        return new NewPayment(merchantOrderNo, channel, amount, description, attempt, kind, chargeBatchNo, expiresAt);
    }

    /**
     * Returns a copy with the medical-insurance charge batch number.
     *
     * @param chargeBatchNo the number (1 to 64 letters, digits and {@code _-|*@.}), or {@code null}
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the number is malformed
     */
    public NewPayment withChargeBatchNo(String chargeBatchNo) {
        return new NewPayment(merchantOrderNo, channel, amount, description, attempt, kind, chargeBatchNo, expiresAt);
    }

    /** Returns the fields without the description. */
    @Override
    public String toString() {
        return "NewPayment[" + merchantOrderNo + ", " + channel + (kind == null ? "" : " " + kind) + ", " + amount
                + ", attempt " + attempt + "]";
    }
}
