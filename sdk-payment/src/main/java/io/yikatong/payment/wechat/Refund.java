package io.yikatong.payment.wechat;

import java.util.Objects;

/**
 * What WeChat Pay says about one refund (退款): the raw {@code status} ({@code SUCCESS}, {@code CLOSED},
 * {@code PROCESSING}, {@code ABNORMAL}) and the amounts in fen.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param outTradeNo the merchant order number
 * @param outRefundNo the merchant refund number (商户退款单号), stable across retries
 * @param refundId WeChat's refund ID, or an empty string
 * @param status the raw {@code status} (or {@code refund_status} in a notification)
 * @param refundFen the refunded amount in fen ({@code amount.refund})
 * @param totalFen the order amount in fen ({@code amount.total})
 *
 * @since 0.1
 */
public record Refund(String outTradeNo, String outRefundNo, String refundId, String status, long refundFen,
        long totalFen) {

    /**
     * Checks the components.
     *
     * @param outTradeNo the merchant order number
     * @param outRefundNo the merchant refund number
     * @param refundId the refund ID or empty
     * @param status the raw status
     * @param refundFen the refund amount
     * @param totalFen the order amount
     */
    public Refund {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(outRefundNo, "outRefundNo");
        refundId = Objects.requireNonNullElse(refundId, "");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Tells whether the refund reached the payer.
     *
     * @return {@code true} for {@code SUCCESS}
     */
    public boolean succeeded() {
        return "SUCCESS".equals(status);
    }
}
