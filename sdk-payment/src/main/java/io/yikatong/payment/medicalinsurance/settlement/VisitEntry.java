package io.yikatong.payment.medicalinsurance.settlement;

import io.yikatong.core.Money;
import java.time.Instant;

/**
 * A visit in the settlement journal. Amounts are {@code null} until the settlement is known. No credential
 * ({@code mdtrt_cert_no}) is stored.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param visitNo the 院内就诊号 ({@code ipt_otp_no}), the key
 * @param state the state
 * @param operatorId the operator who started it
 * @param psnNo 人员编号
 * @param insutype 险种类型
 * @param insuplcAdmdvs 参保地医保区划
 * @param mdtrtId 就诊ID, or ""
 * @param chrgBchno 收费批次号, or ""
 * @param settleMsgid the msgid of the 2207 (the 冲正 key, returned as {@code medins_setl_id}), or ""
 * @param setlId 结算ID, or ""
 * @param medfeeSumamt 医疗费总额, or {@code null}
 * @param fundPaySumamt 基金支付总额, or {@code null}
 * @param acctPay 个人账户支出, or {@code null}
 * @param psnCashPay 个人现金支出, or {@code null}
 * @param clrOptins 清算经办机构, or ""
 * @param cashOrderNo the merchant order number of the cash share, or ""
 * @param message the platform's last message or the reason for the state, or ""
 * @param createdAt created
 * @param updatedAt last changed
 * @param version the optimistic-lock version
 * @since 0.1
 */
public record VisitEntry(String visitNo, VisitState state, String operatorId, String psnNo, String insutype,
        String insuplcAdmdvs, String mdtrtId, String chrgBchno, String settleMsgid, String setlId, Money medfeeSumamt,
        Money fundPaySumamt, Money acctPay, Money psnCashPay, String clrOptins, String cashOrderNo, String message,
        Instant createdAt, Instant updatedAt, long version) {
}
