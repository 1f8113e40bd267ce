/**
 * A loopback simulator of the Alipay gateway for tests and demos: verifies request signatures, signs answers and
 * notifications with its own key, keeps a ledger of trades and refunds, and injects faults.
 *
 * @since 0.1
 */
package io.yikatong.testkit.payment.alipay;
