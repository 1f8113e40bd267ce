package io.yikatong.qr.ehc;

import java.util.Objects;

/**
 * The result of {@code registerHealthCard}: the new card's id and its static QR text.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param healthCardId the platform's card id
 * @param qrCodeText the card's QR text ({@code <64 hex>:1} on the Tencent platform)
 * @param phid the platform's person id, or empty
 *
 * @since 0.1
 */
public record RegisteredHealthCard(String healthCardId, String qrCodeText, String phid) {

    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException naming the {@code null} component
     */
    public RegisteredHealthCard {
        Objects.requireNonNull(healthCardId, "healthCardId");
        Objects.requireNonNull(qrCodeText, "qrCodeText");
        Objects.requireNonNull(phid, "phid");
    }
}
