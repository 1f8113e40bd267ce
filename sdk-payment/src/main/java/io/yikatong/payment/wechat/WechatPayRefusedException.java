package io.yikatong.payment.wechat;

import java.util.Set;

/**
 * The gateway answered with a non-2xx HTTP status and, usually, a JSON body {@code {code, message}} (for example 400
 * {@code PARAM_ERROR}, 404 {@code ORDER_NOT_EXISTS}, 401 {@code SIGN_ERROR}, 500 {@code SYSTEM_ERROR}). It keeps the
 * HTTP status and WeChat's raw {@code code} and {@code message}.
 *
 * <p>Some refusals do not mean "declined": a 5xx status, {@code SYSTEMERROR}/{@code SYSTEM_ERROR}, {@code BANKERROR} and
 * {@code USERPAYING} leave the outcome unknown ({@link #outcomeUnknown()}); query the order instead of failing it.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class WechatPayRefusedException extends WechatPayException {

    private static final long serialVersionUID = 1L;

    private static final Set<String> UNKNOWN_CODES =
            Set.of("USERPAYING", "SYSTEMERROR", "SYSTEM_ERROR", "BANKERROR", "FREQUENCY_LIMITED");

    private final String operation;
    private final int httpStatus;
    private final String wechatCode;
    private final String wechatMessage;

    /**
     * Creates an exception.
     *
     * @param operation the refused call, for example {@code "POST /v3/refund/domestic/refunds"}
     * @param httpStatus the HTTP status
     * @param wechatCode WeChat's {@code code}, or an empty string when the body had none
     * @param wechatMessage WeChat's {@code message}, or an empty string
     */
    public WechatPayRefusedException(String operation, int httpStatus, String wechatCode, String wechatMessage) {
        super(WechatPayErrorCode.REFUSED, operation + ": HTTP " + httpStatus
                + (wechatCode == null || wechatCode.isEmpty() ? "" : " " + wechatCode)
                + (wechatMessage == null || wechatMessage.isEmpty() ? "" : " (" + truncate(wechatMessage) + ")"), null);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.wechatCode = wechatCode == null ? "" : wechatCode;
        this.wechatMessage = wechatMessage == null ? "" : wechatMessage;
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Returns the refused call.
     *
     * @return for example {@code "POST /v3/pay/transactions/codepay"}
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status, 300 to 599
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Returns WeChat's error code, for example {@code ORDER_NOT_EXISTS}.
     *
     * @return the code, or an empty string
     */
    public String wechatCode() {
        return wechatCode;
    }

    /**
     * Returns WeChat's error message.
     *
     * @return the message, or an empty string
     */
    public String wechatMessage() {
        return wechatMessage;
    }

    /**
     * Tells whether this refusal leaves the outcome unknown (5xx, {@code SYSTEMERROR}, {@code BANKERROR},
     * {@code USERPAYING}, {@code FREQUENCY_LIMITED}): query, do not fail the payment.
     *
     * @return {@code true} if the caller must query to learn the outcome
     */
    public boolean outcomeUnknown() {
        return httpStatus >= 500 || UNKNOWN_CODES.contains(wechatCode);
    }
}
