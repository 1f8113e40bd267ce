package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.InvalidInputException;

/**
 * One checkout: the fees to upload (with the patient's authorisation), a description for the journal and the
 * self-pay channel, and how the self-pay share is collected.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param fees the 6201 upload; its {@code medOrgOrd} is the journal key
 * @param description a short description such as 门诊缴费, 1 to 127 characters
 * @param selfPay how the self-pay share is collected
 * @since 0.1
 */
public record MedicalInsuranceCheckoutRequest(FeeUpload fees, String description, SelfPay selfPay) {

    /**
     * Validates the fields.
     *
     * @throws InvalidInputException if a field is missing or the description is out of range
     */
    public MedicalInsuranceCheckoutRequest {
        if (fees == null || selfPay == null) {
            throw new InvalidInputException("fees", "fees and selfPay must not be null");
        }
        FeeUpload.text("description", description, 127);
    }
}
