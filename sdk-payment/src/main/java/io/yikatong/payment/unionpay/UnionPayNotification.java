package io.yikatong.payment.unionpay;

import io.yikatong.core.Money;

/**
 * A verified back notification (后台通知) POSTed to {@code backUrl}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param txnType the transaction type: {@code 01} consumption, {@code 31} cancel, {@code 04} refund
 * @param orderId the {@code orderId} of the notified transaction
 * @param txnTime its {@code txnTime}
 * @param queryId UnionPay's serial number, or an empty string
 * @param respCode the transaction's result ({@code 00} success)
 * @param respMsg the message, or an empty string
 * @param txnAmt the amount, or {@code null}
 * @param origQryId the original transaction's {@code queryId} (cancel, refund), or an empty string
 * @since 0.1
 */
public record UnionPayNotification(String txnType, String orderId, String txnTime, String queryId, String respCode,
        String respMsg, Money txnAmt, String origQryId) {

    /**
     * Normalises absent texts to empty strings.
     */
    public UnionPayNotification {
        txnType = txnType == null ? "" : txnType;
        orderId = orderId == null ? "" : orderId;
        txnTime = txnTime == null ? "" : txnTime;
        queryId = queryId == null ? "" : queryId;
        respCode = respCode == null ? "" : respCode;
        respMsg = respMsg == null ? "" : respMsg;
        origQryId = origQryId == null ? "" : origQryId;
    }
}
