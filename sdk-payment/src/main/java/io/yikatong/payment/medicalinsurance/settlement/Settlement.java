package io.yikatong.payment.medicalinsurance.settlement;

import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.array;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.each;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.fen;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.object;
import static io.yikatong.payment.medicalinsurance.settlement.internal.Json.optText;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.util.List;

/**
 * The {@code setlinfo} + {@code setldetail[]} of a 2206, 2207, 2208 or 5203 answer, every amount exact. A settlement
 * is only ever built from an answer that satisfies the four amount identities of reference §3 ({@link #check}); one
 * that breaks them is a {@link ChannelMalformedResponseException} ("the other side sent garbage"):
 *
 * <ol>
 *   <li>{@code medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt}</li>
 *   <li>{@code fund_pay_sumamt = hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay}</li>
 *   <li>{@code psn_part_amt = acct_pay + psn_cash_pay}</li>
 *   <li>{@code medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt}</li>
 * </ol>
 *
 * <p>Reading: an absent amount is 0, except {@code medfee_sumamt}, {@code fund_pay_sumamt} and {@code psn_cash_pay}
 * (required) and {@code psn_part_amt} (absent: {@code acct_pay + psn_cash_pay}). 2208's {@code pdn_cash_pay} (sic)
 * stands for {@code psn_cash_pay}. Unknown keys are ignored.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param mdtrtId 就诊ID
 * @param setlId 结算ID ("" for 2206)
 * @param psnNo 人员编号
 * @param insutype 险种类型
 * @param psnType 人员类别
 * @param setlTime 结算时间 (as sent)
 * @param medType 医疗类别
 * @param medfeeSumamt 医疗费总额
 * @param fulamtOwnpayAmt 全自费金额
 * @param overlmtSelfpay 超限价自费费用
 * @param preselfpayAmt 先行自付金额
 * @param inscpScpAmt 符合政策范围金额
 * @param actPayDedc 实际支付起付线
 * @param hifpPay 基本医疗保险统筹基金支出
 * @param poolPropSelfpay 基本医疗保险统筹基金支付比例
 * @param cvlservPay 公务员医疗补助资金支出
 * @param hifesPay 企业补充医疗保险基金支出
 * @param hifmiPay 居民大病保险资金支出
 * @param hifobPay 职工大额医疗费用补助基金支出
 * @param mafPay 医疗救助基金支出
 * @param othPay 其他支出
 * @param fundPaySumamt 基金支付总额
 * @param psnPartAmt 个人负担总金额
 * @param acctPay 个人账户支出
 * @param psnCashPay 个人现金支出 (the patient's cash share)
 * @param hospPartAmt 医院负担金额
 * @param balc 余额
 * @param acctMulaidPay 个人账户共济支付金额
 * @param medinsSetlId 医药机构结算ID (the msgid of the 2207)
 * @param clrOptins 清算经办机构
 * @param clrWay 清算方式
 * @param clrType 清算类别
 * @param details {@code setldetail[]}
 * @since 0.1
 */
public record Settlement(String mdtrtId, String setlId, String psnNo, String insutype, String psnType, String setlTime,
        String medType, Money medfeeSumamt, Money fulamtOwnpayAmt, Money overlmtSelfpay, Money preselfpayAmt,
        Money inscpScpAmt, Money actPayDedc, Money hifpPay, String poolPropSelfpay, Money cvlservPay, Money hifesPay,
        Money hifmiPay, Money hifobPay, Money mafPay, Money othPay, Money fundPaySumamt, Money psnPartAmt,
        Money acctPay, Money psnCashPay, Money hospPartAmt, Money balc, Money acctMulaidPay, String medinsSetlId,
        String clrOptins, String clrWay, String clrType, List<FundPayment> details) {

    /** Copies the list. */
    public Settlement {
        details = List.copyOf(details);
    }

    /**
     * Checks the four amount identities.
     *
     * @throws ChannelMalformedResponseException naming the broken identity (without personal data)
     */
    public void check() throws ChannelMalformedResponseException {
        long fund = sum(hifpPay, cvlservPay, hifesPay, hifmiPay, hifobPay, mafPay, othPay);
        if (medfeeSumamt.fen() != sum(fundPaySumamt, psnPartAmt, hospPartAmt)) {
            throw broken("medfee_sumamt ≠ fund_pay_sumamt + psn_part_amt + hosp_part_amt");
        }
        if (fundPaySumamt.fen() != fund) {
            throw broken("fund_pay_sumamt ≠ hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay");
        }
        if (psnPartAmt.fen() != sum(acctPay, psnCashPay)) {
            throw broken("psn_part_amt ≠ acct_pay + psn_cash_pay");
        }
        if (medfeeSumamt.fen() != sum(fulamtOwnpayAmt, overlmtSelfpay, preselfpayAmt, inscpScpAmt)) {
            throw broken("medfee_sumamt ≠ fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt");
        }
    }

    private static long sum(Money... amounts) {
        long s = 0;
        for (Money m : amounts) {
            s = Math.addExact(s, m.fen());
        }
        return s;
    }

    private ChannelMalformedResponseException broken(String identity) {
        return Json.malformed("setlinfo breaks the amount identity " + identity);
    }

    /**
     * Reads {@code output.setlinfo} and {@code output.setldetail} and checks the identities.
     *
     * @param output the {@code output} node
     * @return the settlement
     * @throws ChannelMalformedResponseException if a field is malformed or an identity is broken
     */
    static Settlement read(JsonNode output) throws ChannelMalformedResponseException {
        JsonNode s = object(output, "setlinfo", "output");
        String p = "output.setlinfo";
        long cash = s.hasNonNull("psn_cash_pay") || !s.hasNonNull("pdn_cash_pay") ? fen(s, "psn_cash_pay", p, null)
                : fen(s, "pdn_cash_pay", p, null);
        long acct = fen(s, "acct_pay", p, 0L);
        long part = fen(s, "psn_part_amt", p, Math.addExact(acct, cash));
        List<FundPayment> details = each(array(output, "setldetail", "output.setldetail"), n -> new FundPayment(
                optText(n, "fund_pay_type", "setldetail"), m(n, "inscp_scp_amt", "setldetail"),
                m(n, "crt_payb_lmt_amt", "setldetail"), m(n, "fund_payamt", "setldetail"),
                optText(n, "fund_pay_type_name", "setldetail"), optText(n, "setl_proc_info", "setldetail")));
        Settlement r = new Settlement(optText(s, "mdtrt_id", p), optText(s, "setl_id", p), optText(s, "psn_no", p),
                optText(s, "insutype", p), optText(s, "psn_type", p), optText(s, "setl_time", p),
                optText(s, "med_type", p), Money.ofFen(fen(s, "medfee_sumamt", p, null)), m(s, "fulamt_ownpay_amt", p),
                m(s, "overlmt_selfpay", p), m(s, "preselfpay_amt", p), m(s, "inscp_scp_amt", p),
                m(s, "act_pay_dedc", p), m(s, "hifp_pay", p), optText(s, "pool_prop_selfpay", p),
                m(s, "cvlserv_pay", p), m(s, "hifes_pay", p), m(s, "hifmi_pay", p), m(s, "hifob_pay", p),
                m(s, "maf_pay", p), m(s, "oth_pay", p), Money.ofFen(fen(s, "fund_pay_sumamt", p, null)),
                Money.ofFen(part), Money.ofFen(acct), Money.ofFen(cash), m(s, "hosp_part_amt", p), m(s, "balc", p),
                m(s, "acct_mulaid_pay", p), optText(s, "medins_setl_id", p), optText(s, "clr_optins", p),
                optText(s, "clr_way", p), optText(s, "clr_type", p), details);
        r.check();
        return r;
    }

    private static Money m(JsonNode n, String name, String path) throws ChannelMalformedResponseException {
        return Money.ofFen(fen(n, name, path, 0L));
    }
}
