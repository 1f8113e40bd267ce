package io.yikatong.core;

import io.yikatong.core.codec.Hex;

/**
 * Masks personal and secret data for {@code toString()}, log messages and error texts: the one masking policy of the
 * SDK, whose table is {@link PersonalField}. Every masked view of every module (the health card's holder, contact and
 * document data, the social security card, the e-health-card and medical-insurance identities of {@code sdk-qr}, the
 * simulators, the CLI and the card agent) goes through these methods or {@link PersonalField#mask(String)}, so a
 * name, an ID number or a phone number shows the same way wherever it is printed, and no combination of masked fields
 * rebuilds a hidden part (see {@link PersonalField}). Applications may use it for their own logs of SDK data.
 *
 * <ul>
 * <li>{@link #name(String)}: {@code 张三} → {@code 张*};</li>
 * <li>{@link #idNumber(String)}: {@code 11010519491231002X} → {@code 110105********002*} (birth date and check
 *     character hidden);</li>
 * <li>{@link #birthDate(java.time.LocalDate)}: {@code 1949-12-31} → {@code 1949-**-**};</li>
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
        return PersonalField.NAME.mask(name);
    }

    /**
     * Masks an identity-document, card or record number ({@link PersonalField#ID_NUMBER}). An 18-character resident ID
     * number keeps its region code (first 6) and its sequence number (digits 15–17): the birth date and the check
     * character, a function of the birth date, are hidden ({@code 110105********002*}); an old 15-digit number keeps
     * the first 6 and last 3, so no birth-date digit shows ({@code 110105******002}). Other numbers of 16 or more
     * characters keep the first 6 only; shorter numbers (passports, the 9-character social security card number) keep
     * the last 2. Up to 4 characters: all masked.
     *
     * @param number the number
     * @return the masked number, same length as the input
     */
    public static String idNumber(String number) {
        return PersonalField.ID_NUMBER.mask(number);
    }

    /**
     * Masks a telephone number: an 11-digit mobile number keeps the first 3 and last 4 digits ({@code 138****5678});
     * other numbers with 8 or more characters keep the first 3 and last 2; shorter ones are fully masked.
     *
     * @param phone the number
     * @return the masked number, same length as the input
     */
    public static String phone(String phone) {
        return PersonalField.PHONE.mask(phone);
    }

    /**
     * Masks a birth date to its year ({@link PersonalField#BIRTH_DATE}): month and day are the hidden part of a masked
     * ID number, so no masked view shows them.
     *
     * @param date the date
     * @return for example {@code 1949-**-**}
     */
    public static String birthDate(java.time.LocalDate date) {
        return date == null ? "null" : PersonalField.BIRTH_DATE.mask(date.toString());
    }

    /**
     * Masks an address or birth place ({@link PersonalField#ADDRESS}): every character becomes {@code *}.
     *
     * @param address the address
     * @return as many {@code *} as the address has characters
     */
    public static String address(String address) {
        return PersonalField.ADDRESS.mask(address);
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
}
