package io.yikatong.card.health;

import io.yikatong.card.MalformedCardResponseException;
import io.yikatong.card.health.internal.HealthCardCodec;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Df03RecordTest {

    private static void assertField(String field, Executable e) {
        InvalidInputException x = assertThrows(InvalidInputException.class, e);
        assertEquals(field, x.field(), x.getMessage());
    }

    static OutpatientRecord outpatient() {
        return OutpatientRecord.builder()
                .item(213, "某某市第一人民医院")
                .item(214, "H110105001")
                .item(215, "20261123093000")
                .item(217, "内科")
                .item(223, "J06.900")
                .item(225, "12")
                .build();
    }

    @Test
    void outpatientBuilderLayout() {
        OutpatientRecord r = outpatient();
        byte[] image = r.image().toByteArray();
        assertEquals(3267, image.length);
        // item 215: offset 80, CN 7
        assertEquals("20261123093000", Bytes.copyOf(image, 80, 7).toHex());
        // item 216 (AN 18 at 87) unset -> 00; item 218 (CN 1 at 155) unset -> FF
        assertEquals(Bytes.copyOf(new byte[18]), Bytes.copyOf(image, 87, 18));
        assertEquals((byte) 0xFF, image[155]);
        // item 225 CN 2 at 279: "12" then F padding
        assertEquals("12ff", Bytes.copyOf(image, 279, 2).toHex());
        // signature and certificate zero
        assertEquals(Bytes.copyOf(new byte[64]), r.signature());
        assertEquals(Bytes.copyOf(new byte[190]), r.certificate());
        assertEquals(3013, r.dataPart().length());
    }

    @Test
    void outpatientItemsDecode() throws Exception {
        OutpatientRecord r = OutpatientRecord.decode(HealthCardFile.DF03_ED03, outpatient().image());
        assertEquals(outpatient(), r);
        assertEquals("某某市第一人民医院", r.institutionName());
        assertEquals("H110105001", r.institutionCode());
        assertEquals("内科", r.item(217));
        assertEquals("J06.900", r.item(223));
        assertEquals("12", r.item(225));
        assertEquals("", r.item(216));
        assertEquals("", r.item(218));
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 23, 9, 30, 0)), r.visitTime());
        assertEquals("OutpatientRecord[3267 bytes redacted]", r.toString());
        assertField("item 212", () -> r.item(212));
        assertField("item 383", () -> r.item(383));
        assertEquals(r, HealthCardCodec.decodeOutpatientRecord(HealthCardFile.DF03_ED01, r.image()));
    }

    @Test
    void visitTimeEmptyWhenNotADateTime() {
        assertEquals(Optional.empty(), OutpatientRecord.builder().build().visitTime());
        assertEquals(Optional.empty(), OutpatientRecord.builder().item(215, "20261323093000").build().visitTime());
        assertEquals(Optional.empty(), OutpatientRecord.builder().item(215, "2026").build().visitTime());
        OutpatientRecord other = OutpatientRecord.builder().item(224, "20250101080000").build();
        assertEquals(Optional.of(LocalDateTime.of(2025, 1, 1, 8, 0)),
                other.visitTime(new Df03ItemMap(224, 66, 77)));
    }

    @Test
    void builderChecksItemsAndValues() {
        assertField("item 64", () -> OutpatientRecord.builder().item(64, "x"));
        assertField("item 383", () -> OutpatientRecord.builder().item(383, "00"));
        assertField("item 215", () -> OutpatientRecord.builder().item(215, "202611230930001"));
        assertField("item 215", () -> OutpatientRecord.builder().item(215, "2026-11-23"));
        assertField("item 214", () -> OutpatientRecord.builder().item(214, "H1101050012"));
        assertField("item 213", () -> OutpatientRecord.builder().item(213, "医".repeat(36)));
        assertField("item 213", () -> OutpatientRecord.builder().item(213, null));
        assertField("item 212", () -> InpatientRecord.builder().item(212, "00"));
        assertField("item 213", () -> InpatientRecord.builder().item(213, "x"));
        assertField("item 138", () -> InpatientRecord.builder().item(138, "0102"));
        assertField("item 138", () -> InpatientRecord.builder().item(138, "zz"));
    }

    @Test
    void inpatientRecord() throws Exception {
        InpatientRecord r = InpatientRecord.builder()
                .item(64, "某某医院")
                .item(65, "H000000001")
                .item(66, "20260101")
                .item(77, "20260110")
                .item(138, "A5")
                .build();
        assertEquals(1893, r.image().length());
        assertEquals(1639, r.dataPart().length());
        InpatientRecord d = HealthCardCodec.decodeInpatientRecord(HealthCardFile.DF03_EE02, r.image());
        assertEquals(r, d);
        assertEquals("某某医院", d.institutionName());
        assertEquals("H000000001", d.institutionCode());
        assertEquals("A5", d.item(138));
        assertEquals("00", d.item(139)); // B items decode to hex, unset = 00
        assertEquals((byte) 0xA5, r.image().get(1066));
        assertEquals(Optional.of(LocalDate.of(2026, 1, 1)), d.admissionDate());
        assertEquals(Optional.of(LocalDate.of(2026, 1, 10)), d.dischargeDate());
        assertEquals(Optional.of(LocalDate.of(2026, 1, 10)), d.admissionDate(new Df03ItemMap(215, 77, 66)));
        assertEquals(Optional.empty(), InpatientRecord.builder().build().admissionDate());
    }

    @Test
    void itemMapValidation() {
        assertField("outpatientVisitTime", () -> new Df03ItemMap(221, 66, 77)); // CN 4, not CN 7
        assertField("inpatientAdmissionDate", () -> new Df03ItemMap(215, 67, 77)); // CN 2
        assertField("item 300", () -> new Df03ItemMap(215, 300, 77));
    }

    @Test
    void withSignature() throws Exception {
        byte[] sig = new byte[64];
        Arrays.fill(sig, (byte) 0x5A);
        byte[] cert = new byte[190];
        Arrays.fill(cert, (byte) 0xC3);
        OutpatientRecord signed = outpatient().withSignature(Bytes.copyOf(sig), Bytes.copyOf(cert));
        assertEquals(Bytes.copyOf(sig), signed.signature());
        assertEquals(Bytes.copyOf(cert), signed.certificate());
        assertEquals(outpatient().dataPart(), signed.dataPart());
        assertFalse(signed.equals(outpatient()));
        assertEquals(signed, OutpatientRecord.decode(HealthCardFile.DF03_ED05, signed.image()));
        assertField("signature", () -> outpatient().withSignature(Bytes.copyOf(new byte[63]), Bytes.copyOf(cert)));
        assertField("certificate", () -> outpatient().withSignature(Bytes.copyOf(sig), Bytes.copyOf(new byte[191])));
        InpatientRecord in = InpatientRecord.builder().build().withSignature(Bytes.copyOf(sig), Bytes.copyOf(cert));
        assertEquals(Bytes.copyOf(cert), in.certificate());
        assertEquals(1703, in.image().length() - 190);
    }

    @Test
    void blankCardImagesDecode() throws Exception {
        byte[] ff = new byte[3267];
        Arrays.fill(ff, (byte) 0xFF);
        OutpatientRecord r = OutpatientRecord.decode(HealthCardFile.DF03_ED01, Bytes.copyOf(ff));
        assertEquals("", r.institutionName());
        assertEquals(Optional.empty(), r.visitTime());
        InpatientRecord z = InpatientRecord.decode(HealthCardFile.DF03_EE01, Bytes.copyOf(new byte[1893]));
        assertEquals("", z.institutionName());
        assertEquals("0000", z.item(67));
        assertEquals(Optional.empty(), z.admissionDate());
    }

    @Test
    void malformedImages() {
        MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                () -> OutpatientRecord.decode(HealthCardFile.DF03_ED02, Bytes.copyOf(new byte[3266])));
        assertEquals("DF03/ED02", e.file());
        byte[] image = outpatient().image().toByteArray();
        image[82] = (byte) 0xA1; // item 215 (offset 80), third byte
        e = assertThrows(MalformedCardResponseException.class,
                () -> OutpatientRecord.decode(HealthCardFile.DF03_ED04, Bytes.copyOf(image)));
        assertEquals("DF03/ED04", e.file());
        assertEquals(-1, e.record());
        assertEquals(82, e.offset());
        assertTrue(e.getMessage().contains("item 215"), e.getMessage());
        byte[] image2 = InpatientRecord.builder().item(64, "某某医院").build().image().toByteArray();
        image2[20] = 0x41; // text after the padding of item 64
        e = assertThrows(MalformedCardResponseException.class,
                () -> InpatientRecord.decode(HealthCardFile.DF03_EE03, Bytes.copyOf(image2)));
        assertEquals(20, e.offset());
        assertTrue(e.getMessage().contains("item 64"), e.getMessage());
        assertField("file", () -> InpatientRecord.decode(HealthCardFile.DF03_ED01, Bytes.copyOf(new byte[1893])));
        assertField("file", () -> OutpatientRecord.decode(HealthCardFile.DF03_EE01, Bytes.copyOf(new byte[3267])));
    }
}
