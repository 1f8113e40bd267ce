package io.yikatong.payment.wechat;

/**
 * The gateway's answer, a notification or a bill is not the documented JSON or text (a missing field, a wrong type,
 * unparseable bytes). The offending content is never included in the message.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class WechatPayMalformedResponseException extends WechatPayException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is wrong, naming the element
     * @param cause the underlying parse failure, or {@code null}
     */
    public WechatPayMalformedResponseException(String message, Throwable cause) {
        super(WechatPayErrorCode.MALFORMED_RESPONSE, message, cause);
    }
}
