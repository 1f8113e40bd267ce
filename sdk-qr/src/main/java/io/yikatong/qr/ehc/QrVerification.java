package io.yikatong.qr.ehc;

import io.yikatong.core.InvalidInputException;

/**
 * What the HIS sends to {@code verifyQRCode} besides its own identity: the scanned text, the terminal and where the
 * card is being used. The platform records a verification as a card use, so a verification is not repeated
 * automatically (see {@link EhcPlatformClient}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param qrCodeText the scanned QR text, passed unchanged (never re-cased)
 * @param terminalId the scanning terminal's id ({@code terminalId}), not blank
 * @param scene where in the care process the card is used
 * @param channel through which channel
 *
 * @since 0.1
 */
public record QrVerification(String qrCodeText, String terminalId, UseScene scene, CardChannel channel) {

    /**
     * Validates the components.
     *
     * @throws InvalidInputException naming the first component that breaks the contract
     */
    public QrVerification {
        HealthCardRegistration.notBlank(qrCodeText, "qrCodeText");
        HealthCardRegistration.notBlank(terminalId, "terminalId");
        HealthCardRegistration.require(scene, "scene");
        HealthCardRegistration.require(channel, "channel");
    }

    @Override
    public String toString() {
        return "QrVerification[terminalId=" + terminalId + ", scene=" + scene + ", channel=" + channel + "]";
    }
}
