package io.yikatong.testkit.payment.wechat;

/**
 * A snapshot of one order in the simulator's ledger.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param outTradeNo the merchant order number
 * @param transactionId the simulator's transaction ID
 * @param tradeState the current raw trade state
 * @param totalFen the order amount in fen
 * @param refundedFen the sum of accepted refunds in fen, never above {@code totalFen}
 * @param queries how many times the order was queried
 * @since 0.1
 */
public record SimulatedOrder(String outTradeNo, String transactionId, String tradeState, long totalFen,
        long refundedFen, int queries) {
}
