package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The input of 2204: one whole 收费批次 ({@code chrg_bchno}) of a visit.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param mdtrtId 就诊ID
 * @param psnNo 人员编号
 * @param insuplcAdmdvs 参保地医保区划
 * @param chrgBchno 收费批次号
 * @param diseCodg 病种编码, may be empty
 * @param lines the lines, at least one, {@code feedetl_sn} unique
 * @since 0.1
 */
public record FeeUpload(String mdtrtId, String psnNo, String insuplcAdmdvs, String chrgBchno, String diseCodg,
        List<FeeLine> lines) {

    /** @throws InvalidInputException if a field is missing, there is no line or a {@code feedetl_sn} repeats */
    public FeeUpload {
        Fields.required("mdtrtId", mdtrtId, 30);
        Fields.required("psnNo", psnNo, 30);
        insuplcAdmdvs = Fields.optional("insuplcAdmdvs", insuplcAdmdvs, 6);
        Fields.required("chrgBchno", chrgBchno, 30);
        diseCodg = Fields.optional("diseCodg", diseCodg, 30);
        if (lines == null || lines.isEmpty()) {
            throw new InvalidInputException("lines", "must not be empty");
        }
        lines = List.copyOf(lines);
        Set<String> seen = new HashSet<>();
        for (FeeLine l : lines) {
            if (!seen.add(l.feedetlSn())) {
                throw new InvalidInputException("feedetlSn", "repeats in the batch");
            }
        }
    }

    /** @return Σ {@code det_item_fee_sumamt}, the batch's {@code medfee_sumamt} */
    public Money total() {
        long t = 0;
        for (FeeLine l : lines) {
            t = Math.addExact(t, l.detItemFeeSumamt().fen());
        }
        return Money.ofFen(t);
    }

    void checkFor(ProvinceProfile profile) {
        if (profile.feedetlSnDigitsOnly()) {
            for (FeeLine l : lines) {
                if (!l.feedetlSn().matches("[0-9]{1,15}") || l.feedetlSn().matches("0+")) {
                    throw new InvalidInputException("feedetlSn", "must be 1 to 15 digits, not 0, under profile "
                            + profile.name());
                }
            }
        }
    }

    ObjectNode input() {
        ArrayNode a = Json.array();
        lines.forEach(l -> a.add(l.node(mdtrtId, psnNo, chrgBchno, diseCodg)));
        ObjectNode in = Json.object();
        in.set("feedetail", a);
        return in;
    }
}
