package io.yikatong.payment.unionpay;

/**
 * The gateway's answer or a notification is not the documented form (missing field, bad amount, unexpected HTTP status).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class UnionPayMalformedResponseException extends UnionPayException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public UnionPayMalformedResponseException(String message, Throwable cause) {
        super(UnionPayErrorCode.MALFORMED_RESPONSE, message, cause);
    }
}
