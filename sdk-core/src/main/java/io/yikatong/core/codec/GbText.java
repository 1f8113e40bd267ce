package io.yikatong.core.codec;

import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.Objects;

/**
 * Card text, the "AN" style (字母数字型) of the health and social security cards: GB18030 bytes (a superset of GBK and
 * GB 2312, so text written in either decodes unchanged), padded to the field length.
 *
 * <p><b>Decoding</b> ({@link #decode(byte[], String)}) is strict:
 * <ol>
 * <li>The text ends at the first {@code 0x00} or {@code 0xFF} byte (neither occurs inside GB18030 text).</li>
 * <li>Every byte from there to the end must be padding: {@code 0x00}, {@code 0x20} (space) or {@code 0xFF}. This is
 * the whole tolerated padding set: cards pad with {@code 0x00} (spec §1.3), and cards in the field sometimes leave
 * {@code 0xFF} (erased EEPROM) or spaces. Any other byte after the end is malformed (it would be hidden text).</li>
 * <li>The text bytes must be well-formed GB18030 (a {@link CharsetDecoder} with {@link CodingErrorAction#REPORT});
 * a bad sequence is reported with its byte offset.</li>
 * <li>Trailing spaces (U+0020) are removed, because some cards pad with spaces before the zeros. Leading spaces and
 * spaces inside the text are kept.</li>
 * </ol>
 *
 * <p><b>Encoding</b> writes GB18030 and refuses text that would not decode back to itself: text containing U+0000,
 * unpaired surrogates, or (for fixed-length fields) more bytes than the field holds. Nothing is ever cut, so a
 * multi-byte character is never split.
 *
 * <p>Which GB18030 mapping applies is the JDK's: JDK 17 implements GB18030-2005 (with the 2000 mappings), JDK 21 and
 * later GB18030-2022 by default. The two differ for a few dozen rarely used characters mapped to the private use area
 * in the older edition; GBK/GB 2312 text is unaffected.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class GbText {

    /** The GB18030 charset every method of this class uses. */
    public static final Charset GB18030 = Charset.forName("GB18030");

    private GbText() {
    }

    /**
     * Decodes a padded AN field.
     *
     * @param data the field bytes, for example a TLV value
     * @param element what is being decoded, for example {@code "姓名"}
     * @return the text without padding and without trailing spaces; empty if the field holds only padding
     * @throws MalformedDataException if a non-padding byte follows the end of the text, or the text is not valid
     *     GB18030; the offset is the byte index of the problem
     */
    public static String decode(byte[] data, String element) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(element, "element");
        int end = 0;
        while (end < data.length && data[end] != 0x00 && data[end] != (byte) 0xFF) {
            end++;
        }
        for (int i = end; i < data.length; i++) {
            byte b = data[i];
            if (b != 0x00 && b != 0x20 && b != (byte) 0xFF) {
                throw new MalformedDataException(element, i,
                        "byte after the end of the text is not padding (00, 20 or FF)");
            }
        }
        CharsetDecoder decoder = GB18030.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(data, 0, end);
        CharBuffer out = CharBuffer.allocate(end + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new MalformedDataException(element, in.position(), result.isMalformed()
                    ? "malformed GB18030 byte sequence" : "unmappable GB18030 byte sequence");
        }
        if (result.isOverflow()) {
            throw new IllegalStateException("GB18030 decoder needed more than one char per byte");
        }
        out.flip();
        int len = out.length();
        while (len > 0 && out.charAt(len - 1) == ' ') {
            len--;
        }
        return out.subSequence(0, len).toString();
    }

    /**
     * Encodes text into a fixed-length AN field, padded on the right with {@code 0x00}.
     *
     * @param text the text
     * @param length the field length in bytes (at least 1)
     * @return a new array of exactly {@code length} bytes
     * @throws InvalidInputException if the text contains U+0000 or an unpaired surrogate, its GB18030 encoding is longer
     *     than {@code length}, or {@code length} is not positive
     */
    public static byte[] encode(String text, int length) {
        if (length < 1) {
            throw new InvalidInputException("length", "must be at least 1, was " + length);
        }
        byte[] encoded = encode(text);
        if (encoded.length > length) {
            throw new InvalidInputException("text",
                    "needs " + encoded.length + " bytes in GB18030, field holds " + length);
        }
        return Arrays.copyOf(encoded, length);
    }

    /**
     * Encodes text as GB18030 without padding.
     *
     * @param text the text
     * @return the bytes (a new array)
     * @throws InvalidInputException if the text contains U+0000 or an unpaired surrogate
     */
    public static byte[] encode(String text) {
        Objects.requireNonNull(text, "text");
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            throw new InvalidInputException("text", "contains U+0000 at index " + nul + " (reserved for padding)");
        }
        CharsetEncoder encoder = GB18030.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, "text",
                    "cannot be encoded in GB18030 (unpaired surrogate?)", e);
        }
    }
}
