package io.yikatong.card.social;

import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardRefusedException;
import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.social.internal.SsseElement;
import io.yikatong.card.social.internal.SsseRecords;
import io.yikatong.core.ErrorCode;
import io.yikatong.core.InvalidInputException;
import java.util.Objects;

/**
 * Maps this SDK's exceptions to the negative return codes of the 人社部 reader interface (health-card-spec §3.6, §2.3),
 * for a compatibility facade that offers {@code iReadCardBas}-style functions:
 * <ul>
 * <li>{@link CardNotGenuineException} → −21 (内部认证失败);</li>
 * <li>{@link SocialSecurityAuthenticatorException} → its reason's code (−2201 no PSAM, −2202 algorithm unsupported,
 * −2203 no RKSSSE key, −2204 HSM authentication not needed);</li>
 * <li>{@link AuthenticationFailedException} of the cardholder-PIN VERIFY (INS {@code 20}): −51 (PIN 校验失败) while
 * retries are left ({@code 63Cx}, x &gt; 0), −52 (PIN 锁死) when none are ({@code 63C0}: the last try failed, or
 * {@code 6983}: blocked);</li>
 * <li>{@link CardRefusedException} (and any other {@link AuthenticationFailedException}) → −(SW1SW2) read as
 * an unsigned number, for example {@code 63C2} → −25538, {@code 6A82} → −27266;</li>
 * <li>{@link CardLinkException}: no card or card removed → −2, reader unavailable → −11, other link failures → −4
 * (card does not answer);</li>
 * <li>{@link MalformedCardResponseException}: in the card identification code (EF05 record 01) → −20, elsewhere −1
 * (wrong card type);</li>
 * <li>{@link InvalidInputException} (bad caller input) → −23 (illegal input);</li>
 * <li>anything else → −1.</li>
 * </ul>
 * The link and malformed-data mappings are this SDK's choice [I]; the interface defines no finer codes for them.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SocialSecurityErrorCodes {

    /** 卡类型不对 (wrong card type), also the fallback. */
    public static final int WRONG_CARD_TYPE = -1;
    /** 无卡 (no card). */
    public static final int NO_CARD = -2;
    /** 卡无应答 (card does not answer). */
    public static final int NO_ANSWER = -4;
    /** 读卡器连接错误 (reader connection error). */
    public static final int READER_ERROR = -11;
    /** 卡识别码格式错误 (bad card identification code). */
    public static final int BAD_IDENTIFICATION_CODE = -20;
    /** 内部认证失败 (card not genuine). */
    public static final int CARD_NOT_GENUINE = -21;
    /** 传入数据非法 (illegal input). */
    public static final int ILLEGAL_INPUT = -23;
    /** PIN 校验失败 (wrong cardholder PIN, retries left). */
    public static final int PIN_VERIFY_FAILED = -51;
    /** PIN 锁死 (cardholder PIN blocked). */
    public static final int PIN_LOCKED = -52;

    private SocialSecurityErrorCodes() {
    }

    /**
     * Returns the reader-interface code of an exception.
     *
     * @param failure what went wrong
     * @return a negative code
     */
    public static int of(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (failure instanceof CardNotGenuineException) {
            return CARD_NOT_GENUINE;
        }
        if (failure instanceof SocialSecurityAuthenticatorException e) {
            return e.reason().readerCode();
        }
        if (failure instanceof AuthenticationFailedException e && e.ins() == 0x20) {
            return e.retriesLeft() > 0 ? PIN_VERIFY_FAILED : PIN_LOCKED;
        }
        if (failure instanceof CardRefusedException e) {
            return -e.statusWord().value();
        }
        if (failure instanceof CardLinkException e) {
            ErrorCode code = e.errorCode();
            if (code == CardErrorCode.NO_CARD || code == CardErrorCode.CARD_REMOVED) {
                return NO_CARD;
            }
            return code == CardErrorCode.READER_UNAVAILABLE ? READER_ERROR : NO_ANSWER;
        }
        if (failure instanceof MalformedCardResponseException e) {
            return SsseRecords.EF05.equals(e.file()) && e.record() == SsseElement.IDENTIFICATION_CODE.tag()
                    ? BAD_IDENTIFICATION_CODE : WRONG_CARD_TYPE;
        }
        if (failure instanceof InvalidInputException) {
            return ILLEGAL_INPUT;
        }
        return WRONG_CARD_TYPE;
    }
}
