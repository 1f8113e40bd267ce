package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yikatong.card.CardSession;
import io.yikatong.card.CommandApdu;
import io.yikatong.card.StatusWord;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.codec.SimpleTlv;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Drives the virtual health card through {@link CardSession}, with the APDUs of health-card-spec §1.2–1.5. */
class VirtualHealthCardTest {

    private static byte[] hex(String s) {
        return Hex.parse(s, "test");
    }

    private static CommandApdu apdu(String s) throws MalformedDataException {
        return CommandApdu.decode(hex(s));
    }

    private static StatusWord status(CardSession s, String command) throws Exception {
        return s.transmit(apdu(command)).statusWord();
    }

    private static void select(CardSession s, int fid) throws Exception {
        s.send(CommandApdu.of(0, 0xA4, 0, 0, new byte[] {(byte) (fid >> 8), (byte) fid}), String.format("select %04X", fid));
    }

    private static byte[] readRecord(CardSession s, int number) throws Exception {
        return s.send(CommandApdu.withNe(0, 0xB2, number, 0x04, 256), "read record " + number);
    }

    private static byte[] readByTag(CardSession s, int tag, int le) throws Exception {
        return s.send(CommandApdu.withNe(0, 0xB2, tag, 0x00, le), "read tag " + tag);
    }

    @Test
    void readsEveryDdf1FileAndDecodesTheProfileBack() throws Exception {
        HealthCardProfile p = VirtualHealthCards.example();
        VirtualCardTransport t = VirtualHealthCards.transport(p);
        try (CardSession s = CardSession.open(t)) {
            select(s, 0xDDF1);
            select(s, 0xEF05);
            // EF05 is read by tag with Le = 2 + length, exactly as the vendor code does (spec §1.4)
            assertEquals("1", GbText.decode(SimpleTlv.decode(readByTag(s, 0x01, 3), 0x01).value().toByteArray(), "KLB"));
            assertEquals("1.00", GbText.decode(SimpleTlv.decode(readByTag(s, 0x02, 6), 0x02).value().toByteArray(), "GFBB"));
            assertEquals(p.issuerName(), GbText.decode(value(readByTag(s, 0x03, 0x20), 0x03, 30), "FKJGMC"));
            assertEquals(p.issuerCode(), Bcd.decodeCn(value(readByTag(s, 0x04, 0x0D), 0x04, 11), "FKJGDM"));
            assertArrayEquals(p.issuerCertificate().toByteArray(), value(readByTag(s, 0x05, 0xB6), 0x05, 180));
            assertEquals(p.issueDate(), Bcd.decodeDate(value(readByTag(s, 0x06, 6), 0x06, 4), "FKSJ"));
            assertEquals(p.cardNumber(), GbText.decode(value(readByTag(s, 0x08, 0x14), 0x08, 18), "KH"));
            assertEquals(p.securityCode(), GbText.decode(value(readByTag(s, 0x09, 5), 0x09, 3), "AQM"));
            assertEquals(p.chipSerial(), GbText.decode(value(readByTag(s, 0x0A, 0x0C), 0x0A, 10), "XPXLH"));
            assertEquals("110105", Bcd.decodeCn(value(readByTag(s, 0x39, 5), 0x39, 3), "YYCSDM"));

            t.card().grantReadRight(0xDDF1);
            select(s, 0xEF06);
            assertEquals("张晓虹", GbText.decode(value(readRecord(s, 1), 0x0B, 30), "XM"));
            assertEquals(Gender.FEMALE, Gender.decode(Integer.toString(value(readRecord(s, 2), 0x0C, 1)[0])));
            assertEquals(Nation.HAN, Nation.decode(Bcd.decodeCn(value(readRecord(s, 3), 0x0D, 1), "MZ")));
            assertEquals(LocalDate.of(1949, 12, 31), Bcd.decodeDate(value(readRecord(s, 4), 0x0E, 4), "CSRQ"));
            assertEquals(ResidentIdNumber.parse("11010519491231002X"),
                    ResidentIdNumber.decode(GbText.decode(value(readRecord(s, 5), 0x0F, 18), "SFZH")));

            select(s, 0xEF07);
            byte[] head = s.readBinary(0, 2, "EF07");
            int length = ((head[0] & 0xFF) << 8) | (head[1] & 0xFF);
            assertEquals(p.photo().length(), length);
            byte[] photo = s.readBinary(2, length, "EF07"); // 0x80-byte chunks, as the vendor reads it
            assertArrayEquals(p.photo().toByteArray(), photo);
            assertEquals("ffd8ff", Hex.encode(Arrays.copyOf(photo, 3)), "a JPEG starts with SOI");

            select(s, 0xEF08);
            assertEquals(LocalDate.of(2031, 3, 15), Bcd.decodeDate(value(readRecord(s, 1), 0x07, 4), "KYXQ"));
            assertEquals("010-55550100", GbText.decode(value(readRecord(s, 2), 0x10, 20), "BRDH1"));
            assertEquals("", GbText.decode(value(readRecord(s, 3), 0x11, 20), "BRDH2"));
            assertEquals("01", Bcd.decodeCn(value(readRecord(s, 4), 0x12, 1), "YLFYZFFS1"));
            assertEquals("07", Bcd.decodeCn(value(readRecord(s, 5), 0x13, 1), "YLFYZFFS2"));
            assertEquals("", Bcd.decodeCn(value(readRecord(s, 6), 0x14, 1), "YLFYZFFS3"));
            assertEquals(s.apduCount(), t.card().commandCount(), "card-side and session-side counts agree");
        }
    }

    private static byte[] value(byte[] record, int tag, int length) throws MalformedDataException {
        SimpleTlv tlv = SimpleTlv.decode(record, tag);
        assertEquals(length, tlv.value().length(), "fixed element length of tag " + Integer.toHexString(tag));
        return tlv.value().toByteArray();
    }

    @Test
    void recordsHaveTheSpecByteLayout() throws Exception {
        // expected bytes written out by hand from spec §0 / §1.4, not produced by the SDK's encoders
        VirtualCardTransport t = VirtualHealthCards.transport(VirtualHealthCards.example());
        CardSession s = CardSession.open(t);
        assertEquals("9000", Hex.encode(t.transmit(hex("00A4000002DDF1"))));
        assertEquals("9000", Hex.encode(t.transmit(hex("00A4000002EF05"))));
        assertEquals("0101319000", Hex.encode(t.transmit(hex("00B2010003"))));
        assertEquals("0204312e30309000", Hex.encode(t.transmit(hex("00B2020006"))));
        assertEquals("3903110105" + "9000", Hex.encode(t.transmit(hex("00B2390005"))));
        assertEquals("060420210315" + "9000", Hex.encode(t.transmit(hex("00B2060006"))));
        assertEquals("0812" + "3131303130353139343931323331303032" + "58" + "9000",
                Hex.encode(t.transmit(hex("00B2080014"))));
        t.card().grantReadRight(0xDDF1);
        assertEquals("9000", Hex.encode(t.transmit(hex("00A4000002EF06"))));
        assertEquals("0c01029000", Hex.encode(t.transmit(hex("00B2020400"))));
        assertEquals("0d01019000", Hex.encode(t.transmit(hex("00B2030400"))));
        assertEquals("0e04194912319000", Hex.encode(t.transmit(hex("00B2040400"))));
        assertEquals("0f12" + "3131303130353139343931323331303032" + "58" + "9000",
                Hex.encode(t.transmit(hex("00B2050400"))));
        byte[] name = t.transmit(hex("00B2010400"));
        assertEquals(34, name.length);
        assertEquals("0b1e" + "d5c5cffebae7" + "00".repeat(24) + "9000", Hex.encode(name), "张晓虹 in GBK, 00-padded");
        s.close();
    }
}
