package io.yikatong.qr.ehc;

import io.yikatong.core.PersonalField;
import io.yikatong.core.Redaction;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A resident's electronic health card as the platform returns it ({@code getHealthCardByQRCode},
 * {@code verifyQRCode}). {@link #toString()} masks the name, the document number and the phone number.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param healthCardId the platform's card id ({@code healthCardId})
 * @param qrCodeText the QR text the card was looked up with or issued, or empty when the platform did not return one
 * @param name the resident's name
 * @param gender the gender
 * @param nation the nation, when the platform returned one
 * @param birthday the birth date, when the platform returned one
 * @param idType the identity document type
 * @param idNumber the identity document number
 * @param phone the phone number, or empty
 * @param address the address, or empty
 * @param phid the platform's person id ({@code phid}), or empty
 * @param patid the hospital's patient id ({@code patid}), or empty
 *
 * @since 0.1
 */
public record HealthCard(String healthCardId, String qrCodeText, String name, Gender gender, Optional<Nation> nation,
        Optional<LocalDate> birthday, IdDocumentType idType, String idNumber, String phone, String address, String phid,
        String patid) {

    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException naming the {@code null} component
     */
    public HealthCard {
        Objects.requireNonNull(healthCardId, "healthCardId");
        Objects.requireNonNull(qrCodeText, "qrCodeText");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(nation, "nation");
        Objects.requireNonNull(birthday, "birthday");
        Objects.requireNonNull(idType, "idType");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(phid, "phid");
        Objects.requireNonNull(patid, "patid");
    }

    @Override
    public String toString() {
        return "HealthCard[healthCardId=" + PersonalField.HEALTH_CARD_ID.mask(healthCardId) + ", name=" + Redaction.name(name) + ", gender=" + gender
                + ", idType=" + idType + ", idNumber=" + Redaction.idNumber(idNumber) + ", phone=" + Redaction.phone(phone)
                + "]";
    }
}
