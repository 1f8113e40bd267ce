package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.Money;

/**
 * The answer of 6203: the refund request number, the amount the platform refunded, and its raw status [?]
 * ({@code refdStas}; the field list of the 6203 reply is not public).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param refundNo the hospital's refund request number ({@code appRefdSn} [?])
 * @param amount the refunded insurance amount ({@code totlRefdAmt} [?])
 * @param status the raw status, or an empty string
 * @since 0.1
 */
public record MedicalInsuranceRefund(String refundNo, Money amount, String status) {
}
