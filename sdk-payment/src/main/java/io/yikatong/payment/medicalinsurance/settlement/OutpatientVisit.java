package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.InvalidInputException;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Everything {@link OutpatientSettlement#settle} needs for one outpatient visit (one 收费批次).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param operator the operator (signed in automatically)
 * @param credential the patient's credential
 * @param insutype the 险种类型 to settle under, or "" for the person's first insurance
 * @param visitNo the 门诊号 ({@code ipt_otp_no}), unique in the hospital: the visit's key, never reused
 * @param begntime the visit's start
 * @param medType 医疗类别 (11 普通门诊 …)
 * @param atddrNo 医师编码
 * @param drName 医师姓名
 * @param deptCode 科室编码
 * @param deptName 科室名称
 * @param caty 科别
 * @param diseCodg 病种编码, may be empty
 * @param diseName 病种名称, may be empty
 * @param diagnoses the diagnoses (2203)
 * @param chrgBchno 收费批次号
 * @param fees the fee lines (2204), at least one
 * @param acctUsed whether the personal account pays
 * @param invono 发票号, may be empty
 * @since 0.1
 */
public record OutpatientVisit(Operator operator, Credential credential, String insutype, String visitNo,
        LocalDateTime begntime, String medType, String atddrNo, String drName, String deptCode, String deptName,
        String caty, String diseCodg, String diseName, List<Diagnosis> diagnoses, String chrgBchno, List<FeeLine> fees,
        boolean acctUsed, String invono) {

    /** @throws InvalidInputException if a required field is missing */
    public OutpatientVisit {
        if (operator == null || credential == null || begntime == null) {
            throw new InvalidInputException(operator == null ? "operator" : credential == null ? "credential"
                    : "begntime", "must not be null");
        }
        insutype = Fields.optional("insutype", insutype, 6);
        Fields.required("visitNo", visitNo, 30);
        Fields.required("medType", medType, 6);
        Fields.required("chrgBchno", chrgBchno, 30);
        diseCodg = Fields.optional("diseCodg", diseCodg, 30);
        diseName = Fields.optional("diseName", diseName, 300);
        invono = Fields.optional("invono", invono, 20);
        diagnoses = List.copyOf(diagnoses);
        if (fees == null || fees.isEmpty()) {
            throw new InvalidInputException("fees", "must not be empty");
        }
        fees = List.copyOf(fees);
    }

    @Override
    public String toString() {
        return "OutpatientVisit[" + visitNo + ", " + credential + ", " + fees.size() + " lines]";
    }
}
