package io.yikatong.card;

import io.yikatong.core.InvalidInputException;
import java.util.Locale;

/**
 * An ISO/IEC 7816-4 status word (SW1 SW2), held as an unsigned {@code int} from {@code 0x0000} to {@code 0xFFFF} so that
 * {@code 0x9000} is never the negative number a {@code short} would make it.
 *
 * <p>{@link #toString()} gives the hex value with its meaning, for example {@code 6A82 (file not found)}. Meanings come
 * from ISO/IEC 7816-4 §5.6, the PBOC electronic purse (94xx, 93xx) and the health-card vendor interface
 * (health-card-spec §1.9).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the status word, {@code 0x0000} to {@code 0xFFFF}
 * @since 0.1
 */
public record StatusWord(int value) {

    /** 9000: normal processing. */
    public static final StatusWord SUCCESS = new StatusWord(0x9000);
    /** 6281: part of the returned data may be corrupted. */
    public static final StatusWord DATA_MAY_BE_CORRUPTED = new StatusWord(0x6281);
    /** 6282: end of file or record reached before reading Le bytes. */
    public static final StatusWord END_OF_FILE = new StatusWord(0x6282);
    /** 6581: memory failure. */
    public static final StatusWord MEMORY_FAILURE = new StatusWord(0x6581);
    /** 6700: wrong length (Lc or Le). */
    public static final StatusWord WRONG_LENGTH = new StatusWord(0x6700);
    /** 6882: secure messaging not supported. */
    public static final StatusWord SECURE_MESSAGING_NOT_SUPPORTED = new StatusWord(0x6882);
    /** 6981: command incompatible with file structure. */
    public static final StatusWord INCOMPATIBLE_FILE_STRUCTURE = new StatusWord(0x6981);
    /** 6982: security status not satisfied (authenticate first). */
    public static final StatusWord SECURITY_STATUS_NOT_SATISFIED = new StatusWord(0x6982);
    /** 6983: authentication method blocked. */
    public static final StatusWord AUTHENTICATION_BLOCKED = new StatusWord(0x6983);
    /** 6984: reference data not usable. */
    public static final StatusWord REFERENCE_DATA_NOT_USABLE = new StatusWord(0x6984);
    /** 6985: conditions of use not satisfied. */
    public static final StatusWord CONDITIONS_NOT_SATISFIED = new StatusWord(0x6985);
    /** 6986: command not allowed (no current EF). */
    public static final StatusWord NO_CURRENT_EF = new StatusWord(0x6986);
    /** 6987: expected secure-messaging data objects missing. */
    public static final StatusWord SECURE_MESSAGING_OBJECTS_MISSING = new StatusWord(0x6987);
    /** 6988: incorrect secure-messaging data objects (wrong MAC). */
    public static final StatusWord SECURE_MESSAGING_INCORRECT = new StatusWord(0x6988);
    /** 6A80: incorrect parameters in the data field. */
    public static final StatusWord INCORRECT_DATA = new StatusWord(0x6A80);
    /** 6A81: function not supported. */
    public static final StatusWord FUNCTION_NOT_SUPPORTED = new StatusWord(0x6A81);
    /** 6A82: file or application not found. */
    public static final StatusWord FILE_NOT_FOUND = new StatusWord(0x6A82);
    /** 6A83: record not found. */
    public static final StatusWord RECORD_NOT_FOUND = new StatusWord(0x6A83);
    /** 6A84: not enough memory space in the file. */
    public static final StatusWord NOT_ENOUGH_MEMORY = new StatusWord(0x6A84);
    /** 6A86: incorrect parameters P1-P2. */
    public static final StatusWord INCORRECT_P1_P2 = new StatusWord(0x6A86);
    /** 6A88: referenced data (key) not found. */
    public static final StatusWord REFERENCED_DATA_NOT_FOUND = new StatusWord(0x6A88);
    /** 6B00: wrong parameters P1-P2 (offset outside the EF). */
    public static final StatusWord WRONG_P1_P2 = new StatusWord(0x6B00);
    /** 6D00: instruction not supported. */
    public static final StatusWord INS_NOT_SUPPORTED = new StatusWord(0x6D00);
    /** 6E00: class not supported. */
    public static final StatusWord CLA_NOT_SUPPORTED = new StatusWord(0x6E00);
    /** 6F00: no precise diagnosis. */
    public static final StatusWord NO_PRECISE_DIAGNOSIS = new StatusWord(0x6F00);
    /** 9302: MAC invalid (PBOC purse). */
    public static final StatusWord MAC_INVALID = new StatusWord(0x9302);
    /** 9303: application permanently locked (PBOC). */
    public static final StatusWord APPLICATION_LOCKED = new StatusWord(0x9303);
    /** 9401: insufficient balance (PBOC purse). */
    public static final StatusWord INSUFFICIENT_BALANCE = new StatusWord(0x9401);
    /** 9403: key index not supported (PBOC purse). */
    public static final StatusWord KEY_INDEX_NOT_SUPPORTED = new StatusWord(0x9403);
    /** 9406: required MAC not available (PBOC purse). */
    public static final StatusWord MAC_NOT_AVAILABLE = new StatusWord(0x9406);

    /**
     * Validates the range.
     *
     * @throws InvalidInputException if the value is outside {@code 0x0000..0xFFFF}
     */
    public StatusWord {
        if (value < 0 || value > 0xFFFF) {
            throw new InvalidInputException("statusWord", "must be 0000..FFFF, was " + Integer.toHexString(value));
        }
    }

    /**
     * Creates a status word from its two bytes.
     *
     * @param sw1 the first byte, 0..255 (or a signed byte value)
     * @param sw2 the second byte, 0..255 (or a signed byte value)
     * @return the status word
     */
    public static StatusWord of(int sw1, int sw2) {
        return new StatusWord(((sw1 & 0xFF) << 8) | (sw2 & 0xFF));
    }

    /**
     * Returns SW1.
     *
     * @return the first byte, 0..255
     */
    public int sw1() {
        return value >>> 8;
    }

    /**
     * Returns SW2.
     *
     * @return the second byte, 0..255
     */
    public int sw2() {
        return value & 0xFF;
    }

    /**
     * Returns whether the command completed normally: {@code 9000}.
     *
     * @return {@code true} for 9000
     */
    public boolean isSuccess() {
        return value == 0x9000;
    }

    /**
     * Returns whether more response bytes are waiting ({@code 61xx}: send GET RESPONSE with Le = SW2).
     *
     * @return {@code true} for 61xx
     */
    public boolean isMoreDataAvailable() {
        return sw1() == 0x61;
    }

    /**
     * Returns whether the card asks to resend with the right Le ({@code 6Cxx}: Le = SW2).
     *
     * @return {@code true} for 6Cxx
     */
    public boolean isWrongLe() {
        return sw1() == 0x6C;
    }

    /**
     * Returns whether this is a warning ({@code 62xx}, {@code 63xx}): the command ran, with a caveat.
     *
     * @return {@code true} for 62xx and 63xx
     */
    public boolean isWarning() {
        return sw1() == 0x62 || sw1() == 0x63;
    }

    /**
     * Returns the retries left that a {@code 63Cx} status reports after a failed verification or authentication.
     *
     * @return the counter 0..15, or {@code -1} if this is not a 63Cx status
     */
    public int retriesLeft() {
        return (value & 0xFFF0) == 0x63C0 ? value & 0x0F : -1;
    }

    /**
     * Returns the meaning of this status word in English.
     *
     * @return a short description, {@code "unknown status"} if none is known
     */
    public String meaning() {
        if (isMoreDataAvailable()) {
            return sw2() + " more bytes available";
        }
        if (isWrongLe()) {
            return "wrong Le, resend with Le=" + sw2();
        }
        if (retriesLeft() >= 0) {
            return "verification failed, " + retriesLeft() + " retries left";
        }
        return switch (value) {
            case 0x9000 -> "success";
            case 0x6281 -> "data may be corrupted";
            case 0x6282 -> "end of file reached";
            case 0x6283 -> "selected file invalidated";
            case 0x6581 -> "memory failure";
            case 0x6700 -> "wrong length";
            case 0x6882 -> "secure messaging not supported";
            case 0x6981 -> "command incompatible with file structure";
            case 0x6982 -> "security status not satisfied";
            case 0x6983 -> "authentication method blocked";
            case 0x6984 -> "reference data not usable";
            case 0x6985 -> "conditions of use not satisfied";
            case 0x6986 -> "command not allowed (no current EF)";
            case 0x6987 -> "secure messaging data objects missing";
            case 0x6988 -> "secure messaging data objects incorrect";
            case 0x6A80 -> "incorrect data";
            case 0x6A81 -> "function not supported";
            case 0x6A82 -> "file not found";
            case 0x6A83 -> "record not found";
            case 0x6A84 -> "not enough memory";
            case 0x6A86 -> "incorrect P1-P2";
            case 0x6A88 -> "referenced data not found";
            case 0x6B00 -> "wrong P1-P2 (offset outside the file)";
            case 0x6D00 -> "instruction not supported";
            case 0x6E00 -> "class not supported";
            case 0x6F00 -> "no precise diagnosis";
            case 0x9302 -> "MAC invalid";
            case 0x9303 -> "application permanently locked";
            case 0x9401 -> "insufficient balance";
            case 0x9403 -> "key index not supported";
            case 0x9406 -> "required MAC not available";
            default -> "unknown status";
        };
    }

    /** Returns the hex value and its meaning, for example {@code 6A82 (file not found)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04X (%s)", value, meaning());
    }
}
