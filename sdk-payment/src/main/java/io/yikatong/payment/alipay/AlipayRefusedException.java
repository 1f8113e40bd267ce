package io.yikatong.payment.alipay;

/**
 * The gateway answered with a {@code code} other than {@code 10000}. It keeps Alipay's raw {@code code},
 * {@code msg}, {@code sub_code} and {@code sub_msg}.
 *
 * <p>Codes: {@code 10003} waiting for the buyer (用户支付中), {@code 20000} unknown / system error, {@code 40002}
 * invalid parameters or signature ({@code isv.invalid-signature}), {@code 40004} business failure with a
 * {@code sub_code} such as {@code ACQ.TRADE_NOT_EXIST}. 10003 and 20000 (and a {@code sub_code} of
 * {@code ACQ.SYSTEM_ERROR}) leave the outcome unknown ({@link #outcomeUnknown()}): query, do not fail the payment.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AlipayRefusedException extends AlipayException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final String code;
    private final String msg;
    private final String subCode;
    private final String subMsg;

    /**
     * Creates an exception.
     *
     * @param method the refused method, for example {@code alipay.trade.pay}
     * @param code Alipay's {@code code}
     * @param msg Alipay's {@code msg}, or an empty string
     * @param subCode Alipay's {@code sub_code}, or an empty string
     * @param subMsg Alipay's {@code sub_msg}, or an empty string
     */
    public AlipayRefusedException(String method, String code, String msg, String subCode, String subMsg) {
        super(AlipayErrorCode.REFUSED, method + ": code " + code + (subCode == null || subCode.isEmpty() ? ""
                : " " + subCode) + (subMsg == null || subMsg.isEmpty() ? "" : " (" + truncate(subMsg) + ")"), null);
        this.method = method;
        this.code = code == null ? "" : code;
        this.msg = msg == null ? "" : msg;
        this.subCode = subCode == null ? "" : subCode;
        this.subMsg = subMsg == null ? "" : subMsg;
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Returns the refused method.
     *
     * @return for example {@code alipay.trade.refund}
     */
    public String method() {
        return method;
    }

    /**
     * Returns Alipay's {@code code}.
     *
     * @return for example {@code 40004}
     */
    public String code() {
        return code;
    }

    /**
     * Returns Alipay's {@code msg}.
     *
     * @return the message, or an empty string
     */
    public String msg() {
        return msg;
    }

    /**
     * Returns Alipay's {@code sub_code}.
     *
     * @return for example {@code ACQ.TRADE_NOT_EXIST}, or an empty string
     */
    public String subCode() {
        return subCode;
    }

    /**
     * Returns Alipay's {@code sub_msg}.
     *
     * @return the message, or an empty string
     */
    public String subMsg() {
        return subMsg;
    }

    /**
     * Tells whether this answer leaves the outcome unknown ({@code 10003}, {@code 20000},
     * {@code ACQ.SYSTEM_ERROR}): query, do not fail the payment.
     *
     * @return {@code true} if the caller must query to learn the outcome
     */
    public boolean outcomeUnknown() {
        return "10003".equals(code) || "20000".equals(code) || "ACQ.SYSTEM_ERROR".equals(subCode);
    }

    /**
     * Tells whether Alipay rejected our credentials or signature ({@code 40002} with an {@code isv.invalid-*} or
     * {@code isv.missing-signature} sub-code, or {@code 40006} insufficient permissions).
     *
     * @return {@code true} for a misconfiguration
     */
    public boolean credentialsRejected() {
        return "40006".equals(code) || "40002".equals(code) && (subCode.startsWith("isv.invalid-signature")
                || subCode.startsWith("isv.invalid-app-id") || subCode.startsWith("isv.missing-signature"));
    }
}
