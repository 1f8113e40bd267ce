package io.yikatong.qr.ehc;

import java.util.Optional;

/**
 * Platform result codes ({@code commonOut.resultCode}) the SDK knows by name.
 *
 * <p>Evidence: the dynamic-code codes 2004, 2005, 2006, 3001 and 3004 are documented by the provincial specification
 * QWB 002—2017 (Qinghai, project reference qr-credentials.md §1.3) and quoted as Tencent platform messages
 * ("3004 有效时间已过期", "2006 动态二维码仍有效，请勿重复申请") by public clients of the Tencent platform [C]. The
 * codes from 1001 upwards are <b>defined by the SDK's simulator</b> ({@code io.yikatong.testkit.qr.ehc}); the real
 * platform's codes for a bad signature, an unknown token or an unknown card were not found [NF], so the client's
 * token-refresh code is configurable ({@link EhcPlatformClient.Builder#tokenRejectedResultCode(int)}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public enum EhcResultCode {
    /** 1001: the request signature does not match (simulator code). */
    INVALID_SIGNATURE(1001, "签名错误"),
    /** 1002: the app token is unknown or expired; fetch a new one (simulator code). */
    INVALID_APP_TOKEN(1002, "appToken无效或已过期"),
    /** 1003: the app id is unknown (simulator code). */
    INVALID_APP_ID(1003, "appId无效"),
    /** 1004: a required request field is missing or invalid (simulator code). */
    INVALID_REQUEST(1004, "请求参数错误"),
    /** 1005: no card is registered for the QR code or card id (simulator code). */
    CARD_NOT_FOUND(1005, "未找到电子健康卡"),
    /** 1006: a card is already registered for this identity document (simulator code). */
    CARD_ALREADY_REGISTERED(1006, "该证件已注册电子健康卡"),
    /** 2004: a static code was already issued (Qinghai §1.3). */
    STATIC_CODE_ALREADY_ISSUED(2004, "静态二维码已申请"),
    /** 2005: the validity part of a dynamic code could not be parsed (Qinghai §1.3). */
    VALIDITY_UNPARSEABLE(2005, "动态二维码有效时间解析失败"),
    /** 2006: a dynamic code was applied for while the previous one is still valid (Qinghai §1.3). */
    DYNAMIC_CODE_STILL_VALID(2006, "动态二维码仍有效，请勿重复申请"),
    /** 3001: the QR code is not a valid health card code (Qinghai §1.3). */
    INVALID_QR_CODE(3001, "二维码无效"),
    /** 3004: the dynamic code's validity time has passed (Qinghai §1.3). */
    DYNAMIC_CODE_EXPIRED(3004, "有效时间已过期");

    private final int code;
    private final String chineseMessage;

    EhcResultCode(int code, String chineseMessage) {
        this.code = code;
        this.chineseMessage = chineseMessage;
    }

    /**
     * Returns the numeric result code.
     *
     * @return the code, for example 3004
     */
    public int code() {
        return code;
    }

    /**
     * Returns the Chinese message the simulator sends as {@code errMsg}.
     *
     * @return the message, for example {@code 有效时间已过期}
     */
    public String chineseMessage() {
        return chineseMessage;
    }

    /**
     * Looks a numeric code up.
     *
     * @param code the platform's result code
     * @return the known code, or empty
     */
    public static Optional<EhcResultCode> find(int code) {
        for (EhcResultCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
