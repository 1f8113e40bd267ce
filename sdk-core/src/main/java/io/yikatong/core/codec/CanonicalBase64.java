package io.yikatong.core.codec;

import io.yikatong.core.MalformedDataException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Base64 (RFC 4648 §4, the standard alphabet {@code A–Z a–z 0–9 + /} with {@code =} padding) read strictly: every
 * byte string has exactly one accepted spelling, the one an encoder writes. Use it wherever a signature or a
 * certificate is read, so that a second spelling of the same bytes cannot pass for a different message.
 *
 * <p>{@link java.util.Base64#getDecoder()} is lenient in one way that matters for signatures: it ignores the unused
 * low bits of the last character, so {@code hQ==} and {@code hY==} (and 14 more) decode to the same byte; it also
 * accepts missing padding. {@link #decode(CharSequence, String)} rejects:
 * <ul>
 *   <li>a character outside the alphabet, including whitespace and the URL-safe {@code -} and {@code _};</li>
 *   <li>a length (without line breaks, where allowed) that is not a multiple of 4: missing or extra padding;</li>
 *   <li>{@code =} anywhere but in the last one or two positions of the text;</li>
 *   <li>non-zero padding bits (RFC 4648 §3.5): with {@code ==} the last character before the padding must have its
 *       low 4 bits zero, with {@code =} its low 2 bits.</li>
 * </ul>
 * {@link #decodeLines(CharSequence, String)} applies the same rules but ignores CR and LF anywhere (PEM bodies, and
 * MIME-style line breaks where a format allows them); spaces and tabs are still rejected. The empty text is the
 * encoding of no bytes.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class CanonicalBase64 {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final byte[] VALUE = new byte[128];

    static {
        Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUE[ALPHABET[i]] = (byte) i;
        }
    }

    private CanonicalBase64() {
    }

    /**
     * Encodes bytes: standard alphabet, padded, no line breaks (the one spelling the decoders accept).
     *
     * @param data the bytes
     * @return the text
     */
    public static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(Objects.requireNonNull(data, "data"));
    }

    /**
     * Decodes canonical Base64 that came from outside the program; no whitespace of any kind is allowed.
     *
     * @param text the text
     * @param element what is being decoded, for example {@code "Wechatpay-Signature"}
     * @return the bytes (a new array the caller owns)
     * @throws MalformedDataException if the text is not the canonical encoding of any bytes; the offset is the
     *     character index (the text's length for a length problem); the message never echoes the text
     */
    public static byte[] decode(CharSequence text, String element) throws MalformedDataException {
        return decode(text, element, false);
    }

    /**
     * Decodes canonical Base64 in which CR and LF are ignored wherever they occur (a PEM body, or a signature a
     * format allows to be broken into lines); every other rule of {@link #decode(CharSequence, String)} applies.
     *
     * @param text the text
     * @param element what is being decoded, for example {@code "signPubKeyCert"}
     * @return the bytes (a new array the caller owns)
     * @throws MalformedDataException if the text without its line breaks is not the canonical encoding of any bytes;
     *     the offset is the character index in {@code text}
     */
    public static byte[] decodeLines(CharSequence text, String element) throws MalformedDataException {
        return decode(text, element, true);
    }

    private static byte[] decode(CharSequence text, String element, boolean lines) throws MalformedDataException {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(text, element);
        int n = text.length();
        // the significant characters and where each one was
        char[] s = new char[n];
        int[] at = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (lines && (c == '\r' || c == '\n')) {
                continue;
            }
            s[m] = c;
            at[m++] = i;
        }
        int pad = m > 0 && s[m - 1] == '=' ? (m > 1 && s[m - 2] == '=' ? 2 : 1) : 0;
        for (int j = 0; j < m - pad; j++) {
            if (value(s[j]) < 0) {
                throw new MalformedDataException(element, at[j], problem(s[j]));
            }
        }
        if (m % 4 != 0) {
            throw new MalformedDataException(element, n,
                    m + " Base64 characters: not a multiple of 4 (padding missing or extra characters)");
        }
        if (pad == 2 && (value(s[m - 3]) & 0x0F) != 0 || pad == 1 && (value(s[m - 2]) & 0x03) != 0) {
            throw new MalformedDataException(element, at[m - pad - 1],
                    "non-zero padding bits: not the canonical encoding");
        }
        byte[] out = new byte[m / 4 * 3 - pad];
        int o = 0;
        for (int j = 0; j < m; j += 4) {
            int bits = value(s[j]) << 18 | value(s[j + 1]) << 12
                    | (s[j + 2] == '=' ? 0 : value(s[j + 2]) << 6) | (s[j + 3] == '=' ? 0 : value(s[j + 3]));
            out[o++] = (byte) (bits >> 16);
            if (o < out.length) {
                out[o++] = (byte) (bits >> 8);
            }
            if (o < out.length) {
                out[o++] = (byte) bits;
            }
        }
        return out;
    }

    private static String problem(char c) {
        if (c == '=') {
            return "'=' before the end: padding only at the end, at most two";
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            return "whitespace is not allowed here";
        }
        if (c == '-' || c == '_') {
            return "URL-safe character: the standard alphabet uses '+' and '/'";
        }
        return "not a Base64 character";
    }

    private static int value(char c) {
        return c < 128 ? VALUE[c] : -1;
    }
}
