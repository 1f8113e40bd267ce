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

    static VisitRecord outpatient() {
        return VisitRecord.builder(VisitKind.OUTPATIENT)
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
        VisitRecord r = outpatient();
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
        VisitRecord r = VisitRecord.decode(HealthCardFile.DF03_ED03, outpatient().image());
        assertEquals(outpatient(), r);
        assertEquals("某某市第一人民医院", r.institutionName());
        assertEquals("H110105001", r.institutionCode());
        assertEquals("内科", r.item(217));
        assertEquals("J06.900", r.item(223));
        assertEquals("12", r.item(225));
        assertEquals("", r.item(216));
        assertEquals("", r.item(218));
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 23, 9, 30, 0)), r.visitTime());
        assertEquals("VisitRecord[outpatient, 3267 bytes redacted]", r.toString());
        assertEquals(VisitKind.OUTPATIENT, r.kind());
        assertField("item 212", () -> r.item(212));
        assertField("item 383", () -> r.item(383));
        assertEquals(r, HealthCardCodec.decodeVisitRecord(HealthCardFile.DF03_ED01, r.image()));
    }

    @Test
    void visitTimeEmptyWhenNotADateTime() {
        assertEquals(Optional.empty(), VisitRecord.builder(VisitKind.OUTPATIENT).build().visitTime());
        assertEquals(Optional.empty(),
                VisitRecord.builder(VisitKind.OUTPATIENT).item(215, "20261323093000").build().visitTime());
        assertEquals(Optional.empty(), VisitRecord.builder(VisitKind.OUTPATIENT).item(215, "2026").build().visitTime());
        VisitRecord other = VisitRecord.builder(VisitKind.OUTPATIENT).item(224, "20250101080000").build();
        assertEquals(Optional.of(LocalDateTime.of(2025, 1, 1, 8, 0)),
                other.visitTime(new Df03ItemMap(224, 66, 77)));
    }

    @Test
    void builderChecksItemsAndValues() {
        assertField("item 64", () -> VisitRecord.builder(VisitKind.OUTPATIENT).item(64, "x"));
        assertField("item 383", () -> VisitRecord.builder(VisitKind.OUTPATIENT).item(383, "00"));
        assertField("item 215", () -> VisitRecord.builder(VisitKind.OUTPATIENT).item(215, "202611230930001"));
        assertField("item 215", () -> VisitRecord.builder(VisitKind.OUTPATIENT).item(215, "2026-11-23"));
        assertField("item 214", () -> VisitRecord.builder(VisitKind.OUTPATIENT).item(214, "H1101050012"));
        assertField("item 213", () -> VisitRecord.builder(VisitKind.OUTPATIENT).item(213, "医".repeat(36)));
        assertField("item 213", () -> VisitRecord.builder(VisitKind.OUTPATIENT).item(213, null));
        assertField("item 212", () -> VisitRecord.builder(VisitKind.INPATIENT).item(212, "00"));
        assertField("item 213", () -> VisitRecord.builder(VisitKind.INPATIENT).item(213, "x"));
        assertField("item 138", () -> VisitRecord.builder(VisitKind.INPATIENT).item(138, "0102"));
        assertField("item 138", () -> VisitRecord.builder(VisitKind.INPATIENT).item(138, "zz"));
    }

    @Test
    void inpatientRecord() throws Exception {
        VisitRecord r = VisitRecord.builder(VisitKind.INPATIENT)
                .item(64, "某某医院")
                .item(65, "H000000001")
                .item(66, "20260101")
                .item(77, "20260110")
                .item(138, "A5")
                .build();
        assertEquals(1893, r.image().length());
        assertEquals(1639, r.dataPart().length());
        VisitRecord d = HealthCardCodec.decodeVisitRecord(HealthCardFile.DF03_EE02, r.image());
        assertEquals(r, d);
        assertEquals("某某医院", d.institutionName());
        assertEquals("H000000001", d.institutionCode());
        assertEquals("A5", d.item(138));
        assertEquals("00", d.item(139)); // B items decode to hex, unset = 00
        assertEquals((byte) 0xA5, r.image().get(1066));
        assertEquals(Optional.of(LocalDate.of(2026, 1, 1)), d.admissionDate());
        assertEquals(Optional.of(LocalDate.of(2026, 1, 10)), d.dischargeDate());
        assertEquals(Optional.of(LocalDate.of(2026, 1, 10)), d.admissionDate(new Df03ItemMap(215, 77, 66)));
        assertEquals(Optional.empty(), VisitRecord.builder(VisitKind.INPATIENT).build().admissionDate());
    }

    @Test
    void oneTypeForBothKinds() throws Exception {
        assertEquals(5, VisitKind.OUTPATIENT.slotCount());
        assertEquals(3, VisitKind.INPATIENT.slotCount());
        assertEquals(HealthCardFile.DF03_EF06, VisitKind.OUTPATIENT.indexFile());
        assertEquals(HealthCardFile.DF03_EF05, VisitKind.INPATIENT.indexFile());
        assertEquals(HealthCardFile.DF03_ED02, VisitKind.OUTPATIENT.recordFile(2));
        assertEquals(HealthCardFile.DF03_EE03, VisitKind.INPATIENT.recordFile(3));
        InvalidInputException slot = assertThrows(InvalidInputException.class, () -> VisitKind.INPATIENT.recordFile(4));
        assertEquals("slot", slot.field());
        assertTrue(slot.getMessage().contains("inpatient slots are 1..3, was 4"), slot.getMessage());
        assertField("slot", () -> VisitKind.OUTPATIENT.recordFile(0));
        assertEquals(VisitKind.OUTPATIENT, VisitKind.ofRecordFile(HealthCardFile.DF03_ED05));
        assertEquals(VisitKind.INPATIENT, VisitKind.ofRecordFile(HealthCardFile.DF03_EE01));
        assertField("file", () -> VisitKind.ofRecordFile(HealthCardFile.DF03_EF05));
        assertEquals(3013, VisitKind.OUTPATIENT.dataLength());
        assertEquals(3267, VisitKind.OUTPATIENT.recordLength());
        assertEquals(1639, VisitKind.INPATIENT.dataLength());
        assertEquals(1893, VisitKind.INPATIENT.recordLength());
        assertEquals(170, VisitKind.OUTPATIENT.dataItemNumbers().size());
        assertEquals(213, VisitKind.OUTPATIENT.dataItemNumbers().get(0));
        assertEquals(382, VisitKind.OUTPATIENT.dataItemNumbers().get(169));
        assertEquals(147, VisitKind.INPATIENT.dataItemNumbers().size());
        assertEquals(64, VisitKind.INPATIENT.dataItemNumbers().get(0));
        assertEquals(210, VisitKind.INPATIENT.dataItemNumbers().get(146));

        VisitRecord in = VisitRecord.builder(VisitKind.INPATIENT).item(64, "某某医院").build();
        assertEquals(VisitKind.INPATIENT, in.kind());
        assertEquals("VisitRecord[inpatient, 1893 bytes redacted]", in.toString());
        assertEquals(in, VisitRecord.decode(HealthCardFile.DF03_EE03, in.image()));
        assertFalse(in.equals(outpatient()));
        // each kind's dates belong to it alone
        IllegalStateException noVisitTime = assertThrows(IllegalStateException.class, in::visitTime);
        assertTrue(noVisitTime.getMessage().contains("admissionDate()"), noVisitTime.getMessage());
        assertThrows(IllegalStateException.class, () -> in.visitTime(Df03ItemMap.DEFAULT));
        assertThrows(IllegalStateException.class, () -> outpatient().admissionDate());
        assertThrows(IllegalStateException.class, () -> outpatient().dischargeDate(Df03ItemMap.DEFAULT));
        assertThrows(NullPointerException.class, () -> VisitRecord.builder(null));

        // the visit records of a card keep each kind in its map
        VisitIndex three = new VisitIndex(java.util.List.of(true, false, false));
        VisitIndex five = new VisitIndex(java.util.List.of(true, false, false, false, false));
        VisitRecords ok = new VisitRecords(three, java.util.Map.of(1, in), five, java.util.Map.of(1, outpatient()));
        assertEquals(in, ok.inpatient().get(1));
        assertField("inpatient",
                () -> new VisitRecords(three, java.util.Map.of(1, outpatient()), five, java.util.Map.of()));
        assertField("outpatient", () -> new VisitRecords(three, java.util.Map.of(), five, java.util.Map.of(1, in)));
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
        VisitRecord signed = outpatient().withSignature(Bytes.copyOf(sig), Bytes.copyOf(cert));
        assertEquals(Bytes.copyOf(sig), signed.signature());
        assertEquals(Bytes.copyOf(cert), signed.certificate());
        assertEquals(outpatient().dataPart(), signed.dataPart());
        assertFalse(signed.equals(outpatient()));
        assertEquals(signed, VisitRecord.decode(HealthCardFile.DF03_ED05, signed.image()));
        assertField("signature", () -> outpatient().withSignature(Bytes.copyOf(new byte[63]), Bytes.copyOf(cert)));
        assertField("certificate", () -> outpatient().withSignature(Bytes.copyOf(sig), Bytes.copyOf(new byte[191])));
        VisitRecord in = VisitRecord.builder(VisitKind.INPATIENT).build()
                .withSignature(Bytes.copyOf(sig), Bytes.copyOf(cert));
        assertEquals(Bytes.copyOf(cert), in.certificate());
        assertEquals(1703, in.image().length() - 190);
    }

    @Test
    void blankCardImagesDecode() throws Exception {
        byte[] ff = new byte[3267];
        Arrays.fill(ff, (byte) 0xFF);
        VisitRecord r = VisitRecord.decode(HealthCardFile.DF03_ED01, Bytes.copyOf(ff));
        assertEquals("", r.institutionName());
        assertEquals(Optional.empty(), r.visitTime());
        VisitRecord z = VisitRecord.decode(HealthCardFile.DF03_EE01, Bytes.copyOf(new byte[1893]));
        assertEquals("", z.institutionName());
        assertEquals("0000", z.item(67));
        assertEquals(Optional.empty(), z.admissionDate());
    }

    @Test
    void malformedImages() {
        MalformedCardResponseException e = assertThrows(MalformedCardResponseException.class,
                () -> VisitRecord.decode(HealthCardFile.DF03_ED02, Bytes.copyOf(new byte[3266])));
        assertEquals("DF03/ED02", e.file());
        byte[] image = outpatient().image().toByteArray();
        image[82] = (byte) 0xA1; // item 215 (offset 80), third byte
        e = assertThrows(MalformedCardResponseException.class,
                () -> VisitRecord.decode(HealthCardFile.DF03_ED04, Bytes.copyOf(image)));
        assertEquals("DF03/ED04", e.file());
        assertEquals(-1, e.record());
        assertEquals(82, e.offset());
        assertTrue(e.getMessage().contains("item 215"), e.getMessage());
        byte[] image2 = VisitRecord.builder(VisitKind.INPATIENT).item(64, "某某医院").build().image().toByteArray();
        image2[20] = 0x41; // text after the padding of item 64
        e = assertThrows(MalformedCardResponseException.class,
                () -> VisitRecord.decode(HealthCardFile.DF03_EE03, Bytes.copyOf(image2)));
        assertEquals(20, e.offset());
        assertTrue(e.getMessage().contains("item 64"), e.getMessage());
        // the file decides the kind: an image of the other kind has the wrong length for it
        e = assertThrows(MalformedCardResponseException.class,
                () -> VisitRecord.decode(HealthCardFile.DF03_ED01, Bytes.copyOf(new byte[1893])));
        assertEquals("DF03/ED01", e.file());
        e = assertThrows(MalformedCardResponseException.class,
                () -> VisitRecord.decode(HealthCardFile.DF03_EE01, Bytes.copyOf(new byte[3267])));
        assertEquals("DF03/EE01", e.file());
        // and a file that holds no visit record is refused by name
        assertField("file", () -> VisitRecord.decode(HealthCardFile.DF03_EF05, Bytes.copyOf(new byte[1893])));
        assertField("file", () -> VisitRecord.decode(HealthCardFile.DF03_EF06, Bytes.copyOf(new byte[3267])));
        assertField("file", () -> VisitRecord.decode(HealthCardFile.DDF1_EF07, Bytes.copyOf(new byte[3072])));
    }
}
