package io.yikatong.testkit.payment.unionpay;


import io.yikatong.core.Money;

/**
 * A snapshot of a transaction in {@link UnionPaySimulator}'s ledger.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param orderId the {@code orderId}
 * @param txnType the {@code txnType}: {@code 01} consumption, {@code 31} cancel, {@code 04} refund
 * @param queryId the simulator's serial number
 * @param status the transaction's {@code origRespCode}: {@code 00} success, {@code 03} processing, {@code 05} waiting
 *     for the payer (QR), or a failure code
 * @param amount the amount
 * @param refunded the amount refunded so far (consumptions)
 * @param cancelled whether a same-day cancel (消费撤销) succeeded (consumptions)
 * @param queries how many queries asked about it
 * @since 0.1
 */
public record SimulatedOrder(String orderId, String txnType, String queryId, String status, Money amount,
        Money refunded, boolean cancelled, int queries) {
}
