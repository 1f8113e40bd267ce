package io.yikatong.qr.ehc;

import io.yikatong.core.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * A QR code issued by {@code getDynamicQRCode}: the text to encode, the platform's rendering and the colour.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param qrCodeText the QR text ({@code <64 hex>:0:<32 hex>} for a dynamic code, {@code <64 hex>:1} for a static one)
 * @param codeType the type that was requested
 * @param png the platform's PNG image ({@code qrCodeImg}, Base64-decoded), when it sent one
 * @param color the code's colour, when the platform sent one
 *
 * @since 0.1
 */
public record DynamicQrCode(String qrCodeText, QrCodeType codeType, Optional<Bytes> png, Optional<QrColor> color) {

    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException naming the {@code null} component
     */
    public DynamicQrCode {
        Objects.requireNonNull(qrCodeText, "qrCodeText");
        Objects.requireNonNull(codeType, "codeType");
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(color, "color");
    }
}
