package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.Money;

/**
 * One {@code setldetail} line of a settlement: a fund's share, or a non-fund line (310200/310201 个账, 999996/999997
 * 医院负担).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param fundPayType 基金支付类型, for example 310100 职工统筹
 * @param inscpScpAmt 符合政策范围金额
 * @param crtPaybLmtAmt 本次可支付限额金额
 * @param fundPayamt 基金支付金额
 * @param fundPayTypeName 基金支付类型名称
 * @param setlProcInfo 结算过程信息
 * @since 0.1
 */
public record FundPayment(String fundPayType, Money inscpScpAmt, Money crtPaybLmtAmt, Money fundPayamt,
        String fundPayTypeName, String setlProcInfo) {
}
