package io.yikatong.payment.unionpay;

import io.yikatong.core.Money;

/**
 * A verified UnionPay answer with {@code respCode=00}: of a back transaction (accepted: {@code 受理成功}) or of
 * {@code queryTrans} (the query itself succeeded; the original transaction's result is in {@code origRespCode}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param txnType the {@code txnType} of the request, for example {@code 01}
 * @param respCode the {@code respCode}, always {@code 00}
 * @param respMsg the {@code respMsg}, or an empty string
 * @param origRespCode the original transaction's {@code origRespCode} (queries only), or an empty string
 * @param origRespMsg the original transaction's {@code origRespMsg}, or an empty string
 * @param orderId the {@code orderId}
 * @param txnTime the {@code txnTime} ({@code yyyyMMddHHmmss})
 * @param queryId UnionPay's transaction serial number ({@code queryId}), or an empty string
 * @param txnAmt the amount ({@code txnAmt}), or {@code null} if absent
 * @param qrCode the QR code content of a QR apply, or an empty string
 * @since 0.1
 */
public record UnionPayAnswer(String txnType, String respCode, String respMsg, String origRespCode, String origRespMsg,
        String orderId, String txnTime, String queryId, Money txnAmt, String qrCode) {

    /**
     * Normalises absent texts to empty strings.
     */
    public UnionPayAnswer {
        txnType = txnType == null ? "" : txnType;
        respCode = respCode == null ? "" : respCode;
        respMsg = respMsg == null ? "" : respMsg;
        origRespCode = origRespCode == null ? "" : origRespCode;
        origRespMsg = origRespMsg == null ? "" : origRespMsg;
        orderId = orderId == null ? "" : orderId;
        txnTime = txnTime == null ? "" : txnTime;
        queryId = queryId == null ? "" : queryId;
        qrCode = qrCode == null ? "" : qrCode;
    }

    /**
     * Tells whether a query says the original transaction succeeded ({@code origRespCode=00}).
     *
     * @return {@code true} if it succeeded
     */
    public boolean succeeded() {
        return "00".equals(origRespCode);
    }

    /**
     * Tells whether a query says the original transaction is still processing ({@code origRespCode} 03, 04 or 05).
     *
     * @return {@code true} if processing: query again later
     */
    public boolean processing() {
        return "03".equals(origRespCode) || "04".equals(origRespCode) || "05".equals(origRespCode);
    }
}
