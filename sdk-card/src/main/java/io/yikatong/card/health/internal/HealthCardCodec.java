package io.yikatong.card.health.internal;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.AddressInfo;
import io.yikatong.card.health.AllergyRecord;
import io.yikatong.card.health.ClinicalData;
import io.yikatong.card.health.ClinicalFlag;
import io.yikatong.card.health.ContactInfo;
import io.yikatong.card.health.ContactPerson;
import io.yikatong.card.health.ContactPersons;
import io.yikatong.card.health.DocumentInfo;
import io.yikatong.card.health.FlagValue;
import io.yikatong.card.health.HealthCardFile;
import io.yikatong.card.health.HolderInfo;
import io.yikatong.card.health.ImmunisationRecord;
import io.yikatong.card.health.IssuerInfo;
import io.yikatong.card.health.PersonalStatus;
import io.yikatong.card.health.Photo;
import io.yikatong.card.health.SpecialInfo;
import io.yikatong.card.health.VisitIndex;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.domain.AboBloodType;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.RhBloodType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Bytes to typed values and back for every resident-health-card file. Pure functions, no I/O: a reader passes the
 * record or file bytes it read; a writer gets the bytes to write.
 *
 * <p><b>TLV files</b>: each record is {@code tag || len || value} as READ RECORD returns it. Decoding indexes the
 * records by tag and checks each against {@link ElementTables}: a known tag, no duplicate, {@code len} at most the
 * element's maximum, exactly {@code len} value bytes, and every element of the table present. Values: AN is GB18030
 * ({@link GbText}, padding {@code 00}/{@code 20}/{@code FF} removed), CN is BCD cut at the first {@code F}
 * ({@link Bcd}), dates are CN {@code yyyyMMdd}, B is raw. Encoding writes every record with the element's maximum
 * length, AN padded with {@code 00}, CN with {@code F} nibbles, B with {@code 00}.
 *
 * <p>Every decoding problem is a {@link MalformedCardResponseException} naming the file label, the record number (the
 * position in the list, 1-based; {@code -1} for transparent files) and the byte offset within that record or file;
 * messages never contain the bytes. Every encoding problem is an {@link InvalidInputException} naming the model field.
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 */
public final class HealthCardCodec {

    private HealthCardCodec() {
    }

    // ---------------------------------------------------------------- DDF1/EF05

    /**
     * Decodes DDF1/EF05 发卡机构基本数据.
     *
     * @param records the records in record-number order
     * @return the issuer data
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static IssuerInfo decodeIssuerInfo(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DDF1_EF05, records);
        String cityCode = f.cn(0x39);
        if (cityCode.length() != 6) {
            throw f.malformed(0x39, 2, "应用城市代码 must have 6 digits, has " + cityCode.length());
        }
        return new IssuerInfo(f.an(0x01), f.an(0x02), f.an(0x03), f.cn(0x04), Bytes.copyOf(f.raw(0x05)), f.date(0x06),
                f.an(0x08), f.an(0x09), f.an(0x0A), cityCode);
    }

    /**
     * Encodes DDF1/EF05.
     *
     * @param info the issuer data
     * @return 10 TLV records in record-number order
     * @throws InvalidInputException naming the field that does not fit
     */
    public static List<Bytes> encodeIssuerInfo(IssuerInfo info) {
        Objects.requireNonNull(info, "info");
        if (info.cityCode().length() != 6) {
            throw new InvalidInputException("cityCode", "must be 6 digits, has " + info.cityCode().length());
        }
        return new Writer(HealthCardFile.DDF1_EF05)
                .an(0x01, info.cardCategory(), "cardCategory")
                .an(0x02, info.specVersion(), "specVersion")
                .an(0x03, info.issuerName(), "issuerName")
                .cn(0x04, info.issuerCode(), "issuerCode")
                .b(0x05, info.issuerCertificate().toByteArray(), "issuerCertificate")
                .date(0x06, info.issueDate(), "issueDate")
                .an(0x08, info.cardNumber(), "cardNumber")
                .an(0x09, info.securityCode(), "securityCode")
                .an(0x0A, info.chipSerial(), "chipSerial")
                .cn(0x39, info.cityCode(), "cityCode")
                .records();
    }

    // ---------------------------------------------------------------- DDF1/EF06

    /**
     * Decodes DDF1/EF06 持卡人基本信息.
     *
     * @param records the records in record-number order
     * @return the holder
     * @throws MalformedCardResponseException if a record breaks the format or gender/nation is not a known code
     */
    public static HolderInfo decodeHolderInfo(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DDF1_EF06, records);
        int g = f.singleByte(0x0C);
        Optional<Gender> gender = g >= 0 && g <= 9 ? Gender.find(Integer.toString(g)) : Optional.empty();
        if (gender.isEmpty()) {
            throw f.malformed(0x0C, 2, "性别代码 is not a GB/T 2261.1 code");
        }
        Optional<Nation> nation = Nation.find(f.cn(0x0D));
        if (nation.isEmpty()) {
            throw f.malformed(0x0D, 2, "民族代码 is not a GB 3304 code");
        }
        return new HolderInfo(f.an(0x0B), gender.get(), nation.get(), f.date(0x0E), f.an(0x0F));
    }

    /**
     * Encodes DDF1/EF06.
     *
     * @param holder the holder
     * @return 5 TLV records in record-number order
     * @throws InvalidInputException naming the field that does not fit
     */
    public static List<Bytes> encodeHolderInfo(HolderInfo holder) {
        Objects.requireNonNull(holder, "holder");
        return new Writer(HealthCardFile.DDF1_EF06)
                .an(0x0B, holder.name(), "name")
                .b(0x0C, new byte[] {(byte) Integer.parseInt(holder.gender().code())}, "gender")
                .cn(0x0D, holder.nation().code(), "nation")
                .date(0x0E, holder.birthDate(), "birthDate")
                .an(0x0F, holder.idNumber(), "idNumber")
                .records();
    }

    // ---------------------------------------------------------------- DDF1/EF07

    /**
     * Decodes DDF1/EF07 照片: a 2-byte big-endian length {@code L}, then {@code L} image bytes. Bytes after the image
     * (the rest of the 3072-byte file) are ignored.
     *
     * @param data the file bytes from offset 0: at least {@code L + 2}, at most 3072
     * @return the photo
     * @throws MalformedCardResponseException ("photo data abnormal", vendor code 113) if the data is shorter than 2
     *     bytes or longer than the file, {@code L} exceeds 3070, or fewer than {@code L} bytes follow the prefix
     */
    public static Photo decodePhoto(Bytes data) throws MalformedCardResponseException {
        Objects.requireNonNull(data, "data");
        String file = HealthCardFile.DDF1_EF07.label();
        if (data.length() > HealthCardFile.DDF1_EF07.size()) {
            throw new MalformedCardResponseException(file, -1, HealthCardFile.DDF1_EF07.size(),
                    "photo data abnormal (vendor code 113): " + data.length() + " bytes exceed the 3072-byte file", null);
        }
        int total = Photo.totalLength(data);
        if (total > data.length()) {
            throw new MalformedCardResponseException(file, -1, data.length(), "photo data abnormal (vendor code 113): "
                    + "length prefix announces " + (total - 2) + " bytes, only " + (data.length() - 2) + " present", null);
        }
        return new Photo(data.slice(2, total));
    }

    /**
     * Encodes DDF1/EF07: the 2-byte length and the image, to be written from offset 0.
     *
     * @param photo the photo
     * @return {@code image length + 2} bytes
     * @throws InvalidInputException naming {@code image} if it is longer than 3070 bytes
     */
    public static Bytes encodePhoto(Photo photo) {
        Objects.requireNonNull(photo, "photo");
        int length = photo.image().length();
        if (length > Photo.MAX_IMAGE_LENGTH) {
            throw new InvalidInputException("image", "must be at most " + Photo.MAX_IMAGE_LENGTH + " bytes, was " + length);
        }
        byte[] out = new byte[length + 2];
        out[0] = (byte) (length >>> 8);
        out[1] = (byte) length;
        System.arraycopy(photo.image().toByteArray(), 0, out, 2, length);
        return Bytes.copyOf(out);
    }

    // ---------------------------------------------------------------- DDF1/EF08

    /**
     * Decodes DDF1/EF08: validity, phones, payment methods.
     *
     * @param records the records in record-number order
     * @return the contact data; unused payment-method slots ({@code FF}) are skipped
     * @throws MalformedCardResponseException if a record breaks the format or a payment method is not 2 digits
     */
    public static ContactInfo decodeContactInfo(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DDF1_EF08, records);
        List<String> methods = new ArrayList<>();
        for (int tag = 0x12; tag <= 0x14; tag++) {
            String code = f.cn(tag);
            if (code.length() == 2) {
                methods.add(code);
            } else if (!code.isEmpty()) {
                throw f.malformed(tag, 2, "医疗费用支付方式 must be 2 digits");
            }
        }
        return new ContactInfo(f.date(0x07), f.an(0x10), f.an(0x11), methods);
    }

    /**
     * Encodes DDF1/EF08.
     *
     * @param info the contact data
     * @return 6 TLV records in record-number order; payment-method slots beyond the list are {@code FF}
     * @throws InvalidInputException naming the field that does not fit ({@code paymentMethods} for more than 3
     *     codes or a code that is not 2 digits)
     */
    public static List<Bytes> encodeContactInfo(ContactInfo info) {
        Objects.requireNonNull(info, "info");
        List<String> methods = info.paymentMethods();
        if (methods.size() > 3) {
            throw new InvalidInputException("paymentMethods", "at most 3, was " + methods.size());
        }
        Writer w = new Writer(HealthCardFile.DDF1_EF08)
                .date(0x07, info.expiryDate(), "expiryDate")
                .an(0x10, info.phone1(), "phone1")
                .an(0x11, info.phone2(), "phone2");
        for (int i = 0; i < 3; i++) {
            String code = i < methods.size() ? methods.get(i) : "";
            if (i < methods.size() && code.length() != 2) {
                throw new InvalidInputException("paymentMethods[" + i + "]", "must be 2 digits");
            }
            w.cn(0x12 + i, code, "paymentMethods[" + i + "]");
        }
        return w.records();
    }

    // ---------------------------------------------------------------- DF01

    /**
     * Decodes DF01/EF05 地址信息.
     *
     * @param records the records in record-number order
     * @return the addresses
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static AddressInfo decodeAddressInfo(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DF01_EF05, records);
        return new AddressInfo(f.cn(0x15), f.an(0x16), f.cn(0x17), f.an(0x18));
    }

    /**
     * Encodes DF01/EF05.
     *
     * @param info the addresses
     * @return 4 TLV records in record-number order
     * @throws InvalidInputException naming the field that does not fit
     */
    public static List<Bytes> encodeAddressInfo(AddressInfo info) {
        Objects.requireNonNull(info, "info");
        return new Writer(HealthCardFile.DF01_EF05)
                .cn(0x15, info.addressType1(), "addressType1")
                .an(0x16, info.address1(), "address1")
                .cn(0x17, info.addressType2(), "addressType2")
                .an(0x18, info.address2(), "address2")
                .records();
    }

    /**
     * Decodes DF01/EF06 联系人信息.
     *
     * @param records the records in record-number order
     * @return the contacts; slots with all three fields empty are skipped
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static ContactPersons decodeContactPersons(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DF01_EF06, records);
        List<ContactPerson> persons = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ContactPerson p = new ContactPerson(f.an(0x19 + 3 * i), f.cn(0x1A + 3 * i), f.an(0x1B + 3 * i));
            if (!p.isEmpty()) {
                persons.add(p);
            }
        }
        return new ContactPersons(persons);
    }

    /**
     * Encodes DF01/EF06.
     *
     * @param contacts the contacts, at most 3
     * @return 9 TLV records in record-number order; unused slots are empty
     * @throws InvalidInputException naming the field that does not fit ({@code persons} for more than 3)
     */
    public static List<Bytes> encodeContactPersons(ContactPersons contacts) {
        Objects.requireNonNull(contacts, "contacts");
        List<ContactPerson> persons = contacts.persons();
        if (persons.size() > 3) {
            throw new InvalidInputException("persons", "at most 3, was " + persons.size());
        }
        Writer w = new Writer(HealthCardFile.DF01_EF06);
        for (int i = 0; i < 3; i++) {
            ContactPerson p = i < persons.size() ? persons.get(i) : new ContactPerson("", "", "");
            String prefix = "persons[" + i + "].";
            w.an(0x19 + 3 * i, p.name(), prefix + "name")
                    .cn(0x1A + 3 * i, p.relationCode(), prefix + "relationCode")
                    .an(0x1B + 3 * i, p.phone(), prefix + "phone");
        }
        return w.records();
    }

    /**
     * Decodes DF01/EF07 职业婚姻.
     *
     * @param records the records in record-number order
     * @return the codes
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static PersonalStatus decodePersonalStatus(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DF01_EF07, records);
        return new PersonalStatus(f.cn(0x22), f.cn(0x23), f.an(0x24));
    }

    /**
     * Encodes DF01/EF07.
     *
     * @param status the codes
     * @return 3 TLV records in record-number order
     * @throws InvalidInputException naming the field that does not fit
     */
    public static List<Bytes> encodePersonalStatus(PersonalStatus status) {
        Objects.requireNonNull(status, "status");
        return new Writer(HealthCardFile.DF01_EF07)
                .cn(0x22, status.educationCode(), "educationCode")
                .cn(0x23, status.maritalStatusCode(), "maritalStatusCode")
                .an(0x24, status.occupationCode(), "occupationCode")
                .records();
    }

    /**
     * Decodes DF01/EF08 证件记录.
     *
     * @param records the records in record-number order
     * @return the documents
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static DocumentInfo decodeDocumentInfo(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DF01_EF08, records);
        return new DocumentInfo(f.cn(0x25), f.an(0x26), f.an(0x27), f.an(0x28));
    }

    /**
     * Encodes DF01/EF08.
     *
     * @param info the documents
     * @return 4 TLV records in record-number order
     * @throws InvalidInputException naming the field that does not fit
     */
    public static List<Bytes> encodeDocumentInfo(DocumentInfo info) {
        Objects.requireNonNull(info, "info");
        return new Writer(HealthCardFile.DF01_EF08)
                .cn(0x25, info.documentTypeCode(), "documentTypeCode")
                .an(0x26, info.documentNumber(), "documentNumber")
                .an(0x27, info.healthRecordNumber(), "healthRecordNumber")
                .an(0x28, info.ncmsNumber(), "ncmsNumber")
                .records();
    }

    // ---------------------------------------------------------------- DF02

    /**
     * Decodes DF02/EF05 临床基本数据. ABO: byte {@code 00} or {@code FF} = not recorded, otherwise the code as a
     * number; Rh: empty CN = not recorded; flags per {@link FlagValue}.
     *
     * @param records the records in record-number order
     * @return the clinical data
     * @throws MalformedCardResponseException if a record breaks the format or a blood type code is unknown
     */
    public static ClinicalData decodeClinicalData(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DF02_EF05, records);
        int abo = f.singleByte(0x29);
        Optional<AboBloodType> aboType = Optional.empty();
        if (abo > 0 && abo != 0xFF) {
            aboType = abo <= 9 ? AboBloodType.find(Integer.toString(abo)) : Optional.empty();
            if (aboType.isEmpty()) {
                throw f.malformed(0x29, 2, "ABO血型代码 is not a CV04.50.005 code");
            }
        }
        String rh = f.cn(0x2A);
        Optional<RhBloodType> rhType = Optional.empty();
        if (!rh.isEmpty()) {
            rhType = RhBloodType.find(rh);
            if (rhType.isEmpty()) {
                throw f.malformed(0x2A, 2, "RH血型代码 is not a CV04.50.020 code");
            }
        }
        Map<ClinicalFlag, FlagValue> flags = new EnumMap<>(ClinicalFlag.class);
        for (ClinicalFlag flag : ClinicalFlag.values()) {
            int raw = f.singleByte(flag.tag());
            flags.put(flag, raw < 0 ? FlagValue.UNWRITTEN : FlagValue.of(raw));
        }
        return new ClinicalData(aboType, rhType, flags, f.an(0x37));
    }

    /**
     * Encodes DF02/EF05. An absent ABO type is written as {@code 00}, an absent Rh type as {@code FF}.
     *
     * @param data the clinical data
     * @return 15 TLV records in record-number order
     * @throws InvalidInputException naming the field that does not fit
     */
    public static List<Bytes> encodeClinicalData(ClinicalData data) {
        Objects.requireNonNull(data, "data");
        byte abo = data.aboBloodType().map(t -> (byte) Integer.parseInt(t.code())).orElse((byte) 0);
        Writer w = new Writer(HealthCardFile.DF02_EF05)
                .b(0x29, new byte[] {abo}, "aboBloodType")
                .cn(0x2A, data.rhBloodType().map(RhBloodType::code).orElse(""), "rhBloodType");
        for (ClinicalFlag flag : ClinicalFlag.values()) {
            w.b(flag.tag(), new byte[] {(byte) data.flag(flag).raw()}, "flags." + flag);
        }
        return w.an(0x37, data.otherMedicalAlert(), "otherMedicalAlert").records();
    }

    /**
     * Decodes DF02/EF06 特殊信息.
     *
     * @param records the records in record-number order
     * @return the special information
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static SpecialInfo decodeSpecialInfo(List<Bytes> records) throws MalformedCardResponseException {
        Fields f = Fields.parse(HealthCardFile.DF02_EF06, records);
        int raw = f.singleByte(0x38);
        return new SpecialInfo(raw < 0 ? FlagValue.UNWRITTEN : FlagValue.of(raw));
    }

    /**
     * Encodes DF02/EF06.
     *
     * @param info the special information
     * @return 1 TLV record
     */
    public static List<Bytes> encodeSpecialInfo(SpecialInfo info) {
        Objects.requireNonNull(info, "info");
        return new Writer(HealthCardFile.DF02_EF06)
                .b(0x38, new byte[] {(byte) info.psychiatric().raw()}, "psychiatric")
                .records();
    }

    /**
     * Decodes one DF02/EF07 过敏基本数据 record (120 bytes, no TLV).
     *
     * @param recordNumber the record number it was read from, for messages
     * @param record the record bytes
     * @return the allergy, or empty if the record is all {@code 00} or all {@code FF}
     * @throws MalformedCardResponseException if the record is not 120 bytes or a field is not valid AN
     */
    public static Optional<AllergyRecord> decodeAllergyRecord(int recordNumber, Bytes record)
            throws MalformedCardResponseException {
        String file = HealthCardFile.DF02_EF07.label();
        byte[] b = fixedRecord(HealthCardFile.DF02_EF07, recordNumber, record);
        if (isBlank(b)) {
            return Optional.empty();
        }
        String substance = fixedAn(file, recordNumber, b, 0, 20, "过敏物质名称");
        String reaction = fixedAn(file, recordNumber, b, 20, 100, "过敏反应");
        return Optional.of(new AllergyRecord(substance, reaction));
    }

    /**
     * Decodes the records of DF02/EF07 in record-number order, skipping empty slots.
     *
     * @param records the records, record 1 (the newest) first
     * @return the allergies
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static List<AllergyRecord> decodeAllergies(List<Bytes> records) throws MalformedCardResponseException {
        List<AllergyRecord> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            decodeAllergyRecord(i + 1, records.get(i)).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * Encodes one DF02/EF07 record.
     *
     * @param allergy the allergy
     * @return 120 bytes
     * @throws InvalidInputException naming {@code substance} or {@code reaction} if it does not fit
     */
    public static Bytes encodeAllergyRecord(AllergyRecord allergy) {
        Objects.requireNonNull(allergy, "allergy");
        byte[] out = new byte[120];
        System.arraycopy(an(allergy.substance(), 20, "substance"), 0, out, 0, 20);
        System.arraycopy(an(allergy.reaction(), 100, "reaction"), 0, out, 20, 100);
        return Bytes.copyOf(out);
    }

    /**
     * Decodes one DF02/EF08 免疫基本数据 record (24 bytes, no TLV).
     *
     * @param recordNumber the record number it was read from, for messages
     * @param record the record bytes
     * @return the immunisation, or empty if the record is all {@code 00} or all {@code FF}
     * @throws MalformedCardResponseException if the record is not 24 bytes, the name is not valid AN, or the date is
     *     neither unwritten ({@code FF} or {@code 00} bytes) nor a valid {@code yyyyMMdd} date
     */
    public static Optional<ImmunisationRecord> decodeImmunisationRecord(int recordNumber, Bytes record)
            throws MalformedCardResponseException {
        String file = HealthCardFile.DF02_EF08.label();
        byte[] b = fixedRecord(HealthCardFile.DF02_EF08, recordNumber, record);
        if (isBlank(b)) {
            return Optional.empty();
        }
        String name = fixedAn(file, recordNumber, b, 0, 20, "免疫接种名称");
        byte[] dateBytes = Arrays.copyOfRange(b, 20, 24);
        Optional<LocalDate> date = Optional.empty();
        if (!isBlank(dateBytes)) {
            try {
                date = Optional.of(Bcd.decodeDate(dateBytes, "免疫接种时间"));
            } catch (MalformedDataException e) {
                throw new MalformedCardResponseException(file, recordNumber, 20 + Math.max(e.offset(), 0),
                        "免疫接种时间: " + problemOf(e), e);
            }
        }
        return Optional.of(new ImmunisationRecord(name, date));
    }

    /**
     * Decodes the records of DF02/EF08 in record-number order, skipping empty slots.
     *
     * @param records the records, record 1 (the newest) first
     * @return the immunisations
     * @throws MalformedCardResponseException if a record breaks the format
     */
    public static List<ImmunisationRecord> decodeImmunisations(List<Bytes> records)
            throws MalformedCardResponseException {
        List<ImmunisationRecord> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            decodeImmunisationRecord(i + 1, records.get(i)).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * Encodes one DF02/EF08 record; an absent date is written as {@code FFFFFFFF}.
     *
     * @param immunisation the immunisation
     * @return 24 bytes
     * @throws InvalidInputException naming {@code name} or {@code date} if it does not fit
     */
    public static Bytes encodeImmunisationRecord(ImmunisationRecord immunisation) {
        Objects.requireNonNull(immunisation, "immunisation");
        byte[] out = new byte[24];
        System.arraycopy(an(immunisation.name(), 20, "name"), 0, out, 0, 20);
        byte[] date = immunisation.date().map(d -> date(d, "date")).orElse(new byte[] {-1, -1, -1, -1});
        System.arraycopy(date, 0, out, 20, 4);
        return Bytes.copyOf(out);
    }

    // ---------------------------------------------------------------- DF03

    /**
     * Decodes a DF03 visit index (EF05 inpatient or EF06 outpatient).
     *
     * @param file {@link HealthCardFile#DF03_EF05} or {@link HealthCardFile#DF03_EF06}
     * @param records the one-byte records in record-number order, as many as the file has
     * @return the index
     * @throws MalformedCardResponseException if the record count is wrong, a record is not one byte, or a flag is
     *     neither {@code 00} nor {@code FF}
     * @throws InvalidInputException if {@code file} is not an index file
     */
    public static VisitIndex decodeVisitIndex(HealthCardFile file, List<Bytes> records)
            throws MalformedCardResponseException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(records, "records");
        if (file.structure() != HealthCardFile.Structure.INDEX_RECORDS) {
            throw new InvalidInputException("file", file.label() + " is not a visit index file");
        }
        if (records.size() != file.recordCount()) {
            throw new MalformedCardResponseException(file.label(), -1, -1,
                    "expected " + file.recordCount() + " records, got " + records.size(), null);
        }
        List<Boolean> valid = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Bytes r = Objects.requireNonNull(records.get(i), "record");
            if (r.length() != 1) {
                throw new MalformedCardResponseException(file.label(), i + 1, Math.min(r.length(), 1),
                        "index record must be 1 byte, was " + r.length(), null);
            }
            int flag = r.get(0) & 0xFF;
            if (flag != 0x00 && flag != 0xFF) {
                throw new MalformedCardResponseException(file.label(), i + 1, 0,
                        "index flag is neither 00 (valid) nor FF (empty)", null);
            }
            valid.add(flag == 0x00);
        }
        return new VisitIndex(valid);
    }

    /**
     * Encodes one visit-index flag.
     *
     * @param valid true for a slot holding a valid record
     * @return {@code 00} when valid, {@code FF} when empty
     */
    public static Bytes encodeIndexFlag(boolean valid) {
        return Bytes.copyOf(new byte[] {valid ? 0x00 : (byte) 0xFF});
    }

    /**
     * Decodes a visit record file (ED01–ED05 outpatient, EE01–EE03 inpatient); the file decides the kind.
     *
     * @param file the file it was read from
     * @param image the whole file, 3267 (ED) or 1893 (EE) bytes
     * @return the record
     * @throws MalformedCardResponseException if the image breaks the item map
     */
    public static VisitRecord decodeVisitRecord(HealthCardFile file, Bytes image)
            throws MalformedCardResponseException {
        return VisitRecord.decode(file, image);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Extracts the problem text of a core decoder exception (its message without the element and offset prefix).
     *
     * @param e the exception
     * @return the problem
     */
    static String problemOf(MalformedDataException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.element() + (e.offset() >= 0 ? " at offset " + e.offset() : "") + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static byte[] fixedRecord(HealthCardFile file, int recordNumber, Bytes record)
            throws MalformedCardResponseException {
        Objects.requireNonNull(record, "record");
        if (record.length() != file.recordLength()) {
            throw new MalformedCardResponseException(file.label(), recordNumber, Math.min(record.length(),
                    file.recordLength()), "record must be " + file.recordLength() + " bytes, was " + record.length(),
                    null);
        }
        return record.toByteArray();
    }

    private static String fixedAn(String file, int recordNumber, byte[] b, int offset, int length, String element)
            throws MalformedCardResponseException {
        try {
            return GbText.decode(Arrays.copyOfRange(b, offset, offset + length), element);
        } catch (MalformedDataException e) {
            throw new MalformedCardResponseException(file, recordNumber, offset + Math.max(e.offset(), 0),
                    element + ": " + problemOf(e), e);
        }
    }

    private static boolean isBlank(byte[] b) {
        boolean zeros = true;
        boolean ffs = true;
        for (byte x : b) {
            zeros &= x == 0;
            ffs &= x == (byte) 0xFF;
        }
        return zeros || ffs;
    }

    private static byte[] an(String text, int length, String field) {
        Objects.requireNonNull(text, field);
        try {
            return GbText.encode(text, length);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.errorCode(), field, "AN " + length + ": " + e.getMessage(), e);
        }
    }

    private static byte[] cn(String digits, int length, String field) {
        Objects.requireNonNull(digits, field);
        try {
            return Bcd.encodeCn(digits, length);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.errorCode(), field, "CN " + length + ": " + e.getMessage(), e);
        }
    }

    private static byte[] date(LocalDate date, String field) {
        Objects.requireNonNull(date, field);
        try {
            return Bcd.encodeDate(date);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.errorCode(), field, e.getMessage(), e);
        }
    }

    /** The parsed records of one TLV file, indexed by tag. */
    private static final class Fields {

        private final HealthCardFile file;
        private final Map<Integer, TlvElement> elements;
        private final Map<Integer, byte[]> values = new HashMap<>();
        private final Map<Integer, Integer> positions = new HashMap<>();

        private Fields(HealthCardFile file) {
            this.file = file;
            Map<Integer, TlvElement> map = new HashMap<>();
            for (TlvElement e : ElementTables.of(file)) {
                map.put(e.tag(), e);
            }
            this.elements = map;
        }

        static Fields parse(HealthCardFile file, List<Bytes> records) throws MalformedCardResponseException {
            Objects.requireNonNull(records, "records");
            Fields f = new Fields(file);
            String label = file.label();
            for (int i = 0; i < records.size(); i++) {
                int recordNumber = i + 1;
                Bytes r = Objects.requireNonNull(records.get(i), "record");
                if (r.length() < 2) {
                    throw new MalformedCardResponseException(label, recordNumber, r.length(),
                            "record of " + r.length() + " bytes has no tag and length", null);
                }
                int tag = r.get(0) & 0xFF;
                TlvElement element = f.elements.get(tag);
                if (element == null) {
                    throw new MalformedCardResponseException(label, recordNumber, 0,
                            String.format("unknown tag %02X", tag), null);
                }
                if (f.values.containsKey(tag)) {
                    throw new MalformedCardResponseException(label, recordNumber, 0,
                            String.format("tag %02X (%s) appears twice", tag, element.name()), null);
                }
                int len = r.get(1) & 0xFF;
                if (len > element.maxLength()) {
                    throw new MalformedCardResponseException(label, recordNumber, 1, "length " + len
                            + " exceeds the maximum " + element.maxLength() + " of " + element.name(), null);
                }
                if (r.length() != 2 + len) {
                    throw new MalformedCardResponseException(label, recordNumber, Math.min(r.length(), 2 + len),
                            "length byte says " + len + " value bytes, record has " + (r.length() - 2), null);
                }
                f.values.put(tag, r.slice(2, 2 + len).toByteArray());
                f.positions.put(tag, recordNumber);
            }
            for (TlvElement e : ElementTables.of(file)) {
                if (!f.values.containsKey(e.tag())) {
                    throw new MalformedCardResponseException(label, e.record(), -1,
                            String.format("missing element %s (tag %02X)", e.name(), e.tag()), null);
                }
            }
            return f;
        }

        MalformedCardResponseException malformed(int tag, int offset, String problem) {
            return new MalformedCardResponseException(file.label(), positions.get(tag), offset, problem, null);
        }

        private MalformedCardResponseException wrap(int tag, MalformedDataException e) {
            return new MalformedCardResponseException(file.label(), positions.get(tag), 2 + Math.max(e.offset(), 0),
                    elements.get(tag).name() + ": " + problemOf(e), e);
        }

        String an(int tag) throws MalformedCardResponseException {
            try {
                return GbText.decode(values.get(tag), elements.get(tag).name());
            } catch (MalformedDataException e) {
                throw wrap(tag, e);
            }
        }

        String cn(int tag) throws MalformedCardResponseException {
            try {
                return Bcd.decodeCn(values.get(tag), elements.get(tag).name());
            } catch (MalformedDataException e) {
                throw wrap(tag, e);
            }
        }

        LocalDate date(int tag) throws MalformedCardResponseException {
            byte[] v = values.get(tag);
            if (v.length != 4) {
                throw malformed(tag, 1, elements.get(tag).name() + " must be 4 bytes, was " + v.length);
            }
            try {
                return Bcd.decodeDate(v, elements.get(tag).name());
            } catch (MalformedDataException e) {
                throw wrap(tag, e);
            }
        }

        byte[] raw(int tag) {
            return values.get(tag).clone();
        }

        /** Returns the single value byte 0-255, or -1 for an empty value. */
        int singleByte(int tag) {
            byte[] v = values.get(tag);
            return v.length == 0 ? -1 : v[0] & 0xFF;
        }
    }

    /** Builds the records of one TLV file. */
    private static final class Writer {

        private final HealthCardFile file;
        private final Map<Integer, byte[]> values = new HashMap<>();

        Writer(HealthCardFile file) {
            this.file = file;
        }

        private int max(int tag) {
            for (TlvElement e : ElementTables.of(file)) {
                if (e.tag() == tag) {
                    return e.maxLength();
                }
            }
            throw new IllegalStateException("no tag " + tag + " in " + file.label());
        }

        Writer an(int tag, String text, String field) {
            values.put(tag, HealthCardCodec.an(text, max(tag), field));
            return this;
        }

        Writer cn(int tag, String digits, String field) {
            values.put(tag, HealthCardCodec.cn(digits, max(tag), field));
            return this;
        }

        Writer date(int tag, LocalDate date, String field) {
            values.put(tag, HealthCardCodec.date(date, field));
            return this;
        }

        Writer b(int tag, byte[] raw, String field) {
            int max = max(tag);
            if (raw.length > max) {
                throw new InvalidInputException(field, "B " + max + ": needs " + raw.length + " bytes");
            }
            values.put(tag, Arrays.copyOf(raw, max));
            return this;
        }

        List<Bytes> records() {
            List<Bytes> out = new ArrayList<>();
            for (TlvElement e : ElementTables.of(file)) {
                byte[] v = values.get(e.tag());
                if (v == null) {
                    throw new IllegalStateException("no value for tag " + e.tag() + " in " + file.label());
                }
                byte[] r = new byte[2 + e.maxLength()];
                r[0] = (byte) e.tag();
                r[1] = (byte) e.maxLength();
                System.arraycopy(v, 0, r, 2, v.length);
                out.add(Bytes.copyOf(r));
            }
            return List.copyOf(out);
        }
    }
}
