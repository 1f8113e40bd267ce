package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.Money;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.journal.RefundState;

/**
 * The outcome of refunding a settled checkout: the insurance share through 6203 (a journalled refund of the insurance
 * order) and the self-pay share through the {@link io.yikatong.payment.PaymentClient}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param refundNo the refund number (the self-pay refund uses {@link MedicalInsuranceCheckout#selfPayRefundNo(String)})
 * @param insuranceAmount the insurance share refunded or requested ({@code 0} if there was none)
 * @param insuranceState the journal state of the insurance refund, or {@code null} if there was no insurance share
 * @param selfPay the outcome of the self-pay refund, or {@code null} if none was due or it was not attempted because
 *     the insurance refund has not succeeded
 * @since 0.1
 */
public record MedicalInsuranceRefundResult(String refundNo, Money insuranceAmount, RefundState insuranceState,
        PaymentOutcome selfPay) {
}
