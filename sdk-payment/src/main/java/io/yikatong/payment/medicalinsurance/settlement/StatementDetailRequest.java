package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import java.time.LocalDate;

/**
 * The input of 3202 医药机构费用结算对明细账 (after the detail file was uploaded with 9101).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param setlOptins 结算经办机构
 * @param fileQuryNo 文件查询号 (from 9101)
 * @param begndate 对账开始日期
 * @param enddate 对账结束日期
 * @param medfeeSumamt 医疗费总额
 * @param fundPaySumamt 基金支付总额
 * @param cashPayamt 现金支付金额
 * @param settlementCount 定点医药机构结算笔数
 * @param clrType 清算类别
 * @param refdSetlFlag 退费结算标志
 * @since 0.1
 */
public record StatementDetailRequest(String setlOptins, String fileQuryNo, LocalDate begndate, LocalDate enddate,
        Money medfeeSumamt, Money fundPaySumamt, Money cashPayamt, int settlementCount, String clrType,
        String refdSetlFlag) {

    /** @throws InvalidInputException if a field is missing */
    public StatementDetailRequest {
        Fields.required("setlOptins", setlOptins, 6);
        Fields.required("fileQuryNo", fileQuryNo, 64);
        if (begndate == null || enddate == null || medfeeSumamt == null || fundPaySumamt == null
                || cashPayamt == null) {
            throw new InvalidInputException("statement", "dates and amounts must not be null");
        }
        Fields.required("clrType", clrType, 6);
        Fields.required("refdSetlFlag", refdSetlFlag, 1);
    }

    ObjectNode input() {
        ObjectNode d = Json.object();
        d.put("setl_optins", setlOptins);
        d.put("file_qury_no", fileQuryNo);
        d.put("stmt_begndate", Envelope.DATE.format(begndate));
        d.put("stmt_enddate", Envelope.DATE.format(enddate));
        d.put("medfee_sumamt", Json.yuan(medfeeSumamt));
        d.put("fund_pay_sumamt", Json.yuan(fundPaySumamt));
        d.put("cash_payamt", Json.yuan(cashPayamt));
        d.put("fixmedins_setl_cnt", settlementCount);
        d.put("clr_type", clrType);
        d.put("refd_setl_flag", refdSetlFlag);
        ObjectNode in = Json.object();
        in.set("data", d);
        return in;
    }
}
