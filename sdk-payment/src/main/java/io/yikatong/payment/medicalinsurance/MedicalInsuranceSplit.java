package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;

/**
 * How a settled fee total splits (§3.5, §8.8): {@code feeSumamt = fundPay + psnAcctPay + ownPayAmt}, checked.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param total the fee total ({@code feeSumamt})
 * @param fundPay the pooled-fund share (统筹, {@code fundPay})
 * @param accountPay the personal-account share (个账, {@code psnAcctPay})
 * @param selfPay the patient's cash share (自费, {@code ownPayAmt}), collected through another channel
 * @since 0.1
 */
public record MedicalInsuranceSplit(Money total, Money fundPay, Money accountPay, Money selfPay) {

    /**
     * Validates the split.
     *
     * @throws InvalidInputException if a share is missing or negative or the shares do not add up to the total
     */
    public MedicalInsuranceSplit {
        if (total == null || fundPay == null || accountPay == null || selfPay == null) {
            throw new InvalidInputException("split", "every share must be present");
        }
        if (fundPay.fen() < 0 || accountPay.fen() < 0 || selfPay.fen() < 0) {
            throw new InvalidInputException("split", "shares must not be negative");
        }
        if (!fundPay.plus(accountPay).plus(selfPay).equals(total)) {
            throw new InvalidInputException("split", "fundPay + psnAcctPay + ownPayAmt must equal feeSumamt");
        }
    }

    /**
     * Returns the insurance share: fund plus personal account.
     *
     * @return {@code fundPay + accountPay}
     */
    public Money insuranceShare() {
        return fundPay.plus(accountPay);
    }
}
