package io.yikatong.payment.medicalinsurance;

/**
 * The platform could not be reached, timed out, dropped the connection or answered with an HTTP 5xx; the request may have taken effect, so query.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class MedicalInsuranceLinkException extends MedicalInsuranceException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    public MedicalInsuranceLinkException(String message, Throwable cause) {
        super(MedicalInsuranceErrorCode.LINK_FAILED, message, cause);
    }
}
