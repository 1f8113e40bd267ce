package io.yikatong.payment.unionpay;

/**
 * An answer or a notification failed its check: the signature (SHA256withRSA over the SHA-256 digest, or the secure-key digest) does not match, or {@code signPubKeyCert} does not chain to the configured middle and root certificates, is not valid at the clock's time or has another subject CN. Nothing of it was used.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class UnionPaySignatureException extends UnionPayException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public UnionPaySignatureException(String message, Throwable cause) {
        super(UnionPayErrorCode.SIGNATURE_INVALID, message, cause);
    }
}
