package io.yikatong.card.health;

import io.yikatong.testkit.card.FaultyCardTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.card.CardErrorCode;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.CardSession;
import io.yikatong.card.CardTransport;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.card.health.security.PsamOptions;
import io.yikatong.card.health.security.PsamSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.domain.Gender;
import io.yikatong.testkit.card.HealthCardProfile;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualCard;
import io.yikatong.testkit.card.VirtualCardTransport;
import io.yikatong.testkit.card.VirtualHealthCards;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The typed health-card API on the in-process virtual card with the development security module. */
class HealthCardServiceTest {

    private final HealthCardProfile profile = VirtualHealthCards.example();
    private final VirtualCard card = VirtualHealthCards.card(profile, new SplittableRandom(7));
    private final InsecureSoftwareSecurityModule sam = InsecureDevelopmentPki.securityModule();

    private HealthCardService service(CardTransport t) {
        return HealthCardService.builder(CardSession.builder(t).readChunk(256).build()).securityModule(sam).build();
    }

    private HealthCardService service() {
        return service(new VirtualCardTransport(card));
    }

    @Test
    void readsTheMainFilesWithTheMinimumCommands() throws Exception {
        try (HealthCardService s = service()) {
            HealthCard hc = s.read();
            assertEquals("张晓虹", hc.holder().name());
            assertEquals(Gender.FEMALE, hc.holder().gender());
            assertEquals(profile.birthDate(), hc.holder().birthDate());
            assertEquals(profile.idNumber().value(), hc.holder().idNumber());
            assertEquals(profile.cityCode(), hc.issuer().cityCode());
            assertEquals(profile.cardNumber(), hc.issuer().cardNumber());
            assertEquals(profile.photo(), hc.photo().image());
            assertEquals(Photo.ImageFormat.JPEG, hc.photo().format());
            assertEquals(profile.validUntil(), hc.contact().expiryDate());
            assertEquals(List.of("01", "07"), hc.contact().paymentMethods());
            assertFalse(hc.toString().contains("张晓虹"));
            // select DDF1, select EF05, 10 records; RK_DDF1: challenge + authenticate; select EF06 + 5 records;
            // select EF07 + ceil((L + 2) / 256) chunks; select EF08 + 6 records
            int photoChunks = (profile.photo().length() + 2 + 255) / 256;
            assertEquals(2 + 10 + 2 + 1 + 5 + 1 + photoChunks + 1 + 6, s.session().apduCount());
        }
    }

    @Test
    void publicReadNeedsNoSecurityModuleAndTheRestSaysWhy() throws Exception {
        try (HealthCardService s = HealthCardService.open(new VirtualCardTransport(card), null)) {
            assertEquals("北京市虚拟卫生健康委员会", s.readIssuer().issuerName());
            assertEquals(12, s.session().apduCount(), "2 SELECTs and 10 READ RECORDs");
            InvalidInputException e = assertThrows(InvalidInputException.class, s::readHolder);
            assertEquals("securityModule", e.field());
            assertThrows(InvalidInputException.class, s::read);
        }
    }

    @Test
    void readsEveryFile() throws Exception {
        try (HealthCardService s = service()) {
            HealthCard hc = s.readAll();
            assertTrue(hc.demographics().isPresent());
            assertEquals("", hc.demographics().get().addresses().address1());
            assertTrue(hc.clinical().get().allergies().isEmpty());
            assertEquals(5, hc.visits().get().outpatientIndex().slotCount());
            assertTrue(hc.visits().get().outpatient().isEmpty());
        }
    }

    @Test
    void writesAreReadBackInANewSession() throws Exception {
        ContactInfo contact = new ContactInfo(LocalDate.of(2035, 1, 31), "13900000000", "010-12345678",
                List.of("02", "05", "99"));
        AddressInfo addresses = new AddressInfo("01", "北京市东城区虚拟胡同1号", "03", "北京市西城区示例路2号");
        AllergyRecord penicillin = new AllergyRecord("青霉素", "皮疹");
        ImmunisationRecord measles = new ImmunisationRecord("麻疹疫苗", Optional.of(LocalDate.of(2020, 5, 1)));
        try (HealthCardService s = service()) {
            s.writeContact(contact);
            s.writeAddresses(addresses);
            s.appendAllergy(penicillin);
            s.appendAllergy(new AllergyRecord("花粉", "哮喘"));
            s.appendImmunisation(measles);
        }
        try (HealthCardService s = service()) {
            assertEquals(contact, s.readContact());
            assertEquals(addresses, s.readAddresses());
            assertEquals(List.of(new AllergyRecord("花粉", "哮喘"), penicillin), s.readAllergies());
            assertEquals(List.of(measles), s.readImmunisations());
        }
    }

    @Test
    void outpatientRecordsAreSignedAndFillSlotsByTheVendorRule() throws Exception {
        RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
                .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build();
        try (HealthCardService s = service()) {
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, s.writeOutpatientRecord(visit(String.format("2026%02d01093000", 6 - i))),
                        "free slots first");
            }
            // all 5 used: the earliest visit (slot 5, January) is overwritten
            assertEquals(5, s.nextOutpatientSlot());
            assertEquals(5, s.writeOutpatientRecord(visit("20261123100000")));
            assertEquals(4, s.nextOutpatientSlot(), "February is now the earliest");
            VisitRecord r = s.readOutpatientRecord(5);
            assertEquals("20261123100000", r.item(215));
            VerifiedRecord v = verifier.verify(r.image(), s.readIssuer().issuerCertificate(), profile.cardNumber());
            assertEquals(r.dataPart(), v.dataPart());
            HealthCard all = s.readAll();
            assertEquals(5, all.visits().get().outpatient().size());
            s.eraseOutpatientRecord(2);
            assertFalse(s.readOutpatientIndex().isValid(2));
            assertEquals(2, s.nextOutpatientSlot());
        }
    }

    @Test
    void inpatientStaysGoThroughTheSameVisitApi() throws Exception {
        RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
                .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build();
        try (HealthCardService s = service()) {
            assertEquals(1, s.writeInpatientRecord(stay("20260301", "20260310")));
            assertEquals(2, s.writeVisitRecord(stay("20260201", "20260215")));
            assertEquals(3, s.writeInpatientRecord(stay("20260201", "20260205")));
            // all 3 used: the earliest admission, ties broken by the earliest discharge (slot 3)
            assertEquals(3, s.nextInpatientSlot());
            assertEquals(3, s.nextVisitSlot(VisitKind.INPATIENT));
            assertEquals(3, s.writeVisitRecord(stay("20260401", "20260402")));
            assertEquals(2, s.nextInpatientSlot());
            VisitRecord r = s.readVisitRecord(VisitKind.INPATIENT, 3);
            assertEquals(VisitKind.INPATIENT, r.kind());
            assertEquals(Optional.of(LocalDate.of(2026, 4, 1)), r.admissionDate());
            assertEquals(r, s.readInpatientRecord(3));
            verifier.verify(r.image(), s.readIssuer().issuerCertificate(), profile.cardNumber());
            assertEquals(s.readInpatientIndex(), s.readVisitIndex(VisitKind.INPATIENT));
            HealthCard all = s.readAll();
            assertEquals(3, all.visits().get().inpatient().size());
            assertTrue(all.visits().get().outpatient().isEmpty());
            s.eraseVisitRecord(VisitKind.INPATIENT, 1);
            assertFalse(s.readInpatientIndex().isValid(1));
            assertEquals(1, s.nextVisitSlot(VisitKind.INPATIENT));
            s.setVisitIndexFlag(VisitKind.INPATIENT, 1, true);
            assertTrue(s.readVisitIndex(VisitKind.INPATIENT).isValid(1));

            // a record of the wrong kind is refused before any command
            int before = s.session().apduCount();
            InvalidInputException wrong = assertThrows(InvalidInputException.class,
                    () -> s.writeOutpatientRecord(stay("20260101", "20260102")));
            assertEquals("record", wrong.field());
            assertEquals("record", assertThrows(InvalidInputException.class,
                    () -> s.writeInpatientRecord(visit("20260101080000"))).field());
            assertEquals("slot", assertThrows(InvalidInputException.class,
                    () -> s.readVisitRecord(VisitKind.INPATIENT, 4)).field());
            assertEquals("slot", assertThrows(InvalidInputException.class,
                    () -> s.setVisitIndexFlag(VisitKind.OUTPATIENT, 6, true)).field());
            assertEquals(before, s.session().apduCount());
        }
    }

    private static VisitRecord stay(String admission, String discharge) {
        return VisitRecord.builder(VisitKind.INPATIENT).item(64, "一卡通虚拟医院").item(65, "YKT0000001")
                .item(66, admission).item(77, discharge).build();
    }

    @Test
    void aVisitWriteCutAtAnyCommandLeavesTheSlotEmptyOrCompleteAndSigned() throws Exception {
        RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
                .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build();
        // first fill all slots so that the write must also erase the old record's flag
        try (HealthCardService s = service()) {
            for (int i = 1; i <= 5; i++) {
                s.writeOutpatientRecord(visit(String.format("2026%02d01093000", i)));
            }
        }
        int total;
        FaultyCardTransport counter = FaultyCardTransport.wrap(new VirtualCardTransport(card));
        try (HealthCardService s = service(counter)) {
            s.writeOutpatientRecord(visit("20261201080000"));
        }
        total = counter.commandsSent();
        assertTrue(total > 20, "a crash-safe visit write takes many commands, was " + total);
        for (int cut = 1; cut < total; cut++) {
            VirtualCard fresh = VirtualHealthCards.card(profile, new SplittableRandom(cut));
            try (HealthCardService s = service(new VirtualCardTransport(fresh))) {
                for (int i = 1; i <= 5; i++) {
                    s.writeOutpatientRecord(visit(String.format("2026%02d01093000", i)));
                }
            }
            FaultyCardTransport cutting = FaultyCardTransport.wrap(new VirtualCardTransport(fresh)).removeCardAfterCommands(cut);
            HealthCardService s = service(cutting);
            CardLinkException e = assertThrows(CardLinkException.class,
                    () -> s.writeOutpatientRecord(visit("20261201080000")), "cut after " + cut);
            assertEquals(CardErrorCode.CARD_REMOVED, e.errorCode());
            try (HealthCardService again = service(new VirtualCardTransport(fresh))) {
                VisitIndex index = again.readOutpatientIndex();
                if (index.isValid(1)) {
                    VisitRecord r = again.readOutpatientRecord(1);
                    // valid means complete: either the old record or the new one, and its signature verifies
                    verifier.verify(r.image(), InsecureDevelopmentPki.issuerCertificate(), profile.cardNumber());
                    String time = r.item(215);
                    assertTrue(time.equals("20260101093000") || time.equals("20261201080000"), time);
                }
            }
        }
    }

    @Test
    void worksThroughAPsamInItsOwnTransport() throws Exception {
        io.yikatong.testkit.card.VirtualCardTransport samCard = io.yikatong.testkit.card.VirtualSam.transport(
                io.yikatong.testkit.card.VirtualSam.example());
        try (PsamSecurityModule psam = PsamSecurityModule.open(samCard, "123456", PsamOptions.defaults());
                HealthCardService s = HealthCardService.builder(CardSession.open(new VirtualCardTransport(card)))
                        .securityModule(psam).build()) {
            assertEquals("张晓虹", s.read().holder().name());
            s.writeContact(new ContactInfo(LocalDate.of(2036, 2, 29), "13800000000", "", List.of("01")));
            assertEquals("13800000000", s.readContact().phone1());
            int slot = s.writeOutpatientRecord(visit("20261123090000"));
            VisitRecord r = s.readOutpatientRecord(slot);
            VerifiedRecord v = RecordSignatureVerifier.builder().trustIssuer(InsecureDevelopmentPki.rootPublicKey())
                    .build().verify(r.image(), s.readIssuer().issuerCertificate(), profile.cardNumber());
            assertTrue(v.signerName().contains("一卡通虚拟医院"), v.signerName());
        }
    }

    private static VisitRecord visit(String time) {
        return VisitRecord.builder(VisitKind.OUTPATIENT).item(213, "一卡通虚拟医院").item(214, "YKT0000001")
                .item(215, time).item(217, "内科").build();
    }

    /** Passes commands to a card until a limit, then counts the card as removed (the command is not delivered). */
}
