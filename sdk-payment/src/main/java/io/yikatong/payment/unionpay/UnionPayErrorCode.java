package io.yikatong.payment.unionpay;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the UnionPay online channel (银联全渠道 ACP).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum UnionPayErrorCode implements ErrorCode {
    /** The gateway could not be reached, timed out, dropped the connection or answered 5xx; the outcome is unknown. */
    LINK_FAILED("payment.unionpay.link_failed", ErrorCategory.LINK_FAILED),
    /** The gateway answered with a {@code respCode} other than {@code 00}. */
    REFUSED("payment.unionpay.refused", ErrorCategory.REFUSED),
    /** The gateway's answer or a notification is not the documented form. */
    MALFORMED_RESPONSE("payment.unionpay.malformed_response", ErrorCategory.MALFORMED_RESPONSE),
    /** An answer or notification failed its signature or certificate-chain check. */
    SIGNATURE_INVALID("payment.unionpay.signature_invalid", ErrorCategory.VERIFICATION_FAILED);

    private final String code;
    private final ErrorCategory category;

    UnionPayErrorCode(String code, ErrorCategory category) {
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
