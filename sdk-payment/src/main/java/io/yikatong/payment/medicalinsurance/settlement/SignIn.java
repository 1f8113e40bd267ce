package io.yikatong.payment.medicalinsurance.settlement;

/**
 * The answer of 9001 签到: {@code signinoutb{sign_time, sign_no}}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param signNo 签到编号
 * @param signTime 签到时间 (as sent)
 * @since 0.1
 */
public record SignIn(String signNo, String signTime) {
}
