package io.yikatong.payment.medicalinsurance.settlement;

/**
 * The answer of 2201: {@code data{mdtrt_id, psn_no, ipt_otp_no}}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param mdtrtId 就诊ID
 * @param psnNo 人员编号
 * @param iptOtpNo 住院/门诊号
 * @since 0.1
 */
public record RegistrationResult(String mdtrtId, String psnNo, String iptOtpNo) {
}
