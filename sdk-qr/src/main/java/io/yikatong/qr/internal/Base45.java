package io.yikatong.qr.internal;

import io.yikatong.core.MalformedDataException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Base45 (RFC 9285): bytes to text in the 45-character QR alphanumeric alphabet
 * {@code 0-9 A-Z space $ % * + - . / :}, so that a QR code can use alphanumeric mode (5.5 bits per character instead of
 * 8). Each pair of bytes becomes three characters (least significant digit first), a trailing single byte becomes two.
 *
 * <p>Decoding is strict: a character outside the alphabet, a length that leaves a single trailing character
 * ({@code length % 3 == 1}) or a triple above 65535 (a pair above 255) is rejected with {@link MalformedDataException}
 * naming the offset; the input text itself is never put into the message.
 *
 * <p>Not part of the API (internal package). The class holds no state; all methods are static. Instances are immutable
 * and thread-safe.
 */
public final class Base45 {

    private static final String ELEMENT = "Base45 text";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base45() {
    }

    /**
     * Encodes bytes.
     *
     * @param data the bytes
     * @return the Base45 text, {@code 3 * (n / 2) + 2 * (n % 2)} characters
     */
    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        char[] out = new char[encodedLength(data.length)];
        int o = 0;
        int i = 0;
        for (; i + 1 < data.length; i += 2) {
            int n = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
            out[o++] = ALPHABET[n % 45];
            n /= 45;
            out[o++] = ALPHABET[n % 45];
            out[o++] = ALPHABET[n / 45];
        }
        if (i < data.length) {
            int n = data[i] & 0xFF;
            out[o++] = ALPHABET[n % 45];
            out[o] = ALPHABET[n / 45];
        }
        return new String(out);
    }

    /**
     * Returns the length of the Base45 encoding of {@code byteCount} bytes.
     *
     * @param byteCount the number of bytes, at least 0
     * @return the number of characters
     */
    public static int encodedLength(int byteCount) {
        return byteCount / 2 * 3 + (byteCount % 2) * 2;
    }

    /**
     * Decodes Base45 text.
     *
     * @param text the text
     * @return the bytes
     * @throws MalformedDataException if a character is outside the alphabet, the length is {@code 1 mod 3}, or a group
     *     encodes a value too large for its bytes
     */
    public static byte[] decode(CharSequence text) throws MalformedDataException {
        return decode(text, 0, Objects.requireNonNull(text, "text").length());
    }

    /**
     * Decodes part of a text.
     *
     * @param text the text
     * @param from the index of the first character to decode
     * @param to the index after the last character to decode
     * @return the bytes
     * @throws MalformedDataException if a character is outside the alphabet, the length is {@code 1 mod 3}, or a group
     *     encodes a value too large for its bytes; offsets are relative to {@code from}
     * @throws IndexOutOfBoundsException if the range is outside the text
     */
    public static byte[] decode(CharSequence text, int from, int to) throws MalformedDataException {
        Objects.requireNonNull(text, "text");
        Objects.checkFromToIndex(from, to, text.length());
        int len = to - from;
        if (len % 3 == 1) {
            throw new MalformedDataException(ELEMENT, len - 1, "length " + len + " leaves a single trailing character");
        }
        byte[] out = new byte[len / 3 * 2 + (len % 3 == 2 ? 1 : 0)];
        int o = 0;
        int i = 0;
        for (; i + 2 < len; i += 3) {
            int n = value(text, from, i) + 45 * value(text, from, i + 1) + 45 * 45 * value(text, from, i + 2);
            if (n > 0xFFFF) {
                throw new MalformedDataException(ELEMENT, i, "group value " + n + " exceeds 65535");
            }
            out[o++] = (byte) (n >> 8);
            out[o++] = (byte) n;
        }
        if (i < len) {
            int n = value(text, from, i) + 45 * value(text, from, i + 1);
            if (n > 0xFF) {
                throw new MalformedDataException(ELEMENT, i, "final group value " + n + " exceeds 255");
            }
            out[o] = (byte) n;
        }
        return out;
    }

    private static int value(CharSequence text, int from, int i) throws MalformedDataException {
        char c = text.charAt(from + i);
        int v = c < 128 ? VALUES[c] : -1;
        if (v < 0) {
            throw new MalformedDataException(ELEMENT, i, "character outside the Base45 alphabet");
        }
        return v;
    }
}
