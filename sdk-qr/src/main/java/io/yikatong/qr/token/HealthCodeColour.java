package io.yikatong.qr.token;

/**
 * The colour of a health code (健康码颜色), carried only by {@link CredentialType#HEALTH_CODE} tokens.
 *
 * <p>Green, yellow and red are the scheme used in practice; whether GB/T 38961 fixes further colours or RGB values was
 * not found [NF], so further colours would be a new format version.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum HealthCodeColour {
    /** 绿码. */
    GREEN(1),
    /** 黄码. */
    YELLOW(2),
    /** 红码. */
    RED(3);

    private final int code;

    HealthCodeColour(int code) {
        this.code = code;
    }

    /**
     * Returns the code used in the token.
     *
     * @return the code, 1 to 3
     */
    public int code() {
        return code;
    }

    static HealthCodeColour ofCode(int code) {
        for (HealthCodeColour c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
