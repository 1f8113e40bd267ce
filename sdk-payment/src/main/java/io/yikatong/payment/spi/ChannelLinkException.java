package io.yikatong.payment.spi;

/**
 * The channel could not be reached, did not answer within the request timeout, dropped the connection, or (for
 * channels that answer every call with HTTP 200: Alipay, UnionPay, medical insurance) answered with an HTTP 5xx. The
 * outcome of the call is <em>unknown</em>: a payment may or may not have been taken, so query it; never treat this as
 * a decline. Code: {@code payment.<channel>.link_failed}. Two cases say more: {@link #unreachable} (the request was
 * never sent: it certainly took no effect; {@code payment.<channel>.unreachable}) and {@link #notGateway} (something
 * that is not the gateway answered: the outcome is unknown; {@code payment.<channel>.not_gateway}).
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

    private ChannelLinkException(String channel, ChannelErrorCode.Kind kind, String message, Throwable cause) {
        super(channel, kind, message, cause);
    }

    /**
     * Creates the exception of a request that was never sent: the connection was refused, or not established within
     * the connect timeout. Such a request certainly took no effect (no byte of it left this host): a payment it would
     * have created does not exist. Code {@code payment.<channel>.unreachable}.
     *
     * @param channel the channel identifier
     * @param message what failed
     * @param cause the connect failure, or {@code null}
     * @return the exception
     * @throws io.yikatong.core.InvalidInputException if the channel is not a channel identifier
     * @since 0.2
     */
    public static ChannelLinkException unreachable(String channel, String message, Throwable cause) {
        return new ChannelLinkException(channel, ChannelErrorCode.Kind.UNREACHABLE, message, cause);
    }

    /**
     * Creates the exception of an answer that does not authenticate as the gateway's (an HTTP status its protocol
     * never uses, an unsigned error answer). It proves nothing about the request: the outcome is unknown. Code
     * {@code payment.<channel>.not_gateway}.
     *
     * @param channel the channel identifier
     * @param message what arrived, for example {@code "alipay.trade.pay: HTTP 404 (not the gateway's answer)"}
     * @param cause the cause, or {@code null}
     * @return the exception
     * @throws io.yikatong.core.InvalidInputException if the channel is not a channel identifier
     * @since 0.2
     */
    public static ChannelLinkException notGateway(String channel, String message, Throwable cause) {
        return new ChannelLinkException(channel, ChannelErrorCode.Kind.NOT_GATEWAY, message, cause);
    }

    /**
     * Tells whether the request was certainly never sent ({@link ChannelErrorCode.Kind#UNREACHABLE}).
     *
     * @return {@code true} if it took no effect at the channel
     * @since 0.2
     */
    public boolean requestNotSent() {
        return kind() == ChannelErrorCode.Kind.UNREACHABLE;
    }
}
