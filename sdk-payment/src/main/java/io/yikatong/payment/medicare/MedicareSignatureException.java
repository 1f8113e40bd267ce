package io.yikatong.payment.medicare;

/**
 * An answer's SM2 signature ({@code signData}) is missing or does not verify with the platform public key.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MedicareSignatureException extends MedicareException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public MedicareSignatureException(String message, Throwable cause) {
        super(MedicareErrorCode.SIGNATURE_INVALID, message, cause);
    }
}
