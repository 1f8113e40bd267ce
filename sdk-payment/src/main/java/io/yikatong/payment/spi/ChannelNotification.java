package io.yikatong.payment.spi;

/**
 * A channel notification after the adapter verified, decrypted and decoded it.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface ChannelNotification {

    /**
     * Returns the channel's notification ID (for logs; deduplication is the journal's compare-and-set).
     *
     * @return the ID
     */
    String notificationId();

    /**
     * Returns the merchant order number the notification is about.
     *
     * @return the number
     */
    String merchantOrderNo();

    /**
     * A notification about a payment.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param notificationId the channel's notification ID
     * @param merchantOrderNo the merchant order number
     * @param result what the channel says about the order
     */
    record Payment(String notificationId, String merchantOrderNo, ChannelResult result)
            implements ChannelNotification {
    }

    /**
     * A notification about a refund.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param notificationId the channel's notification ID
     * @param merchantOrderNo the merchant order number of the refunded payment
     * @param merchantRefundNo the merchant refund number
     * @param result what the channel says about the refund
     */
    record Refund(String notificationId, String merchantOrderNo, String merchantRefundNo, RefundResult result)
            implements ChannelNotification {
    }
}
