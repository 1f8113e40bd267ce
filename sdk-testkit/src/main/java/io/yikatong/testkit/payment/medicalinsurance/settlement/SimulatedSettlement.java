package io.yikatong.testkit.payment.medicalinsurance.settlement;

import io.yikatong.core.Money;
import java.time.LocalDateTime;

/**
 * A snapshot of one settlement record at the {@link SettlementPlatformSimulator}: a forward settlement made by 2207,
 * or the reverse record a 2208 made (negative amounts, {@link #originalSetlId()} set). The amounts satisfy the
 * identities of the reference (§3) — the simulator checks them on every record it makes.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param setlId 结算ID
 * @param originalSetlId for a reverse record, the settlement it reverses; otherwise {@code null}
 * @param msgid the msgid of the request that made it ({@code medins_setl_id}, the 冲正 key)
 * @param state the state
 * @param psnNo 人员编号
 * @param mdtrtId 就诊ID
 * @param insutype 险种类型
 * @param medType 医疗类别
 * @param clrOptins 清算经办机构 (the person's 参保地)
 * @param setlTime 结算时间 (China time)
 * @param medfeeSumamt 医疗费总额
 * @param fulamtOwnpayAmt 全自费金额
 * @param overlmtSelfpay 超限价自费
 * @param preselfpayAmt 先行自付
 * @param inscpScpAmt 符合政策范围金额
 * @param actPayDedc 实际支付起付线
 * @param hifpPay 统筹基金支出
 * @param poolPropSelfpay 基本统筹基金自付
 * @param fundPaySumamt 基金支付总额
 * @param psnPartAmt 个人负担总金额
 * @param acctPay 个人账户支出
 * @param psnCashPay 个人现金支出
 * @param hospPartAmt 医院负担
 * @param balc 个人账户余额 after it
 * @since 0.1
 */
public record SimulatedSettlement(String setlId, String originalSetlId, String msgid, State state, String psnNo,
        String mdtrtId, String insutype, String medType, String clrOptins, LocalDateTime setlTime, Money medfeeSumamt,
        Money fulamtOwnpayAmt, Money overlmtSelfpay, Money preselfpayAmt, Money inscpScpAmt, Money actPayDedc,
        Money hifpPay, Money poolPropSelfpay, Money fundPaySumamt, Money psnPartAmt, Money acctPay, Money psnCashPay,
        Money hospPartAmt, Money balc) {

    /**
     * The state of a settlement record.
     *
     * @since 0.1
     */
    public enum State {
        /** Settled and in force. */
        SETTLED,
        /** Cancelled by 2208 (结算撤销); a reverse record exists. */
        CANCELLED,
        /** Erased by 2601 (冲正): as if it never happened; not in any reconciliation. */
        REVERSED
    }

    /**
     * Returns whether this is the reverse record of a 2208.
     *
     * @return {@code true} for a reverse record
     */
    public boolean isReverse() {
        return originalSetlId != null;
    }
}
