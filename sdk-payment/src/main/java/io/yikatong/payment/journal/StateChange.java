package io.yikatong.payment.journal;

import io.yikatong.payment.journal.internal.Checks;

/**
 * A reported state for a payment, as learned from a response, a notification, a query or a reverse call.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param target the reported state
 * @param source where the report came from
 * @param channelTradeNo the channel's transaction number if the report carries one, else {@code null}; it is stored
 *     when the change is applied and the entry has none yet
 * @param detail a short detail for the event log such as the channel's status code (at most 256 characters, no
 *     personal data), or {@code null}
 * @since 0.1
 */
public record StateChange(PaymentState target, EventSource source, String channelTradeNo, String detail) {

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if target or source is missing, the channel number is malformed
     *     or the detail is too long, or the target is {@link PaymentState#CREATED}
     */
    public StateChange {
        Checks.notNull("target", target);
        Checks.notNull("source", source);
        Checks.optionalNumber("channelTradeNo", channelTradeNo);
        Checks.text("detail", detail, 256);
        if (target == PaymentState.CREATED) {
            throw new io.yikatong.core.InvalidInputException("target", "CREATED is only written by create");
        }
    }

    /**
     * Creates a report without channel number or detail.
     *
     * @param target the reported state
     * @param source where the report came from
     * @return the change
     * @throws io.yikatong.core.InvalidInputException if an argument is missing or target is CREATED
     */
    public static StateChange to(PaymentState target, EventSource source) {
        return new StateChange(target, source, null, null);
    }

    /**
     * Returns a copy with the channel's transaction number.
     *
     * @param channelTradeNo the number
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the number is malformed
     */
    public StateChange withChannelTradeNo(String channelTradeNo) {
        return new StateChange(target, source, channelTradeNo, detail);
    }

    /**
     * Returns a copy with a detail for the event log.
     *
     * @param detail the detail, without personal data
     * @return the copy
     * @throws io.yikatong.core.InvalidInputException if the detail is too long or has control characters
     */
    public StateChange withDetail(String detail) {
        return new StateChange(target, source, channelTradeNo, detail);
    }
}
