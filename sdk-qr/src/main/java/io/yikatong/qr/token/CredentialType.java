package io.yikatong.qr.token;

/**
 * What an offline token stands for (凭证类型), with its one-byte code in the token.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum CredentialType {
    /** 电子健康卡: the token identifies the holder of a resident electronic health card. */
    HEALTH_CARD(1),
    /** 健康码: a personal health code with a {@link HealthCodeColour}. */
    HEALTH_CODE(2),
    /** 就诊凭证: a pass for one visit (outpatient, ward, examination). */
    VISIT_PASS(3),
    /** 挂号凭证: a registration pass (appointment ticket). */
    REGISTRATION_PASS(4);

    private final int code;

    CredentialType(int code) {
        this.code = code;
    }

    /**
     * Returns the code used in the token.
     *
     * @return the code, 1 to 255
     */
    public int code() {
        return code;
    }

    /**
     * Finds the type with a code.
     *
     * @param code the code
     * @return the type, or {@code null} if no type has this code
     */
    static CredentialType ofCode(int code) {
        for (CredentialType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
