package io.yikatong.qr.ehc;

import java.util.Optional;

/**
 * Where in the care process the card was used (用卡环节, {@code scene} of {@code reportHISData}).
 *
 * <p>Evidence: the four codes come from public clients of the Tencent platform (project reference qr-credentials.md
 * §1.2, sources S1 and S4) [C]. The complete list lives in the vendor documentation of service 141, which was not
 * available [NF]; use {@link #code()} values only from this enum.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum UseScene {
    /** 0101011: 预约挂号 (appointment registration). */
    APPOINTMENT_REGISTRATION("0101011"),
    /** 0101012: 当日挂号 (same-day registration). */
    SAME_DAY_REGISTRATION("0101012"),
    /** 0101013: 挂号记录 (registration records). */
    REGISTRATION_RECORDS("0101013"),
    /** 0101014: 预约导诊 (guided triage). */
    GUIDED_TRIAGE("0101014");

    private final String code;

    UseScene(String code) {
        this.code = code;
    }

    /**
     * Returns the 7-digit code sent to the platform.
     *
     * @return the code, for example {@code 0101012}
     */
    public String code() {
        return code;
    }

    /**
     * Looks a code up.
     *
     * @param code the code
     * @return the scene, or empty
     */
    public static Optional<UseScene> find(String code) {
        for (UseScene s : values()) {
            if (s.code.equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
