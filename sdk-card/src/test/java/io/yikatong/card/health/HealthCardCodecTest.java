package io.yikatong.card.health;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.internal.HealthCardCodec;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.domain.AboBloodType;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.MaritalStatus;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.RhBloodType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCardCodecTest {

    static final Bytes CERT = certificate();

    static Bytes certificate() {
        byte[] c = new byte[180];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) (i * 7 + 3);
        }
        return Bytes.copyOf(c);
    }

    static IssuerInfo issuer() {
        return new IssuerInfo("1", "1.00", "北京市卫生健康委员会", "1101050000000000000001", CERT,
                LocalDate.of(2021, 3, 15), "11010519491231002X", "123", "YKT0000001", "110105");
    }

    static HolderInfo holder() {
        return new HolderInfo("张晓虹", Gender.FEMALE, Nation.HAN, LocalDate.of(1949, 12, 31), "11010519491231002X");
    }

    static ContactInfo contact() {
        return new ContactInfo(LocalDate.of(2031, 3, 15), "13800138000", "010-55550100", List.of("01", "07"));
    }

    static ClinicalData clinical() {
        Map<ClinicalFlag, FlagValue> flags = new EnumMap<>(ClinicalFlag.class);
        for (ClinicalFlag f : ClinicalFlag.values()) {
            flags.put(f, f.ordinal() % 3 == 0 ? FlagValue.YES : f.ordinal() % 3 == 1 ? FlagValue.NO : FlagValue.of(0x7E));
        }
        return new ClinicalData(Optional.of(AboBloodType.AB), Optional.of(RhBloodType.values()[0]), flags, "青霉素过敏史");
    }

    private static Bytes rec(String hex) {
        return Bytes.fromHex(hex.replace(" ", ""));
    }

    private static String ascii(String s) {
        return Bytes.copyOf(s.getBytes(StandardCharsets.US_ASCII)).toHex();
    }

    /** DDF1/EF05 built byte by byte from the §1.4 table, not with the encoder. */
    static List<Bytes> handBuiltEf05() {
        List<Bytes> r = new ArrayList<>();
        r.add(rec("01 01 31"));
        r.add(rec("02 04 312E3030"));
        r.add(rec("03 1E B1B1BEA9 C7F8 " + "00".repeat(24))); // 北京区 in GB2312
        r.add(rec("04 0B 123456FFFFFFFFFFFFFFFF"));
        r.add(Bytes.fromHex("05B4" + CERT.toHex()));
        r.add(rec("06 04 20210315"));
        r.add(rec("08 12 " + ascii("11010519491231002X")));
        r.add(rec("09 03 " + ascii("987")));
        r.add(rec("0A 0A " + ascii("CHIP-01") + "000000"));
        r.add(rec("39 03 110105"));
        return r;
    }

    @Test
    void decodesHandBuiltIssuerFile() throws Exception {
        IssuerInfo i = HealthCardCodec.decodeIssuerInfo(handBuiltEf05());
        assertEquals("1", i.cardCategory());
        assertEquals("1.00", i.specVersion());
        assertEquals("北京区", i.issuerName());
        assertEquals("123456", i.issuerCode());
        assertEquals(CERT, i.issuerCertificate());
        assertEquals(LocalDate.of(2021, 3, 15), i.issueDate());
        assertEquals("11010519491231002X", i.cardNumber());
        assertEquals("987", i.securityCode());
        assertEquals("CHIP-01", i.chipSerial());
        assertEquals("110105", i.cityCode());
        assertFalse(i.toString().contains("19491231"));
        assertFalse(i.toString().contains("987"));
    }

    @Test
    void recordsMayComeInAnyOrderAndShorterThanMaximum() throws Exception {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        java.util.Collections.reverse(r);
        r.set(7, rec("03 04 B1B1BEA9")); // issuer name with len 4 < 30
        IssuerInfo i = HealthCardCodec.decodeIssuerInfo(r);
        assertEquals("北京", i.issuerName());
        assertEquals("110105", i.cityCode());
    }

    @Test
    void encoderProducesSpecLayout() {
        List<Bytes> r = HealthCardCodec.encodeIssuerInfo(issuer());
        assertEquals(10, r.size());
        assertEquals("010131", r.get(0).toHex().toLowerCase());
        assertEquals("3903110105", r.get(9).toHex());
        assertEquals(2 + 30, r.get(2).length());
        assertEquals("060420210315", r.get(5).toHex());
        assertEquals(0x08, r.get(6).get(0));
        assertEquals(18, r.get(6).get(1));
        // CN padded with F nibbles: 22 digits fill all 11 bytes; a short issuer code would be padded
        List<Bytes> shortCode = HealthCardCodec.encodeIssuerInfo(new IssuerInfo("1", "1.00", "x", "123", CERT,
                LocalDate.of(2021, 3, 15), "", "", "", "110105"));
        assertEquals("040B123FFFFFFFFFFFFFFFFFFF", shortCode.get(3).toHex().toUpperCase());
        assertEquals("0903000000", shortCode.get(7).toHex());
    }

    @Test
    void roundTripsEveryTlvFile() throws Exception {
        assertEquals(issuer(), HealthCardCodec.decodeIssuerInfo(HealthCardCodec.encodeIssuerInfo(issuer())));
        assertEquals(holder(), HealthCardCodec.decodeHolderInfo(HealthCardCodec.encodeHolderInfo(holder())));
        assertEquals(contact(), HealthCardCodec.decodeContactInfo(HealthCardCodec.encodeContactInfo(contact())));
        ContactInfo noMethods = new ContactInfo(LocalDate.of(2030, 1, 1), "", "", List.of());
        assertEquals(noMethods, HealthCardCodec.decodeContactInfo(HealthCardCodec.encodeContactInfo(noMethods)));
        AddressInfo address = new AddressInfo("01", "北京市东城区某某街道1号", "", "");
        assertEquals(address, HealthCardCodec.decodeAddressInfo(HealthCardCodec.encodeAddressInfo(address)));
        ContactPersons persons = new ContactPersons(List.of(new ContactPerson("李四", "10", "13900000000"),
                new ContactPerson("王五", "", "")));
        assertEquals(persons, HealthCardCodec.decodeContactPersons(HealthCardCodec.encodeContactPersons(persons)));
        PersonalStatus status = new PersonalStatus("20", "21", "1A0");
        PersonalStatus decodedStatus = HealthCardCodec.decodePersonalStatus(HealthCardCodec.encodePersonalStatus(status));
        assertEquals(status, decodedStatus);
        assertEquals(Optional.of(MaritalStatus.FIRST_MARRIAGE), decodedStatus.maritalStatus());
        DocumentInfo doc = new DocumentInfo("03", "E12345678", "11010500000000001", "NC123");
        DocumentInfo decodedDoc = HealthCardCodec.decodeDocumentInfo(HealthCardCodec.encodeDocumentInfo(doc));
        assertEquals(doc, decodedDoc);
        assertEquals(IdDocumentType.find("03"), decodedDoc.documentType());
        assertEquals(clinical(), HealthCardCodec.decodeClinicalData(HealthCardCodec.encodeClinicalData(clinical())));
        ClinicalData none = new ClinicalData(Optional.empty(), Optional.empty(), Map.of(), "");
        ClinicalData decodedNone = HealthCardCodec.decodeClinicalData(HealthCardCodec.encodeClinicalData(none));
        assertEquals(none, decodedNone);
        assertEquals(FlagValue.UNWRITTEN, decodedNone.flag(ClinicalFlag.DIABETES));
        SpecialInfo special = new SpecialInfo(FlagValue.YES);
        assertEquals(special, HealthCardCodec.decodeSpecialInfo(HealthCardCodec.encodeSpecialInfo(special)));
    }

    @Test
    void holderDecodesResidentIdAndMasks() throws Exception {
        HolderInfo h = HealthCardCodec.decodeHolderInfo(HealthCardCodec.encodeHolderInfo(holder()));
        assertEquals("11010519491231002X", h.residentIdNumber().orElseThrow().value());
        HolderInfo bad = new HolderInfo("张三", Gender.MALE, Nation.HAN, LocalDate.of(1990, 1, 1), "110105199001010000");
        assertTrue(bad.residentIdNumber().isEmpty());
        assertFalse(h.toString().contains("晓虹"));
        assertFalse(h.toString().contains("1949"));
        assertFalse(h.toString().contains("19491231"));
        List<Bytes> r = HealthCardCodec.encodeHolderInfo(holder());
        assertEquals("0C0102", r.get(1).toHex().toUpperCase());
        assertEquals("0D0101", r.get(2).toHex().toUpperCase());
    }

    @Test
    void contactPersonsSkipEmptySlots() throws Exception {
        ContactPersons persons = new ContactPersons(List.of(new ContactPerson("", "", ""),
                new ContactPerson("赵六", "20", "")));
        ContactPersons decoded = HealthCardCodec.decodeContactPersons(HealthCardCodec.encodeContactPersons(persons));
        assertEquals(List.of(new ContactPerson("赵六", "20", "")), decoded.persons());
    }

    @Test
    void paymentMethodTable() {
        assertEquals(Optional.of(PaymentMethod.NEW_RURAL_COOPERATIVE), PaymentMethod.find("03"));
        assertEquals(Optional.of(PaymentMethod.OTHER), PaymentMethod.find("99"));
        assertTrue(PaymentMethod.find("3").isEmpty());
        assertTrue(PaymentMethod.find(null).isEmpty());
    }

    // ------------------------------------------------------------- malformed TLV

    private static MalformedCardResponseException malformed(Executable e) {
        return assertThrows(MalformedCardResponseException.class, e);
    }

    private static void assertWhere(MalformedCardResponseException e, String file, int record, int offset) {
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(record, e.record(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }

    @Test
    void unknownTag() {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        r.set(3, rec("07 04 20210315"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 4, 0);
    }

    @Test
    void lengthAboveMaximum() {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        r.set(1, rec("02 05 312E303030"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 2, 1);
    }

    @Test
    void valueShorterOrLongerThanLengthByte() {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        r.set(5, rec("06 04 202103"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 6, 5);
        r.set(5, rec("06 04 2021031500"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 6, 6);
        r.set(5, rec("06"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 6, 1);
    }

    @Test
    void missingAndDuplicateElements() {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        r.remove(9);
        MalformedCardResponseException e = malformed(() -> HealthCardCodec.decodeIssuerInfo(r));
        assertWhere(e, "DDF1/EF05", 10, -1);
        assertTrue(e.getMessage().contains("39"), e.getMessage());
        r.add(r.get(0));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 10, 0);
    }

    @Test
    void badCnNibbleNamesTheByte() {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        r.set(3, rec("04 0B 1234A6FFFFFFFFFFFFFFFF"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 4, 4);
        r.set(3, rec("04 0B 12F456FFFFFFFFFFFFFFFF"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 4, 3);
    }

    @Test
    void badDatesAndCityCode() {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        r.set(5, rec("06 04 20210230"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 6, 5);
        r.set(5, rec("06 04 FFFFFFFF"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 6, 2);
        r.set(5, rec("06 04 00000000"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r)), "DDF1/EF05", 6, 2);
        List<Bytes> r2 = new ArrayList<>(handBuiltEf05());
        r2.set(9, rec("39 03 1101FF"));
        assertWhere(malformed(() -> HealthCardCodec.decodeIssuerInfo(r2)), "DDF1/EF05", 10, 2);
    }

    @Test
    void badTextNamesTheByte() {
        List<Bytes> r = new ArrayList<>(handBuiltEf05());
        r.set(2, rec("03 06 B1B1 00 41 0000")); // text after the padding
        MalformedCardResponseException e = malformed(() -> HealthCardCodec.decodeIssuerInfo(r));
        assertWhere(e, "DDF1/EF05", 3, 5);
        assertFalse(e.getMessage().contains("北"));
    }

    @Test
    void badGenderNationAndBloodTypes() {
        List<Bytes> h = new ArrayList<>(HealthCardCodec.encodeHolderInfo(holder()));
        h.set(1, rec("0C 01 05"));
        assertWhere(malformed(() -> HealthCardCodec.decodeHolderInfo(h)), "DDF1/EF06", 2, 2);
        List<Bytes> h2 = new ArrayList<>(HealthCardCodec.encodeHolderInfo(holder()));
        h2.set(2, rec("0D 01 99"));
        assertWhere(malformed(() -> HealthCardCodec.decodeHolderInfo(h2)), "DDF1/EF06", 3, 2);
        List<Bytes> c = new ArrayList<>(HealthCardCodec.encodeClinicalData(clinical()));
        c.set(0, rec("29 01 09"));
        assertWhere(malformed(() -> HealthCardCodec.decodeClinicalData(c)), "DF02/EF05", 1, 2);
        List<Bytes> c2 = new ArrayList<>(HealthCardCodec.encodeClinicalData(clinical()));
        c2.set(1, rec("2A 01 8F"));
        assertWhere(malformed(() -> HealthCardCodec.decodeClinicalData(c2)), "DF02/EF05", 2, 2);
        List<Bytes> p = new ArrayList<>(HealthCardCodec.encodeContactInfo(contact()));
        p.set(4, rec("13 01 7F"));
        assertWhere(malformed(() -> HealthCardCodec.decodeContactInfo(p)), "DDF1/EF08", 5, 2);
    }

    @Test
    void flagByteRule() throws Exception {
        List<Bytes> c = new ArrayList<>(HealthCardCodec.encodeClinicalData(clinical()));
        c.set(2, rec("2B 01 01"));
        c.set(3, rec("2C 01 00"));
        c.set(4, rec("2D 01 FF"));
        c.set(5, rec("2E 00"));
        ClinicalData d = HealthCardCodec.decodeClinicalData(c);
        assertEquals(FlagValue.State.YES, d.flag(ClinicalFlag.ASTHMA).state());
        assertTrue(d.flag(ClinicalFlag.ASTHMA).isYes());
        assertEquals(FlagValue.State.NO, d.flag(ClinicalFlag.HEART_DISEASE).state());
        assertEquals(FlagValue.State.UNKNOWN, d.flag(ClinicalFlag.CARDIOVASCULAR_DISEASE).state());
        assertEquals(0xFF, d.flag(ClinicalFlag.CARDIOVASCULAR_DISEASE).raw());
        assertEquals(FlagValue.UNWRITTEN, d.flag(ClinicalFlag.EPILEPSY));
        assertThrows(InvalidInputException.class, () -> FlagValue.of(256));
        assertThrows(InvalidInputException.class, () -> new FlagValue(FlagValue.State.YES, 0));
    }

    // ------------------------------------------------------------- encode errors

    private static void assertField(String field, Executable e) {
        InvalidInputException x = assertThrows(InvalidInputException.class, e);
        assertEquals(field, x.field(), x.getMessage());
    }

    @Test
    void encodeErrorsNameTheField() {
        IssuerInfo i = issuer();
        assertField("issuerName", () -> HealthCardCodec.encodeIssuerInfo(new IssuerInfo(i.cardCategory(),
                i.specVersion(), "很".repeat(16), i.issuerCode(), CERT, i.issueDate(), i.cardNumber(), i.securityCode(),
                i.chipSerial(), i.cityCode())));
        assertField("issuerCode", () -> HealthCardCodec.encodeIssuerInfo(new IssuerInfo(i.cardCategory(),
                i.specVersion(), "x", "12A", CERT, i.issueDate(), i.cardNumber(), i.securityCode(), i.chipSerial(),
                i.cityCode())));
        assertField("cityCode", () -> HealthCardCodec.encodeIssuerInfo(new IssuerInfo(i.cardCategory(),
                i.specVersion(), "x", "1", CERT, i.issueDate(), i.cardNumber(), i.securityCode(), i.chipSerial(),
                "11010")));
        assertField("issuerCertificate", () -> HealthCardCodec.encodeIssuerInfo(new IssuerInfo(i.cardCategory(),
                i.specVersion(), "x", "1", Bytes.copyOf(new byte[181]), i.issueDate(), i.cardNumber(),
                i.securityCode(), i.chipSerial(), i.cityCode())));
        assertField("securityCode", () -> HealthCardCodec.encodeIssuerInfo(new IssuerInfo(i.cardCategory(),
                i.specVersion(), "x", "1", CERT, i.issueDate(), i.cardNumber(), "1234", i.chipSerial(), i.cityCode())));
        assertField("issueDate", () -> HealthCardCodec.encodeIssuerInfo(new IssuerInfo(i.cardCategory(),
                i.specVersion(), "x", "1", CERT, LocalDate.of(10000, 1, 1), i.cardNumber(), "1", i.chipSerial(),
                i.cityCode())));
        assertField("paymentMethods", () -> HealthCardCodec.encodeContactInfo(new ContactInfo(LocalDate.of(2030, 1, 1),
                "", "", List.of("01", "02", "03", "04"))));
        assertField("paymentMethods[1]", () -> HealthCardCodec.encodeContactInfo(new ContactInfo(
                LocalDate.of(2030, 1, 1), "", "", List.of("01", "2"))));
        assertField("phone2", () -> HealthCardCodec.encodeContactInfo(new ContactInfo(LocalDate.of(2030, 1, 1),
                "", "1".repeat(21), List.of())));
        assertField("addressType2", () -> HealthCardCodec.encodeAddressInfo(new AddressInfo("", "", "123", "")));
        assertField("persons", () -> HealthCardCodec.encodeContactPersons(new ContactPersons(List.of(
                new ContactPerson("a", "", ""), new ContactPerson("b", "", ""), new ContactPerson("c", "", ""),
                new ContactPerson("d", "", "")))));
        assertField("persons[1].relationCode", () -> HealthCardCodec.encodeContactPersons(new ContactPersons(List.of(
                new ContactPerson("a", "", ""), new ContactPerson("b", "x", "")))));
        assertField("occupationCode", () -> HealthCardCodec.encodePersonalStatus(new PersonalStatus("", "", "1234")));
        assertField("ncmsNumber", () -> HealthCardCodec.encodeDocumentInfo(new DocumentInfo("", "", "",
                "1".repeat(19))));
        assertField("otherMedicalAlert", () -> HealthCardCodec.encodeClinicalData(new ClinicalData(Optional.empty(),
                Optional.empty(), Map.of(), "警".repeat(21))));
        assertField("name", () -> HealthCardCodec.encodeHolderInfo(new HolderInfo("a\u0000", Gender.MALE, Nation.HAN,
                LocalDate.of(2000, 1, 1), "")));
    }

    // ------------------------------------------------------------- photo

    @Test
    void photoRoundTripAndFormat() throws Exception {
        byte[] jpeg = new byte[1000];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        Photo p = new Photo(Bytes.copyOf(jpeg));
        assertEquals(Photo.ImageFormat.JPEG, p.format());
        Bytes encoded = HealthCardCodec.encodePhoto(p);
        assertEquals(1002, encoded.length());
        assertEquals(0x03, encoded.get(0));
        assertEquals((byte) 0xE8, encoded.get(1));
        assertEquals(1002, Photo.totalLength(encoded.slice(0, 2)));
        assertEquals(p, HealthCardCodec.decodePhoto(encoded));
        byte[] file = new byte[3072];
        System.arraycopy(encoded.toByteArray(), 0, file, 0, 1002);
        assertEquals(p, HealthCardCodec.decodePhoto(Bytes.copyOf(file)));
        assertEquals(Photo.ImageFormat.PNG, new Photo(Bytes.fromHex("89504E470D0A1A0A00")).format());
        assertEquals(Photo.ImageFormat.UNKNOWN, new Photo(Bytes.fromHex("FFD8")).format());
        assertEquals("Photo[JPEG, 1000 bytes]", p.toString());
        assertField("image", () -> HealthCardCodec.encodePhoto(new Photo(Bytes.copyOf(new byte[3071]))));
        Photo max = new Photo(Bytes.copyOf(new byte[3070]));
        assertEquals(max, HealthCardCodec.decodePhoto(HealthCardCodec.encodePhoto(max)));
    }

    @Test
    void photoMalformed() {
        MalformedCardResponseException e = malformed(() -> HealthCardCodec.decodePhoto(Bytes.fromHex("0BFF")));
        assertWhere(e, "DDF1/EF07", -1, 0);
        assertTrue(e.getMessage().contains("113"));
        assertWhere(malformed(() -> HealthCardCodec.decodePhoto(Bytes.fromHex("FFFF0000"))), "DDF1/EF07", -1, 0);
        assertWhere(malformed(() -> HealthCardCodec.decodePhoto(Bytes.fromHex("0005FFD8FF"))), "DDF1/EF07", -1, 5);
        assertWhere(malformed(() -> HealthCardCodec.decodePhoto(Bytes.fromHex("00"))), "DDF1/EF07", -1, 1);
        assertWhere(malformed(() -> HealthCardCodec.decodePhoto(Bytes.copyOf(new byte[3073]))), "DDF1/EF07", -1, 3072);
        assertThrows(MalformedCardResponseException.class, () -> Photo.totalLength(Bytes.fromHex("0BFF")));
    }

    // ------------------------------------------------------------- cyclic records

    @Test
    void allergyRecords() throws Exception {
        AllergyRecord a = new AllergyRecord("青霉素", "皮疹，呼吸困难");
        Bytes r = HealthCardCodec.encodeAllergyRecord(a);
        assertEquals(120, r.length());
        assertEquals(Optional.of(a), HealthCardCodec.decodeAllergyRecord(1, r));
        assertEquals(Optional.empty(), HealthCardCodec.decodeAllergyRecord(2, Bytes.copyOf(new byte[120])));
        byte[] ff = new byte[120];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        assertEquals(Optional.empty(), HealthCardCodec.decodeAllergyRecord(3, Bytes.copyOf(ff)));
        assertEquals(List.of(a), HealthCardCodec.decodeAllergies(List.of(Bytes.copyOf(ff), r)));
        assertWhere(malformed(() -> HealthCardCodec.decodeAllergyRecord(2, Bytes.copyOf(new byte[119]))),
                "DF02/EF07", 2, 119);
        byte[] bad = r.toByteArray();
        bad[40] = 0x41; // text inside the reaction's padding (the reaction ends at offset 34)
        assertWhere(malformed(() -> HealthCardCodec.decodeAllergyRecord(1, Bytes.copyOf(bad))), "DF02/EF07", 1, 40);
        assertField("reaction", () -> HealthCardCodec.encodeAllergyRecord(new AllergyRecord("x", "长".repeat(51))));
        assertEquals("AllergyRecord[redacted]", a.toString());
    }

    @Test
    void immunisationRecords() throws Exception {
        ImmunisationRecord i = new ImmunisationRecord("乙肝疫苗", Optional.of(LocalDate.of(2020, 5, 6)));
        Bytes r = HealthCardCodec.encodeImmunisationRecord(i);
        assertEquals(24, r.length());
        assertEquals("20200506", r.slice(20, 24).toHex());
        assertEquals(Optional.of(i), HealthCardCodec.decodeImmunisationRecord(1, r));
        ImmunisationRecord noDate = new ImmunisationRecord("麻疹", Optional.empty());
        Bytes r2 = HealthCardCodec.encodeImmunisationRecord(noDate);
        assertEquals("FFFFFFFF", r2.slice(20, 24).toHex().toUpperCase());
        assertEquals(Optional.of(noDate), HealthCardCodec.decodeImmunisationRecord(1, r2));
        byte[] zeroDate = r.toByteArray();
        java.util.Arrays.fill(zeroDate, 20, 24, (byte) 0);
        assertEquals(Optional.of(noDate.date()), HealthCardCodec.decodeImmunisationRecord(1, Bytes.copyOf(zeroDate))
                .map(ImmunisationRecord::date));
        assertEquals(Optional.empty(), HealthCardCodec.decodeImmunisationRecord(4, Bytes.copyOf(new byte[24])));
        byte[] bad = r.toByteArray();
        bad[22] = 0x13; // month 13
        assertWhere(malformed(() -> HealthCardCodec.decodeImmunisationRecord(7, Bytes.copyOf(bad))), "DF02/EF08", 7, 22);
        assertWhere(malformed(() -> HealthCardCodec.decodeImmunisationRecord(7, Bytes.copyOf(new byte[25]))),
                "DF02/EF08", 7, 24);
        assertEquals(List.of(i, noDate), HealthCardCodec.decodeImmunisations(List.of(r, Bytes.copyOf(new byte[24]), r2)));
    }

    // ------------------------------------------------------------- visit index

    @Test
    void visitIndex() throws Exception {
        VisitIndex in = HealthCardCodec.decodeVisitIndex(HealthCardFile.DF03_EF05, List.of(
                HealthCardCodec.encodeIndexFlag(true), HealthCardCodec.encodeIndexFlag(false),
                HealthCardCodec.encodeIndexFlag(true)));
        assertTrue(in.isValid(1));
        assertFalse(in.isValid(2));
        assertEquals(OptionalInt.of(2), in.firstFreeSlot());
        assertEquals(3, in.slotCount());
        assertThrows(InvalidInputException.class, () -> in.isValid(0));
        assertThrows(InvalidInputException.class, () -> in.isValid(4));
        Bytes v = Bytes.fromHex("00");
        VisitIndex full = HealthCardCodec.decodeVisitIndex(HealthCardFile.DF03_EF06, List.of(v, v, v, v, v));
        assertEquals(OptionalInt.empty(), full.firstFreeSlot());
        assertEquals("FF", HealthCardCodec.encodeIndexFlag(false).toHex().toUpperCase());
        assertWhere(malformed(() -> HealthCardCodec.decodeVisitIndex(HealthCardFile.DF03_EF06,
                List.of(v, v, Bytes.fromHex("01"), v, v))), "DF03/EF06", 3, 0);
        assertWhere(malformed(() -> HealthCardCodec.decodeVisitIndex(HealthCardFile.DF03_EF06,
                List.of(v, v, v, v))), "DF03/EF06", -1, -1);
        assertWhere(malformed(() -> HealthCardCodec.decodeVisitIndex(HealthCardFile.DF03_EF05,
                List.of(v, Bytes.fromHex("0000"), v))), "DF03/EF05", 2, 1);
        assertField("file", () -> HealthCardCodec.decodeVisitIndex(HealthCardFile.DF02_EF07, List.of()));
    }

    @Test
    void decodedBytesStayOutOfMessages() {
        List<Bytes> h = new ArrayList<>(HealthCardCodec.encodeHolderInfo(holder()));
        h.set(3, rec("0E 04 19491331"));
        MalformedCardResponseException e = malformed(() -> HealthCardCodec.decodeHolderInfo(h));
        assertWhere(e, "DDF1/EF06", 4, 4);
        assertFalse(e.getMessage().contains("1949"), e.getMessage());
        assertFalse(e.getMessage().contains("13"), e.getMessage());
    }
}
