package io.yikatong.payment.medicalinsurance;

import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.journal.PaymentState;

/**
 * Where a medical-insurance checkout stands: the journal state of the insurance order, the split once settled, and
 * the outcome of the self-pay payment if one was made.
 *
 * <p>Journal states: {@link PaymentState#PAID} = the insurance share is settled (the split is known);
 * {@link PaymentState#CREATED}, {@link PaymentState#SENT}, {@link PaymentState#PENDING} = not known yet (a timeout is
 * never a failure: resume later); {@link PaymentState#DECLINED} = the platform refused or settlement failed, nothing
 * was taken; {@link PaymentState#CLOSED} = the fee upload was undone.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param medOrgOrd the hospital order number (the journal key of the insurance order)
 * @param payOrdId the platform order ID, or {@code null} if not known
 * @param state the journal state of the insurance order
 * @param split the split, or {@code null} unless settled
 * @param selfPay the outcome of the self-pay payment (merchant order number
 *     {@link MedicalInsuranceCheckout#selfPayOrderNo(String)}), or {@code null} if none was due or attempted
 * @param detail the platform's code and message of a refusal, or an empty string
 * @since 0.1
 */
public record MedicalInsuranceCheckoutResult(String medOrgOrd, String payOrdId, PaymentState state, MedicalInsuranceSplit split,
        PaymentOutcome selfPay, String detail) {

    /**
     * Tells whether the insurance share is settled and the self-pay share (if any) is paid.
     *
     * @return {@code true} if nothing is left to collect
     */
    public boolean complete() {
        return state == PaymentState.PAID && (split.selfPay().fen() == 0 || selfPay instanceof PaymentOutcome.Paid);
    }
}
