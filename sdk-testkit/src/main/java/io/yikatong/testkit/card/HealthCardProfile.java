package io.yikatong.testkit.card;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;
import java.time.LocalDate;
import java.util.List;

/**
 * What a virtual resident health card (居民健康卡) holds in its DDF1 files (health-card-spec §1.4): issuer data
 * (EF05), holder data (EF06), photo (EF07) and validity, phones and payment modes (EF08). Field lengths and
 * encodings are checked when the card is built ({@link VirtualHealthCards#card(HealthCardProfile)}).
 *
 * <p>{@link #toString()} shows no personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param diversificationFactor 8 bytes placed at ATR bytes 5..12, the card diversification factor (分散因子, §1.8)
 * @param cardType 卡的类别 (KLB), AN 1, for example {@code "1"}
 * @param specVersion 规范版本 (GFBB), AN 4, for example {@code "1.00"}
 * @param issuerName 发卡机构名称 (FKJGMC), AN 30 (GBK)
 * @param issuerCode 发卡机构代码 (FKJGDM), CN 11: up to 22 digits
 * @param issuerCertificate 发卡机构证书 (FKJGZS), B 180: exactly 180 bytes
 * @param issueDate 发卡时间 (FKSJ), CN 4
 * @param cardNumber 卡号 (KH), AN 18
 * @param securityCode 安全码 (AQM), AN 3
 * @param chipSerial 芯片序列号 (XPXLH), AN 10
 * @param cityCode 应用城市代码 (YYCSDM), CN 3: 6-digit GB/T 2260 code
 * @param name 姓名 (XM), AN 30 (GBK)
 * @param gender 性别 (XB), B 1
 * @param nation 民族 (MZ), CN 1
 * @param birthDate 出生日期 (CSRQ), CN 4
 * @param idNumber 居民身份证号码 (SFZH), AN 18
 * @param photo 照片, JPEG bytes (at most 3070, stored after a 2-byte length in a 3072-byte EF07); may be empty
 * @param validUntil 卡有效期 (KYXQ), CN 4
 * @param phone1 本人电话1 (BRDH1), AN 20; may be empty
 * @param phone2 本人电话2 (BRDH2), AN 20; may be empty
 * @param paymentModes 医疗费用支付方式1..3 (YLFYZFFS), each CN 1 (a 2-digit WS 364 code); at most 3
 * @since 0.1
 */
public record HealthCardProfile(
        Bytes diversificationFactor,
        String cardType,
        String specVersion,
        String issuerName,
        String issuerCode,
        Bytes issuerCertificate,
        LocalDate issueDate,
        String cardNumber,
        String securityCode,
        String chipSerial,
        String cityCode,
        String name,
        Gender gender,
        Nation nation,
        LocalDate birthDate,
        ResidentIdNumber idNumber,
        Bytes photo,
        LocalDate validUntil,
        String phone1,
        String phone2,
        List<String> paymentModes) {

    /** Size of EF07, the photo file: 2 length bytes and at most 3070 image bytes (spec §1.4). */
    public static final int PHOTO_FILE_SIZE = 3072;

    /**
     * Checks that no component is {@code null} and the fixed-size binary components have their sizes; text and digit
     * lengths are checked when the card is encoded.
     *
     * @throws InvalidInputException if a component is missing or has the wrong size
     */
    public HealthCardProfile {
        Object[] all = {diversificationFactor, cardType, specVersion, issuerName, issuerCode, issuerCertificate,
            issueDate, cardNumber, securityCode, chipSerial, cityCode, name, gender, nation, birthDate, idNumber, photo,
            validUntil, phone1, phone2, paymentModes};
        String[] names = {"diversificationFactor", "cardType", "specVersion", "issuerName", "issuerCode",
            "issuerCertificate", "issueDate", "cardNumber", "securityCode", "chipSerial", "cityCode", "name", "gender",
            "nation", "birthDate", "idNumber", "photo", "validUntil", "phone1", "phone2", "paymentModes"};
        for (int i = 0; i < all.length; i++) {
            if (all[i] == null) {
                throw new InvalidInputException(names[i], "is required");
            }
        }
        if (diversificationFactor.length() != 8) {
            throw new InvalidInputException("diversificationFactor", "must be 8 bytes");
        }
        if (issuerCertificate.length() != 180) {
            throw new InvalidInputException("issuerCertificate", "must be 180 bytes, was " + issuerCertificate.length());
        }
        if (photo.length() > PHOTO_FILE_SIZE - 2) {
            throw new InvalidInputException("photo", "at most " + (PHOTO_FILE_SIZE - 2) + " bytes, was " + photo.length());
        }
        paymentModes = List.copyOf(paymentModes); // NullPointerException for a null code
        if (paymentModes.size() > 3) {
            throw new InvalidInputException("paymentModes", "at most 3, was " + paymentModes.size());
        }
    }

    /**
     * Returns a description without personal data.
     *
     * @return the masked ID number and the photo size
     */
    @Override
    public String toString() {
        return "HealthCardProfile[idNumber=" + idNumber.masked() + ", photo=" + photo.length() + " bytes]";
    }
}
