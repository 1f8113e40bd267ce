package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The input of 2203 就诊信息上传: {@code mdtrtinfo} and {@code diseinfo[]}. Repeatable (an upsert).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param mdtrtId 就诊ID
 * @param psnNo 人员编号
 * @param insuplcAdmdvs 参保地医保区划
 * @param medType 医疗类别, for example 11 普通门诊
 * @param begntime 开始时间
 * @param mainCondDscr 主要病情描述, may be empty
 * @param diseCodg 病种编码, may be empty (mandatory in Hunan)
 * @param diseName 病种名称, may be empty
 * @param diagnoses {@code diseinfo[]}
 * @since 0.1
 */
public record VisitDetails(String mdtrtId, String psnNo, String insuplcAdmdvs, String medType, LocalDateTime begntime,
        String mainCondDscr, String diseCodg, String diseName, List<Diagnosis> diagnoses) {

    /** @throws InvalidInputException if a required field is missing */
    public VisitDetails {
        Fields.required("mdtrtId", mdtrtId, 30);
        Fields.required("psnNo", psnNo, 30);
        insuplcAdmdvs = Fields.optional("insuplcAdmdvs", insuplcAdmdvs, 6);
        Fields.required("medType", medType, 6);
        if (begntime == null) {
            throw new InvalidInputException("begntime", "must not be null");
        }
        mainCondDscr = Fields.optional("mainCondDscr", mainCondDscr, 1000);
        diseCodg = Fields.optional("diseCodg", diseCodg, 30);
        diseName = Fields.optional("diseName", diseName, 300);
        diagnoses = List.copyOf(diagnoses);
    }

    ObjectNode input() {
        ObjectNode m = Json.object();
        m.put("mdtrt_id", mdtrtId);
        m.put("psn_no", psnNo);
        m.put("med_type", medType);
        m.put("begntime", Envelope.DATETIME.format(begntime));
        m.put("main_cond_dscr", mainCondDscr);
        m.put("dise_codg", diseCodg);
        m.put("dise_name", diseName);
        m.put("birctrl_type", "");
        m.put("birctrl_matn_date", "");
        ArrayNode a = Json.array();
        diagnoses.forEach(d -> a.add(d.node()));
        ObjectNode in = Json.object();
        in.set("mdtrtinfo", m);
        in.set("diseinfo", a);
        return in;
    }
}
