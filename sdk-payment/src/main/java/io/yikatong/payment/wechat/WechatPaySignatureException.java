package io.yikatong.payment.wechat;

/**
 * A response, notification or bill failed verification: missing signature headers, an unknown
 * {@code Wechatpay-Serial}, a timestamp outside the allowed skew, a signature that does not verify, a resource that does
 * not decrypt, or a bill whose digest does not match. Treat the content as forged or damaged; nothing of it was
 * decoded.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class WechatPaySignatureException extends WechatPayException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message which check failed, without secrets or signature bytes
     * @param cause the underlying failure, or {@code null}
     */
    public WechatPaySignatureException(String message, Throwable cause) {
        super(WechatPayErrorCode.SIGNATURE_INVALID, message, cause);
    }
}
