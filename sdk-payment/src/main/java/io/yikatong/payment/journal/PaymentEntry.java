package io.yikatong.payment.journal;

import io.yikatong.core.Money;
import io.yikatong.payment.journal.internal.Checks;
import io.yikatong.payment.medicalinsurance.MedicalInsuranceSplit;
import java.time.Instant;

/**
 * A payment attempt as the journal holds it.
 *
 * <p>{@code version} starts at 0 and grows by one with every change to the row (state changes and refund
 * reservations), which is what the journal's compare-and-set updates check. {@code refunded} is the sum of the
 * payment's refunds that are not {@link RefundState#FAILED}; it never exceeds {@code amount}. The description is left
 * out of {@link #toString()}.
 *
 * <p>Besides the state, the entry keeps what the journal learned about the payment as typed facts: its
 * {@linkplain #kind() kind} and, for a medical-insurance order, its {@linkplain #chargeBatchNo() charge batch} (both
 * given at creation, {@link NewPayment}); the {@linkplain #codeUrl() QR code URL}, the {@linkplain #decline()
 * decline} and the medical-insurance {@linkplain #split() split} (each stored by the first applied
 * {@link StateChange} that carries it, like the channel trade number); the {@linkplain #expiresAt() expiry} sent with
 * a QR order (given at creation); and what the channel reported that the state does not show: a {@linkplain
 * #latePayment() payment after the close} ({@link PaymentJournal#recordLatePayment}) and a {@linkplain #mismatch()
 * report about another payment} under this number ({@link PaymentJournal#recordMismatch}). A fact that was never
 * reported is {@code null}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param merchantOrderNo the merchant order number (the journal's key)
 * @param channel the channel identifier, for example {@code wechat}
 * @param amount the amount
 * @param description the description, or {@code null}
 * @param state the state
 * @param channelTradeNo the channel's transaction number (WeChat {@code transaction_id}, Alipay {@code trade_no},
 *     UnionPay {@code queryId}) once known, else {@code null}
 * @param attempt the attempt number for the business order, from 1
 * @param refunded the sum of the refunds that are not failed
 * @param createdAt when the entry was created (journal clock)
 * @param updatedAt when the entry last changed (journal clock)
 * @param paidAt when the entry became {@link PaymentState#PAID} (journal clock), else {@code null}
 * @param version the row version
 * @param kind how the payment is taken, or {@code null} if not recorded
 * @param codeUrl the QR code URL of a QR payment once the channel gave it, else {@code null}
 * @param decline why the channel declined, for a {@link PaymentState#DECLINED} entry whose decline was reported,
 *     else {@code null}
 * @param split how a settled medical-insurance order splits, once settled, else {@code null}
 * @param chargeBatchNo the medical-insurance charge batch number (收费批次号), else {@code null}
 * @param expiresAt for a QR order, the expiry sent to the channel with it (after it the code cannot be paid), else
 *     {@code null}
 * @param latePayment a payment the channel took after the entry was closed, else {@code null}
 * @param mismatch the first channel report about another payment under this number, else {@code null}
 * @since 0.1
 */
public record PaymentEntry(String merchantOrderNo, String channel, Money amount, String description,
        PaymentState state, String channelTradeNo, int attempt, Money refunded, Instant createdAt, Instant updatedAt,
        Instant paidAt, long version, PaymentKind kind, String codeUrl, Decline decline, MedicalInsuranceSplit split,
        String chargeBatchNo, Instant expiresAt, LatePayment latePayment, Mismatch mismatch) {

    /**
     * Validates the fields.
     *
     * @throws io.yikatong.core.InvalidInputException if a required field is missing
     */
    public PaymentEntry {
        Checks.notNull("merchantOrderNo", merchantOrderNo);
        Checks.notNull("channel", channel);
        Checks.notNull("amount", amount);
        Checks.notNull("state", state);
        Checks.notNull("refunded", refunded);
        Checks.notNull("createdAt", createdAt);
        Checks.notNull("updatedAt", updatedAt);
    }

    /**
     * Creates an entry with the facts of the first releases (no expiry, late payment or mismatch).
     *
     * @param merchantOrderNo the merchant order number
     * @param channel the channel identifier
     * @param amount the amount
     * @param description the description, or {@code null}
     * @param state the state
     * @param channelTradeNo the channel's transaction number, or {@code null}
     * @param attempt the attempt number
     * @param refunded the sum of the refunds that are not failed
     * @param createdAt when the entry was created
     * @param updatedAt when the entry last changed
     * @param paidAt when the entry became paid, or {@code null}
     * @param version the row version
     * @param kind how the payment is taken, or {@code null}
     * @param codeUrl the QR code URL, or {@code null}
     * @param decline the decline, or {@code null}
     * @param split the medical-insurance split, or {@code null}
     * @param chargeBatchNo the charge batch number, or {@code null}
     * @throws io.yikatong.core.InvalidInputException if a required field is missing
     */
    public PaymentEntry(String merchantOrderNo, String channel, Money amount, String description, PaymentState state,
            String channelTradeNo, int attempt, Money refunded, Instant createdAt, Instant updatedAt, Instant paidAt,
            long version, PaymentKind kind, String codeUrl, Decline decline, MedicalInsuranceSplit split,
            String chargeBatchNo) {
        this(merchantOrderNo, channel, amount, description, state, channelTradeNo, attempt, refunded, createdAt,
                updatedAt, paidAt, version, kind, codeUrl, decline, split, chargeBatchNo, null, null, null);
    }

    /**
     * Creates an entry without recorded facts (kind, code URL, decline, split and charge batch {@code null}).
     *
     * @param merchantOrderNo the merchant order number
     * @param channel the channel identifier
     * @param amount the amount
     * @param description the description, or {@code null}
     * @param state the state
     * @param channelTradeNo the channel's transaction number, or {@code null}
     * @param attempt the attempt number
     * @param refunded the sum of the refunds that are not failed
     * @param createdAt when the entry was created
     * @param updatedAt when the entry last changed
     * @param paidAt when the entry became paid, or {@code null}
     * @param version the row version
     * @throws io.yikatong.core.InvalidInputException if a required field is missing
     */
    public PaymentEntry(String merchantOrderNo, String channel, Money amount, String description, PaymentState state,
            String channelTradeNo, int attempt, Money refunded, Instant createdAt, Instant updatedAt, Instant paidAt,
            long version) {
        this(merchantOrderNo, channel, amount, description, state, channelTradeNo, attempt, refunded, createdAt,
                updatedAt, paidAt, version, null, null, null, null, null, null, null, null);
    }

    /**
     * Returns the amount that may still be refunded: the amount minus the refunds that are not failed, for a
     * {@link PaymentState#PAID} payment and for a {@link PaymentState#CLOSED} one the channel took a
     * {@linkplain #latePayment() late payment} for; otherwise zero.
     *
     * @return the refundable amount
     */
    public Money refundable() {
        boolean paid = state == PaymentState.PAID || state == PaymentState.CLOSED && latePayment != null;
        return paid ? amount.minus(refunded) : Money.ZERO;
    }

    /** Returns the fields without the description. */
    @Override
    public String toString() {
        return "PaymentEntry[" + merchantOrderNo + ", " + channel + (kind == null ? "" : " " + kind) + ", " + amount
                + ", " + state + (channelTradeNo == null ? "" : ", channel no " + channelTradeNo)
                + (decline == null ? "" : ", " + decline.reason() + " " + decline.channelCode())
                + (latePayment == null ? "" : ", paid after close")
                + (mismatch == null ? "" : ", mismatch " + mismatch.reported())
                + ", attempt " + attempt + ", refunded " + refunded + ", v" + version + "]";
    }
}
