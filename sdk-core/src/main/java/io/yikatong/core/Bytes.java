package io.yikatong.core;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes with value equality: the type to use wherever a record or value type needs a byte
 * array component (a {@code byte[]} component would compare by reference and could be changed by anyone holding it).
 *
 * <p>Copies are made on the way in ({@link #copyOf(byte[])}) and on the way out ({@link #toByteArray()}).
 * {@link #toString()} prints the length and hex; do not use this type for secrets (keys have their own types whose
 * {@code toString} hides the value).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Bytes implements Comparable<Bytes> {

    private static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /**
     * Returns the empty sequence.
     *
     * @return an empty {@code Bytes}
     */
    public static Bytes empty() {
        return EMPTY;
    }

    /**
     * Copies a byte array.
     *
     * @param data the bytes to copy
     * @return an immutable copy
     */
    public static Bytes copyOf(byte[] data) {
        Objects.requireNonNull(data, "data");
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /**
     * Copies a range of a byte array.
     *
     * @param data the source array
     * @param offset the first byte to copy
     * @param length how many bytes to copy
     * @return an immutable copy of the range
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public static Bytes copyOf(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /**
     * Parses hexadecimal text (upper or lower case, no separators).
     *
     * @param hex the text
     * @return the bytes
     * @throws InvalidInputException if the text is not an even number of hex digits
     */
    public static Bytes fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if ((hex.length() & 1) != 0) {
            throw new InvalidInputException("hex", "odd number of hex digits (" + hex.length() + ")");
        }
        try {
            return copyOfOwned(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(CoreErrorCode.INVALID_INPUT, "hex", "not hexadecimal text", e);
        }
    }

    private static Bytes copyOfOwned(byte[] owned) {
        return owned.length == 0 ? EMPTY : new Bytes(owned);
    }

    /**
     * Returns the number of bytes.
     *
     * @return the length
     */
    public int length() {
        return data.length;
    }

    /**
     * Returns whether the sequence is empty.
     *
     * @return {@code true} if the length is zero
     */
    public boolean isEmpty() {
        return data.length == 0;
    }

    /**
     * Returns one byte.
     *
     * @param index the position
     * @return the byte at that position
     * @throws IndexOutOfBoundsException if the index is outside the sequence
     */
    public byte get(int index) {
        return data[Objects.checkIndex(index, data.length)];
    }

    /**
     * Returns a copy of the bytes.
     *
     * @return a new array the caller owns
     */
    public byte[] toByteArray() {
        return data.clone();
    }

    /**
     * Returns the bytes as lowercase hexadecimal text.
     *
     * @return the hex text
     */
    public String toHex() {
        return HEX.formatHex(data);
    }

    /**
     * Returns a sub-sequence.
     *
     * @param from the first index, inclusive
     * @param to the last index, exclusive
     * @return the sub-sequence
     * @throws IndexOutOfBoundsException if the range is outside the sequence
     */
    public Bytes slice(int from, int to) {
        Objects.checkFromToIndex(from, to, data.length);
        return copyOfOwned(Arrays.copyOfRange(data, from, to));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }

    /**
     * Returns {@code Bytes[length]hex}, the hex cut after 64 bytes.
     */
    @Override
    public String toString() {
        String hex = data.length <= 64 ? toHex() : HEX.formatHex(data, 0, 64) + "…";
        return "Bytes[" + data.length + "]" + hex;
    }
}
