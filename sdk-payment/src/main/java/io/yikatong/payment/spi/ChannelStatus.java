package io.yikatong.payment.spi;

/**
 * What a channel says about a payment order, normalised across channels.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum ChannelStatus {
    /** The money was taken (WeChat {@code SUCCESS} or {@code REFUND}). */
    PAID,
    /** The payer is confirming (WeChat {@code USERPAYING}): query again later. */
    USER_PAYING,
    /** The order exists and is not paid yet (WeChat {@code NOTPAY}, a fresh QR order). */
    NOT_PAID,
    /** The outcome is unknown: timeout, dropped connection, 5xx, {@code SYSTEMERROR}, unverifiable answer. Never a
     *  decline. */
    UNKNOWN,
    /** The channel refused the payment (WeChat {@code PAYERROR}, insufficient funds, invalid payment code). */
    DECLINED,
    /** The order was closed without payment. */
    CLOSED,
    /** The order was reversed (撤销); money taken, if any, went back. */
    REVERSED,
    /** The channel has no order with this number: the request never arrived. */
    NOT_FOUND
}
