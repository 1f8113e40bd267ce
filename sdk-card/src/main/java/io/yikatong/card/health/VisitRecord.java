package io.yikatong.card.health;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.internal.Df03Items;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One DF03 visit record (就诊信息), outpatient or inpatient ({@link #kind()}): the image of a transparent file holding
 * the data items, the 64-byte signature and the 190-byte certificate [C-vendor, Appendix A].
 * <ul>
 * <li>{@link VisitKind#OUTPATIENT} — DF03/ED01–ED05 门诊信息, 3267 bytes: data items 213–382 (3013 bytes), signature
 * (item 383), certificate (item 384). Evidenced item meanings: 213 就诊机构名称 (AN 70), 214 就诊机构代码 (AN 10); the
 * visit time is read per {@link Df03ItemMap} [I].</li>
 * <li>{@link VisitKind#INPATIENT} — DF03/EE01–EE03 住院信息, 1893 bytes: data items 64–210 (1639 bytes), signature (item
 * 211), certificate (item 212). Evidenced item meanings: 64 住院机构名称 (AN 70), 65 住院机构代码 (AN 10); admission
 * and discharge dates are read per {@link Df03ItemMap} [I].</li>
 * </ul>
 * The two kinds differ only in their item map and in which items carry the dates; everything else — building,
 * decoding, items, signing — is the same, so one type serves both. The date accessors belong to one kind each
 * ({@link #visitTime()} to outpatient records, {@link #admissionDate()} and {@link #dischargeDate()} to inpatient
 * records) and refuse a record of the other kind.
 *
 * <p>Build a record to write with {@link #builder(VisitKind)}; the signature and certificate stay zero until the writer
 * signs ({@link #withSignature(Bytes, Bytes)}). Decode a record read from a card with
 * {@link #decode(HealthCardFile, Bytes)}.
 *
 * <p>{@link #toString()} shows the kind and length only. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VisitRecord {

    private final VisitKind kind;
    private final Bytes image;

    private VisitRecord(VisitKind kind, Bytes image) {
        this.kind = kind;
        this.image = image;
    }

    /**
     * Decodes a file image read from a DF03 record file; the file decides the kind.
     *
     * @param file the file it was read from, one of {@code DF03_ED01}–{@code DF03_ED05} (outpatient) or
     *     {@code DF03_EE01}–{@code DF03_EE03} (inpatient)
     * @param image the whole file: 3267 bytes for an outpatient record, 1893 for an inpatient one
     * @return the record
     * @throws MalformedCardResponseException if the image has the wrong length for the file or a data item is not valid
     *     for its encoding (the offset names the byte)
     * @throws InvalidInputException naming {@code file} if it is not a DF03 record file
     */
    public static VisitRecord decode(HealthCardFile file, Bytes image) throws MalformedCardResponseException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(image, "image");
        VisitKind kind = VisitKind.ofRecordFile(file);
        kind.items().validate(image, file.label());
        return new VisitRecord(kind, image);
    }

    /**
     * Starts a record to write.
     *
     * @param kind outpatient or inpatient
     * @return a builder with every item empty
     */
    public static Builder builder(VisitKind kind) {
        return new Builder(Objects.requireNonNull(kind, "kind"));
    }

    /**
     * Returns the kind of the record.
     *
     * @return {@link VisitKind#OUTPATIENT} or {@link VisitKind#INPATIENT}
     */
    public VisitKind kind() {
        return kind;
    }

    /**
     * Returns the whole file image, as written by UPDATE BINARY.
     *
     * @return 3267 bytes (outpatient) or 1893 bytes (inpatient)
     */
    public Bytes image() {
        return image;
    }

    /**
     * Returns the data part, the bytes that are signed.
     *
     * @return items 213–382, 3013 bytes (outpatient), or items 64–210, 1639 bytes (inpatient)
     */
    public Bytes dataPart() {
        return image.slice(0, items().dataLength());
    }

    /**
     * Returns the signature (item 383 or 211).
     *
     * @return 64 bytes, all zero if not yet signed
     */
    public Bytes signature() {
        return image.slice(items().dataLength(), items().dataLength() + Df03Items.SIGNATURE_LENGTH);
    }

    /**
     * Returns the certificate (item 384 or 212).
     *
     * @return 190 bytes, all zero if not yet signed
     */
    public Bytes certificate() {
        return image.slice(items().dataLength() + Df03Items.SIGNATURE_LENGTH, items().totalLength());
    }

    /**
     * Decodes one data item.
     *
     * @param number the item number: 213–382 for an outpatient record, 64–210 for an inpatient one
     * @return AN items as text without padding, CN items as digits up to the first {@code F}, B items as upper-case
     *     hex
     * @throws InvalidInputException naming {@code "item <number>"} if the number is not a data item of this kind
     */
    public String item(int number) {
        return items().decode(image, items().dataItem(number, kind.label()));
    }

    /**
     * Returns the institution's name: 就诊机构名称 (item 213) or 住院机构名称 (item 64).
     *
     * @return the institution name, empty if unwritten
     */
    public String institutionName() {
        return item(kind == VisitKind.OUTPATIENT ? 213 : 64);
    }

    /**
     * Returns the institution's code: 就诊机构代码 (item 214) or 住院机构代码 (item 65).
     *
     * @return the institution code, empty if unwritten
     */
    public String institutionCode() {
        return item(kind == VisitKind.OUTPATIENT ? 214 : 65);
    }

    /**
     * Returns an outpatient record's visit time with the {@link Df03ItemMap#DEFAULT default} item map (item 215) [I].
     *
     * @return the visit time, or empty if the item is not a valid {@code yyyyMMddHHmmss} date-time
     * @throws IllegalStateException if this is an inpatient record (see {@link #admissionDate()})
     */
    public Optional<LocalDateTime> visitTime() {
        return visitTime(Df03ItemMap.DEFAULT);
    }

    /**
     * Returns an outpatient record's visit time read from the item a map names.
     *
     * @param map which item holds the visit time
     * @return the visit time, or empty if the item is not a valid {@code yyyyMMddHHmmss} date-time
     * @throws IllegalStateException if this is an inpatient record (see {@link #admissionDate(Df03ItemMap)})
     */
    public Optional<LocalDateTime> visitTime(Df03ItemMap map) {
        Objects.requireNonNull(map, "map");
        require(VisitKind.OUTPATIENT, "visit time", "admissionDate() and dischargeDate()");
        return Df03Items.dateTime(image, items().dataItem(map.outpatientVisitTime(), kind.label()));
    }

    /**
     * Returns an inpatient record's admission date with the {@link Df03ItemMap#DEFAULT default} item map (item 66)
     * [I].
     *
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     * @throws IllegalStateException if this is an outpatient record (see {@link #visitTime()})
     */
    public Optional<LocalDate> admissionDate() {
        return admissionDate(Df03ItemMap.DEFAULT);
    }

    /**
     * Returns an inpatient record's admission date read from the item a map names.
     *
     * @param map which item holds the admission date
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     * @throws IllegalStateException if this is an outpatient record
     */
    public Optional<LocalDate> admissionDate(Df03ItemMap map) {
        Objects.requireNonNull(map, "map");
        require(VisitKind.INPATIENT, "admission date", "visitTime()");
        return Df03Items.date(image, items().dataItem(map.inpatientAdmissionDate(), kind.label()));
    }

    /**
     * Returns an inpatient record's discharge date with the {@link Df03ItemMap#DEFAULT default} item map (item 77)
     * [I].
     *
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     * @throws IllegalStateException if this is an outpatient record
     */
    public Optional<LocalDate> dischargeDate() {
        return dischargeDate(Df03ItemMap.DEFAULT);
    }

    /**
     * Returns an inpatient record's discharge date read from the item a map names.
     *
     * @param map which item holds the discharge date
     * @return the date, or empty if the item is not a valid {@code yyyyMMdd} date
     * @throws IllegalStateException if this is an outpatient record
     */
    public Optional<LocalDate> dischargeDate(Df03ItemMap map) {
        Objects.requireNonNull(map, "map");
        require(VisitKind.INPATIENT, "discharge date", "visitTime()");
        return Df03Items.date(image, items().dataItem(map.inpatientDischargeDate(), kind.label()));
    }

    /**
     * Returns a copy with signature and certificate set, as the writer does after signing {@link #dataPart()}.
     *
     * @param signature the 64-byte signature
     * @param certificate the 190-byte certificate
     * @return the signed record
     * @throws InvalidInputException if a length is wrong
     */
    public VisitRecord withSignature(Bytes signature, Bytes certificate) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(certificate, "certificate");
        if (signature.length() != Df03Items.SIGNATURE_LENGTH) {
            throw new InvalidInputException("signature", "must be 64 bytes, was " + signature.length());
        }
        if (certificate.length() != Df03Items.CERTIFICATE_LENGTH) {
            throw new InvalidInputException("certificate", "must be 190 bytes, was " + certificate.length());
        }
        byte[] out = image.toByteArray();
        int at = items().dataLength();
        System.arraycopy(signature.toByteArray(), 0, out, at, Df03Items.SIGNATURE_LENGTH);
        System.arraycopy(certificate.toByteArray(), 0, out, at + Df03Items.SIGNATURE_LENGTH,
                Df03Items.CERTIFICATE_LENGTH);
        return new VisitRecord(kind, Bytes.copyOf(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VisitRecord r && r.kind == kind && r.image.equals(image);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + image.hashCode();
    }

    /**
     * Describes the record by kind and length only (it holds medical data).
     *
     * @return for example {@code VisitRecord[outpatient, 3267 bytes redacted]}
     */
    @Override
    public String toString() {
        return "VisitRecord[" + kind.label() + ", " + image.length() + " bytes redacted]";
    }

    private Df03Items items() {
        return kind.items();
    }

    private void require(VisitKind expected, String what, String instead) {
        if (kind != expected) {
            throw new IllegalStateException("an " + kind.label() + " record has no " + what + "; use " + instead);
        }
    }

    /**
     * Collects item values for a new visit record. Items not set are written empty ({@code 00} for AN and B,
     * {@code FF} for CN).
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final VisitKind kind;
        private final byte[] image;

        private Builder(VisitKind kind) {
            this.kind = kind;
            Df03Items items = kind.items();
            this.image = new byte[items.totalLength()];
            for (Df03Items.Item item : items.dataItems()) {
                byte[] empty = Df03Items.empty(item);
                System.arraycopy(empty, 0, image, item.offset(), empty.length);
            }
        }

        /**
         * Sets one data item.
         *
         * @param number the item number: 213–382 for an outpatient record, 64–210 for an inpatient one
         * @param value text for AN items, digits for CN items, hex for B items
         * @return this builder
         * @throws InvalidInputException naming {@code "item <number>"} if the item is not a data item of the builder's
         *     kind or the value does not fit its length and encoding
         */
        public Builder item(int number, String value) {
            Df03Items.Item item = kind.items().dataItem(number, kind.label());
            byte[] encoded = Df03Items.encode(item, value);
            System.arraycopy(encoded, 0, image, item.offset(), encoded.length);
            return this;
        }

        /**
         * Builds the record with a zero signature and certificate.
         *
         * @return the record
         */
        public VisitRecord build() {
            return new VisitRecord(kind, Bytes.copyOf(Arrays.copyOf(image, image.length)));
        }
    }
}
