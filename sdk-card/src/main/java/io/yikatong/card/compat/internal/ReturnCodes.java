package io.yikatong.card.compat.internal;

import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.StatusWord;
import io.yikatong.card.health.HealthCardFile;
import io.yikatong.core.InvalidInputException;

/**
 * The return codes of the health-card reader DLL (health-card-spec §1.9 "IRV_*" and the reader-level codes of §2.3)
 * and the one place where a typed SDK exception becomes such a code. Rules are applied top to bottom; the first that
 * matches wins:
 *
 * <table>
 * <caption>Exception to DLL return code</caption>
 * <tr><th>Exception</th><th>Code</th><th>DLL meaning</th></tr>
 * <tr><td>none</td><td>0</td><td>OK</td></tr>
 * <tr><td>{@link DllRefusalException} (decided by the facade)</td><td>its code</td><td>108/109 issuance-only write,
 * 112 record unusable, 103 empty cyclic record</td></tr>
 * <tr><td>anything thrown by the security module (seen through {@link TrackingSecurityModule})</td><td>105</td>
 * <td>PSAM response abnormal</td></tr>
 * <tr><td>{@link InvalidInputException} naming {@code securityModule} (the service has no SAM)</td><td>105</td>
 * <td>PSAM response abnormal — the vendor DLL fails at the same step when no PSAM is powered</td></tr>
 * <tr><td>other {@link InvalidInputException}</td><td>101</td><td>parameter error</td></tr>
 * <tr><td>{@link CardLinkException} {@code NO_CARD}</td><td>−2</td><td>no card</td></tr>
 * <tr><td>{@link CardLinkException} {@code CARD_REMOVED}</td><td>−4</td><td>card does not answer</td></tr>
 * <tr><td>{@link CardLinkException} {@code READER_UNAVAILABLE}, {@code LINK_FAILED}</td><td>−11</td>
 * <td>reader connection error</td></tr>
 * <tr><td>{@link AuthenticationFailedException}, or any refusal of EXTERNAL AUTHENTICATE ({@code INS 82})</td>
 * <td>106</td><td>authentication failed</td></tr>
 * <tr><td>{@link CardRefusedException} with {@code CLA 80} (the SAM's proprietary commands)</td><td>105</td>
 * <td>PSAM response abnormal</td></tr>
 * <tr><td>{@link CardRefusedException} with status {@code 6A82}</td><td>102</td><td>file not found</td></tr>
 * <tr><td>{@link CardRefusedException} of READ RECORD ({@code INS B2})</td><td>103</td><td>read record failed</td></tr>
 * <tr><td>{@link CardRefusedException} of READ BINARY ({@code INS B0})</td><td>107</td><td>read binary failed</td></tr>
 * <tr><td>{@link CardRefusedException} of UPDATE RECORD ({@code INS DC}, plain or secure messaging)</td><td>108</td>
 * <td>write record failed</td></tr>
 * <tr><td>{@link CardRefusedException} of UPDATE BINARY ({@code INS D6})</td><td>109</td>
 * <td>write binary failed</td></tr>
 * <tr><td>{@link CardRefusedException} of {@code 84D2} (mark a DF03 slot valid)</td><td>110</td>
 * <td>write DF03 index failed</td></tr>
 * <tr><td>{@link CardRefusedException} of {@code 840C} (mark a DF03 slot empty)</td><td>111</td>
 * <td>erase DF03 index failed</td></tr>
 * <tr><td>other {@link CardRefusedException} (SELECT, GET CHALLENGE, …)</td><td>104</td>
 * <td>card response abnormal</td></tr>
 * <tr><td>{@link MalformedCardResponseException} naming DDF1/EF07</td><td>113</td><td>photo data abnormal</td></tr>
 * <tr><td>other {@link MalformedCardResponseException}</td><td>104</td><td>card response abnormal</td></tr>
 * <tr><td>anything else (a defect)</td><td>104</td><td>card response abnormal</td></tr>
 * </table>
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 */
public final class ReturnCodes {

    /** 成功. */
    public static final int OK = 0;
    /** 参数错误 (IRV_PARA_ERR). */
    public static final int PARAMETER_ERROR = 101;
    /** 文件不存在 / 选择文件失败. */
    public static final int FILE_NOT_FOUND = 102;
    /** 读记录失败. */
    public static final int READ_RECORD_FAILED = 103;
    /** 卡片响应异常. */
    public static final int CARD_RESPONSE_ABNORMAL = 104;
    /** PSAM 卡响应异常. */
    public static final int PSAM_RESPONSE_ABNORMAL = 105;
    /** 认证失败. */
    public static final int AUTHENTICATION_FAILED = 106;
    /** 读二进制文件失败. */
    public static final int READ_BINARY_FAILED = 107;
    /** 写记录失败. */
    public static final int WRITE_RECORD_FAILED = 108;
    /** 写二进制文件失败. */
    public static final int WRITE_BINARY_FAILED = 109;
    /** 写 DF03 索引失败. */
    public static final int WRITE_INDEX_FAILED = 110;
    /** 擦除 DF03 索引失败. */
    public static final int ERASE_INDEX_FAILED = 111;
    /** 记录不可用 (有效标记为 FF). */
    public static final int RECORD_UNUSABLE = 112;
    /** 照片数据异常. */
    public static final int PHOTO_ABNORMAL = 113;
    /** Reader level: 无卡. */
    public static final int NO_CARD = -2;
    /** Reader level: 卡片无应答. */
    public static final int CARD_NOT_ANSWERING = -4;
    /** Reader level: 读卡器连接错误. */
    public static final int READER_CONNECTION_ERROR = -11;

    private ReturnCodes() {
    }

    /**
     * Maps an exception caught by a facade call to the DLL return code (the table in the class description).
     *
     * @param e the exception
     * @param sam the tracking module the service uses, or {@code null} if the facade did not build the service
     * @return the return code, never 0
     */
    public static int of(Throwable e, TrackingSecurityModule sam) {
        if (e instanceof DllRefusalException) {
            return ((DllRefusalException) e).returnCode();
        }
        if (sam != null && sam.threw(e)) {
            return PSAM_RESPONSE_ABNORMAL;
        }
        if (e instanceof InvalidInputException) {
            return "securityModule".equals(((InvalidInputException) e).field()) ? PSAM_RESPONSE_ABNORMAL
                    : PARAMETER_ERROR;
        }
        if (e instanceof CardLinkException) {
            Object code = ((CardLinkException) e).errorCode();
            if (code == CardErrorCode.NO_CARD) {
                return NO_CARD;
            }
            return code == CardErrorCode.CARD_REMOVED || code == CardErrorCode.TIMEOUT ? CARD_NOT_ANSWERING
                    : READER_CONNECTION_ERROR;
        }
        if (e instanceof AuthenticationFailedException) {
            return AUTHENTICATION_FAILED;
        }
        if (e instanceof CardRefusedException) {
            return ofRefusal((CardRefusedException) e);
        }
        if (e instanceof MalformedCardResponseException) {
            return HealthCardFile.DDF1_EF07.label().equals(((MalformedCardResponseException) e).file())
                    ? PHOTO_ABNORMAL : CARD_RESPONSE_ABNORMAL;
        }
        return CARD_RESPONSE_ABNORMAL;
    }

    private static int ofRefusal(CardRefusedException e) {
        int cla = e.cla();
        int ins = e.ins();
        if (ins == 0x82) {
            return AUTHENTICATION_FAILED;
        }
        if (cla == 0x80) {
            return PSAM_RESPONSE_ABNORMAL;
        }
        if (e.statusWord().equals(StatusWord.FILE_NOT_FOUND)) {
            return FILE_NOT_FOUND;
        }
        switch (ins) {
            case 0xB2:
                return READ_RECORD_FAILED;
            case 0xB0:
                return READ_BINARY_FAILED;
            case 0xDC:
                return WRITE_RECORD_FAILED;
            case 0xD6:
                return WRITE_BINARY_FAILED;
            case 0xD2:
                return cla == 0x84 ? WRITE_INDEX_FAILED : CARD_RESPONSE_ABNORMAL;
            case 0x0C:
                return cla == 0x84 ? ERASE_INDEX_FAILED : CARD_RESPONSE_ABNORMAL;
            default:
                return CARD_RESPONSE_ABNORMAL;
        }
    }
}
