package io.yikatong.payment.spi;

/**
 * The channel could not be reached, did not answer within the request timeout, dropped the connection, or (for
 * channels that answer every call with HTTP 200: Alipay, UnionPay, medical insurance) answered with an HTTP 5xx. The
 * outcome of the call is <em>unknown</em>: a payment may or may not have been taken, so query it; never treat this as
 * a decline. Code: {@code payment.<channel>.link_failed}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ChannelLinkException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param channel the channel identifier, for example {@code wechat}
     * @param message what failed, for example {@code "POST /v3/pay/transactions/codepay: timed out (outcome unknown)"}
     * @param cause the underlying I/O failure, or {@code null}
     * @throws io.yikatong.core.InvalidInputException if the channel is not a channel identifier
     */
    public ChannelLinkException(String channel, String message, Throwable cause) {
        super(channel, ChannelErrorCode.Kind.LINK_FAILED, message, cause);
    }
}
