package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Profiles: the shipped example, JSON loading and its errors, and typed profiles. */
class HealthCardProfileTest {

    private static HealthCardProfile load(String resource) throws Exception {
        try (InputStream in = HealthCardProfileTest.class.getResourceAsStream("/virtual/" + resource)) {
            return VirtualHealthCards.fromJson(in);
        }
    }

    private static String read(VirtualCardTransport t, String... commands) throws Exception {
        try (CardSession s = CardSession.open(t)) {
            byte[] last = null;
            for (String c : commands) {
                last = s.send(CommandApdu.decode(Hex.parse(c, "test")), c);
            }
            return Hex.encode(last);
        }
    }

    @Test
    void exampleProfileIsTheFictionalGb11643Person() {
        HealthCardProfile p = VirtualHealthCards.example();
        assertEquals("11010519491231002X", p.idNumber().value());
        assertEquals(Gender.FEMALE, p.gender());
        assertEquals(p.idNumber().gender(), p.gender(), "gender matches the ID number");
        assertEquals(p.idNumber().birthDate(), p.birthDate(), "birth date matches the ID number");
        assertTrue(p.photo().length() > 100);
        assertFalse(p.toString().contains("19491231"), "no personal data in toString: " + p);
        assertFalse(p.toString().contains("张"), "no name in toString");
    }

    @Test
    void loadsASecondProfileFromJsonAndServesIt() throws Exception {
        HealthCardProfile p = load("second-holder.json");
        assertEquals(Nation.UYGUR, p.nation());
        assertEquals(Gender.MALE, p.gender());
        assertEquals(0, p.photo().length());
        VirtualCardTransport t = VirtualHealthCards.transport(p);
        assertEquals("0102030405060708", t.atr().slice(5, 13).toHex());
        t.card().grantReadRight(0xDDF1);
        assertEquals("0b1e" + "b0acc1a6a1a4c2f2c2f2cce1" + "00".repeat(18),
                read(t, "00A4000002DDF1", "00A4000002EF06", "00B2010400"), "艾力·买买提 in GB18030");
        t = VirtualHealthCards.transport(p);
        t.card().grantReadRight(0xDDF1);
        assertEquals("0d0105", read(t, "00A4000002DDF1", "00A4000002EF06", "00B2030400"), "nation 05 as CN");
        t = VirtualHealthCards.transport(p);
        t.card().grantReadRight(0xDDF1);
        assertEquals("0000", read(t, "00A4000002DDF1", "00A4000002EF07", "00B0000002"), "no photo: length 0");
        t = VirtualHealthCards.transport(p);
        t.card().grantReadRight(0xDDF1);
        assertEquals("140199", read(t, "00A4000002DDF1", "00A4000002EF08", "00B2060400"), "third payment mode");
        t = VirtualHealthCards.transport(p);
        assertEquals("05b4" + "ab".repeat(180), read(t, "00A4000002DDF1", "00A4000002EF05", "00B20500B6"),
                "180-byte certificate with length byte B4");
    }

    @Test
    void rejectsBadJson() {
        MalformedDataException unknown = assertThrows(MalformedDataException.class, () -> load("unknown-field.json"));
        assertTrue(unknown.element().contains("holder.nmae"), unknown.element());
        MalformedDataException tooLong = assertThrows(MalformedDataException.class, () -> load("name-too-long.json"));
        assertTrue(tooLong.element().contains("name"), tooLong.element());
        assertThrows(MalformedDataException.class, () -> VirtualHealthCards.fromJson(json("{\"holder\": ")));
        assertThrows(MalformedDataException.class, () -> VirtualHealthCards.fromJson(json("[1]")));
        assertThrows(MalformedDataException.class, () -> VirtualHealthCards.fromJson(json("{}")));
    }

    @Test
    void badIdNumberInJsonIsMalformed() throws Exception {
        String text;
        try (InputStream in = HealthCardProfileTest.class.getResourceAsStream("/virtual/second-holder.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String badCheck = text.replace("\"idNumber\": \"440304199001010011\"", "\"idNumber\": \"440304199001010012\"");
        assertFalse(badCheck.equals(text));
        assertThrows(MalformedDataException.class, () -> VirtualHealthCards.fromJson(json(badCheck)));
        String badDate = text.replace("\"2029-07-01\"", "\"2029-13-01\"");
        assertThrows(MalformedDataException.class, () -> VirtualHealthCards.fromJson(json(badDate)));
        String badCity = text.replace("\"440304\"", "\"4403\"");
        assertThrows(MalformedDataException.class, () -> VirtualHealthCards.fromJson(json(badCity)));
    }

    @Test
    void typedProfileChecksSizes() {
        HealthCardProfile p = VirtualHealthCards.example();
        assertThrows(InvalidInputException.class, () -> withPhoto(p, Bytes.copyOf(new byte[3071])));
        withPhoto(p, Bytes.copyOf(new byte[3070])); // the largest photo fits
        assertThrows(InvalidInputException.class, () -> new HealthCardProfile(Bytes.fromHex("01"), p.cardType(),
                p.specVersion(), p.issuerName(), p.issuerCode(), p.issuerCertificate(), p.issueDate(), p.cardNumber(),
                p.securityCode(), p.chipSerial(), p.cityCode(), p.name(), p.gender(), p.nation(), p.birthDate(),
                p.idNumber(), p.photo(), p.validUntil(), p.phone1(), p.phone2(), p.paymentModes()));
        HealthCardProfile longPhone = new HealthCardProfile(p.diversificationFactor(), p.cardType(), p.specVersion(),
                p.issuerName(), p.issuerCode(), p.issuerCertificate(), p.issueDate(), p.cardNumber(), p.securityCode(),
                p.chipSerial(), p.cityCode(), p.name(), p.gender(), p.nation(), p.birthDate(), p.idNumber(), p.photo(),
                p.validUntil(), "0".repeat(21), p.phone2(), p.paymentModes());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VirtualHealthCards.card(longPhone));
        assertEquals("phone1", e.field());
        HealthCardProfile oneMode = new HealthCardProfile(p.diversificationFactor(), p.cardType(), p.specVersion(),
                p.issuerName(), p.issuerCode(), p.issuerCertificate(), p.issueDate(), p.cardNumber(), p.securityCode(),
                p.chipSerial(), p.cityCode(), p.name(), p.gender(), p.nation(), p.birthDate(), p.idNumber(), p.photo(),
                p.validUntil(), p.phone1(), p.phone2(), List.of("01"));
        assertEquals(List.of("01"), oneMode.paymentModes());
        assertThrows(InvalidInputException.class, () -> new HealthCardProfile(p.diversificationFactor(), p.cardType(),
                p.specVersion(), p.issuerName(), p.issuerCode(), p.issuerCertificate(), p.issueDate(), p.cardNumber(),
                p.securityCode(), p.chipSerial(), p.cityCode(), p.name(), p.gender(), p.nation(),
                LocalDate.of(1949, 12, 31), ResidentIdNumber.parse("11010519491231002X"), p.photo(), p.validUntil(),
                p.phone1(), p.phone2(), List.of("01", "02", "03", "04")));
    }

    private static HealthCardProfile withPhoto(HealthCardProfile p, Bytes photo) {
        return new HealthCardProfile(p.diversificationFactor(), p.cardType(), p.specVersion(), p.issuerName(),
                p.issuerCode(), p.issuerCertificate(), p.issueDate(), p.cardNumber(), p.securityCode(), p.chipSerial(),
                p.cityCode(), p.name(), p.gender(), p.nation(), p.birthDate(), p.idNumber(), photo, p.validUntil(),
                p.phone1(), p.phone2(), p.paymentModes());
    }

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
