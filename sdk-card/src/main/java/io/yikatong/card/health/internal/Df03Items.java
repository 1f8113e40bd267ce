package io.yikatong.card.health.internal;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The item map of one DF03 record type (EE inpatient or ED outpatient) from {@link Df03Layout}, with the item codecs:
 * AN text trimmed of padding, CN digits cut at the first {@code F}, B as upper-case hex. The last two items are the
 * 64-byte signature and the 190-byte certificate; the data part is everything before them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Df03Items {

    /**
     * One item of a DF03 record.
     *
     * @param number the vendor item number (数据项序号)
     * @param offset the byte offset in the file
     * @param length the length in bytes
     * @param encoding the encoding
     */
    public record Item(int number, int offset, int length, Encoding encoding) {
    }

    /** EE01–EE03 住院信息: items 64–210 data (1639 bytes), 211 signature, 212 certificate, 1893 bytes. */
    public static final Df03Items INPATIENT = new Df03Items(Df03Layout.INPATIENT);
    /** ED01–ED05 门诊信息: items 213–382 data (3013 bytes), 383 signature, 384 certificate, 3267 bytes. */
    public static final Df03Items OUTPATIENT = new Df03Items(Df03Layout.OUTPATIENT);

    /** Length of the signature item. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Length of the certificate item. */
    public static final int CERTIFICATE_LENGTH = 190;

    private final List<Item> items;
    private final Map<Integer, Item> byNumber;

    private Df03Items(int[][] rows) {
        List<Item> list = new ArrayList<>();
        Map<Integer, Item> map = new TreeMap<>();
        for (int[] row : rows) {
            Encoding encoding = row[3] == Df03Layout.AN ? Encoding.AN : row[3] == Df03Layout.CN ? Encoding.CN : Encoding.B;
            Item item = new Item(row[0], row[1], row[2], encoding);
            list.add(item);
            map.put(item.number(), item);
        }
        this.items = List.copyOf(list);
        this.byNumber = Map.copyOf(map);
    }

    /**
     * Returns all items in file order, signature and certificate included.
     *
     * @return the items
     */
    public List<Item> items() {
        return items;
    }

    /**
     * Returns the data items (all but signature and certificate).
     *
     * @return the data items in file order
     */
    public List<Item> dataItems() {
        return items.subList(0, items.size() - 2);
    }

    /**
     * Looks up an item.
     *
     * @param number the item number
     * @return the item, or empty if it does not belong to this record type
     */
    public Optional<Item> item(int number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /**
     * Looks up a data item for a caller.
     *
     * @param number the item number
     * @param kind "inpatient" or "outpatient", for the message
     * @return the item
     * @throws InvalidInputException naming {@code "item <number>"} if the number is not a data item of this type
     */
    public Item dataItem(int number, String kind) {
        Item item = byNumber.get(number);
        if (item == null || item.offset() >= dataLength()) {
            Item first = items.get(0);
            Item last = dataItems().get(dataItems().size() - 1);
            throw new InvalidInputException("item " + number, "not a data item of an " + kind + " record (items "
                    + first.number() + "-" + last.number() + ")");
        }
        return item;
    }

    /**
     * Returns the length of the data part.
     *
     * @return 1639 or 3013
     */
    public int dataLength() {
        return items.get(items.size() - 2).offset();
    }

    /**
     * Returns the file length.
     *
     * @return 1893 or 3267
     */
    public int totalLength() {
        Item last = items.get(items.size() - 1);
        return last.offset() + last.length();
    }

    /**
     * Checks a file image: its length and every data item's encoding.
     *
     * @param image the file bytes
     * @param file the file label for the exception
     * @throws MalformedCardResponseException naming the offset of the first bad byte
     */
    public void validate(Bytes image, String file) throws MalformedCardResponseException {
        if (image.length() != totalLength()) {
            throw new MalformedCardResponseException(file, -1, -1,
                    "file must be " + totalLength() + " bytes, was " + image.length(), null);
        }
        byte[] data = image.toByteArray();
        for (Item item : dataItems()) {
            try {
                decode(data, item);
            } catch (MalformedDataException e) {
                throw new MalformedCardResponseException(file, -1, item.offset() + Math.max(e.offset(), 0),
                        "item " + item.number() + " (" + item.encoding() + " " + item.length() + "): "
                                + HealthCardCodec.problemOf(e), e);
            }
        }
    }

    /**
     * Decodes one item of a validated image.
     *
     * @param image the file bytes, already validated
     * @param item the item
     * @return the text (AN), digits (CN) or upper-case hex (B)
     */
    public String decode(Bytes image, Item item) {
        try {
            return decode(image.toByteArray(), item);
        } catch (MalformedDataException e) {
            throw new IllegalStateException("image was not validated", e);
        }
    }

    /**
     * Decodes a CN date item, tolerating anything that is not a date.
     *
     * @param image the file bytes
     * @param item the item, 4 bytes
     * @return the date, or empty if the bytes are not a valid {@code yyyyMMdd} date (unwritten, zero, or otherwise)
     */
    public static Optional<LocalDate> date(Bytes image, Item item) {
        try {
            return Bcd.decodeOptionalDate(slice(image.toByteArray(), item), "item " + item.number());
        } catch (MalformedDataException e) {
            return Optional.empty();
        }
    }

    /**
     * Decodes a CN date-time item, tolerating anything that is not a date-time.
     *
     * @param image the file bytes
     * @param item the item, 7 bytes
     * @return the date-time, or empty if the bytes are not a valid {@code yyyyMMddHHmmss} date-time
     */
    public static Optional<LocalDateTime> dateTime(Bytes image, Item item) {
        try {
            return Optional.of(Bcd.decodeDateTime(slice(image.toByteArray(), item), "item " + item.number()));
        } catch (MalformedDataException e) {
            return Optional.empty();
        }
    }

    /**
     * Encodes a caller's value into an item.
     *
     * @param item the item
     * @param value text (AN), digits (CN) or hex (B, at most the item length; padded with {@code 00})
     * @return exactly {@code item.length()} bytes
     * @throws InvalidInputException naming {@code "item <number>"} if the value does not fit
     */
    public static byte[] encode(Item item, String value) {
        String field = "item " + item.number();
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        try {
            switch (item.encoding()) {
                case AN:
                    return GbText.encode(value, item.length());
                case CN:
                    return Bcd.encodeCn(value, item.length());
                default:
                    byte[] raw = Hex.parse(value, field);
                    if (raw.length > item.length()) {
                        throw new InvalidInputException(field,
                                "needs " + raw.length + " bytes, the item holds " + item.length());
                    }
                    return java.util.Arrays.copyOf(raw, item.length());
            }
        } catch (InvalidInputException e) {
            if (e.field().equals(field)) {
                throw e;
            }
            throw new InvalidInputException(e.errorCode(), field, item.encoding() + " " + item.length() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Returns the empty encoding of an item: {@code 00} for AN and B, {@code FF} for CN.
     *
     * @param item the item
     * @return exactly {@code item.length()} bytes
     */
    public static byte[] empty(Item item) {
        byte[] out = new byte[item.length()];
        if (item.encoding() == Encoding.CN) {
            java.util.Arrays.fill(out, (byte) 0xFF);
        }
        return out;
    }

    private static String decode(byte[] data, Item item) throws MalformedDataException {
        byte[] field = slice(data, item);
        String element = "item " + item.number();
        switch (item.encoding()) {
            case AN:
                return GbText.decode(field, element);
            case CN:
                return Bcd.decodeCn(field, element);
            default:
                return Hex.encodeUpper(field);
        }
    }

    private static byte[] slice(byte[] data, Item item) {
        return java.util.Arrays.copyOfRange(data, item.offset(), item.offset() + item.length());
    }
}
