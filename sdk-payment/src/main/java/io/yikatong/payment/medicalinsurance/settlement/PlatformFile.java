package io.yikatong.payment.medicalinsurance.settlement;

/**
 * A file held by the platform: the answer of 9101 and of 3202 ({@code fileinfo}), the key of 9102.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param fileQuryNo 文件查询号
 * @param filename 文件名
 * @param dldEndtime 下载截止时间 (as sent)
 * @since 0.1
 */
public record PlatformFile(String fileQuryNo, String filename, String dldEndtime) {
}
