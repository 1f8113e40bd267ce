package io.yikatong.payment.spi;

/**
 * A channel's answer to a reverse (撤销/冲正) call.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param status what happened
 * @param code the channel's raw code, or an empty string
 * @param message the channel's raw message, or an empty string
 * @since 0.1
 */
public record ReverseResult(Status status, String code, String message) {

    /**
     * What a reverse call did.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Status {
        /** The order is reversed; money taken, if any, goes back. */
        REVERSED,
        /** Call reverse again later: the payer is still paying ({@code USERPAYING}) or the channel asked for a
         *  recall ({@code recall=true}). */
        RETRY,
        /** The outcome of the reverse call is unknown (link failure, 5xx); call it again. */
        UNKNOWN,
        /** The channel has no such order: the payment request never arrived. */
        NOT_FOUND,
        /** The channel refused for good (for example an order older than the reverse window); needs an operator. */
        FAILED
    }

    /**
     * Normalises the raw fields.
     *
     * @throws io.yikatong.core.InvalidInputException if status is missing
     */
    public ReverseResult {
        if (status == null) {
            throw new io.yikatong.core.InvalidInputException("status", "must not be null");
        }
        code = code == null ? "" : code;
        message = message == null ? "" : message;
    }

    /**
     * Creates a result without code or message.
     *
     * @param status the status
     * @return the result
     * @throws io.yikatong.core.InvalidInputException if status is missing
     */
    public static ReverseResult of(Status status) {
        return new ReverseResult(status, "", "");
    }
}
