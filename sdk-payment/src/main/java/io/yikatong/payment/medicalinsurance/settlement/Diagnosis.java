package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.time.LocalDateTime;

/**
 * One {@code diseinfo} element of 2203. A diagnosis is voided by sending it again with {@code valid = false}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param diagType 诊断类别 1–4
 * @param diagSrtNo 诊断排序号
 * @param diagCode 诊断代码
 * @param diagName 诊断名称
 * @param diagDept 诊断科室
 * @param diseDorNo 诊断医生编码
 * @param diseDorName 诊断医生姓名
 * @param diagTime 诊断时间
 * @param valid {@code vali_flag}
 * @since 0.1
 */
public record Diagnosis(String diagType, int diagSrtNo, String diagCode, String diagName, String diagDept,
        String diseDorNo, String diseDorName, LocalDateTime diagTime, boolean valid) {

    /** @throws InvalidInputException if a field is missing */
    public Diagnosis {
        Fields.required("diagType", diagType, 3);
        Fields.required("diagCode", diagCode, 20);
        Fields.required("diagName", diagName, 100);
        Fields.required("diagDept", diagDept, 50);
        Fields.required("diseDorNo", diseDorNo, 30);
        Fields.required("diseDorName", diseDorName, 50);
        if (diagTime == null) {
            throw new InvalidInputException("diagTime", "must not be null");
        }
    }

    ObjectNode node() {
        ObjectNode d = Json.object();
        d.put("diag_type", diagType);
        d.put("diag_srt_no", diagSrtNo);
        d.put("diag_code", diagCode);
        d.put("diag_name", diagName);
        d.put("diag_dept", diagDept);
        d.put("dise_dor_no", diseDorNo);
        d.put("dise_dor_name", diseDorName);
        d.put("diag_time", Envelope.DATETIME.format(diagTime));
        d.put("vali_flag", valid ? "1" : "0");
        return d;
    }
}
