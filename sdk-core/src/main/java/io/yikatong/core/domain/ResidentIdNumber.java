package io.yikatong.core.domain;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.Redaction;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * 公民身份号码, the 18-character citizen identification number of GB 11643-1999: a 6-digit address code (行政区划代码,
 * GB/T 2260), an 8-digit birth date {@code yyyyMMdd}, a 3-digit sequence code (顺序码, odd for men, even for women) and
 * a check character (校验码) computed with ISO 7064 MOD 11-2, {@code 0}–{@code 9} or {@code X}.
 *
 * <p>Validation: exactly 18 characters, the first 17 decimal digits, the address code not starting with {@code 0},
 * the birth date a real date from year 1800 on, and a matching check character ({@code x} is accepted and stored as
 * {@code X}). The birth date is not compared with today (that would need a {@link java.time.Clock}); callers that care
 * check {@link #birthDate()} themselves. The address code is not checked against the (changing) GB/T 2260 table.
 *
 * <p>Two ways in, per the SDK's naming rule: {@link #parse(String)} for numbers the application supplies (throws the
 * unchecked {@link InvalidInputException}) and {@link #decode(String)} for numbers read from a card or scanner (throws
 * {@link MalformedDataException}). {@link #upgrade15(String)} converts an old 15-digit number (GB 11643-1989, births
 * 1900–1999).
 *
 * <p>The number is personal data (个人信息). {@link #toString()} returns {@link #masked()}: the address code and the
 * sequence number stay visible, the eight birth-date digits and the check character (a function of them) are replaced
 * by {@code *}, e.g. {@code 110105********002*} ({@link io.yikatong.core.PersonalField#ID_NUMBER}). Error messages
 * never contain the number. Use {@link #value()} only where the full number
 * is needed.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ResidentIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final String ELEMENT = "resident ID number";

    private final String value;
    private final LocalDate birthDate;

    private ResidentIdNumber(String value, LocalDate birthDate) {
        this.value = value;
        this.birthDate = birthDate;
    }

    /**
     * Parses an 18-character number supplied by the application.
     *
     * @param text the number; a final {@code x} is accepted
     * @return the number
     * @throws InvalidInputException if the text is not a valid 18-character number (the message names the problem,
     *     never the number)
     */
    public static ResidentIdNumber parse(String text) {
        Objects.requireNonNull(text, "text");
        Problem p = check(text);
        if (p != null) {
            throw new InvalidInputException("residentIdNumber", p.message + (p.index >= 0 ? " (index " + p.index + ")" : ""));
        }
        return create(text);
    }

    /**
     * Decodes an 18-character number read from a card, scanner or network (already decoded to text, for example with
     * {@link io.yikatong.core.codec.GbText}).
     *
     * @param text the number; a final {@code x} is accepted
     * @return the number
     * @throws MalformedDataException if the text is not a valid 18-character number; the offset is the character index
     *     of the problem, or {@code -1} for a wrong length
     */
    public static ResidentIdNumber decode(String text) throws MalformedDataException {
        Objects.requireNonNull(text, "text");
        Problem p = check(text);
        if (p != null) {
            throw new MalformedDataException(ELEMENT, p.index, p.message);
        }
        return create(text);
    }

    /**
     * Converts an old 15-digit number to the 18-character form: inserts {@code 19} before the 2-digit birth year and
     * appends the computed check character.
     *
     * @param text the 15-digit number (address code, {@code yyMMdd}, sequence code)
     * @return the 18-character number
     * @throws InvalidInputException if the text is not 15 digits, the address code starts with {@code 0} or the birth
     *     date {@code 19yyMMdd} does not exist
     */
    public static ResidentIdNumber upgrade15(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != 15) {
            throw new InvalidInputException("residentIdNumber15", "must be 15 digits, has " + text.length() + " characters");
        }
        for (int i = 0; i < 15; i++) {
            if (!isDigit(text.charAt(i))) {
                throw new InvalidInputException("residentIdNumber15", "character at index " + i + " is not a digit");
            }
        }
        String first17 = text.substring(0, 6) + "19" + text.substring(6);
        String full = first17 + checkCharacter(first17);
        Problem p = check(full);
        if (p != null) {
            throw new InvalidInputException("residentIdNumber15", p.message);
        }
        return create(full);
    }

    /**
     * Computes the GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2).
     *
     * @param first17 the first 17 digits
     * @return {@code '0'}–{@code '9'} or {@code 'X'}
     * @throws InvalidInputException if the argument is not 17 decimal digits
     */
    public static char checkCharacter(String first17) {
        Objects.requireNonNull(first17, "first17");
        if (first17.length() != 17) {
            throw new InvalidInputException("first17", "must be 17 digits, has " + first17.length() + " characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (!isDigit(c)) {
                throw new InvalidInputException("first17", "character at index " + i + " is not a digit");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    private record Problem(int index, String message) {
    }

    private static Problem check(String text) {
        if (text.length() != 18) {
            return new Problem(-1, "must be 18 characters, has " + text.length());
        }
        for (int i = 0; i < 17; i++) {
            if (!isDigit(text.charAt(i))) {
                return new Problem(i, "character is not a digit");
            }
        }
        char last = text.charAt(17);
        if (!isDigit(last) && last != 'X' && last != 'x') {
            return new Problem(17, "check character must be a digit or X");
        }
        if (text.charAt(0) == '0') {
            return new Problem(0, "address code cannot start with 0");
        }
        if (birthDate(text) == null) {
            return new Problem(6, "birth date does not exist or is before 1800");
        }
        if (checkCharacter(text.substring(0, 17)) != Character.toUpperCase(last)) {
            return new Problem(17, "check character does not match");
        }
        return null;
    }

    private static LocalDate birthDate(String text) {
        int year = Integer.parseInt(text.substring(6, 10));
        int month = Integer.parseInt(text.substring(10, 12));
        int day = Integer.parseInt(text.substring(12, 14));
        if (year < 1800) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ResidentIdNumber create(String text) {
        String normalized = text.substring(0, 17) + Character.toUpperCase(text.charAt(17));
        return new ResidentIdNumber(normalized, birthDate(normalized));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Returns the full number. This is personal data: do not log it.
     *
     * @return the 18 characters, check character {@code X} in upper case
     */
    public String value() {
        return value;
    }

    /**
     * Returns the address code (行政区划代码, GB/T 2260) of the place of household registration at issue.
     *
     * @return the first 6 digits
     */
    public String regionCode() {
        return value.substring(0, 6);
    }

    /**
     * Returns the birth date (出生日期码).
     *
     * @return the date encoded in digits 7–14
     */
    public LocalDate birthDate() {
        return birthDate;
    }

    /**
     * Returns the sequence code (顺序码).
     *
     * @return digits 15–17
     */
    public String sequenceCode() {
        return value.substring(14, 17);
    }

    /**
     * Returns the check character (校验码).
     *
     * @return {@code '0'}–{@code '9'} or {@code 'X'}
     */
    public char checkCharacter() {
        return value.charAt(17);
    }

    /**
     * Returns the gender given by the 17th digit: odd is {@link Gender#MALE}, even is {@link Gender#FEMALE}.
     *
     * @return {@link Gender#MALE} or {@link Gender#FEMALE}
     */
    public Gender gender() {
        return (value.charAt(16) - '0') % 2 == 1 ? Gender.MALE : Gender.FEMALE;
    }

    /**
     * Returns the number with the birth date and the check character hidden: region code and sequence number visible.
     *
     * <p>The SDK's one masking rule for ID numbers, {@link Redaction#idNumber(String)}.
     *
     * @return for example {@code 110105********002*}
     */
    public String masked() {
        return Redaction.idNumber(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResidentIdNumber other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /**
     * Returns {@link #masked()}, never the full number.
     *
     * @return the masked number
     */
    @Override
    public String toString() {
        return masked();
    }
}
