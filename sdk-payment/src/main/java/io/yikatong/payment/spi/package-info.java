/**
 * The channel SPI of the unified payment API: a {@link io.yikatong.payment.spi.PaymentChannelAdapter} translates one
 * channel's wire protocol (WeChat Pay, Alipay, UnionPay, 医保, card e-wallet) into neutral results, which
 * {@link io.yikatong.payment.PaymentClient} records in the journal. Adapters never decide what is written to the
 * journal and never throw for a link failure: an unknown outcome is a value ({@link
 * io.yikatong.payment.spi.ChannelStatus#UNKNOWN}).
 *
 * @since 0.1
 */
package io.yikatong.payment.spi;
