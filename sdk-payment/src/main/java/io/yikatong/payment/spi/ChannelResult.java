package io.yikatong.payment.spi;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * A channel's answer about a payment order, as an adapter reports it to the payment client.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param status the normalised status
 * @param channelTradeNo the channel's transaction number, or {@code null} if none is known
 * @param amount the amount of the order the channel holds under this number, as it reports it (whatever the status),
 *     or {@code null} if the answer does not say; the payment client compares it with the journal's, and another
 *     amount is another payment under the number, never this one
 * @param code the channel's raw status or error code (for example {@code PAYERROR}), or an empty string
 * @param message the channel's raw message, or an empty string (no personal data)
 * @param declineReason the normalised reason; non-null exactly when status is {@link ChannelStatus#DECLINED}
 * @param codeUrl the QR code content for a native order, or {@code null}
 * @since 0.1
 */
public record ChannelResult(ChannelStatus status, String channelTradeNo, Money amount, String code, String message,
        DeclineReason declineReason, String codeUrl) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if status is missing or the decline reason does not match the status
     */
    public ChannelResult {
        if (status == null) {
            throw new InvalidInputException("status", "must not be null");
        }
        if ((status == ChannelStatus.DECLINED) != (declineReason != null)) {
            throw new InvalidInputException("declineReason", "is required exactly for DECLINED");
        }
        code = code == null ? "" : code;
        message = message == null ? "" : message;
        channelTradeNo = channelTradeNo == null || channelTradeNo.isEmpty() ? null : channelTradeNo;
    }

    /**
     * Creates a result with only a status and a raw code.
     *
     * @param status the status, not {@link ChannelStatus#DECLINED}
     * @param code the raw code, or an empty string
     * @return the result
     * @throws InvalidInputException if status is missing or DECLINED
     */
    public static ChannelResult of(ChannelStatus status, String code) {
        return new ChannelResult(status, null, null, code, "", null, null);
    }

    /**
     * Creates a paid result.
     *
     * @param channelTradeNo the channel's transaction number, or {@code null}
     * @param amount the amount paid, or {@code null} if not reported
     * @return the result
     */
    public static ChannelResult paid(String channelTradeNo, Money amount) {
        return new ChannelResult(ChannelStatus.PAID, channelTradeNo, amount, "", "", null, null);
    }

    /**
     * Creates a declined result.
     *
     * @param reason the normalised reason
     * @param code the channel's code
     * @param message the channel's message
     * @return the result
     * @throws InvalidInputException if the reason is missing
     */
    public static ChannelResult declined(DeclineReason reason, String code, String message) {
        if (reason == null) {
            throw new InvalidInputException("declineReason", "must not be null");
        }
        return new ChannelResult(ChannelStatus.DECLINED, null, null, code, message, reason, null);
    }
}
