package io.yikatong.payment.spi;

import io.yikatong.core.InvalidInputException;

/**
 * The channel answered and refused the call with its own code. It keeps the refused operation, the HTTP status and the
 * channel's raw code and message, and says what the refusal means for the caller ({@link #disposition()}). Code:
 * {@code payment.<channel>.refused}.
 *
 * <p>What each channel puts here:
 *
 * <table class="striped">
 * <caption>The raw fields per channel</caption>
 * <thead><tr><th scope="col">channel</th><th scope="col">{@link #operation()}</th>
 *     <th scope="col">{@link #httpStatus()}</th><th scope="col">{@link #channelCode()} /
 *     {@link #channelMessage()}</th><th scope="col">{@link #subCode()} / {@link #subMessage()}</th></tr></thead>
 * <tbody>
 * <tr><th scope="row">{@code wechat}</th><td>{@code POST /v3/refund/domestic/refunds}</td><td>the non-2xx status</td>
 *     <td>{@code code} / {@code message} of the error body (empty if it is not JSON)</td><td>empty</td></tr>
 * <tr><th scope="row">{@code alipay}</th><td>the method, {@code alipay.trade.pay}</td><td>200</td>
 *     <td>{@code code} / {@code msg} ({@code 40004}, {@code 10003} …)</td>
 *     <td>{@code sub_code} / {@code sub_msg} ({@code ACQ.TRADE_NOT_EXIST} …)</td></tr>
 * <tr><th scope="row">{@code unionpay}</th><td>{@code barcodeConsume}, {@code refund} …</td><td>200</td>
 *     <td>{@code respCode} / {@code respMsg}</td><td>empty</td></tr>
 * <tr><th scope="row">{@code medical-insurance}</th><td>the function number, {@code 6201}</td><td>200</td>
 *     <td>{@code code} / {@code message}</td><td>empty</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Not every refusal is a "no": the wire client that raised it classifies it with the channel's rules (documented
 * there) as a {@link Disposition}. {@link Disposition#OUTCOME_UNKNOWN} (a system error, the payer still paying, a
 * WeChat 5xx) means query, do not fail the payment.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ChannelRefusedException extends ChannelException {

    private static final long serialVersionUID = 1L;

    /**
     * What a refusal means for the caller.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Disposition {
        /** A definite business refusal: the request did not take effect (a decline, invalid parameters, a state that
         *  does not allow the operation). */
        DEFINITE,
        /** The outcome is unknown (a system error, the payer still paying, an HTTP 5xx): query, do not fail. */
        OUTCOME_UNKNOWN,
        /** The channel rejected our credentials, signature or merchant configuration: fix the configuration. */
        CREDENTIALS_REJECTED,
        /** The channel has no such order, transaction or refund: the request never arrived. */
        NOT_FOUND
    }

    private final String operation;
    private final int httpStatus;
    private final String channelCode;
    private final String channelMessage;
    private final String subCode;
    private final String subMessage;
    private final Disposition disposition;

    /**
     * Creates an exception for a channel with one level of codes.
     *
     * @param channel the channel identifier, for example {@code unionpay}
     * @param operation the refused call, for example {@code refund}
     * @param httpStatus the HTTP status of the answer (200 when the channel refuses inside a successful answer)
     * @param channelCode the channel's code, or an empty string when the answer had none
     * @param channelMessage the channel's message, or an empty string
     * @param disposition what the refusal means
     * @throws InvalidInputException if the channel is not a channel identifier, the status is not 100 to 599 or the
     *     operation or disposition is missing
     */
    public ChannelRefusedException(String channel, String operation, int httpStatus, String channelCode,
            String channelMessage, Disposition disposition) {
        this(channel, operation, httpStatus, channelCode, channelMessage, "", "", disposition);
    }

    /**
     * Creates an exception for a channel with two levels of codes (Alipay's {@code code} and {@code sub_code}).
     *
     * @param channel the channel identifier, for example {@code alipay}
     * @param operation the refused call, for example {@code alipay.trade.refund}
     * @param httpStatus the HTTP status of the answer (200 when the channel refuses inside a successful answer)
     * @param channelCode the channel's code, or an empty string when the answer had none
     * @param channelMessage the channel's message, or an empty string
     * @param subCode the channel's second-level code, or an empty string
     * @param subMessage the channel's second-level message, or an empty string
     * @param disposition what the refusal means
     * @throws InvalidInputException if the channel is not a channel identifier, the status is not 100 to 599 or the
     *     operation or disposition is missing
     */
    public ChannelRefusedException(String channel, String operation, int httpStatus, String channelCode,
            String channelMessage, String subCode, String subMessage, Disposition disposition) {
        super(channel, ChannelErrorCode.Kind.REFUSED, describe(operation, httpStatus, channelCode, channelMessage,
                subCode, subMessage), null);
        if (operation == null || operation.isEmpty()) {
            throw new InvalidInputException("operation", "must not be empty");
        }
        if (httpStatus < 100 || httpStatus > 599) {
            throw new InvalidInputException("httpStatus", "must be 100 to 599");
        }
        if (disposition == null) {
            throw new InvalidInputException("disposition", "must not be null");
        }
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.channelCode = orEmpty(channelCode);
        this.channelMessage = orEmpty(channelMessage);
        this.subCode = orEmpty(subCode);
        this.subMessage = orEmpty(subMessage);
        this.disposition = disposition;
    }

    private static String describe(String operation, int httpStatus, String code, String message, String subCode,
            String subMessage) {
        StringBuilder s = new StringBuilder().append(operation).append(':');
        if (httpStatus != 200) {
            s.append(" HTTP ").append(httpStatus);
        }
        if (!orEmpty(code).isEmpty()) {
            s.append(" code ").append(code);
        }
        if (!orEmpty(subCode).isEmpty()) {
            s.append(' ').append(subCode);
        }
        String text = orEmpty(subCode).isEmpty() ? orEmpty(message) : orEmpty(subMessage);
        if (!text.isEmpty()) {
            s.append(" (").append(text.length() > 200 ? text.substring(0, 200) + "..." : text).append(')');
        }
        return s.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * Returns the refused call.
     *
     * @return for example {@code "POST /v3/pay/transactions/codepay"}, {@code alipay.trade.pay}, {@code refund} or
     *     {@code 6202}
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns the HTTP status of the answer.
     *
     * @return the status; 200 for channels that refuse inside a successful answer
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Returns the channel's own code: WeChat's {@code code}, Alipay's {@code code}, UnionPay's {@code respCode}, the
     * medical-insurance platform's {@code code}.
     *
     * @return for example {@code ORDER_NOT_EXISTS}, {@code 40004} or {@code 34}; an empty string if the answer had none
     */
    public String channelCode() {
        return channelCode;
    }

    /**
     * Returns the channel's own message that goes with {@link #channelCode()}.
     *
     * @return the message, or an empty string
     */
    public String channelMessage() {
        return channelMessage;
    }

    /**
     * Returns the channel's second-level code: Alipay's {@code sub_code}.
     *
     * @return for example {@code ACQ.TRADE_NOT_EXIST}; an empty string for the other channels or when absent
     */
    public String subCode() {
        return subCode;
    }

    /**
     * Returns the channel's second-level message: Alipay's {@code sub_msg}.
     *
     * @return the message, or an empty string
     */
    public String subMessage() {
        return subMessage;
    }

    /**
     * Returns the most specific code the channel gave: {@link #subCode()} if there is one, else
     * {@link #channelCode()}.
     *
     * @return the code, or an empty string
     */
    public String specificCode() {
        return subCode.isEmpty() ? channelCode : subCode;
    }

    /**
     * Returns what the refusal means, as the wire client classified it.
     *
     * @return the disposition
     */
    public Disposition disposition() {
        return disposition;
    }

    /**
     * Tells whether this refusal leaves the outcome unknown: query, do not fail the payment.
     *
     * @return {@code true} for {@link Disposition#OUTCOME_UNKNOWN}
     */
    public boolean outcomeUnknown() {
        return disposition == Disposition.OUTCOME_UNKNOWN;
    }

    /**
     * Tells whether the channel rejected our credentials, signature or merchant configuration.
     *
     * @return {@code true} for {@link Disposition#CREDENTIALS_REJECTED}
     */
    public boolean credentialsRejected() {
        return disposition == Disposition.CREDENTIALS_REJECTED;
    }

    /**
     * Tells whether the channel has no such order, transaction or refund.
     *
     * @return {@code true} for {@link Disposition#NOT_FOUND}
     */
    public boolean notFound() {
        return disposition == Disposition.NOT_FOUND;
    }
}
