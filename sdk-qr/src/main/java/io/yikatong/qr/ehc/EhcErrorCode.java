package io.yikatong.qr.ehc;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the electronic health card platform client.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum EhcErrorCode implements ErrorCode {
    /** The platform could not be reached, the call timed out, or the gateway answered with an HTTP error status. */
    LINK_FAILED("qr.ehc.link_failed", ErrorCategory.LINK_FAILED),
    /** The platform answered with a result code other than 0. */
    PLATFORM_REFUSED("qr.ehc.platform_refused", ErrorCategory.REFUSED),
    /** The platform's answer is not the documented JSON (bad JSON, missing or ill-typed fields). */
    MALFORMED_RESPONSE("qr.ehc.malformed_response", ErrorCategory.MALFORMED_RESPONSE);

    private final String code;
    private final ErrorCategory category;

    EhcErrorCode(String code, ErrorCategory category) {
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
