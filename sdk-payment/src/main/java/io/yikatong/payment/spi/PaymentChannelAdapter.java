package io.yikatong.payment.spi;

import io.yikatong.core.Money;
import java.time.Instant;
import java.util.Map;

/**
 * One payment channel behind the payment client ({@code io.yikatong.payment.PaymentClient}). The client writes the
 * journal; the adapter only talks to the channel and translates its answers.
 *
 * <p>Contract: no method throws for a link failure, a timeout, a 5xx or an unverifiable answer; those are
 * {@link ChannelStatus#UNKNOWN} (or {@link ReverseResult.Status#UNKNOWN}, {@link RefundResult.Status#UNKNOWN}), because
 * the request may have taken effect. A misconfiguration (the channel rejects our signature, a missing key) is a
 * {@link PaymentException} with {@link PaymentErrorCode#CHANNEL_MISCONFIGURED}. Amounts are {@link Money} in fen; the adapter converts at the edge.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface PaymentChannelAdapter {

    /**
     * Returns the channel identifier stored in the journal, for example {@code wechat}.
     *
     * @return 1 to 32 lower-case letters, digits, {@code _} or {@code -}
     */
    String channelId();

    /**
     * Sends a barcode payment (付款码, the merchant scans the payer).
     *
     * @param merchantOrderNo the merchant order number, new for every attempt
     * @param amount the amount
     * @param description the goods description
     * @param authCode the scanned payment code
     * @return the channel's answer
     */
    ChannelResult barcodePay(String merchantOrderNo, Money amount, String description, String authCode);

    /**
     * Creates a QR order (the payer scans the merchant); success is {@link ChannelStatus#NOT_PAID} with a code URL.
     *
     * @param merchantOrderNo the merchant order number
     * @param amount the amount
     * @param description the goods description
     * @return the channel's answer
     */
    ChannelResult qrPay(String merchantOrderNo, Money amount, String description);

    /**
     * Creates a QR order that the channel lets be paid only until {@code expiresAt}, the expiry the payment client
     * enforces locally (WeChat {@code time_expire}, Alipay {@code time_expire}, UnionPay {@code payTimeout}). An
     * adapter that sends it overrides this and {@link #sendsQrExpiry()}; the default sends no expiry (the order stays
     * payable for the channel's default) and calls {@link #qrPay(String, Money, String)}.
     *
     * @param merchantOrderNo the merchant order number
     * @param amount the amount
     * @param description the goods description
     * @param expiresAt when the code stops being payable, in whole seconds, in the future
     * @return the channel's answer
     */
    default ChannelResult qrPay(String merchantOrderNo, Money amount, String description, Instant expiresAt) {
        return qrPay(merchantOrderNo, amount, description);
    }

    /**
     * Returns whether {@link #qrPay(String, Money, String, Instant)} sends the expiry, so that the channel refuses a
     * payment after it. The payment client journals the expiry only then, and only then retires a QR order locally
     * that the channel does not know yet (an unscanned Alipay precreate) or cannot close (UnionPay): a code scanned
     * later cannot be paid after the expiry, and one paid before it is handled as a payment after the close.
     *
     * @return {@code true} if the expiry is sent; the default is {@code false}
     */
    default boolean sendsQrExpiry() {
        return false;
    }

    /**
     * The largest amount the channel accepts for one payment or refund (its documented limit). {@code PaymentClient}
     * refuses a larger amount as bad input before anything is journalled or sent.
     *
     * @return the limit; the default is {@code Optional.empty()} (no documented limit)
     */
    default java.util.Optional<Money> maxAmount() {
        return java.util.Optional.empty();
    }

    /**
     * Queries an order.
     *
     * @param merchantOrderNo the merchant order number
     * @return the channel's answer; {@link ChannelStatus#NOT_FOUND} if the channel has no such order
     */
    ChannelResult query(String merchantOrderNo);

    /**
     * Closes an unpaid order.
     *
     * @param merchantOrderNo the merchant order number
     * @return {@link ChannelStatus#CLOSED} when closed, {@link ChannelStatus#PAID} if the order turned out to be
     *     paid, or another status
     */
    ChannelResult close(String merchantOrderNo);

    /**
     * Reverses (撤销) an order whose outcome is unknown or which must be cancelled.
     *
     * @param merchantOrderNo the merchant order number
     * @return the channel's answer
     */
    ReverseResult reverse(String merchantOrderNo);

    /**
     * Sends a refund.
     *
     * @param merchantOrderNo the merchant order number of the paid payment
     * @param merchantRefundNo the merchant refund number, stable across retries
     * @param refund the amount to refund
     * @param total the amount of the payment
     * @param reason the reason, or {@code null}
     * @return the channel's answer
     */
    RefundResult refund(String merchantOrderNo, String merchantRefundNo, Money refund, Money total, String reason);

    /**
     * Queries a refund. Both numbers are passed because some channels (Alipay, UnionPay) query a refund by the
     * order it belongs to.
     *
     * @param merchantOrderNo the merchant order number of the refunded payment
     * @param merchantRefundNo the merchant refund number
     * @return the channel's answer
     */
    RefundResult queryRefund(String merchantOrderNo, String merchantRefundNo);

    /**
     * Verifies, decrypts and decodes a notification, in that order; nothing of the payload is used before the
     * verification succeeded.
     *
     * @param headers the HTTP headers as received
     * @param rawBody the body bytes exactly as received
     * @return the decoded notification
     * @throws NotificationRejectedException if verification, decryption or decoding fails (answer the channel with an
     *     error status)
     */
    ChannelNotification parseNotification(Map<String, String> headers, byte[] rawBody)
            throws NotificationRejectedException;
}
