package io.yikatong.payment.wechat;

/**
 * The gateway could not be reached, timed out or dropped the connection. The outcome of the call is
 * <em>unknown</em>: a payment may or may not have been taken, so query it; never treat this as a decline.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class WechatPayLinkException extends WechatPayException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, for example {@code "POST /v3/pay/transactions/codepay: timed out"}
     * @param cause the underlying I/O failure, or {@code null}
     */
    public WechatPayLinkException(String message, Throwable cause) {
        super(WechatPayErrorCode.LINK_FAILED, message, cause);
    }
}
