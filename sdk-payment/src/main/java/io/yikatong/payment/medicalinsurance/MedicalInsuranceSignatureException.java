package io.yikatong.payment.medicalinsurance;

/**
 * An answer's SM2 signature ({@code signData}) is missing or does not verify with the platform public key.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MedicalInsuranceSignatureException extends MedicalInsuranceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public MedicalInsuranceSignatureException(String message, Throwable cause) {
        super(MedicalInsuranceErrorCode.SIGNATURE_INVALID, message, cause);
    }
}
