package io.yikatong.payment.medicalinsurance;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import java.util.List;
import java.util.Objects;

/**
 * A 6201 线上费用明细上传 request. The wire names of §3.5 are used: {@code medOrgOrd}, {@code chrgBchno},
 * {@code payAuthNo}, {@code psnNo}, {@code iptOtpNo}, {@code acctUsedFlag}, {@code medfeeSumamt} (yuan); the fee lines
 * go in {@code feedetail} [?]. The total must equal the sum of the lines.
 *
 * <p>{@code payAuthNo} and {@code psnNo} identify the patient: they are masked in {@link #toString()}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param medOrgOrd the hospital order number (idempotency key), 6 to 30 characters of {@code [0-9A-Za-z]} so that the
 *     derived self-pay order number fits every channel
 * @param chrgBchno the charge batch number (收费批次号), 1 to 64 characters of {@code [0-9A-Za-z_-]}
 * @param payAuthNo the payment authorisation number from the patient's 医保电子凭证 authorisation
 * @param psnNo the insured person number (人员编号), or {@code null}
 * @param iptOtpNo the outpatient/inpatient number (门诊/住院号), or {@code null}
 * @param useAccount whether the personal account (个人账户) may pay ({@code acctUsedFlag})
 * @param total the fee total ({@code medfeeSumamt}), positive
 * @param details the fee lines, at least one
 * @since 0.1
 */
public record FeeUpload(String medOrgOrd, String chrgBchno, String payAuthNo, String psnNo, String iptOtpNo,
        boolean useAccount, Money total, List<FeeDetail> details) {

    /**
     * Validates the fields and copies the list.
     *
     * @throws InvalidInputException if a field is missing or the lines do not add up to the total
     */
    public FeeUpload {
        checkOrderNo(medOrgOrd);
        if (chrgBchno == null || !chrgBchno.matches("[0-9A-Za-z_\\-]{1,64}")) {
            throw new InvalidInputException("chrgBchno", "must be 1 to 64 characters of [0-9A-Za-z_-]");
        }
        text("payAuthNo", payAuthNo, 128);
        if (psnNo != null) {
            text("psnNo", psnNo, 64);
        }
        if (iptOtpNo != null) {
            text("iptOtpNo", iptOtpNo, 64);
        }
        if (total == null) {
            throw new InvalidInputException("total", "must not be null");
        }
        total.requirePositive("total");
        if (details == null || details.isEmpty()) {
            throw new InvalidInputException("details", "must hold at least one fee line");
        }
        if (details.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("details", "must not contain null");
        }
        details = List.copyOf(details);
        Money sum = Money.ZERO;
        try {
            for (FeeDetail d : details) {
                sum = sum.plus(d.amount());
            }
        } catch (ArithmeticException e) {
            throw new InvalidInputException(io.yikatong.core.CoreErrorCode.INVALID_INPUT, "details",
                    "line amounts overflow", e);
        }
        if (!sum.equals(total)) {
            throw new InvalidInputException("total", "must equal the sum of the fee lines (" + sum.toYuanString()
                    + " yuan)");
        }
    }

    static void checkOrderNo(String medOrgOrd) {
        if (medOrgOrd == null || !medOrgOrd.matches("[0-9A-Za-z]{6,30}")) {
            throw new InvalidInputException("medOrgOrd", "must be 6 to 30 characters of [0-9A-Za-z]");
        }
    }

    static void text(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new InvalidInputException(field, "must be 1 to " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, "must not contain control characters");
        }
    }

    /** Returns the order number, batch, total and line count; the patient identifiers are masked. */
    @Override
    public String toString() {
        return "FeeUpload[" + medOrgOrd + ", batch " + chrgBchno + ", " + total + ", " + details.size()
                + " lines, payAuthNo ***]";
    }
}
