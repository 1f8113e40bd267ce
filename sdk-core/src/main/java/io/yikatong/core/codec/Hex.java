package io.yikatong.core.codec;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Hexadecimal text (十六进制字符串), two digits per byte, no separators.
 *
 * <p>{@link #encode(byte[])} writes lowercase, {@link #encodeUpper(byte[])} uppercase (the form vendor card DLLs and
 * most Chinese HIS interfaces use). {@link #parse(CharSequence, String)} (application input) and
 * {@link #decode(CharSequence, String)} (data from outside, for example the hex fields of a vendor DLL's output)
 * accept either case and differ only in the exception they throw; see the package documentation for the naming rule.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Hex {

    private static final byte[] LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGIT = new byte[128];

    static {
        Arrays.fill(DIGIT, (byte) -1);
        for (int i = 0; i < 16; i++) {
            DIGIT[LOWER[i]] = (byte) i;
            DIGIT[UPPER[i]] = (byte) i;
        }
    }

    private Hex() {
    }

    /**
     * Encodes bytes as lowercase hexadecimal text.
     *
     * @param data the bytes
     * @return the text, two lowercase digits per byte
     */
    public static String encode(byte[] data) {
        return encode(data, LOWER);
    }

    /**
     * Encodes bytes as uppercase hexadecimal text.
     *
     * @param data the bytes
     * @return the text, two uppercase digits per byte
     */
    public static String encodeUpper(byte[] data) {
        return encode(data, UPPER);
    }

    private static String encode(byte[] data, byte[] digits) {
        Objects.requireNonNull(data, "data");
        byte[] out = new byte[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            int b = data[i] & 0xFF;
            out[2 * i] = digits[b >>> 4];
            out[2 * i + 1] = digits[b & 0x0F];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses hexadecimal text supplied by the application (upper or lower case, no separators).
     *
     * @param text the text
     * @param field the parameter name to report, for example {@code "iv"}
     * @return the bytes (a new array the caller owns)
     * @throws InvalidInputException if the text has an odd length or a character that is not a hex digit; the
     *     message names {@code field} and the position, never the text
     */
    public static byte[] parse(CharSequence text, String field) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(text, field);
        byte[] out = convert(text);
        if (out != null) {
            return out;
        }
        int bad = firstProblem(text);
        if (bad == -2) {
            throw new InvalidInputException(field, "odd number of hex digits (" + text.length() + ")");
        }
        throw new InvalidInputException(field, "character at index " + bad + " is not a hex digit");
    }

    /**
     * Decodes hexadecimal text that came from outside the program (upper or lower case, no separators).
     *
     * @param text the text
     * @param element what is being decoded, for example {@code "card identification code"}
     * @return the bytes (a new array the caller owns)
     * @throws MalformedDataException if the text has an odd length or a character that is not a hex digit; the offset
     *     is the character index
     */
    public static byte[] decode(CharSequence text, String element) throws MalformedDataException {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(text, element);
        byte[] out = convert(text);
        if (out != null) {
            return out;
        }
        int bad = firstProblem(text);
        if (bad == -2) {
            throw new MalformedDataException(element, text.length(), "odd number of hex digits");
        }
        throw new MalformedDataException(element, bad, "not a hex digit");
    }

    /** Returns -1 if fine, -2 for odd length, else the index of the first non-hex character. */
    private static int firstProblem(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (digit(text.charAt(i)) < 0) {
                return i;
            }
        }
        return (n & 1) != 0 ? -2 : -1;
    }

    /** Converts in one pass; returns null if the text is not valid (the caller then finds the problem). */
    private static byte[] convert(CharSequence text) {
        int n = text.length();
        if ((n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(text.charAt(2 * i));
            int lo = digit(text.charAt(2 * i + 1));
            if ((hi | lo) < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int digit(char c) {
        return c < 128 ? DIGIT[c] : -1;
    }
}
