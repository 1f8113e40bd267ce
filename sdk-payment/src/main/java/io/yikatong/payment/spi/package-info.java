/**
 * The channel SPI of the unified payment API: a {@link io.yikatong.payment.spi.PaymentChannelAdapter} translates one
 * channel's wire protocol (WeChat Pay, Alipay, UnionPay, medical insurance, card e-wallet) into neutral results, which
 * the payment client ({@code io.yikatong.payment.PaymentClient}) records in the journal. Adapters never decide what is
 * written to the journal and never throw for a link failure: an unknown outcome is a value ({@link
 * io.yikatong.payment.spi.ChannelStatus#UNKNOWN}).
 *
 * <p>This package is the bottom layer of sdk-payment: it depends on sdk-core only, never on
 * {@code io.yikatong.payment} or its other subpackages, which all depend on it. It holds the vocabulary shared by the
 * client and the channels: results and statuses, {@link io.yikatong.payment.spi.DeclineReason}, bill lines, the
 * failures an adapter reports ({@link io.yikatong.payment.spi.PaymentException},
 * {@link io.yikatong.payment.spi.NotificationRejectedException}), and the one exception family of the channels' wire
 * clients, {@link io.yikatong.payment.spi.ChannelException} with its codes
 * {@link io.yikatong.payment.spi.ChannelErrorCode}. The wire clients share one HTTP exchange (an internal helper that
 * applies the request timeout and maps link failures to {@link io.yikatong.payment.spi.ChannelLinkException}); each
 * accepts the integrator's {@link java.net.http.HttpClient} through its builder's {@code httpClient}.
 *
 * @since 0.1
 */
package io.yikatong.payment.spi;
