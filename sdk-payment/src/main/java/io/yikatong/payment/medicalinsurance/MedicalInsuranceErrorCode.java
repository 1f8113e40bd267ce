package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the medical-insurance mobile-payment channel (医保移动支付).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum MedicalInsuranceErrorCode implements ErrorCode {
    /** The platform could not be reached, timed out, dropped the connection or answered 5xx; the outcome is unknown. */
    LINK_FAILED("payment.medical_insurance.link_failed", ErrorCategory.LINK_FAILED),
    /** The platform answered with a {@code code} other than {@code "0"}. */
    REFUSED("payment.medical_insurance.refused", ErrorCategory.REFUSED),
    /** An answer is not the documented envelope, cannot be decrypted, or its content is inconsistent. */
    MALFORMED_RESPONSE("payment.medical_insurance.malformed_response", ErrorCategory.MALFORMED_RESPONSE),
    /** An answer failed its SM2 signature check. */
    SIGNATURE_INVALID("payment.medical_insurance.signature_invalid", ErrorCategory.VERIFICATION_FAILED);

    private final String code;
    private final ErrorCategory category;

    MedicalInsuranceErrorCode(String code, ErrorCategory category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public String toString() {
        return code;
    }
}
