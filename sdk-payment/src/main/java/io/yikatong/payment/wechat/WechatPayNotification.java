package io.yikatong.payment.wechat;

/**
 * A verified, decrypted and decoded WeChat Pay notification (回调通知). Notifications may arrive twice, late or out of
 * order; dedupe by {@link #id()} or by the order and refund numbers, and apply state changes with compare-and-set.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface WechatPayNotification permits TransactionNotification, RefundNotification {

    /**
     * Returns the notification ID ({@code id}).
     *
     * @return the ID
     */
    String id();

    /**
     * Returns the event type, for example {@code TRANSACTION.SUCCESS} or {@code REFUND.SUCCESS}.
     *
     * @return the raw {@code event_type}
     */
    String eventType();

    /**
     * Returns the raw RFC 3339 {@code create_time}.
     *
     * @return the creation time
     */
    String createTime();
}
