package io.yikatong.qr.ehc;

import java.util.Optional;

/**
 * Colour of a health card QR code ({@code color} / {@code codeColor}), introduced during the COVID period.
 *
 * <p>Evidence: public clients of the Tencent platform (project reference qr-credentials.md §1.1, sources S2 and S4)
 * [C].
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum QrColor {
    /** 0: black, not declared (未申报). */
    BLACK(0),
    /** 1: green, low risk (低风险). */
    GREEN(1),
    /** 2: yellow, medium risk (中风险). */
    YELLOW(2),
    /** 3: red, high risk (高风险). */
    RED(3);

    private final int code;

    QrColor(int code) {
        this.code = code;
    }

    /**
     * Returns the numeric colour code.
     *
     * @return 0 to 3
     */
    public int code() {
        return code;
    }

    /**
     * Looks a code up.
     *
     * @param code the numeric code
     * @return the colour, or empty
     */
    public static Optional<QrColor> find(int code) {
        for (QrColor c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
