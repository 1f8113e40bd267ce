/**
 * A loopback simulator of the UnionPay ACP gateway for tests and demos: verifies request signatures, signs answers
 * and notifications with its own generated certificate chain (or the secure key), keeps a ledger of orders, cancels
 * and refunds, and injects faults.
 *
 * @since 0.1
 */
package io.yikatong.testkit.payment.unionpay;
