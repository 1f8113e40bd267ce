package io.yikatong.payment.medicalinsurance;

import java.util.Optional;

/**
 * An order as 6202 or 6301 reports it: the raw status code, its meaning under the profile, and the split when the
 * answer carried one.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param medOrgOrd the hospital order number
 * @param payOrdId the platform's payment order ID
 * @param ordStas the raw status code
 * @param state its meaning under the {@link MedicalInsuranceProfile}
 * @param split the split, or {@code null} if the answer had none
 * @since 0.1
 */
public record MedicalInsuranceOrder(String medOrgOrd, String payOrdId, String ordStas, MedicalInsuranceOrderState state,
        MedicalInsuranceSplit split) {

    /**
     * Returns the split if the answer carried one.
     *
     * @return the split, or empty
     */
    public Optional<MedicalInsuranceSplit> splitIfPresent() {
        return Optional.ofNullable(split);
    }
}
