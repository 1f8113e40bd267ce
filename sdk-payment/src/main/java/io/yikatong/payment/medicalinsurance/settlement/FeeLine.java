package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code feedetail} line of 2204 费用明细上传. Amount, count and price are exact ({@link Money},
 * {@link Quantity}, {@link UnitPrice}). {@code det_item_fee_sumamt = pric × cnt} is not enforced (the reference
 * states it for 2301 only [I]).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param feedetlSn 费用明细流水号, unique in the visit (digits only, not 0, ≤15 digits under Hunan's profile)
 * @param rxno 处方号, may be empty
 * @param rxCircFlag 外购处方标志 (0/1)
 * @param feeOcurTime 费用发生时间
 * @param medListCodg 医疗目录编码
 * @param medinsListCodg 医药机构目录编码
 * @param detItemFeeSumamt 明细项目费用总额
 * @param cnt 数量
 * @param pric 单价
 * @param bilgDeptCodg 开单科室编码
 * @param bilgDeptName 开单科室名称
 * @param bilgDrCodg 开单医生编码
 * @param bilgDrName 开单医师姓名
 * @param hospApprFlag 医院审批标志 (0 无须审批, 1 通过, 2 不通过)
 * @param extras further optional {@code feedetail} fields by wire name ({@code sin_dos_dscr},
 *     {@code used_frqu_dscr}, {@code prd_days}, {@code medc_way_dscr}, {@code tcmdrug_used_way}, …), sent as strings
 * @since 0.1
 */
public record FeeLine(String feedetlSn, String rxno, String rxCircFlag, LocalDateTime feeOcurTime, String medListCodg,
        String medinsListCodg, Money detItemFeeSumamt, Quantity cnt, UnitPrice pric, String bilgDeptCodg,
        String bilgDeptName, String bilgDrCodg, String bilgDrName, String hospApprFlag, Map<String, String> extras) {

    /** @throws InvalidInputException if a required field is missing or an extra field is not a wire name */
    public FeeLine {
        Fields.required("feedetlSn", feedetlSn, 30);
        rxno = Fields.optional("rxno", rxno, 30);
        Fields.required("rxCircFlag", rxCircFlag, 3);
        if (feeOcurTime == null || detItemFeeSumamt == null || cnt == null || pric == null) {
            throw new InvalidInputException(feeOcurTime == null ? "feeOcurTime" : detItemFeeSumamt == null
                    ? "detItemFeeSumamt" : cnt == null ? "cnt" : "pric", "must not be null");
        }
        Fields.required("medListCodg", medListCodg, 50);
        Fields.required("medinsListCodg", medinsListCodg, 150);
        Fields.required("bilgDeptCodg", bilgDeptCodg, 30);
        Fields.required("bilgDeptName", bilgDeptName, 100);
        Fields.required("bilgDrCodg", bilgDrCodg, 30);
        Fields.required("bilgDrName", bilgDrName, 50);
        Fields.required("hospApprFlag", hospApprFlag, 3);
        extras = extras == null ? Map.of() : new TreeMap<>(extras);
        for (Map.Entry<String, String> e : extras.entrySet()) {
            if (!e.getKey().matches("[a-z_]{1,40}") || e.getValue() == null) {
                throw new InvalidInputException("extras", "keys are wire names, values not null");
            }
        }
        extras = java.util.Collections.unmodifiableMap(extras);
    }

    /**
     * A line with the required fields only.
     *
     * @param feedetlSn 费用明细流水号
     * @param feeOcurTime 费用发生时间
     * @param medListCodg 医疗目录编码
     * @param medinsListCodg 医药机构目录编码
     * @param cnt 数量
     * @param pric 单价 (the total is {@code pric × cnt}, which must be whole fen)
     * @param deptCode 开单科室编码
     * @param deptName 开单科室名称
     * @param drCode 开单医生编码
     * @param drName 开单医师姓名
     * @return the line, {@code rx_circ_flag} 0, {@code hosp_appr_flag} 1
     */
    public static FeeLine of(String feedetlSn, LocalDateTime feeOcurTime, String medListCodg, String medinsListCodg,
            Quantity cnt, UnitPrice pric, String deptCode, String deptName, String drCode, String drName) {
        return new FeeLine(feedetlSn, "", "0", feeOcurTime, medListCodg, medinsListCodg, pric.times(cnt), cnt, pric,
                deptCode, deptName, drCode, drName, "1", Map.of());
    }

    ObjectNode node(String mdtrtId, String psnNo, String chrgBchno, String diseCodg) {
        ObjectNode d = Json.object();
        d.put("feedetl_sn", feedetlSn);
        d.put("mdtrt_id", mdtrtId);
        d.put("psn_no", psnNo);
        d.put("chrg_bchno", chrgBchno);
        d.put("dise_codg", diseCodg);
        d.put("rxno", rxno);
        d.put("rx_circ_flag", rxCircFlag);
        d.put("fee_ocur_time", Envelope.DATETIME.format(feeOcurTime));
        d.put("med_list_codg", medListCodg);
        d.put("medins_list_codg", medinsListCodg);
        d.put("det_item_fee_sumamt", Json.yuan(detItemFeeSumamt));
        d.put("cnt", cnt.value());
        d.put("pric", pric.yuan());
        d.put("bilg_dept_codg", bilgDeptCodg);
        d.put("bilg_dept_name", bilgDeptName);
        d.put("bilg_dr_codg", bilgDrCodg);
        d.put("bilg_dr_name", bilgDrName);
        d.put("hosp_appr_flag", hospApprFlag);
        extras.forEach(d::put);
        return d;
    }
}
