package io.yikatong.qr.medicalinsurance;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the medical-insurance e-voucher client.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum VoucherErrorCode implements ErrorCode {
    /** The service could not be reached, timed out, or answered with an HTTP error status. */
    LINK_FAILED("qr.insurance.link_failed", ErrorCategory.LINK_FAILED),
    /** The service answered with a {@code code} other than 0, or a token check answered {@code flag} 0. */
    REFUSED("qr.insurance.refused", ErrorCategory.REFUSED),
    /** The service's answer is not the documented JSON. */
    MALFORMED_RESPONSE("qr.insurance.malformed_response", ErrorCategory.MALFORMED_RESPONSE);

    private final String code;
    private final ErrorCategory category;

    VoucherErrorCode(String code, ErrorCategory category) {
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
