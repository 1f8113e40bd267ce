package io.yikatong.payment.journal.internal;

import io.yikatong.core.InvalidInputException;
import java.util.regex.Pattern;

/** Input checks shared by the journal's value types. Not API. Instances are immutable and thread-safe. */
public final class Checks {

    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9_\\-|*@.]{1,64}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_\\-]{1,32}");

    private Checks() {
    }

    /**
     * Checks a merchant order or refund number: 1 to 64 characters of letters, digits and {@code _-|*@.}.
     *
     * @param field the field name
     * @param value the value
     * @return the value
     * @throws InvalidInputException if it is null or does not match
     */
    public static String number(String field, String value) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            throw new InvalidInputException(field, "must be 1 to 64 characters of letters, digits and _-|*@."
                    + (value == null ? ", was null" : ", was " + value.length() + " characters"));
        }
        return value;
    }

    /**
     * Checks an optional channel-side number (same rule as {@link #number}, {@code null} allowed).
     *
     * @param field the field name
     * @param value the value or {@code null}
     * @return the value
     * @throws InvalidInputException if it is not null and does not match
     */
    public static String optionalNumber(String field, String value) {
        return value == null ? null : number(field, value);
    }

    /**
     * Checks a channel identifier such as {@code wechat}: 1 to 32 lower-case letters, digits, {@code _} or {@code -}.
     *
     * @param value the value
     * @return the value
     * @throws InvalidInputException if it does not match
     */
    public static String channel(String value) {
        if (value == null || !CHANNEL.matcher(value).matches()) {
            throw new InvalidInputException("channel", "must be 1 to 32 lower-case letters, digits, _ or -");
        }
        return value;
    }

    /**
     * Checks an optional free text of at most {@code max} characters without control characters.
     *
     * @param field the field name
     * @param value the value or {@code null}
     * @param max the maximum length
     * @return the value
     * @throws InvalidInputException if it is too long or contains control characters
     */
    public static String text(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, "must be at most " + max + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidInputException(field, "must not contain control characters");
            }
        }
        return value;
    }

    /**
     * Makes an outside text fit {@link #text}: {@code null} becomes an empty string, control characters become spaces,
     * and the text is cut to {@code max} characters (without splitting a surrogate pair).
     *
     * @param value the value or {@code null}
     * @param max the maximum length
     * @return the fitted text
     */
    public static String clip(String value, int max) {
        if (value == null) {
            return "";
        }
        int end = Math.min(value.length(), max);
        if (end < value.length() && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        StringBuilder b = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    /**
     * Checks that a value is not null.
     *
     * @param <T> the type
     * @param field the field name
     * @param value the value
     * @return the value
     * @throws InvalidInputException if it is null
     */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        return value;
    }
}
