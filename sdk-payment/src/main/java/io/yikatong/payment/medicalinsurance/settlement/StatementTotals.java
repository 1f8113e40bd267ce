package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.time.LocalDate;

/**
 * The input of 3201 医药机构费用结算对总账: the institution's totals of one (险种 × 清算机构) group.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param insutype 险种类型
 * @param clrType 清算类别 (11 门诊)
 * @param setlOptins 结算经办机构 (the settlements' {@code clr_optins})
 * @param begndate 对账开始日期
 * @param enddate 对账结束日期
 * @param medfeeSumamt 医疗费总额
 * @param fundPaySumamt 基金支付总额
 * @param acctPay 个人账户支付金额
 * @param settlementCount 定点医药机构结算笔数 ({@code fixmedins_setl_cnt})
 * @param refdSetlFlag 退费结算标志 (0/1)
 * @since 0.1
 */
public record StatementTotals(String insutype, String clrType, String setlOptins, LocalDate begndate,
        LocalDate enddate, Money medfeeSumamt, Money fundPaySumamt, Money acctPay, int settlementCount,
        String refdSetlFlag) {

    /** @throws InvalidInputException if a field is missing */
    public StatementTotals {
        Fields.required("insutype", insutype, 6);
        Fields.required("clrType", clrType, 6);
        Fields.required("setlOptins", setlOptins, 6);
        if (begndate == null || enddate == null || medfeeSumamt == null || fundPaySumamt == null || acctPay == null) {
            throw new InvalidInputException("statement", "dates and amounts must not be null");
        }
        Fields.required("refdSetlFlag", refdSetlFlag, 1);
    }

    ObjectNode input() {
        ObjectNode d = Json.object();
        d.put("insutype", insutype);
        d.put("clr_type", clrType);
        d.put("setl_optins", setlOptins);
        d.put("stmt_begndate", Envelope.DATE.format(begndate));
        d.put("stmt_enddate", Envelope.DATE.format(enddate));
        d.put("medfee_sumamt", Json.yuan(medfeeSumamt));
        d.put("fund_pay_sumamt", Json.yuan(fundPaySumamt));
        d.put("acct_pay", Json.yuan(acctPay));
        d.put("fixmedins_setl_cnt", settlementCount);
        d.put("refd_setl_flag", refdSetlFlag);
        ObjectNode in = Json.object();
        in.set("data", d);
        return in;
    }
}
