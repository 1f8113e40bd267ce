package io.yikatong.qr.ehc;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Redaction;
import java.time.LocalDateTime;

/**
 * One card use sent to {@code reportHISData} (用卡数据监测).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param qrCodeText the QR text of the card that was used
 * @param idNumber the resident's identity document number ({@code idCardNumber})
 * @param name the resident's name
 * @param time when the card was used (local time of the hospital, sent as {@code yyyy-MM-dd HH:mm:ss})
 * @param scene where in the care process
 * @param channel through which channel
 * @param department the department code (for example {@code 0300} 内科), not blank
 * @param cardType the card type code (the public example uses {@code 11}; the full list was not found), not blank
 *
 * @since 0.1
 */
public record CardUseReport(String qrCodeText, String idNumber, String name, LocalDateTime time, UseScene scene,
        CardChannel channel, String department, String cardType) {

    /**
     * Validates the components.
     *
     * @throws InvalidInputException naming the first component that breaks the contract
     */
    public CardUseReport {
        HealthCardRegistration.notBlank(qrCodeText, "qrCodeText");
        HealthCardRegistration.notBlank(idNumber, "idNumber");
        HealthCardRegistration.notBlank(name, "name");
        HealthCardRegistration.require(time, "time");
        HealthCardRegistration.require(scene, "scene");
        HealthCardRegistration.require(channel, "channel");
        HealthCardRegistration.notBlank(department, "department");
        HealthCardRegistration.notBlank(cardType, "cardType");
    }

    @Override
    public String toString() {
        return "CardUseReport[name=" + Redaction.name(name) + ", idNumber=" + Redaction.idNumber(idNumber) + ", time="
                + time + ", scene=" + scene + ", channel=" + channel + ", department=" + department + ", cardType="
                + cardType + "]";
    }
}
