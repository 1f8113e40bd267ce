package io.yikatong.payment.spi;

import io.yikatong.core.Money;

/**
 * A channel's answer about a refund.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param status what the channel says
 * @param channelRefundNo the channel's refund number, or {@code null}
 * @param code the channel's raw status or error code, or an empty string
 * @param message the channel's raw message, or an empty string
 * @param amount the amount of this refund as the channel reports it, or {@code null} if the answer does not say (the
 *     payment client compares it with the journal's: another amount is another refund under the number)
 * @since 0.1
 */
public record RefundResult(Status status, String channelRefundNo, String code, String message, Money amount) {

    /**
     * A refund's status, normalised across channels.
     *
     * <p>Instances are immutable and thread-safe.
     */
    public enum Status {
        /** The money went back to the payer. */
        SUCCEEDED,
        /** Accepted and being processed; query later. */
        PROCESSING,
        /** The outcome is unknown (link failure, 5xx); query later, never treat as failed. */
        UNKNOWN,
        /** Refused or closed by the channel; the amount may be refunded again under a new number. */
        FAILED,
        /** The channel has no refund with this number: the request never arrived. */
        NOT_FOUND
    }

    /**
     * Normalises the raw fields.
     *
     * @throws io.yikatong.core.InvalidInputException if status is missing
     */
    public RefundResult {
        if (status == null) {
            throw new io.yikatong.core.InvalidInputException("status", "must not be null");
        }
        channelRefundNo = channelRefundNo == null || channelRefundNo.isEmpty() ? null : channelRefundNo;
        code = code == null ? "" : code;
        message = message == null ? "" : message;
    }

    /**
     * Creates a result that does not report the refund's amount.
     *
     * @param status what the channel says
     * @param channelRefundNo the channel's refund number, or {@code null}
     * @param code the channel's raw status or error code, or an empty string
     * @param message the channel's raw message, or an empty string
     * @throws io.yikatong.core.InvalidInputException if status is missing
     */
    public RefundResult(Status status, String channelRefundNo, String code, String message) {
        this(status, channelRefundNo, code, message, null);
    }
}
