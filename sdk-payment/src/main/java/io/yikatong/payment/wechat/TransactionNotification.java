package io.yikatong.payment.wechat;

import java.util.Objects;

/**
 * A payment notification ({@code TRANSACTION.*}), verified and decrypted.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the notification ID
 * @param eventType the raw {@code event_type}, for example {@code TRANSACTION.SUCCESS}
 * @param createTime the raw {@code create_time}
 * @param transaction the decrypted transaction
 *
 * @since 0.1
 */
public record TransactionNotification(String id, String eventType, String createTime, Transaction transaction)
        implements WechatPayNotification {

    /**
     * Checks the components.
     *
     * @param id the notification ID
     * @param eventType the event type
     * @param createTime the creation time
     * @param transaction the transaction
     */
    public TransactionNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(createTime, "createTime");
        Objects.requireNonNull(transaction, "transaction");
    }
}
