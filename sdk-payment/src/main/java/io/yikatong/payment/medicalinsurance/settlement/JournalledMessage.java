package io.yikatong.payment.medicalinsurance.settlement;

import java.time.Instant;

/**
 * A message in the settlement journal.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param msgid 发送方报文ID
 * @param infno 交易编号
 * @param operatorId the operator
 * @param psnNo 人员编号, or ""
 * @param insuplcAdmdvs 参保地医保区划, or ""
 * @param visitNo the visit ({@code ipt_otp_no}) it belongs to, or ""
 * @param state the state
 * @param code the platform's {@code infcode} or gateway code of a refusal, or ""
 * @param detail what happened (no personal data), or ""
 * @param createdAt when it was journalled
 * @param updatedAt when it last changed
 * @since 0.1
 */
public record JournalledMessage(String msgid, String infno, String operatorId, String psnNo, String insuplcAdmdvs,
        String visitNo, MessageState state, String code, String detail, Instant createdAt, Instant updatedAt) {
}
