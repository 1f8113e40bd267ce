package io.yikatong.qr.ehc;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Redaction;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The resident data sent to {@code registerHealthCard} (电子健康卡注册).
 *
 * <p>The platform expects gender as {@code 男}/{@code 女} and the nation as its Chinese name ({@code 汉族}); the client
 * converts. A resident identity card number is checked (length, birth date, check character) before it is sent.
 * {@link #toString()} masks the name, the document number and the phone number.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the resident's name, not blank
 * @param gender {@link Gender#MALE} or {@link Gender#FEMALE}
 * @param nation the nation (民族)
 * @param birthday the birth date
 * @param idType the identity document type
 * @param idNumber the document number, not blank; a valid 18-character number for a resident identity card
 * @param address the address, may be empty
 * @param phone the mobile phone number, not blank
 * @param patid the hospital's patient id (院内ID), or empty
 * @param wechatCode the WeChat authorisation code, or empty when the HIS registers on the resident's behalf
 *
 * @since 0.1
 */
public record HealthCardRegistration(String name, Gender gender, Nation nation, LocalDate birthday,
        IdDocumentType idType, String idNumber, String address, String phone, Optional<String> patid,
        Optional<String> wechatCode) {

    /**
     * Validates the components.
     *
     * @throws InvalidInputException naming the first component that breaks the contract
     */
    public HealthCardRegistration {
        name = notBlank(name, "name");
        if (gender != Gender.MALE && gender != Gender.FEMALE) {
            throw new InvalidInputException("gender", "must be MALE or FEMALE");
        }
        require(nation, "nation");
        require(birthday, "birthday");
        require(idType, "idType");
        idNumber = notBlank(idNumber, "idNumber");
        if (idType == IdDocumentType.RESIDENT_ID_CARD) {
            ResidentIdNumber.parse(idNumber);
        }
        address = address == null ? "" : address;
        phone = notBlank(phone, "phone");
        patid = Objects.requireNonNullElse(patid, Optional.empty());
        wechatCode = Objects.requireNonNullElse(wechatCode, Optional.empty());
    }

    /**
     * Creates a registration without patient id and WeChat code.
     *
     * @param name the resident's name
     * @param gender {@link Gender#MALE} or {@link Gender#FEMALE}
     * @param nation the nation
     * @param birthday the birth date
     * @param idType the identity document type
     * @param idNumber the document number
     * @param address the address, may be empty
     * @param phone the mobile phone number
     * @return the registration
     * @throws InvalidInputException naming the first argument that breaks the contract
     */
    public static HealthCardRegistration of(String name, Gender gender, Nation nation, LocalDate birthday,
            IdDocumentType idType, String idNumber, String address, String phone) {
        return new HealthCardRegistration(name, gender, nation, birthday, idType, idNumber, address, phone,
                Optional.empty(), Optional.empty());
    }

    static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        return value;
    }

    static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
    }

    @Override
    public String toString() {
        return "HealthCardRegistration[name=" + Redaction.name(name) + ", gender=" + gender + ", idType=" + idType
                + ", idNumber=" + Redaction.idNumber(idNumber) + ", phone=" + Redaction.phone(phone) + "]";
    }
}
