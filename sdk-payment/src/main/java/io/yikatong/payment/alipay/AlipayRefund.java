package io.yikatong.payment.alipay;

import io.yikatong.core.Money;

/**
 * The answer of {@code alipay.trade.refund} or {@code alipay.trade.fastpay.refund.query}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param outTradeNo the merchant order number
 * @param tradeNo Alipay's trade number, or an empty string
 * @param outRequestNo the refund request number, or an empty string
 * @param refundAmount the amount of this refund (query) or the trade's total refunded (refund answer's
 *     {@code refund_fee}), or {@code null}
 * @param fundChange {@code fund_change=Y}: this call moved money (a retry of the same request number answers
 *     {@code N})
 * @param refundStatus the query's {@code refund_status} ({@code REFUND_SUCCESS}), or an empty string
 * @since 0.1
 */
public record AlipayRefund(String outTradeNo, String tradeNo, String outRequestNo, Money refundAmount,
        boolean fundChange, String refundStatus) {

    /** Normalises null strings to empty ones. */
    public AlipayRefund {
        outTradeNo = outTradeNo == null ? "" : outTradeNo;
        tradeNo = tradeNo == null ? "" : tradeNo;
        outRequestNo = outRequestNo == null ? "" : outRequestNo;
        refundStatus = refundStatus == null ? "" : refundStatus;
    }
}
