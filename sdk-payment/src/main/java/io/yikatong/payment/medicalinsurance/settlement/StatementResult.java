package io.yikatong.payment.medicalinsurance.settlement;

/**
 * The answer of 3201: {@code stmtinfo{setl_optins, stmt_rslt, stmt_rslt_dscr}}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param setlOptins 结算经办机构
 * @param stmtRslt 对账结果 (0 平; JX 1 中心多, 2 医药机构多, 3 数据不一致; HN 1 不平)
 * @param stmtRsltDscr 对账结果说明
 * @since 0.1
 */
public record StatementResult(String setlOptins, String stmtRslt, String stmtRsltDscr) {

    /** @return whether the totals agree ({@code stmt_rslt = 0}) */
    public boolean balanced() {
        return "0".equals(stmtRslt);
    }
}
