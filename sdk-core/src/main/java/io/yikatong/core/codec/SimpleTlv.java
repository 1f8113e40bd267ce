package io.yikatong.core.codec;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SIMPLE-TLV data object (ISO/IEC 7816-4 §5.2.1): the records of the health card's DDF1/EF05, EF06, EF08 and the
 * DF01/DF02 record files, and of the social security card's SSSE/EF05 and EF06 (spec §1.3, §3.3–3.4). Each record
 * holds one data element as {@code tag(1) || length || value}.
 *
 * <p>What is accepted, and why:
 * <ul>
 * <li><b>Tag</b>: one byte {@code 01}–{@code FE}. {@code 00} and {@code FF} are not tags (ISO/IEC 7816-4); where a tag
 * is expected they start <em>padding</em>, and then every remaining byte must be {@code 00} or {@code FF} (a card may
 * return a record longer than its data object, filled with the erased-memory value).</li>
 * <li><b>Length</b>: one byte {@code 00}–{@code FE}, read as an unsigned number. It is <em>not</em> BER: the health
 * card stores the 180-byte 发卡机构证书 with length byte {@code B4}. The ISO three-byte form {@code FF hi lo}
 * (0–65 535) is also accepted, but only for lengths above 254, the only case where it is needed (so each object has
 * one encoding); the spec shows no card using it.</li>
 * <li>The value length is what the length says; for card records it is the element's fixed maximum length and the
 * value carries the element's own padding (AN {@code 00}, CN {@code F}), which {@link GbText} and {@link Bcd}
 * remove.</li>
 * </ul>
 * Decoding failures are {@link MalformedDataException}s with element {@code SIMPLE-TLV} and the byte offset.
 *
 * <p>{@link #toString()} shows only the tag and length, never the value (card records hold personal data).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SimpleTlv {

    /** Largest value length the format can express. */
    public static final int MAX_LENGTH = 0xFFFF;

    private static final String ELEMENT = "SIMPLE-TLV";

    private final int tag;
    private final Bytes value;

    private SimpleTlv(int tag, Bytes value) {
        this.tag = tag;
        this.value = value;
    }

    /**
     * Creates a data object.
     *
     * @param tag the tag, {@code 0x01}–{@code 0xFE}
     * @param value the value, at most {@link #MAX_LENGTH} bytes
     * @return the data object
     * @throws InvalidInputException if the tag or the value length is out of range
     */
    public static SimpleTlv of(int tag, Bytes value) {
        Objects.requireNonNull(value, "value");
        if (tag < 0x01 || tag > 0xFE) {
            throw new InvalidInputException("tag", "must be 0x01-0xFE, was 0x" + Integer.toHexString(tag));
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException("value", "at most " + MAX_LENGTH + " bytes, was " + value.length());
        }
        return new SimpleTlv(tag, value);
    }

    /**
     * Creates a data object from a copy of an array.
     *
     * @param tag the tag, {@code 0x01}–{@code 0xFE}
     * @param value the value (copied), at most {@link #MAX_LENGTH} bytes
     * @return the data object
     * @throws InvalidInputException if the tag or the value length is out of range
     */
    public static SimpleTlv of(int tag, byte[] value) {
        return of(tag, Bytes.copyOf(value));
    }

    /**
     * Decodes one record: exactly one data object, optionally followed by {@code 00}/{@code FF} padding.
     *
     * @param record the record bytes as returned by READ RECORD (without the status word)
     * @return the data object
     * @throws MalformedDataException if there is no data object, it is malformed, or a second object or non-padding
     *     byte follows it
     */
    public static SimpleTlv decode(byte[] record) throws MalformedDataException {
        Objects.requireNonNull(record, "record");
        List<SimpleTlv> all = decodeList(record);
        if (all.isEmpty()) {
            throw new MalformedDataException(ELEMENT, 0, "no data object (empty or only padding)");
        }
        if (all.size() > 1) {
            throw new MalformedDataException(ELEMENT, all.get(0).encodedLength(), "more than one data object");
        }
        return all.get(0);
    }

    /**
     * Decodes one record and checks its tag, as when reading a record by its identifier ({@code 00B2 <tag> 00}).
     *
     * @param record the record bytes
     * @param expectedTag the tag the record must carry
     * @return the data object
     * @throws MalformedDataException if {@link #decode(byte[])} fails or the tag differs
     */
    public static SimpleTlv decode(byte[] record, int expectedTag) throws MalformedDataException {
        SimpleTlv tlv = decode(record);
        if (tlv.tag != expectedTag) {
            throw new MalformedDataException(ELEMENT, 0, "tag " + Tlv.tagHex(tlv.tag) + " where "
                    + Tlv.tagHex(expectedTag & 0xFF) + " was expected");
        }
        return tlv;
    }

    /**
     * Decodes a sequence of data objects, stopping at padding.
     *
     * @param data the bytes
     * @return the data objects in order (an immutable list, empty for empty or all-padding input)
     * @throws MalformedDataException if a length runs past the end, a three-byte length is truncated or non-minimal,
     *     or a byte other than {@code 00}/{@code FF} follows the start of padding
     */
    public static List<SimpleTlv> decodeList(byte[] data) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        List<SimpleTlv> out = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int tag = data[pos] & 0xFF;
            if (tag == 0x00 || tag == 0xFF) {
                for (int i = pos; i < data.length; i++) {
                    if (data[i] != 0x00 && data[i] != (byte) 0xFF) {
                        throw new MalformedDataException(ELEMENT, i, "byte after padding start is not 00 or FF");
                    }
                }
                break;
            }
            int lengthOffset = pos + 1;
            if (lengthOffset >= data.length) {
                throw new MalformedDataException(ELEMENT, lengthOffset, "length missing");
            }
            int length = data[lengthOffset] & 0xFF;
            int valueStart = lengthOffset + 1;
            if (length == 0xFF) {
                if (data.length - valueStart < 2) {
                    throw new MalformedDataException(ELEMENT, lengthOffset, "three-byte length runs past the end");
                }
                length = ((data[valueStart] & 0xFF) << 8) | (data[valueStart + 1] & 0xFF);
                if (length < 0xFF) {
                    throw new MalformedDataException(ELEMENT, lengthOffset,
                            "three-byte length form used for a length below 255");
                }
                valueStart += 2;
            }
            if (length > data.length - valueStart) {
                throw new MalformedDataException(ELEMENT, valueStart,
                        "length " + length + " exceeds the " + (data.length - valueStart) + " remaining bytes");
            }
            out.add(new SimpleTlv(tag, Bytes.copyOf(data, valueStart, length)));
            pos = valueStart + length;
        }
        return List.copyOf(out);
    }

    /**
     * Encodes data objects one after another.
     *
     * @param objects the data objects
     * @return the concatenated encodings (a new array)
     */
    public static byte[] encode(List<SimpleTlv> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SimpleTlv tlv : objects) {
            tlv.writeTo(out);
        }
        return out.toByteArray();
    }

    /**
     * Returns the tag.
     *
     * @return the tag, {@code 0x01}–{@code 0xFE}
     */
    public int tag() {
        return tag;
    }

    /**
     * Returns the value.
     *
     * @return the value bytes
     */
    public Bytes value() {
        return value;
    }

    /**
     * Encodes this data object: tag, one-byte length (or {@code FF hi lo} above 254), value.
     *
     * @return the encoding (a new array)
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 4);
        writeTo(out);
        return out.toByteArray();
    }

    private int encodedLength() {
        return (value.length() > 0xFE ? 4 : 2) + value.length();
    }

    private void writeTo(ByteArrayOutputStream out) {
        out.write(tag);
        int len = value.length();
        if (len <= 0xFE) {
            out.write(len);
        } else {
            out.write(0xFF);
            out.write(len >>> 8);
            out.write(len);
        }
        out.writeBytes(value.toByteArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimpleTlv other && tag == other.tag && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + value.hashCode();
    }

    /**
     * Returns the tag and length, never the value.
     *
     * @return for example {@code SimpleTlv[0B, 30 bytes]}
     */
    @Override
    public String toString() {
        return "SimpleTlv[" + Tlv.tagHex(tag) + ", " + value.length() + " bytes]";
    }
}
