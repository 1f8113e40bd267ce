/**
 * The WeChat Pay APIv3 channel's wire layer (微信支付 APIv3): request signing ({@link
 * io.yikatong.payment.wechat.MerchantSigner}), response and notification verification ({@link
 * io.yikatong.payment.wechat.PlatformVerifier}), and the client ({@link io.yikatong.payment.wechat.WechatPayV3Client}).
 * A gateway simulator for tests and integrators lives in {@code io.yikatong.testkit.payment.wechat}. Facts:
 * payment-protocols.md §3.1, §3.2.
 */
package io.yikatong.payment.wechat;
