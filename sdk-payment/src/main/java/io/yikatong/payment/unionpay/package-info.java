/**
 * UnionPay online (银联全渠道, ACP 5.1.0) as a payment channel: {@link io.yikatong.payment.unionpay.UnionPayClient}
 * speaks the back-transaction protocol (form POSTs signed with RSA certificates or a secure key, answers verified
 * against the UnionPay certificate chain), {@link io.yikatong.payment.unionpay.UnionPayChannel} adapts it to
 * {@link io.yikatong.payment.PaymentClient}, and {@code .simulator} holds a loopback simulator for tests.
 *
 * @since 0.1
 */
package io.yikatong.payment.unionpay;
