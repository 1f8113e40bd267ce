package io.yikatong.core;

import io.yikatong.core.codec.Hex;

/**
 * Masks personal and secret data for {@code toString()}, log messages and error texts: the one masking policy of the
 * SDK. Every masked view of every module (the health card's holder, contact and document data, the e-health-card and
 * medical-insurance identities of {@code sdk-qr}, the simulators) goes through these methods, so a name, an ID number
 * or a phone number shows the same way wherever it is printed. Applications may use it for their own logs of SDK data.
 *
 * <ul>
 * <li>{@link #name(String)}: {@code 张三} → {@code 张*};</li>
 * <li>{@link #idNumber(String)}: {@code 11010519491231002X} → {@code 110105********002X};</li>
 * <li>{@link #phone(String)}: {@code 13812345678} → {@code 138****5678};</li>
 * <li>{@link #bytes(byte[])} and {@link #apdu(byte[])}: lengths and command headers only.</li>
 * </ul>
 *
 * <p>Every method accepts {@code null} and returns {@code "null"}, so log statements never fail.
 *
 * <p>The class holds no state; all methods are static and thread-safe.
 *
 * @since 0.1
 */
public final class Redaction {

    private Redaction() {
    }

    /**
     * Masks a person's name: the first character (code point) and one {@code *}, whatever the length, so that the
     * length does not leak either. {@code 张三} and {@code 欧阳娜娜} become {@code 张*} and {@code 欧*}; a one-character
     * name becomes {@code *}; an empty name stays empty.
     *
     * @param name the name
     * @return the masked name
     */
    public static String name(String name) {
        if (name == null) {
            return "null";
        }
        if (name.isEmpty()) {
            return "";
        }
        int first = name.codePointAt(0);
        if (Character.charCount(first) == name.length()) {
            return "*";
        }
        return new String(Character.toChars(first)) + "*";
    }

    /**
     * Masks an identity-document number. 16 or more characters (resident ID numbers, social security numbers): the
     * first 6 and the last 4 stay, the rest becomes {@code *} ({@code 110105********002X}); an old 15-digit number
     * keeps the first 6 and last 3, so no birth-date digit shows ({@code 110105******002}). Shorter numbers (passports,
     * the 9-character social security card number): only the last 2 stay. Up to 4 characters: all masked.
     *
     * @param number the number
     * @return the masked number, same length as the input
     */
    public static String idNumber(String number) {
        if (number == null) {
            return "null";
        }
        int n = number.length();
        if (n == 15) {
            return keep(number, 6, 3);
        }
        if (n >= 16) {
            return keep(number, 6, 4);
        }
        if (n > 4) {
            return keep(number, 0, 2);
        }
        return "*".repeat(n);
    }

    /**
     * Masks a telephone number: an 11-digit mobile number keeps the first 3 and last 4 digits ({@code 138****5678});
     * other numbers with 8 or more characters keep the first 3 and last 2; shorter ones are fully masked.
     *
     * @param phone the number
     * @return the masked number, same length as the input
     */
    public static String phone(String phone) {
        if (phone == null) {
            return "null";
        }
        int n = phone.length();
        if (n == 11) {
            return keep(phone, 3, 4);
        }
        if (n >= 8) {
            return keep(phone, 3, 2);
        }
        return "*".repeat(n);
    }

    /**
     * Describes sensitive bytes (PIN blocks, keys, personal card data) by length only.
     *
     * @param data the bytes
     * @return for example {@code [16 bytes redacted]}
     */
    public static String bytes(byte[] data) {
        return data == null ? "null" : "[" + data.length + " bytes redacted]";
    }

    /**
     * Describes a sensitive command APDU (VERIFY, secure-messaging writes, authentication) by its 4-byte header in
     * hex and the length of the rest: {@code 0020000003123456} becomes {@code 00200000 +4 bytes redacted}.
     *
     * @param apdu the command APDU
     * @return the header and the length of the rest; for fewer than 4 bytes, the length only
     */
    public static String apdu(byte[] apdu) {
        if (apdu == null) {
            return "null";
        }
        if (apdu.length < 4) {
            return bytes(apdu);
        }
        byte[] header = {apdu[0], apdu[1], apdu[2], apdu[3]};
        return Hex.encodeUpper(header) + " +" + (apdu.length - 4) + " bytes redacted";
    }

    private static String keep(String s, int head, int tail) {
        return s.substring(0, head) + "*".repeat(s.length() - head - tail) + s.substring(s.length() - tail);
    }
}
