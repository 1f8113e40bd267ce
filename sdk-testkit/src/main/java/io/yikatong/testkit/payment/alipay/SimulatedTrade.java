package io.yikatong.testkit.payment.alipay;

import io.yikatong.core.Money;

/**
 * A snapshot of one trade in the {@link AlipaySimulator} ledger.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param outTradeNo the merchant order number
 * @param tradeNo the simulated Alipay trade number
 * @param tradeStatus {@code WAIT_BUYER_PAY}, {@code TRADE_SUCCESS} or {@code TRADE_CLOSED}
 * @param total the trade amount
 * @param refunded the amount refunded so far
 * @param queries how many {@code alipay.trade.query} calls the trade received
 * @since 0.1
 */
public record SimulatedTrade(String outTradeNo, String tradeNo, String tradeStatus, Money total, Money refunded,
        int queries) {
}
