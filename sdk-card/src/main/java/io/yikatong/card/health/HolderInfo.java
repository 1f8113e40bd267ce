package io.yikatong.card.health;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Redaction;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * DDF1/EF06 持卡人基本信息数据文件: the card holder (read after RK_DDF1 authentication).
 *
 * <p>On the card: name AN 30, gender one binary byte holding the GB/T 2261.1 code ({@code 01} = 男), nation CN 1
 * (GB 3304, {@code 01} = 汉族), birth date CN 4, ID number AN 18.
 *
 * <p>{@link #toString()} masks every value. Instances are immutable and thread-safe.
 *
 * @param name 姓名 (XM)
 * @param gender 性别 (XB)
 * @param nation 民族 (MZ)
 * @param birthDate 出生日期 (CSRQ)
 * @param idNumber 居民身份证号码 (SFZH) exactly as stored on the card; may be empty or not a valid resident ID number
 * @since 0.1
 */
public record HolderInfo(String name, Gender gender, Nation nation, LocalDate birthDate, String idNumber) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException if a component is null
     */
    public HolderInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(nation, "nation");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(idNumber, "idNumber");
    }

    /**
     * Parses {@link #idNumber()} as a resident ID number (checksum included).
     *
     * @return the parsed number, or empty if the stored text is not a valid 18-character resident ID number
     */
    public Optional<ResidentIdNumber> residentIdNumber() {
        try {
            return Optional.of(ResidentIdNumber.parse(idNumber));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * Describes the holder with name, ID number and birth date masked.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return "HolderInfo[name=" + Redaction.name(name) + ", gender=" + gender + ", nation=" + nation
                + ", birthDate=****-**-**, idNumber=" + Redaction.idNumber(idNumber) + "]";
    }
}
