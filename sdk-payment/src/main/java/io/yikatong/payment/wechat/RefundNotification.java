package io.yikatong.payment.wechat;

import java.util.Objects;

/**
 * A refund notification ({@code REFUND.SUCCESS}, {@code REFUND.ABNORMAL}, {@code REFUND.CLOSED}), verified and
 * decrypted.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the notification ID
 * @param eventType the raw {@code event_type}
 * @param createTime the raw {@code create_time}
 * @param refund the decrypted refund
 *
 * @since 0.1
 */
public record RefundNotification(String id, String eventType, String createTime, Refund refund)
        implements WechatPayNotification {

    /**
     * Checks the components.
     *
     * @param id the notification ID
     * @param eventType the event type
     * @param createTime the creation time
     * @param refund the refund
     */
    public RefundNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(createTime, "createTime");
        Objects.requireNonNull(refund, "refund");
    }
}
