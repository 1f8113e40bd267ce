package io.yikatong.qr.ehc;

import java.util.Optional;

/**
 * Kind of health card QR code ({@code codeType} of {@code getDynamicQRCode}; the digit after the first colon of the
 * QR text).
 *
 * <p>Evidence: 0 = dynamic, 1 = static in the Tencent platform and in the Qinghai specification (project reference
 * qr-credentials.md §1.1) [C].
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum QrCodeType {
    /** 0: 动态码, {@code <64 hex>:0:<32 hex>}, valid for a limited time. */
    DYNAMIC("0"),
    /** 1: 静态码, {@code <64 hex>:1}, valid as long as the card. */
    STATIC("1");

    private final String code;

    QrCodeType(String code) {
        this.code = code;
    }

    /**
     * Returns the digit sent as {@code codeType}.
     *
     * @return {@code "0"} or {@code "1"}
     */
    public String code() {
        return code;
    }

    /**
     * Looks a code up.
     *
     * @param code the digit
     * @return the type, or empty
     */
    public static Optional<QrCodeType> find(String code) {
        for (QrCodeType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
