package io.yikatong.core.codec;

import io.yikatong.core.Bytes;
import io.yikatong.core.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decoding and encoding of BER-TLV data objects ({@link Tlv}) as used by ISO/IEC 7816-4 §5.2 (FCI templates, EMV/PBOC
 * records, certificates on cards).
 *
 * <p>Decoding is strict and bounded. Each of the following is a {@link MalformedDataException} naming the element
 * ({@code BER-TLV tag}, {@code BER-TLV length}, {@code BER-TLV value}, {@code BER-TLV}) and the absolute byte offset
 * in the input:
 * <ul>
 * <li>a tag running off the end of the input or of its parent's value, longer than 3 bytes, or with a leading zero in
 * its tag number (first subsequent byte {@code 80});</li>
 * <li>the indefinite length form {@code 80}; a length field of more than 4 bytes ({@code 85}…{@code FF});
 * a <em>non-minimal</em> length field ({@code 81 05}, {@code 82 00 80}): rejected like DER (ITU-T X.690 §10.1) so
 * that every object has exactly one encoding and a signature over re-encoded data cannot be made to differ;</li>
 * <li>a length beyond the remaining bytes of the input or of the parent's value;</li>
 * <li>nesting deeper than {@link #MAX_DEPTH} levels (the recursion is bounded by this limit);</li>
 * <li>for {@link #decodeOne(byte[])}: no object, or any byte after it (padding included).</li>
 * </ul>
 *
 * <p>Padding: where a tag is expected inside {@link #decode(byte[])} input or inside a constructed value, bytes
 * {@code 00} and {@code FF} are skipped, as ISO/IEC 7816-4 allows them before, between and after data objects (erased
 * or deleted objects). They are therefore never the first byte of a tag.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class BerTlv {

    /** The deepest nesting accepted when decoding or building: a top-level object is at level 1. */
    public static final int MAX_DEPTH = 16;

    private BerTlv() {
    }

    /**
     * Decodes a sequence of data objects, skipping {@code 00}/{@code FF} padding between them.
     *
     * @param data the bytes, for example a SELECT response without the status word
     * @return the top-level objects in order (an immutable list, empty for empty or all-padding input)
     * @throws MalformedDataException if the bytes are not a valid sequence of BER-TLV objects (see the class
     *     documentation)
     */
    public static List<Tlv> decode(byte[] data) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        return new Reader(data).sequence(0, data.length, 1);
    }

    /**
     * Decodes exactly one data object that spans the whole input.
     *
     * @param data the bytes
     * @return the object
     * @throws MalformedDataException if the input is empty, is not a valid BER-TLV object, or has bytes after the
     *     object
     */
    public static Tlv decodeOne(byte[] data) throws MalformedDataException {
        Objects.requireNonNull(data, "data");
        Reader reader = new Reader(data);
        Tlv tlv = reader.object(data.length, 1);
        if (reader.pos != data.length) {
            throw new MalformedDataException("BER-TLV", reader.pos,
                    (data.length - reader.pos) + " bytes after the data object");
        }
        return tlv;
    }

    /**
     * Encodes data objects one after another.
     *
     * @param objects the objects
     * @return the concatenated encodings (a new array)
     */
    public static byte[] encode(List<Tlv> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv tlv : objects) {
            tlv.writeTo(out);
        }
        return out.toByteArray();
    }

    /**
     * Encodes data objects one after another.
     *
     * @param objects the objects
     * @return the concatenated encodings (a new array)
     */
    public static byte[] encode(Tlv... objects) {
        return encode(List.of(objects));
    }

    /**
     * Finds the first object with a tag among the given objects and their descendants, depth-first in document order.
     *
     * @param objects the objects to search
     * @param tag the tag to look for
     * @return the first match, or empty
     */
    public static Optional<Tlv> find(List<Tlv> objects, int tag) {
        for (Tlv tlv : objects) {
            if (tlv.tag() == tag) {
                return Optional.of(tlv);
            }
            Optional<Tlv> inner = find(tlv.children(), tag);
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        List<Tlv> sequence(int start, int end, int depth) throws MalformedDataException {
            List<Tlv> out = new ArrayList<>();
            pos = start;
            while (pos < end) {
                if (data[pos] == 0x00 || data[pos] == (byte) 0xFF) {
                    pos++;
                    continue;
                }
                if (depth > MAX_DEPTH) {
                    throw new MalformedDataException("BER-TLV", pos, "nested deeper than " + MAX_DEPTH + " levels");
                }
                out.add(object(end, depth));
            }
            return List.copyOf(out);
        }

        Tlv object(int end, int depth) throws MalformedDataException {
            int start = pos;
            if (pos >= end) {
                throw new MalformedDataException("BER-TLV tag", pos, "no data object");
            }
            int first = data[pos++] & 0xFF;
            if (first == 0x00 || first == 0xFF) {
                throw new MalformedDataException("BER-TLV tag", start, "00 and FF are padding, not tags");
            }
            int tag = first;
            if ((first & 0x1F) == 0x1F) {
                for (int i = 1; ; i++) {
                    if (pos >= end) {
                        throw new MalformedDataException("BER-TLV tag", pos, "tag runs past the end");
                    }
                    int b = data[pos++] & 0xFF;
                    if (i == 1 && (b & 0x7F) == 0) {
                        throw new MalformedDataException("BER-TLV tag", pos - 1, "tag number has a leading zero");
                    }
                    tag = (tag << 8) | b;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                    if (i == 2) {
                        throw new MalformedDataException("BER-TLV tag", start, "tag longer than 3 bytes");
                    }
                }
            }
            int lengthOffset = pos;
            if (pos >= end) {
                throw new MalformedDataException("BER-TLV length", pos, "length missing");
            }
            int l0 = data[pos++] & 0xFF;
            long length;
            if (l0 < 0x80) {
                length = l0;
            } else if (l0 == 0x80) {
                throw new MalformedDataException("BER-TLV length", lengthOffset, "indefinite length not allowed");
            } else {
                int n = l0 & 0x7F;
                if (n > 4) {
                    throw new MalformedDataException("BER-TLV length", lengthOffset,
                            "length field of " + n + " bytes (at most 4)");
                }
                if (n > end - pos) {
                    throw new MalformedDataException("BER-TLV length", lengthOffset, "length field runs past the end");
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (data[pos++] & 0xFF);
                }
                if (length < 0x80 || length < (1L << (8 * (n - 1)))) {
                    throw new MalformedDataException("BER-TLV length", lengthOffset, "non-minimal length encoding");
                }
            }
            if (length > end - pos) {
                throw new MalformedDataException("BER-TLV value", pos,
                        "length " + length + " exceeds the " + (end - pos) + " remaining bytes");
            }
            int valueStart = pos;
            int valueEnd = pos + (int) length;
            Bytes value = Bytes.copyOf(data, valueStart, valueEnd - valueStart);
            boolean constructed = (first & 0x20) != 0;
            List<Tlv> children = List.of();
            if (constructed) {
                children = sequence(valueStart, valueEnd, depth + 1);
            }
            pos = valueEnd;
            return new Tlv(tag, constructed, value, children);
        }
    }
}
