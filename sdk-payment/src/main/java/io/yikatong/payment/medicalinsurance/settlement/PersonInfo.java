package io.yikatong.payment.medicalinsurance.settlement;

import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.array;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.each;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.fen;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.object;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.optText;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikatong.core.Money;
import io.yikatong.core.Redaction;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.util.List;

/**
 * The answer of 1101 人员信息获取: {@code baseinfo}, {@code insuinfo[]}, {@code idetinfo[]}. {@link #toString()} masks
 * the name and document number.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param psnNo 人员编号
 * @param psnCertType 人员证件类型
 * @param certno 证件号码
 * @param psnName 人员姓名
 * @param gend 性别
 * @param naty 民族
 * @param brdy 出生日期 ({@code yyyy-MM-dd} as sent)
 * @param age 年龄 (as sent)
 * @param insurances {@code insuinfo[]}
 * @param identities {@code idetinfo[]}
 * @since 0.1
 */
public record PersonInfo(String psnNo, String psnCertType, String certno, String psnName, String gend, String naty,
        String brdy, String age, List<Insurance> insurances, List<Identity> identities) {

    /** Copies the lists. */
    public PersonInfo {
        insurances = List.copyOf(insurances);
        identities = List.copyOf(identities);
    }

    /**
     * One {@code insuinfo} element.
     *
     * @param balc 余额
     * @param insutype 险种类型
     * @param psnType 人员类别
     * @param psnInsuStas 人员参保状态
     * @param psnInsuDate 个人参保日期
     * @param pausInsuDate 暂停参保日期
     * @param cvlservFlag 公务员标志
     * @param insuplcAdmdvs 参保地医保区划 (the envelope's {@code insuplc_admdvs} from now on)
     * @param empName 单位名称
     */
    public record Insurance(Money balc, String insutype, String psnType, String psnInsuStas, String psnInsuDate,
            String pausInsuDate, String cvlservFlag, String insuplcAdmdvs, String empName) {
    }

    /**
     * One {@code idetinfo} element.
     *
     * @param psnIdetType 人员身份类别
     * @param psnTypeLv 人员类别等级
     * @param memo 备注
     * @param begntime 开始时间
     * @param endtime 结束时间
     */
    public record Identity(String psnIdetType, String psnTypeLv, String memo, String begntime, String endtime) {
    }

    /**
     * Returns the insurance of a type, or the first if {@code insutype} is empty.
     *
     * @param insutype 险种类型 or ""
     * @return the insurance
     * @throws io.yikatong.core.InvalidInputException if there is none
     */
    public Insurance insurance(String insutype) {
        for (Insurance i : insurances) {
            if (insutype == null || insutype.isEmpty() || i.insutype().equals(insutype)) {
                return i;
            }
        }
        throw new io.yikatong.core.InvalidInputException("insutype", "the person has no such insurance");
    }

    static PersonInfo read(JsonNode output) throws ChannelMalformedResponseException {
        JsonNode b = object(output, "baseinfo", "output");
        String p = "output.baseinfo";
        List<Insurance> ins = each(array(output, "insuinfo", "output.insuinfo"), n -> new Insurance(
                Money.ofFen(fen(n, "balc", "insuinfo", 0L)), optText(n, "insutype", "insuinfo"),
                optText(n, "psn_type", "insuinfo"), optText(n, "psn_insu_stas", "insuinfo"),
                optText(n, "psn_insu_date", "insuinfo"), optText(n, "paus_insu_date", "insuinfo"),
                optText(n, "cvlserv_flag", "insuinfo"), optText(n, "insuplc_admdvs", "insuinfo"),
                optText(n, "emp_name", "insuinfo")));
        List<Identity> ids = each(array(output, "idetinfo", "output.idetinfo"), n -> new Identity(
                optText(n, "psn_idet_type", "idetinfo"), optText(n, "psn_type_lv", "idetinfo"),
                optText(n, "memo", "idetinfo"), optText(n, "begntime", "idetinfo"), optText(n, "endtime", "idetinfo")));
        return new PersonInfo(text(b, "psn_no", p), optText(b, "psn_cert_type", p), optText(b, "certno", p),
                optText(b, "psn_name", p), optText(b, "gend", p), optText(b, "naty", p), optText(b, "brdy", p),
                optText(b, "age", p), ins, ids);
    }

    @Override
    public String toString() {
        return "PersonInfo[psnNo=" + psnNo + ", psnName=" + Redaction.name(psnName) + ", certno="
                + Redaction.idNumber(certno) + ", insurances=" + insurances.size() + "]";
    }
}
