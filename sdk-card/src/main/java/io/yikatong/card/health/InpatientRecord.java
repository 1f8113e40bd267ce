package io.yikatong.card.health;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.internal.Df03Items;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * DF03/EE01–EE03 住院信息: one inpatient stay, a 1893-byte transparent file: data items 64–210 (1639 bytes), the
 * 64-byte signature (item 211) and the 190-byte certificate (item 212) [C-vendor, Appendix A]. Evidenced item
 * meanings: 64 住院机构名称 (AN 70), 65 住院机构代码 (AN 10); admission and discharge dates are read per
 * {@link Df03ItemMap} [I].
 *
 * <p>Build a record to write with {@link #builder()}; the signature and certificate stay zero until the writer signs
 * ({@link #withSignature(Bytes, Bytes)}). Decode a record read from a card with {@link #decode(HealthCardFile, Bytes)}.
 *
 * <p>{@link #toString()} shows the length only. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class InpatientRecord {

    private static final Df03Items ITEMS = Df03Items.INPATIENT;

    private final Bytes image;

    private InpatientRecord(Bytes image) {
        this.image = image;
    }

    /**
     * Decodes a file image read from EE01–EE03.
     *
     * @param file the file it was read from (for messages), one of {@code DF03_EE01}–{@code DF03_EE03}
     * @param image the whole file, 1893 bytes
     * @return the record
     * @throws MalformedCardResponseException if the image is not 1893 bytes or a data item is not valid for its
     *     encoding (the offset names the byte)
     * @throws InvalidInputException if {@code file} is not an EE file
     */
    public static InpatientRecord decode(HealthCardFile file, Bytes image) throws MalformedCardResponseException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(image, "image");
        if (file.efFid() >> 8 != 0xEE) {
            throw new InvalidInputException("file", file.label() + " is not an inpatient record file");
        }
        ITEMS.validate(image, file.label());
        return new InpatientRecord(image);
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
     * @return 1893 bytes
     */
    public Bytes image() {
        return image;
    }

    /**
     * Returns the data part (items 64–210), the bytes that are signed.
     *
     * @return 1639 bytes
     */
    public Bytes dataPart() {
        return image.slice(0, ITEMS.dataLength());
    }

    /**
     * Returns the signature (item 211).
     *
     * @return 64 bytes, all zero if not yet signed
     */
    public Bytes signature() {
        return image.slice(ITEMS.dataLength(), ITEMS.dataLength() + Df03Items.SIGNATURE_LENGTH);
    }

    /**
     * Returns the certificate (item 212).
     *
     * @return 190 bytes, all zero if not yet signed
     */
    public Bytes certificate() {
        return image.slice(ITEMS.dataLength() + Df03Items.SIGNATURE_LENGTH, ITEMS.totalLength());
    }

    /**
     * Decodes one data item.
     *
     * @param number the item number, 64–210
     * @return AN items as text without padding, CN items as digits up to the first {@code F}, B items as upper-case
     *     hex
     * @throws InvalidInputException naming {@code "item <number>"} if the number is not an inpatient data item
     */
    public String item(int number) {
        return ITEMS.decode(image, ITEMS.dataItem(number, "inpatient"));
    }

    /**
     * Returns 住院机构名称 (item 64).
     *
     * @return the institution name, empty if unwritten
     */
    public String institutionName() {
        return item(64);
    }

    /**
     * Returns 住院机构代码 (item 65).
     *
     * @return the institution code, empty if unwritten
     */
    public String institutionCode() {
        return item(65);
    }

    /**
     * Returns the admission date with the {@link Df03ItemMap#DEFAULT default} item map (item 66) [I].
     *
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     */
    public Optional<LocalDate> admissionDate() {
        return admissionDate(Df03ItemMap.DEFAULT);
    }

    /**
     * Returns the admission date read from the item a map names.
     *
     * @param map which item holds the admission date
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     */
    public Optional<LocalDate> admissionDate(Df03ItemMap map) {
        Objects.requireNonNull(map, "map");
        return Df03Items.date(image, ITEMS.dataItem(map.inpatientAdmissionDate(), "inpatient"));
    }

    /**
     * Returns the discharge date with the {@link Df03ItemMap#DEFAULT default} item map (item 77) [I].
     *
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     */
    public Optional<LocalDate> dischargeDate() {
        return dischargeDate(Df03ItemMap.DEFAULT);
    }

    /**
     * Returns the discharge date read from the item a map names.
     *
     * @param map which item holds the discharge date
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     */
    public Optional<LocalDate> dischargeDate(Df03ItemMap map) {
        Objects.requireNonNull(map, "map");
        return Df03Items.date(image, ITEMS.dataItem(map.inpatientDischargeDate(), "inpatient"));
    }

    /**
     * Returns a copy with signature and certificate set, as the writer does after signing {@link #dataPart()}.
     *
     * @param signature the 64-byte signature
     * @param certificate the 190-byte certificate
     * @return the signed record
     * @throws InvalidInputException if a length is wrong
     */
    public InpatientRecord withSignature(Bytes signature, Bytes certificate) {
        return new InpatientRecord(Signing.sign(image, ITEMS, signature, certificate));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InpatientRecord && ((InpatientRecord) o).image.equals(image);
    }

    @Override
    public int hashCode() {
        return image.hashCode();
    }

    /**
     * Describes the record by length only (it holds medical data).
     *
     * @return for example {@code InpatientRecord[1893 bytes redacted]}
     */
    @Override
    public String toString() {
        return "InpatientRecord[" + image.length() + " bytes redacted]";
    }

    /**
     * Collects item values for a new inpatient record. Items not set are written empty ({@code 00} for AN and B,
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
         * @param number the item number, 64–210
         * @param value text for AN items, digits for CN items, hex for B items
         * @return this builder
         * @throws InvalidInputException naming {@code "item <number>"} if the item is not an inpatient data item or
         *     the value does not fit its length and encoding
         */
        public Builder item(int number, String value) {
            Df03Items.Item item = ITEMS.dataItem(number, "inpatient");
            byte[] encoded = Df03Items.encode(item, value);
            System.arraycopy(encoded, 0, image, item.offset(), encoded.length);
            return this;
        }

        /**
         * Builds the record with a zero signature and certificate.
         *
         * @return the record
         */
        public InpatientRecord build() {
            return new InpatientRecord(Bytes.copyOf(Arrays.copyOf(image, image.length)));
        }
    }
}
