package io.yikatong.payment.alipay;

/**
 * An answer or a notification failed its RSA2 (SHA256withRSA) signature check against the Alipay public key; nothing of it was used.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AlipaySignatureException extends AlipayException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public AlipaySignatureException(String message, Throwable cause) {
        super(AlipayErrorCode.SIGNATURE_INVALID, message, cause);
    }
}
