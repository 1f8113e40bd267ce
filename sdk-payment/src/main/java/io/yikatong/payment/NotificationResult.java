package io.yikatong.payment;

/**
 * What {@link PaymentClient#handleNotification} did with a verified notification. A duplicate, late or
 * out-of-order notification is accepted with {@code changed == false}; acknowledge it to the channel either way.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param merchantOrderNo the merchant order number
 * @param merchantRefundNo the merchant refund number for a refund notification, else {@code null}
 * @param changed whether this notification changed the journal
 * @param outcome the payment's (or refund's) outcome after the notification
 * @since 0.1
 */
public record NotificationResult(String merchantOrderNo, String merchantRefundNo, boolean changed,
        PaymentOutcome outcome) {
}
