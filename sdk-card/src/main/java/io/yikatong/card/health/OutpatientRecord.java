package io.yikatong.card.health;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.internal.Df03Items;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * DF03/ED01–ED05 门诊信息: one outpatient visit, a 3267-byte transparent file: data items 213–382 (3013 bytes), the
 * 64-byte signature (item 383) and the 190-byte certificate (item 384) [C-vendor, Appendix A]. Evidenced item
 * meanings: 213 就诊机构名称 (AN 70), 214 就诊机构代码 (AN 10); the visit time is read per {@link Df03ItemMap} [I].
 *
 * <p>Build a record to write with {@link #builder()}; the signature and certificate stay zero until the writer signs
 * ({@link #withSignature(Bytes, Bytes)}). Decode a record read from a card with {@link #decode(HealthCardFile, Bytes)}.
 *
 * <p>{@link #toString()} shows the length only. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class OutpatientRecord {

    private static final Df03Items ITEMS = Df03Items.OUTPATIENT;

    private final Bytes image;

    private OutpatientRecord(Bytes image) {
        this.image = image;
    }

    /**
     * Decodes a file image read from ED01–ED05.
     *
     * @param file the file it was read from (for messages), one of {@code DF03_ED01}–{@code DF03_ED05}
     * @param image the whole file, 3267 bytes
     * @return the record
     * @throws MalformedCardResponseException if the image is not 3267 bytes or a data item is not valid for its
     *     encoding (the offset names the byte)
     * @throws InvalidInputException if {@code file} is not an ED file
     */
    public static OutpatientRecord decode(HealthCardFile file, Bytes image) throws MalformedCardResponseException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(image, "image");
        if (file.efFid() >> 8 != 0xED) {
            throw new InvalidInputException("file", file.label() + " is not an outpatient record file");
        }
        ITEMS.validate(image, file.label());
        return new OutpatientRecord(image);
    }

    /**
     * Starts a record to write.
     *
     * @return a builder with every item empty
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the whole file image, as written by UPDATE BINARY.
     *
     * @return 3267 bytes
     */
    public Bytes image() {
        return image;
    }

    /**
     * Returns the data part (items 213–382), the bytes that are signed.
     *
     * @return 3013 bytes
     */
    public Bytes dataPart() {
        return image.slice(0, ITEMS.dataLength());
    }

    /**
     * Returns the signature (item 383).
     *
     * @return 64 bytes, all zero if not yet signed
     */
    public Bytes signature() {
        return image.slice(ITEMS.dataLength(), ITEMS.dataLength() + Df03Items.SIGNATURE_LENGTH);
    }

    /**
     * Returns the certificate (item 384).
     *
     * @return 190 bytes, all zero if not yet signed
     */
    public Bytes certificate() {
        return image.slice(ITEMS.dataLength() + Df03Items.SIGNATURE_LENGTH, ITEMS.totalLength());
    }

    /**
     * Decodes one data item.
     *
     * @param number the item number, 213–382
     * @return AN items as text without padding, CN items as digits up to the first {@code F}, B items as upper-case
     *     hex
     * @throws InvalidInputException naming {@code "item <number>"} if the number is not an outpatient data item
     */
    public String item(int number) {
        return ITEMS.decode(image, ITEMS.dataItem(number, "outpatient"));
    }

    /**
     * Returns 就诊机构名称 (item 213).
     *
     * @return the institution name, empty if unwritten
     */
    public String institutionName() {
        return item(213);
    }

    /**
     * Returns 就诊机构代码 (item 214).
     *
     * @return the institution code, empty if unwritten
     */
    public String institutionCode() {
        return item(214);
    }

    /**
     * Returns the visit time with the {@link Df03ItemMap#DEFAULT default} item map (item 215) [I].
     *
     * @return the visit time, or empty if the item is not a valid {@code yyyyMMddHHmmss} date-time
     */
    public Optional<LocalDateTime> visitTime() {
        return visitTime(Df03ItemMap.DEFAULT);
    }

    /**
     * Returns the visit time read from the item a map names.
     *
     * @param map which item holds the visit time
     * @return the visit time, or empty if the item is not a valid {@code yyyyMMddHHmmss} date-time
     */
    public Optional<LocalDateTime> visitTime(Df03ItemMap map) {
        Objects.requireNonNull(map, "map");
        return Df03Items.dateTime(image, ITEMS.dataItem(map.outpatientVisitTime(), "outpatient"));
    }

    /**
     * Returns a copy with signature and certificate set, as the writer does after signing {@link #dataPart()}.
     *
     * @param signature the 64-byte signature
     * @param certificate the 190-byte certificate
     * @return the signed record
     * @throws InvalidInputException if a length is wrong
     */
    public OutpatientRecord withSignature(Bytes signature, Bytes certificate) {
        return new OutpatientRecord(Signing.sign(image, ITEMS, signature, certificate));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutpatientRecord && ((OutpatientRecord) o).image.equals(image);
    }

    @Override
    public int hashCode() {
        return image.hashCode();
    }

    /**
     * Describes the record by length only (it holds medical data).
     *
     * @return for example {@code OutpatientRecord[3267 bytes redacted]}
     */
    @Override
    public String toString() {
        return "OutpatientRecord[" + image.length() + " bytes redacted]";
    }

    /**
     * Collects item values for a new outpatient record. Items not set are written empty ({@code 00} for AN and B,
     * {@code FF} for CN).
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {

        private final byte[] image = Signing.emptyImage(ITEMS);

        private Builder() {
        }

        /**
         * Sets one data item.
         *
         * @param number the item number, 213–382
         * @param value text for AN items, digits for CN items, hex for B items
         * @return this builder
         * @throws InvalidInputException naming {@code "item <number>"} if the item is not an outpatient data item or
         *     the value does not fit its length and encoding
         */
        public Builder item(int number, String value) {
            Df03Items.Item item = ITEMS.dataItem(number, "outpatient");
            byte[] encoded = Df03Items.encode(item, value);
            System.arraycopy(encoded, 0, image, item.offset(), encoded.length);
            return this;
        }

        /**
         * Builds the record with a zero signature and certificate.
         *
         * @return the record
         */
        public OutpatientRecord build() {
            return new OutpatientRecord(Bytes.copyOf(Arrays.copyOf(image, image.length)));
        }
    }
}
