package io.yikatong.core.codec;

import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One BER-TLV data object (ISO/IEC 8825-1 as profiled by ISO/IEC 7816-4 §5.2): a tag of one to three bytes, a
 * determinate length and a value; a <em>constructed</em> object's value is itself a sequence of data objects, its
 * {@linkplain #children() children}.
 *
 * <p>The tag is held as an {@code int} whose bytes are the tag's encoding, for example {@code 0x6F}, {@code 0x9F02},
 * {@code 0xBF0C}, {@code 0x5F2D}. A tag is valid when its first byte is neither {@code 00} nor {@code FF} (both are
 * padding in ISO/IEC 7816-4), a first byte with low bits {@code 11111} is followed by one or two subsequent bytes of
 * which only the last has bit 8 clear, and the first subsequent byte is not {@code 80} or {@code 00} (that would be a
 * leading zero in the tag number). Bit 6 of the first byte is the constructed flag; {@link #primitive(int, Bytes)}
 * and {@link #constructed(int, List)} check that it matches.
 *
 * <p>Equality compares the tag, the constructed flag and the value bytes. A constructed object decoded from bytes keeps
 * its value bytes as read (including any {@code 00}/{@code FF} padding between its children); one built from children
 * has the concatenated encodings of the children as value. Trees are at most {@link BerTlv#MAX_DEPTH} levels deep.
 *
 * <p>{@link #toString()} shows only the tag and lengths, never the value, because values read from a card hold
 * personal data.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Tlv {

    private final int tag;
    private final boolean constructed;
    private final Bytes value;
    private final List<Tlv> children;
    private final int depth;

    Tlv(int tag, boolean constructed, Bytes value, List<Tlv> children) {
        this.tag = tag;
        this.constructed = constructed;
        this.value = value;
        this.children = children;
        int d = 0;
        for (Tlv child : children) {
            d = Math.max(d, child.depth);
        }
        this.depth = d + 1;
    }

    /**
     * Creates a primitive data object.
     *
     * @param tag the tag bytes as an int, for example {@code 0x5A} or {@code 0x9F02}; bit 6 of the first byte clear
     * @param value the value
     * @return the data object
     * @throws InvalidInputException if the tag is not a valid primitive tag
     */
    public static Tlv primitive(int tag, Bytes value) {
        Objects.requireNonNull(value, "value");
        checkTag(tag);
        if (isConstructedTag(tag)) {
            throw new InvalidInputException("tag", "tag " + tagHex(tag) + " has the constructed bit set");
        }
        return new Tlv(tag, false, value, List.of());
    }

    /**
     * Creates a primitive data object from a copy of an array.
     *
     * @param tag the tag bytes as an int; bit 6 of the first byte clear
     * @param value the value (copied)
     * @return the data object
     * @throws InvalidInputException if the tag is not a valid primitive tag
     */
    public static Tlv primitive(int tag, byte[] value) {
        return primitive(tag, Bytes.copyOf(value));
    }

    /**
     * Creates a constructed data object whose value is the encoding of the given children, in order.
     *
     * @param tag the tag bytes as an int, for example {@code 0x6F}; bit 6 of the first byte set
     * @param children the children, possibly empty
     * @return the data object
     * @throws InvalidInputException if the tag is not a valid constructed tag, or the tree would be deeper than
     *     {@link BerTlv#MAX_DEPTH}
     */
    public static Tlv constructed(int tag, List<Tlv> children) {
        checkTag(tag);
        if (!isConstructedTag(tag)) {
            throw new InvalidInputException("tag", "tag " + tagHex(tag) + " does not have the constructed bit set");
        }
        List<Tlv> copy = List.copyOf(children);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv child : copy) {
            if (child.depth + 1 > BerTlv.MAX_DEPTH) {
                throw new InvalidInputException("children", "tree deeper than " + BerTlv.MAX_DEPTH + " levels");
            }
            child.writeTo(out);
        }
        return new Tlv(tag, true, Bytes.copyOf(out.toByteArray()), copy);
    }

    /**
     * Creates a constructed data object.
     *
     * @param tag the tag bytes as an int; bit 6 of the first byte set
     * @param children the children, possibly none
     * @return the data object
     * @throws InvalidInputException if the tag is not a valid constructed tag, or the tree would be too deep
     */
    public static Tlv constructed(int tag, Tlv... children) {
        return constructed(tag, List.of(children));
    }

    /**
     * Returns the tag.
     *
     * @return the tag bytes as an int, for example {@code 0x9F02}
     */
    public int tag() {
        return tag;
    }

    /**
     * Returns whether this is a constructed data object.
     *
     * @return {@code true} if the value is a sequence of data objects
     */
    public boolean isConstructed() {
        return constructed;
    }

    /**
     * Returns the value bytes (for a constructed object, the encoded children).
     *
     * @return the value
     */
    public Bytes value() {
        return value;
    }

    /**
     * Returns the children of a constructed object.
     *
     * @return an immutable list, empty for a primitive object
     */
    public List<Tlv> children() {
        return children;
    }

    /**
     * Finds the first descendant with a tag, searching depth-first in document order. This object itself is not a
     * candidate.
     *
     * @param tag the tag to look for
     * @return the first match, or empty
     */
    public Optional<Tlv> find(int tag) {
        return BerTlv.find(children, tag);
    }

    /**
     * Encodes this data object: tag, minimal-length length field, value.
     *
     * @return the encoding (a new array)
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 8);
        writeTo(out);
        return out.toByteArray();
    }

    void writeTo(ByteArrayOutputStream out) {
        if (tag > 0xFFFF) {
            out.write(tag >>> 16);
        }
        if (tag > 0xFF) {
            out.write(tag >>> 8);
        }
        out.write(tag);
        int len = value.length();
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = len > 0xFFFFFF ? 4 : len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
    }

    int depth() {
        return depth;
    }

    static boolean isConstructedTag(int tag) {
        int first = tag > 0xFFFF ? tag >>> 16 : tag > 0xFF ? tag >>> 8 : tag;
        return (first & 0x20) != 0;
    }

    static String tagHex(int tag) {
        return Hex.encodeUpper(tag > 0xFFFF ? new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag}
                : tag > 0xFF ? new byte[] {(byte) (tag >>> 8), (byte) tag} : new byte[] {(byte) tag});
    }

    private static void checkTag(int tag) {
        String problem = tagProblem(tag);
        if (problem != null) {
            throw new InvalidInputException("tag", "0x" + Integer.toHexString(tag) + " is not a valid BER-TLV tag: "
                    + problem);
        }
    }

    /** Returns null if the tag int is a valid 1-3 byte BER tag encoding, else what is wrong. */
    static String tagProblem(int tag) {
        if (tag < 0 || tag > 0xFFFFFF) {
            return "more than 3 bytes";
        }
        if (tag <= 0xFF) {
            if (tag == 0x00 || tag == 0xFF) {
                return "00 and FF are padding, not tags";
            }
            return (tag & 0x1F) == 0x1F ? "first byte announces subsequent bytes" : null;
        }
        int[] bytes = tag <= 0xFFFF ? new int[] {tag >>> 8, tag & 0xFF}
                : new int[] {tag >>> 16, (tag >>> 8) & 0xFF, tag & 0xFF};
        if (bytes[0] == 0xFF) {
            return "00 and FF are padding, not tags";
        }
        if ((bytes[0] & 0x1F) != 0x1F) {
            return "first byte does not announce subsequent bytes";
        }
        if ((bytes[1] & 0x7F) == 0) {
            return "tag number has a leading zero";
        }
        for (int i = 1; i < bytes.length; i++) {
            boolean last = i == bytes.length - 1;
            if (last == ((bytes[i] & 0x80) != 0)) {
                return last ? "last byte has bit 8 set" : "subsequent byte before the last has bit 8 clear";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv other && tag == other.tag && constructed == other.constructed
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + value.hashCode();
    }

    /**
     * Returns the tag, the value length and, for constructed objects, the children's tags; never value bytes.
     *
     * @return for example {@code Tlv[6F, 20 bytes, children=[84, A5]]}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tlv[").append(tagHex(tag)).append(", ").append(value.length())
                .append(" bytes");
        if (constructed) {
            List<String> tags = new ArrayList<>();
            for (Tlv child : children) {
                tags.add(tagHex(child.tag));
            }
            sb.append(", children=").append(tags);
        }
        return sb.append(']').toString();
    }
}
