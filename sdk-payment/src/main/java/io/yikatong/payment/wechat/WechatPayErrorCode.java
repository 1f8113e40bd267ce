package io.yikatong.payment.wechat;

import io.yikatong.core.ErrorCategory;
import io.yikatong.core.ErrorCode;

/**
 * Error codes raised by the WeChat Pay APIv3 channel (微信支付 APIv3).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum WechatPayErrorCode implements ErrorCode {
    /** The gateway could not be reached, timed out, or dropped the connection; the outcome is unknown. */
    LINK_FAILED("payment.wechat.link_failed", ErrorCategory.LINK_FAILED),
    /** The gateway answered with a non-2xx status and a WeChat error {@code code}. */
    REFUSED("payment.wechat.refused", ErrorCategory.REFUSED),
    /** The gateway's answer or a notification is not the documented JSON. */
    MALFORMED_RESPONSE("payment.wechat.malformed_response", ErrorCategory.MALFORMED_RESPONSE),
    /** A response, notification or bill failed its signature, skew, decryption or digest check. */
    SIGNATURE_INVALID("payment.wechat.signature_invalid", ErrorCategory.VERIFICATION_FAILED);

    private final String code;
    private final ErrorCategory category;

    WechatPayErrorCode(String code, ErrorCategory category) {
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
