package io.yikatong.card.health;

import io.yikatong.core.Bytes;
import io.yikatong.core.Redaction;

import java.time.LocalDate;
import java.util.Objects;

/**
 * DDF1/EF05 发卡机构基本数据文件: issuer and card data, readable without authentication.
 *
 * <p>Lengths (checked when encoded): card category AN 1, spec version AN 4, issuer name AN 30, issuer code CN 11
 * (up to 22 digits), certificate B 180, issue date CN 4, card number AN 18, security code AN 3, chip serial AN 10,
 * city code CN 3 (6 digits, GB/T 2260).
 *
 * <p>{@link #toString()} masks the card number and hides the security code. Instances are immutable and thread-safe.
 *
 * @param cardCategory 卡的类别 (KLB), for example {@code "1"}
 * @param specVersion 规范版本 (GFBB), for example {@code "1.00"}
 * @param issuerName 发卡机构名称 (FKJGMC)
 * @param issuerCode 发卡机构代码 (FKJGDM), digits
 * @param issuerCertificate 发卡机构证书 (FKJGZS), raw bytes
 * @param issueDate 发卡时间 (FKSJ)
 * @param cardNumber 卡号 (KH), usually the resident ID number
 * @param securityCode 安全码 (AQM)
 * @param chipSerial 芯片序列号 (XPXLH)
 * @param cityCode 应用城市代码 (YYCSDM), 6 digits
 * @since 0.1
 */
public record IssuerInfo(String cardCategory, String specVersion, String issuerName, String issuerCode,
        Bytes issuerCertificate, LocalDate issueDate, String cardNumber, String securityCode, String chipSerial,
        String cityCode) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public IssuerInfo {
        Objects.requireNonNull(cardCategory, "cardCategory");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(issuerName, "issuerName");
        Objects.requireNonNull(issuerCode, "issuerCode");
        Objects.requireNonNull(issuerCertificate, "issuerCertificate");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(cardNumber, "cardNumber");
        Objects.requireNonNull(securityCode, "securityCode");
        Objects.requireNonNull(chipSerial, "chipSerial");
        Objects.requireNonNull(cityCode, "cityCode");
    }

    /**
     * Describes the card with the card number masked and the security code hidden.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "IssuerInfo[cardCategory=" + cardCategory + ", specVersion=" + specVersion + ", issuerName=" + issuerName
                + ", issuerCode=" + issuerCode + ", issuerCertificate=" + issuerCertificate.length() + " bytes"
                + ", issueDate=" + issueDate + ", cardNumber=" + Redaction.idNumber(cardNumber)
                + ", securityCode=***, chipSerial=" + Redaction.idNumber(chipSerial) + ", cityCode=" + cityCode + "]";
    }
}
