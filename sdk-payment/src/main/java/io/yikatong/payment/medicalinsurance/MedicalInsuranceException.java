package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.YikatongException;

/**
 * Root of the failures of a medical-insurance call. Messages never contain keys, signatures or personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public abstract class MedicalInsuranceException extends YikatongException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param errorCode the stable code
     * @param message what failed, without secrets or personal data
     * @param cause the underlying failure, or {@code null}
     */
    protected MedicalInsuranceException(MedicalInsuranceErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
