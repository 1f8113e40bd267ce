package io.yikatong.payment.alipay;

import io.yikatong.core.Money;

/**
 * An Alipay trade as an answer of {@code alipay.trade.pay}, {@code precreate} or {@code query} describes it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param code the raw {@code code}: {@code 10000} success, {@code 10003} waiting for the buyer
 * @param outTradeNo the merchant order number
 * @param tradeNo Alipay's trade number, or an empty string
 * @param tradeStatus {@code WAIT_BUYER_PAY}, {@code TRADE_SUCCESS}, {@code TRADE_CLOSED}, {@code TRADE_FINISHED},
 *     or an empty string (pay and precreate answers may have none)
 * @param totalAmount the amount, or {@code null} if the answer has none
 * @param qrCode the QR content of a precreated order, or an empty string
 * @since 0.1
 */
public record AlipayTrade(String code, String outTradeNo, String tradeNo, String tradeStatus, Money totalAmount,
        String qrCode) {

    /** Normalises null strings to empty ones. */
    public AlipayTrade {
        code = code == null ? "" : code;
        outTradeNo = outTradeNo == null ? "" : outTradeNo;
        tradeNo = tradeNo == null ? "" : tradeNo;
        tradeStatus = tradeStatus == null ? "" : tradeStatus;
        qrCode = qrCode == null ? "" : qrCode;
    }
}
