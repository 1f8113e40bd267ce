package io.yikatong.payment.wechat;

import java.util.Objects;
import java.util.Set;

/**
 * What WeChat Pay says about one payment order: the raw {@code trade_state} ({@code SUCCESS}, {@code REFUND},
 * {@code NOTPAY}, {@code CLOSED}, {@code REVOKED}, {@code USERPAYING}, {@code PAYERROR}) and, for a code payment whose
 * answer was an error code that leaves the outcome unknown ({@code USERPAYING}, {@code SYSTEMERROR},
 * {@code BANKERROR}, {@code ORDERPAID}, a 5xx), that raw code with an empty trade state.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param outTradeNo the merchant order number (商户订单号)
 * @param transactionId WeChat's transaction ID (微信支付订单号), or an empty string if none yet
 * @param tradeState the raw {@code trade_state}, or an empty string when only an error code is known
 * @param tradeStateDesc the raw {@code trade_state_desc}, or an empty string
 * @param totalFen the order amount in fen ({@code amount.total}), or 0 when unknown
 * @param payerTotalFen the amount the payer paid in fen ({@code amount.payer_total}), or 0 when unknown
 * @param successTime the raw RFC 3339 {@code success_time}, or an empty string
 * @param errorCode WeChat's error {@code code} when the call answered one, otherwise an empty string
 * @param errorMessage WeChat's error {@code message}, or an empty string
 *
 * @since 0.1
 */
public record Transaction(String outTradeNo, String transactionId, String tradeState, String tradeStateDesc,
        long totalFen, long payerTotalFen, String successTime, String errorCode, String errorMessage) {

    private static final Set<String> FINAL = Set.of("SUCCESS", "REFUND", "CLOSED", "REVOKED", "PAYERROR");

    /**
     * Checks the components.
     *
     * @param outTradeNo the merchant order number
     * @param transactionId the transaction ID or empty
     * @param tradeState the trade state or empty
     * @param tradeStateDesc the description or empty
     * @param totalFen the amount
     * @param payerTotalFen the payer amount
     * @param successTime the success time or empty
     * @param errorCode the error code or empty
     * @param errorMessage the error message or empty
     */
    public Transaction {
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        transactionId = Objects.requireNonNullElse(transactionId, "");
        tradeState = Objects.requireNonNullElse(tradeState, "");
        tradeStateDesc = Objects.requireNonNullElse(tradeStateDesc, "");
        successTime = Objects.requireNonNullElse(successTime, "");
        errorCode = Objects.requireNonNullElse(errorCode, "");
        errorMessage = Objects.requireNonNullElse(errorMessage, "");
    }

    /**
     * Tells whether the money was taken ({@code SUCCESS}, or {@code REFUND}: paid, then refunded in part or whole).
     *
     * @return {@code true} if paid
     */
    public boolean paid() {
        return "SUCCESS".equals(tradeState) || "REFUND".equals(tradeState);
    }

    /**
     * Tells whether the state is final ({@code SUCCESS}, {@code REFUND}, {@code CLOSED}, {@code REVOKED},
     * {@code PAYERROR}). {@code NOTPAY}, {@code USERPAYING} and an error code alone are not final: query again, then
     * reverse or close.
     *
     * @return {@code true} if final
     */
    public boolean isFinal() {
        return FINAL.contains(tradeState);
    }
}
