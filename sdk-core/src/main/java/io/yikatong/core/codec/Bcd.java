package io.yikatong.core.codec;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Binary-coded decimal: the health and social security cards' "CN" (压缩数字型, compressed numeric) and the plain
 * "N" numeric of PBOC-style payment messages, plus the dates and date-times the cards store as CN.
 *
 * <p><b>CN</b> (health-card spec §0, style {@code CN_style = 0x0F}): two digits per byte, high nibble first,
 * <em>left-aligned</em> and padded on the right with nibble {@code F}. A 4-byte CN field holding {@code "123"} is
 * {@code 12 3F FF FF}. Decoding stops at the first {@code F} nibble; every nibble after it must also be {@code F};
 * nibbles {@code A}–{@code E} are malformed anywhere. A field of only {@code F} nibbles decodes to the empty string
 * (an unwritten field).
 *
 * <p><b>N</b>: two digits per byte, <em>right-aligned</em>, padded on the left with zeros (amount {@code 1234} fen in
 * 6 bytes is {@code 00 00 00 00 12 34}). Every nibble must be 0–9; decoding returns all digits, leading zeros
 * included.
 *
 * <p><b>Dates</b>: the cards store dates as 4-byte CN {@code yyyyMMdd} (发卡时间, 出生日期, 卡有效期, 免疫接种时间: spec
 * §1.4–1.5, §3.3–3.4) and, per the spec's inference for DF03 records, date-times as 7-byte CN {@code yyyyMMddHHmmss}.
 * All 8 (or 14) digits must be present; the year must be 0001–9999; impossible dates such as {@code 20250230} are
 * malformed. {@link #decodeOptionalDate(byte[], String)} maps an all-{@code FF} (unwritten) field to empty.
 *
 * <p>Error messages never contain the decoded digits (dates of birth are personal data).
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Bcd {

    private Bcd() {
    }

    /**
     * Encodes a digit string as CN: left-aligned, padded on the right with nibble {@code F}.
     *
     * @param digits the digits {@code 0-9}, possibly empty
     * @param length the field length in bytes (at least 1)
     * @return a new array of exactly {@code length} bytes
     * @throws InvalidInputException if {@code digits} has a non-digit or more than {@code 2 * length} digits, or
     *     {@code length} is not positive
     */
    public static byte[] encodeCn(String digits, int length) {
        checkDigits(digits, "digits");
        checkLength(length);
        if (digits.length() > 2 * length) {
            throw new InvalidInputException("digits",
                    "too long for a " + length + "-byte CN field: " + digits.length() + " digits, at most " + 2 * length);
        }
        byte[] out = new byte[length];
        for (int i = 0; i < 2 * length; i++) {
            int nibble = i < digits.length() ? digits.charAt(i) - '0' : 0x0F;
            out[i / 2] |= (byte) ((i & 1) == 0 ? nibble << 4 : nibble);
        }
        return out;
    }

    /**
     * Decodes a CN field: the digits up to the first {@code F} nibble.
     *
     * @param data the field bytes, for example a TLV value
     * @param element what is being decoded, for the error message
     * @return the digits, empty if the field is all {@code F}
     * @throws MalformedDataException if a nibble is {@code A}–{@code E}, or a digit follows an {@code F} nibble; the
     *     offset is the byte index
     */
    public static String decodeCn(byte[] data, String element) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(element, "element");
        StringBuilder sb = new StringBuilder(data.length * 2);
        boolean padding = false;
        for (int i = 0; i < 2 * data.length; i++) {
            int b = data[i / 2] & 0xFF;
            int nibble = (i & 1) == 0 ? b >>> 4 : b & 0x0F;
            if (nibble == 0x0F) {
                padding = true;
            } else if (padding) {
                throw new MalformedDataException(element, i / 2, "CN digit after F padding");
            } else if (nibble > 9) {
                throw new MalformedDataException(element, i / 2, "CN nibble " + Integer.toHexString(nibble).toUpperCase()
                        + " is not a digit");
            } else {
                sb.append((char) ('0' + nibble));
            }
        }
        return sb.toString();
    }

    /**
     * Encodes a digit string as N: right-aligned, padded on the left with zeros.
     *
     * @param digits the digits {@code 0-9}, possibly empty
     * @param length the field length in bytes (at least 1)
     * @return a new array of exactly {@code length} bytes
     * @throws InvalidInputException if {@code digits} has a non-digit or more than {@code 2 * length} digits, or
     *     {@code length} is not positive
     */
    public static byte[] encodeN(String digits, int length) {
        checkDigits(digits, "digits");
        checkLength(length);
        if (digits.length() > 2 * length) {
            throw new InvalidInputException("digits",
                    "too long for a " + length + "-byte N field: " + digits.length() + " digits, at most " + 2 * length);
        }
        byte[] out = new byte[length];
        int skip = 2 * length - digits.length();
        for (int i = skip; i < 2 * length; i++) {
            int nibble = digits.charAt(i - skip) - '0';
            out[i / 2] |= (byte) ((i & 1) == 0 ? nibble << 4 : nibble);
        }
        return out;
    }

    /**
     * Decodes an N field: every nibble must be a digit.
     *
     * @param data the field bytes
     * @param element what is being decoded, for the error message
     * @return all {@code 2 * data.length} digits, leading zeros included
     * @throws MalformedDataException if a nibble is {@code A}–{@code F}; the offset is the byte index
     */
    public static String decodeN(byte[] data, String element) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(element, "element");
        char[] out = new char[data.length * 2];
        for (int i = 0; i < out.length; i++) {
            int b = data[i / 2] & 0xFF;
            int nibble = (i & 1) == 0 ? b >>> 4 : b & 0x0F;
            if (nibble > 9) {
                throw new MalformedDataException(element, i / 2, "N nibble " + Integer.toHexString(nibble).toUpperCase()
                        + " is not a digit");
            }
            out[i] = (char) ('0' + nibble);
        }
        return new String(out);
    }

    /**
     * Encodes a date as 4-byte CN {@code yyyyMMdd}.
     *
     * @param date the date, year 0001–9999
     * @return a new 4-byte array
     * @throws InvalidInputException if the year is outside 0001–9999
     */
    public static byte[] encodeDate(LocalDate date) {
        Objects.requireNonNull(date, "date");
        checkYear(date.getYear());
        return encodeCn(String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth()), 4);
    }

    /**
     * Decodes a 4-byte CN {@code yyyyMMdd} date.
     *
     * @param data the field bytes, exactly 4
     * @param element what is being decoded, for example {@code "卡有效期"}
     * @return the date
     * @throws MalformedDataException if the field is not 4 bytes, not 8 CN digits, or not a real date (for example
     *     {@code 20250230}, month 13, year 0000)
     */
    public static LocalDate decodeDate(byte[] data, String element) throws MalformedDataException {
        String digits = decodeFixedDigits(data, element, 4);
        return toDate(digits, element);
    }

    /**
     * Decodes a 4-byte CN {@code yyyyMMdd} date that may be unwritten (all bytes {@code FF}).
     *
     * @param data the field bytes, exactly 4
     * @param element what is being decoded
     * @return the date, or empty if all four bytes are {@code FF}
     * @throws MalformedDataException under the same conditions as {@link #decodeDate(byte[], String)}, except that an
     *     all-{@code FF} field is accepted
     */
    public static Optional<LocalDate> decodeOptionalDate(byte[] data, String element) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        if (data.length == 4 && allFf(data)) {
            return Optional.empty();
        }
        return Optional.of(decodeDate(data, element));
    }

    /**
     * Encodes a date-time as 7-byte CN {@code yyyyMMddHHmmss} (seconds precision; nanoseconds are dropped).
     *
     * @param dateTime the date-time, year 0001–9999
     * @return a new 7-byte array
     * @throws InvalidInputException if the year is outside 0001–9999
     */
    public static byte[] encodeDateTime(LocalDateTime dateTime) {
        Objects.requireNonNull(dateTime, "dateTime");
        checkYear(dateTime.getYear());
        return encodeCn(String.format("%04d%02d%02d%02d%02d%02d", dateTime.getYear(), dateTime.getMonthValue(),
                dateTime.getDayOfMonth(), dateTime.getHour(), dateTime.getMinute(), dateTime.getSecond()), 7);
    }

    /**
     * Decodes a 7-byte CN {@code yyyyMMddHHmmss} date-time.
     *
     * @param data the field bytes, exactly 7
     * @param element what is being decoded
     * @return the date-time
     * @throws MalformedDataException if the field is not 7 bytes, not 14 CN digits, or not a real date-time
     */
    public static LocalDateTime decodeDateTime(byte[] data, String element) throws MalformedDataException {
        String digits = decodeFixedDigits(data, element, 7);
        LocalDate date = toDate(digits.substring(0, 8), element);
        int hour = Integer.parseInt(digits.substring(8, 10));
        int minute = Integer.parseInt(digits.substring(10, 12));
        int second = Integer.parseInt(digits.substring(12, 14));
        if (hour > 23) {
            throw new MalformedDataException(element, 4, "hour out of range 00-23");
        }
        if (minute > 59) {
            throw new MalformedDataException(element, 5, "minute out of range 00-59");
        }
        if (second > 59) {
            throw new MalformedDataException(element, 6, "second out of range 00-59");
        }
        return date.atTime(hour, minute, second);
    }

    private static String decodeFixedDigits(byte[] data, String element, int bytes) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(element, "element");
        if (data.length != bytes) {
            throw new MalformedDataException(element, -1, "must be " + bytes + " bytes, was " + data.length);
        }
        String digits = decodeCn(data, element);
        if (digits.length() != 2 * bytes) {
            throw new MalformedDataException(element, digits.length() / 2,
                    "expected " + 2 * bytes + " digits, found " + digits.length());
        }
        return digits;
    }

    private static LocalDate toDate(String digits, String element) throws MalformedDataException {
        int year = Integer.parseInt(digits.substring(0, 4));
        int month = Integer.parseInt(digits.substring(4, 6));
        int day = Integer.parseInt(digits.substring(6, 8));
        if (year == 0) {
            throw new MalformedDataException(element, 0, "year 0000 is not a valid year");
        }
        if (month < 1 || month > 12) {
            throw new MalformedDataException(element, 2, "month out of range 01-12");
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new MalformedDataException(io.yikatong.core.CoreErrorCode.MALFORMED_DATA, element, 3,
                    "day does not exist in that month", e);
        }
    }

    private static boolean allFf(byte[] data) {
        for (byte b : data) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static void checkYear(int year) {
        if (year < 1 || year > 9999) {
            throw new InvalidInputException("date", "year must be 0001-9999, was " + year);
        }
    }

    private static void checkLength(int length) {
        if (length < 1) {
            throw new InvalidInputException("length", "must be at least 1, was " + length);
        }
    }

    private static void checkDigits(String digits, String field) {
        Objects.requireNonNull(digits, field);
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidInputException(field, "character at index " + i + " is not a decimal digit");
            }
        }
    }
}
