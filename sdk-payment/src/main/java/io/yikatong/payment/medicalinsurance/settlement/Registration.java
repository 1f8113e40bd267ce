package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.time.LocalDateTime;

/**
 * The input of 2201 门诊挂号.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param psnNo 人员编号 (from 1101)
 * @param insutype 险种类型
 * @param insuplcAdmdvs 参保地医保区划 (from 1101)
 * @param begntime 开始时间
 * @param credential the 就诊凭证 (its {@code card_sn}, {@code psn_cert_type}, {@code certno} and {@code psn_name}
 *     are sent too when present)
 * @param iptOtpNo 住院/门诊号, unique in the hospital (the visit's key in the journal), 1 to 30 characters
 * @param atddrNo 医师编码
 * @param drName 医师姓名
 * @param deptCode 科室编码
 * @param deptName 科室名称
 * @param caty 科别
 * @since 0.1
 */
public record Registration(String psnNo, String insutype, String insuplcAdmdvs, LocalDateTime begntime,
        Credential credential, String iptOtpNo, String atddrNo, String drName, String deptCode, String deptName,
        String caty) {

    /** @throws InvalidInputException if a required field is missing */
    public Registration {
        Fields.required("psnNo", psnNo, 30);
        Fields.required("insutype", insutype, 6);
        insuplcAdmdvs = Fields.optional("insuplcAdmdvs", insuplcAdmdvs, 6);
        if (begntime == null) {
            throw new InvalidInputException("begntime", "must not be null");
        }
        if (credential == null) {
            throw new InvalidInputException("credential", "must not be null");
        }
        Fields.required("iptOtpNo", iptOtpNo, 30);
        Fields.required("atddrNo", atddrNo, 30);
        Fields.required("drName", drName, 50);
        Fields.required("deptCode", deptCode, 30);
        Fields.required("deptName", deptName, 100);
        Fields.required("caty", caty, 10);
    }

    ObjectNode input() {
        ObjectNode d = Json.object();
        d.put("psn_no", psnNo);
        d.put("insutype", insutype);
        d.put("begntime", Envelope.DATETIME.format(begntime));
        d.put("mdtrt_cert_type", credential.certType());
        d.put("mdtrt_cert_no", credential.certNo());
        d.put("ipt_otp_no", iptOtpNo);
        d.put("atddr_no", atddrNo);
        d.put("dr_name", drName);
        d.put("dept_code", deptCode);
        d.put("dept_name", deptName);
        d.put("caty", caty);
        Fields.credentialExtras(d, credential);
        ObjectNode in = Json.object();
        in.set("data", d);
        return in;
    }

    @Override
    public String toString() {
        return "Registration[psnNo=" + psnNo + ", iptOtpNo=" + iptOtpNo + ", insutype=" + insutype + "]";
    }
}
