package io.yikatong.payment.unionpay;

import java.util.Set;

/**
 * The gateway answered with a {@code respCode} other than {@code 00}. It keeps the raw {@code respCode} and
 * {@code respMsg}.
 *
 * <p>Codes (§3.4, §4): {@code 03}/{@code 04}/{@code 05} leave the outcome unknown ({@link #outcomeUnknown()}): query,
 * do not fail the payment. {@code 34} is "no such transaction" ({@link #notFound()}). {@code 11} (signature), {@code 31}
 * (merchant state) and {@code 32} (no permission) mean a misconfiguration ({@link #credentialsRejected()}) [I]. Other
 * codes are business refusals.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class UnionPayRefusedException extends UnionPayException {

    private static final long serialVersionUID = 1L;
    private static final Set<String> UNKNOWN = Set.of("03", "04", "05");
    private static final Set<String> CREDENTIALS = Set.of("11", "31", "32");

    private final String operation;
    private final String respCode;
    private final String respMsg;

    /**
     * Creates an exception.
     *
     * @param operation the refused operation, for example {@code refund}
     * @param respCode UnionPay's {@code respCode}
     * @param respMsg UnionPay's {@code respMsg}, or an empty string
     */
    public UnionPayRefusedException(String operation, String respCode, String respMsg) {
        super(UnionPayErrorCode.REFUSED, operation + ": respCode " + respCode
                + (respMsg == null || respMsg.isEmpty() ? "" : " (" + truncate(respMsg) + ")"), null);
        this.operation = operation;
        this.respCode = respCode == null ? "" : respCode;
        this.respMsg = respMsg == null ? "" : respMsg;
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Returns the refused operation.
     *
     * @return for example {@code barcodeConsume}
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns UnionPay's {@code respCode}.
     *
     * @return for example {@code 34}
     */
    public String respCode() {
        return respCode;
    }

    /**
     * Returns UnionPay's {@code respMsg}.
     *
     * @return the message, or an empty string
     */
    public String respMsg() {
        return respMsg;
    }

    /**
     * Tells whether this answer leaves the outcome unknown ({@code 03}, {@code 04}, {@code 05}).
     *
     * @return {@code true} if the caller must query to learn the outcome
     */
    public boolean outcomeUnknown() {
        return UNKNOWN.contains(respCode);
    }

    /**
     * Tells whether UnionPay has no such transaction ({@code 34}).
     *
     * @return {@code true} for {@code 34}
     */
    public boolean notFound() {
        return "34".equals(respCode);
    }

    /**
     * Tells whether UnionPay rejected our signature or merchant configuration ({@code 11}, {@code 31}, {@code 32}).
     *
     * @return {@code true} for a misconfiguration
     */
    public boolean credentialsRejected() {
        return CREDENTIALS.contains(respCode);
    }
}
