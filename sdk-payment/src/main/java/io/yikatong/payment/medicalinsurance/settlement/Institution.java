package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;

/**
 * The 定点医药机构 that sends the messages.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param fixmedinsCode 定点医药机构编号, 12 letters or digits (the first part of every msgid)
 * @param fixmedinsName 定点医药机构名称, 1 to 20 characters
 * @param mdtrtareaAdmvs 就医地医保区划, 6 digits
 * @since 0.1
 */
public record Institution(String fixmedinsCode, String fixmedinsName, String mdtrtareaAdmvs) {

    /** @throws InvalidInputException if a field breaks the rules above */
    public Institution {
        if (fixmedinsCode == null || !fixmedinsCode.matches("[0-9A-Za-z]{12}")) {
            throw new InvalidInputException("fixmedinsCode", "must be 12 letters or digits");
        }
        if (fixmedinsName == null || fixmedinsName.isEmpty() || fixmedinsName.length() > 20) {
            throw new InvalidInputException("fixmedinsName", "must be 1 to 20 characters");
        }
        if (mdtrtareaAdmvs == null || !mdtrtareaAdmvs.matches("\\d{6}")) {
            throw new InvalidInputException("mdtrtareaAdmvs", "must be 6 digits");
        }
    }
}
