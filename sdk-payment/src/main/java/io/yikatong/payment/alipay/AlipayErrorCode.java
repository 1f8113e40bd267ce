package io.yikatong.payment.alipay;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the Alipay open-platform channel (支付宝开放平台).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum AlipayErrorCode implements ErrorCode {
    /** The gateway could not be reached, timed out, dropped the connection or answered 5xx; the outcome is unknown. */
    LINK_FAILED("payment.alipay.link_failed", ErrorCategory.LINK_FAILED),
    /** The gateway answered with a {@code code} other than 10000 (and, for a business failure, a {@code sub_code}). */
    REFUSED("payment.alipay.refused", ErrorCategory.REFUSED),
    /** The gateway's answer or a notification is not the documented JSON or form. */
    MALFORMED_RESPONSE("payment.alipay.malformed_response", ErrorCategory.MALFORMED_RESPONSE),
    /** An answer or notification failed its RSA2 signature check. */
    SIGNATURE_INVALID("payment.alipay.signature_invalid", ErrorCategory.VERIFICATION_FAILED);

    private final String code;
    private final ErrorCategory category;

    AlipayErrorCode(String code, ErrorCategory category) {
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
