package io.yikatong.qr.ehc;

import java.util.Optional;

/**
 * Through which channel the card was used (用卡渠道, {@code cardChannel} of {@code reportHISData}).
 *
 * <p>Evidence: public clients of the Tencent platform (project reference qr-credentials.md §1.2, sources S1 and S4)
 * [C].
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum CardChannel {
    /** 0100: 人工窗口 (staffed counter). */
    STAFFED_COUNTER("0100"),
    /** 0200: 自助机 (self-service kiosk). */
    SELF_SERVICE_KIOSK("0200"),
    /** 0300: 医生工作台 (doctor workstation). */
    DOCTOR_WORKSTATION("0300"),
    /** 0401: 服务号 (WeChat service account). */
    WECHAT_SERVICE_ACCOUNT("0401"),
    /** 0402: 小程序 (mini-program). */
    WECHAT_MINI_PROGRAM("0402");

    private final String code;

    CardChannel(String code) {
        this.code = code;
    }

    /**
     * Returns the 4-digit code sent to the platform.
     *
     * @return the code, for example {@code 0200}
     */
    public String code() {
        return code;
    }

    /**
     * Looks a code up.
     *
     * @param code the code
     * @return the channel, or empty
     */
    public static Optional<CardChannel> find(String code) {
        for (CardChannel c : values()) {
            if (c.code.equals(code)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
