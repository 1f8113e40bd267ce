/**
 * Alipay open platform (支付宝开放平台) as a payment channel: {@link io.yikatong.payment.alipay.AlipayClient} speaks
 * the gateway protocol with RSA2 signatures, {@link io.yikatong.payment.alipay.AlipayChannel} adapts it to
 * {@link io.yikatong.payment.PaymentClient}, and {@code .simulator} holds a loopback simulator for tests.
 *
 * @since 0.1
 */
package io.yikatong.payment.alipay;
