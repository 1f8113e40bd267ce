package io.yikatong.payment.alipay;

import io.yikatong.core.Money;

/**
 * A verified Alipay asynchronous notification (异步通知). Reply {@code success} to Alipay once handled.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param notifyId {@code notify_id}
 * @param outTradeNo the merchant order number
 * @param tradeNo Alipay's trade number
 * @param tradeStatus the trade status
 * @param totalAmount the trade amount, or {@code null}
 * @param outBizNo the refund request number when the notification is about a refund, or an empty string
 * @param refundFee the total refunded when about a refund, or {@code null}
 * @since 0.1
 */
public record AlipayNotification(String notifyId, String outTradeNo, String tradeNo, String tradeStatus,
        Money totalAmount, String outBizNo, Money refundFee) {

    /** Normalises null strings to empty ones. */
    public AlipayNotification {
        notifyId = notifyId == null ? "" : notifyId;
        tradeNo = tradeNo == null ? "" : tradeNo;
        tradeStatus = tradeStatus == null ? "" : tradeStatus;
        outBizNo = outBizNo == null ? "" : outBizNo;
    }
}
