package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * The input of 2206 预结算 and 2207 结算. For 2207 the 2206 figures ({@code fulamt_ownpay_amt},
 * {@code overlmt_selfpay}, {@code preselfpay_amt}, {@code inscp_scp_amt}) are taken from {@link #preSettlement} when
 * given, and {@code invono} is added.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param psnNo 人员编号
 * @param insuplcAdmdvs 参保地医保区划
 * @param credential the 就诊凭证 (sent again: {@code mdtrt_cert_type}, {@code mdtrt_cert_no}, and the 异地 fields)
 * @param medType 医疗类别 (11 普通门诊, 12 门诊挂号 …)
 * @param medfeeSumamt 医疗费总额 (the batch's total)
 * @param psnSetlway 个人结算方式 (01 按项目)
 * @param mdtrtId 就诊ID
 * @param chrgBchno 收费批次号
 * @param acctUsed {@code acct_used_flag}: whether the personal account pays
 * @param insutype 险种类型
 * @param invono 发票号 (2207 only), may be empty
 * @param preSettlement the 2206 answer (for 2207), or {@code null}
 * @param extras further province fields by wire name (Guangdong's {@code mdtrt_mode} …)
 * @since 0.1
 */
public record SettlementRequest(String psnNo, String insuplcAdmdvs, Credential credential, String medType,
        Money medfeeSumamt, String psnSetlway, String mdtrtId, String chrgBchno, boolean acctUsed, String insutype,
        String invono, Settlement preSettlement, Map<String, String> extras) {

    /** @throws InvalidInputException if a required field is missing */
    public SettlementRequest {
        Fields.required("psnNo", psnNo, 30);
        insuplcAdmdvs = Fields.optional("insuplcAdmdvs", insuplcAdmdvs, 6);
        if (credential == null || medfeeSumamt == null) {
            throw new InvalidInputException(credential == null ? "credential" : "medfeeSumamt", "must not be null");
        }
        Fields.required("medType", medType, 6);
        Fields.required("psnSetlway", psnSetlway, 6);
        Fields.required("mdtrtId", mdtrtId, 30);
        Fields.required("chrgBchno", chrgBchno, 30);
        Fields.required("insutype", insutype, 6);
        invono = Fields.optional("invono", invono, 20);
        extras = extras == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(extras));
        for (String k : extras.keySet()) {
            if (!k.matches("[a-z_]{1,40}")) {
                throw new InvalidInputException("extras", "keys are wire names");
            }
        }
    }

    /**
     * Returns this request for 2207 with the 2206 answer and an invoice number.
     *
     * @param pre the 2206 answer
     * @param invoiceNo 发票号, may be empty
     * @return the request
     */
    public SettlementRequest forSettlement(Settlement pre, String invoiceNo) {
        return new SettlementRequest(psnNo, insuplcAdmdvs, credential, medType, medfeeSumamt, psnSetlway, mdtrtId,
                chrgBchno, acctUsed, insutype, invoiceNo, pre, extras);
    }

    ObjectNode input(boolean settle) {
        ObjectNode d = Json.object();
        d.put("psn_no", psnNo);
        d.put("mdtrt_cert_type", credential.certType());
        d.put("mdtrt_cert_no", credential.certNo());
        d.put("med_type", medType);
        d.put("medfee_sumamt", Json.yuan(medfeeSumamt));
        d.put("psn_setlway", psnSetlway);
        d.put("mdtrt_id", mdtrtId);
        d.put("chrg_bchno", chrgBchno);
        d.put("acct_used_flag", acctUsed ? "1" : "0");
        d.put("insutype", insutype);
        Fields.credentialExtras(d, credential);
        if (settle) {
            d.put("invono", invono);
            if (preSettlement != null) {
                d.put("fulamt_ownpay_amt", Json.yuan(preSettlement.fulamtOwnpayAmt()));
                d.put("overlmt_selfpay", Json.yuan(preSettlement.overlmtSelfpay()));
                d.put("preselfpay_amt", Json.yuan(preSettlement.preselfpayAmt()));
                d.put("inscp_scp_amt", Json.yuan(preSettlement.inscpScpAmt()));
            } else {
                d.put("fulamt_ownpay_amt", "");
                d.put("overlmt_selfpay", "");
                d.put("preselfpay_amt", "");
                d.put("inscp_scp_amt", "");
            }
        }
        extras.forEach(d::put);
        ObjectNode in = Json.object();
        in.set("data", d);
        return in;
    }

    @Override
    public String toString() {
        return "SettlementRequest[psnNo=" + psnNo + ", mdtrtId=" + mdtrtId + ", chrgBchno=" + chrgBchno
                + ", medfeeSumamt=" + medfeeSumamt + "]";
    }
}
