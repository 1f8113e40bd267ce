package io.yikatong.payment.medicalinsurance;

/**
 * An answer is not the documented envelope: not JSON, a missing field, undecryptable {@code encData}, an amount that is not yuan with two decimals, or a split that does not add up.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MedicalInsuranceMalformedResponseException extends MedicalInsuranceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public MedicalInsuranceMalformedResponseException(String message, Throwable cause) {
        super(MedicalInsuranceErrorCode.MALFORMED_RESPONSE, message, cause);
    }
}
