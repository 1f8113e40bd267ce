package io.yikatong.payment.alipay;

/**
 * The gateway's answer or a notification is not the documented JSON or form (missing node, bad amount).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AlipayMalformedResponseException extends AlipayException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public AlipayMalformedResponseException(String message, Throwable cause) {
        super(AlipayErrorCode.MALFORMED_RESPONSE, message, cause);
    }
}
