package io.yikatong.testkit.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.Redaction;
import java.time.LocalDate;

/**
 * One insured person (参保人) in the {@link SettlementPlatformSimulator}'s personnel and insurance records: what 1101
 * answers ({@code baseinfo}, one {@code insuinfo} row, no {@code idetinfo}) and how the person can be found: by the
 * ID number ({@code mdtrt_cert_type} 02), by the social security card number ({@code 03}, with {@code card_sn}
 * matched when {@link #cardSn()} is set) or by an e-voucher ecToken the simulator accepts ({@code 01}).
 *
 * <p>{@link #toString()} masks the name and the numbers. Instances are immutable and thread-safe.
 *
 * @param psnNo 人员编号 (≤30 characters), unique in the simulator
 * @param certno the ID number (证件号码)
 * @param name 姓名
 * @param gender GB/T 2261.1 code: {@code 1} male, {@code 2} female
 * @param nation GB 3304 code, for example {@code 01}
 * @param birthDate the birth date
 * @param insutype 险种类型, for example {@code 310} 职工基本医疗保险 or {@code 390} 城乡居民基本医疗保险
 * @param psnType 人员类别, for example {@code 11} 在职
 * @param insuplcAdmdvs 参保地医保区划 (6 digits)
 * @param empName 单位名称 (may be empty)
 * @param civilServant 公务员标志 ({@code cvlserv_flag} 1)
 * @param accountBalance the personal account (个人账户) balance, not negative
 * @param cardNumber the social security card number (社会保障卡卡号), or {@code null} for none
 * @param cardSn the card identification code (卡识别码) that must come with the card number, or {@code null} to
 *     accept any non-empty {@code card_sn}
 * @since 0.1
 */
public record SimulatedPerson(String psnNo, String certno, String name, String gender, String nation,
        LocalDate birthDate, String insutype, String psnType, String insuplcAdmdvs, String empName,
        boolean civilServant, Money accountBalance, String cardNumber, String cardSn) {

    /**
     * Checks the components.
     *
     * @throws InvalidInputException naming the first missing or malformed component
     */
    public SimulatedPerson {
        String[][] required = {{psnNo, "psnNo"}, {certno, "certno"}, {name, "name"}, {gender, "gender"},
            {nation, "nation"}, {insutype, "insutype"}, {psnType, "psnType"}, {insuplcAdmdvs, "insuplcAdmdvs"}};
        for (String[] f : required) {
            if (f[0] == null || f[0].isBlank()) {
                throw new InvalidInputException(f[1], "must not be blank");
            }
        }
        if (psnNo.length() > 30) {
            throw new InvalidInputException("psnNo", "at most 30 characters");
        }
        if (!insuplcAdmdvs.matches("\\d{6}")) {
            throw new InvalidInputException("insuplcAdmdvs", "must be 6 digits");
        }
        if (birthDate == null) {
            throw new InvalidInputException("birthDate", "must not be null");
        }
        if (accountBalance == null || accountBalance.fen() < 0) {
            throw new InvalidInputException("accountBalance", "must not be negative");
        }
        empName = empName == null ? "" : empName;
    }

    /**
     * Returns a copy with another account balance.
     *
     * @param balance the balance
     * @return the copy
     */
    public SimulatedPerson withAccountBalance(Money balance) {
        return new SimulatedPerson(psnNo, certno, name, gender, nation, birthDate, insutype, psnType, insuplcAdmdvs,
                empName, civilServant, balance, cardNumber, cardSn);
    }

    /**
     * Returns a copy with a social security card.
     *
     * @param number the card number
     * @param sn the card identification code, or {@code null} to accept any
     * @return the copy
     */
    public SimulatedPerson withCard(String number, String sn) {
        return new SimulatedPerson(psnNo, certno, name, gender, nation, birthDate, insutype, psnType, insuplcAdmdvs,
                empName, civilServant, accountBalance, number, sn);
    }

    @Override
    public String toString() {
        return "SimulatedPerson[psnNo=" + psnNo + ", name=" + Redaction.name(name) + ", certno="
                + Redaction.idNumber(certno) + ", insutype=" + insutype + ", insuplcAdmdvs=" + insuplcAdmdvs + "]";
    }
}
