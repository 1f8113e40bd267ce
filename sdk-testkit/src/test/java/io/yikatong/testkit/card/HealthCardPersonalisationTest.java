package io.yikatong.testkit.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.AuthenticationFailedException;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.AddressInfo;
import io.yikatong.card.health.AllergyRecord;
import io.yikatong.card.health.ClinicalFlag;
import io.yikatong.card.health.ClinicalInfo;
import io.yikatong.card.health.ContactPerson;
import io.yikatong.card.health.Demographics;
import io.yikatong.card.health.FlagValue;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.health.ImmunisationRecord;
import io.yikatong.card.health.RecordSignatureVerifier;
import io.yikatong.card.health.VerifiedRecord;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.VisitRecords;
import io.yikatong.card.health.security.HealthCardSecurityModule;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.crypto.SignatureVerificationException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Cards personalised fully from JSON: every DF01–DF03 value read back through {@link HealthCardService} equals the
 * JSON, pre-loaded visits verify, the key seed decides which security module the card accepts, and JSON errors name
 * their path.
 */
class HealthCardPersonalisationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode exampleJson() throws Exception {
        try (InputStream in = VirtualHealthCards.class.getResourceAsStream("example-health-card.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        }
    }

    private static HealthCardPersonalisation load(JsonNode json) throws Exception {
        return VirtualHealthCards.personalisationFromJson(
                new ByteArrayInputStream(MAPPER.writeValueAsBytes(json)));
    }

    private static HealthCardService service(VirtualCard card, HealthCardSecurityModule module) {
        return HealthCardService.builder(CardSession.builder(new VirtualCardTransport(card)).build())
                .securityModule(module).build();
    }

    private static HealthCard readAll(HealthCardPersonalisation p, HealthCardSecurityModule module) throws Exception {
        try (HealthCardService s = service(VirtualHealthCards.card(p, new SplittableRandom(3)), module)) {
            return s.readAll();
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null ? "" : v.asText();
    }

    @Test
    void theExampleCardReadsBackExactlyTheJsonValuesInEveryFile() throws Exception {
        JsonNode json = exampleJson();
        HealthCard hc = readAll(VirtualHealthCards.examplePersonalisation(), InsecureDevelopmentPki.securityModule());

        JsonNode issuer = json.get("issuer");
        assertEquals(text(issuer, "cardType"), hc.issuer().cardCategory());
        assertEquals(text(issuer, "name"), hc.issuer().issuerName());
        assertEquals(text(issuer, "cardNumber"), hc.issuer().cardNumber());
        assertEquals(text(issuer, "cityCode"), hc.issuer().cityCode());
        assertEquals(LocalDate.parse(text(issuer, "issueDate")), hc.issuer().issueDate());
        JsonNode holder = json.get("holder");
        assertEquals(text(holder, "name"), hc.holder().name());
        assertEquals(text(holder, "idNumber"), hc.holder().idNumber());
        assertEquals(text(holder, "gender"), hc.holder().gender().code());
        assertEquals(LocalDate.parse(text(json.get("validity"), "validUntil")), hc.contact().expiryDate());

        JsonNode dem = json.get("demographics");
        Demographics d = hc.demographics().orElseThrow();
        JsonNode a = dem.get("addresses");
        assertEquals(new AddressInfo(text(a, "addressType1"), text(a, "address1"), text(a, "addressType2"),
                text(a, "address2")), d.addresses());
        assertFalse(d.addresses().address2().isEmpty(), "two addresses");
        List<ContactPerson> contacts = new ArrayList<>();
        for (JsonNode c : dem.get("contactPersons")) {
            contacts.add(new ContactPerson(text(c, "name"), text(c, "relationCode"), text(c, "phone")));
        }
        assertEquals(1, contacts.size(), "one emergency contact");
        assertEquals(contacts, d.contactPersons().persons());
        JsonNode ps = dem.get("personalStatus");
        assertEquals(text(ps, "educationCode"), d.personalStatus().educationCode());
        assertEquals(text(ps, "maritalStatusCode"), d.personalStatus().maritalStatusCode());
        assertEquals(text(ps, "occupationCode"), d.personalStatus().occupationCode());
        JsonNode doc = dem.get("documents");
        assertEquals(text(doc, "documentTypeCode"), d.documents().documentTypeCode());
        assertEquals(text(doc, "documentNumber"), d.documents().documentNumber());
        assertEquals(text(doc, "healthRecordNumber"), d.documents().healthRecordNumber());
        assertEquals(text(doc, "ncmsNumber"), d.documents().ncmsNumber());

        JsonNode cl = json.get("clinical");
        ClinicalInfo c = hc.clinical().orElseThrow();
        assertEquals("A", c.data().aboBloodType().orElseThrow().name(), "blood type A");
        assertEquals(text(cl, "aboBloodType"), c.data().aboBloodType().orElseThrow().code());
        assertEquals("POSITIVE", c.data().rhBloodType().orElseThrow().name(), "Rh+");
        assertEquals(text(cl, "rhBloodType"), c.data().rhBloodType().orElseThrow().code());
        assertEquals(ClinicalFlag.values().length, cl.get("flags").size(), "the example sets every flag");
        for (Iterator<Map.Entry<String, JsonNode>> it = cl.get("flags").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FlagValue expected = e.getValue().asText().equals("yes") ? FlagValue.YES : FlagValue.NO;
            assertEquals(expected, c.data().flag(ClinicalFlag.valueOf(e.getKey())), e.getKey());
        }
        assertEquals(text(cl, "otherMedicalAlert"), c.data().otherMedicalAlert());
        assertEquals(FlagValue.NO, c.special().psychiatric());
        List<AllergyRecord> allergies = new ArrayList<>();
        for (JsonNode x : cl.get("allergies")) {
            allergies.add(new AllergyRecord(text(x, "substance"), text(x, "reaction")));
        }
        assertEquals(1, allergies.size());
        assertEquals(allergies, c.allergies());
        List<ImmunisationRecord> immunisations = new ArrayList<>();
        for (JsonNode x : cl.get("immunisations")) {
            immunisations.add(new ImmunisationRecord(text(x, "name"), Optional.of(LocalDate.parse(text(x, "date")))));
        }
        assertEquals(2, immunisations.size());
        assertEquals(immunisations, c.immunisations(), "record 1 (the newest) first, as in the JSON");

        VisitRecords v = hc.visits().orElseThrow();
        assertEquals(List.of(true, false, false, false, false), v.outpatientIndex().valid());
        assertEquals(List.of(false, false, false), v.inpatientIndex().valid());
        assertTrue(v.inpatient().isEmpty());
        JsonNode visit = json.get("visits").get("outpatient").get(0);
        assertEquals(visit.get("slot").asInt(), v.outpatient().keySet().iterator().next());
        VisitRecord r = v.outpatient().get(1);
        for (Iterator<Map.Entry<String, JsonNode>> it = visit.get("items").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue().asText(), r.item(Integer.parseInt(e.getKey())), "item " + e.getKey());
        }
        assertEquals("", r.item(216), "items not in the JSON are empty");
        assertEquals(LocalDate.of(2024, 3, 18), r.visitTime().orElseThrow().toLocalDate());
    }

    @Test
    void thePreloadedVisitVerifiesWithTheDevelopmentRoot() throws Exception {
        HealthCardPersonalisation p = VirtualHealthCards.examplePersonalisation();
        HealthCard hc = readAll(p, InsecureDevelopmentPki.securityModule());
        VisitRecord r = hc.visits().orElseThrow().outpatient().get(1);
        RecordSignatureVerifier verifier = RecordSignatureVerifier.builder()
                .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build();
        VerifiedRecord verified = verifier.verify(r.image(), hc.issuer().issuerCertificate(), p.profile().cardNumber());
        assertEquals(VerifiedRecord.Kind.OUTPATIENT, verified.kind());
        assertEquals(r.dataPart(), verified.dataPart());
        assertEquals(InsecureDevelopmentPki.organisationCertificate(), r.certificate());
        // one changed data byte breaks the signature
        byte[] tampered = r.image().toByteArray();
        tampered[0] ^= 1;
        assertThrows(SignatureVerificationException.class,
                () -> verifier.verify(Bytes.copyOf(tampered), hc.issuer().issuerCertificate(), "x"));
    }

    @Test
    void aNewVisitGoesToTheFirstFreeSlotAfterThePreloadedOne() throws Exception {
        VirtualCard card = VirtualHealthCards.card(VirtualHealthCards.examplePersonalisation(), new SplittableRandom(5));
        try (HealthCardService s = service(card, InsecureDevelopmentPki.securityModule())) {
            assertEquals(2, s.nextOutpatientSlot());
            assertEquals(1, s.nextInpatientSlot());
        }
    }

    @Test
    void inpatientVisitsLoadIntoTheirSlotSignedAndFlagged() throws Exception {
        ObjectNode json = exampleJson();
        ObjectNode items = MAPPER.createObjectNode().put("64", "北京市虚拟第二医院").put("65", "VH00000002")
                .put("66", "20230105").put("77", "20230112");
        ArrayNode inpatient = ((ObjectNode) json.get("visits")).putArray("inpatient");
        inpatient.addObject().put("slot", 2).set("items", items);
        HealthCardPersonalisation p = load(json);
        HealthCard hc = readAll(p, InsecureDevelopmentPki.securityModule());
        VisitRecords v = hc.visits().orElseThrow();
        assertEquals(List.of(false, true, false), v.inpatientIndex().valid());
        VisitRecord r = v.inpatient().get(2);
        assertEquals("北京市虚拟第二医院", r.institutionName());
        assertEquals("VH00000002", r.institutionCode());
        assertEquals(Optional.of(LocalDate.of(2023, 1, 5)), r.admissionDate());
        assertEquals(Optional.of(LocalDate.of(2023, 1, 12)), r.dischargeDate());
        VerifiedRecord verified = RecordSignatureVerifier.builder().trustIssuer(InsecureDevelopmentPki.rootPublicKey())
                .build().verify(r.image(), hc.issuer().issuerCertificate(), p.profile().cardNumber());
        assertEquals(VerifiedRecord.Kind.INPATIENT, verified.kind());
    }

    @Test
    void aCardWithAnotherSeedRefusesTheDevelopmentModuleAndWorksWithItsOwn() throws Exception {
        ObjectNode json = exampleJson().put("masterKeySeed", "hospital-test-lab-7");
        HealthCardPersonalisation p = load(json);
        assertEquals("hospital-test-lab-7", p.masterKeySeed());
        VirtualCard card = VirtualHealthCards.card(p, new SplittableRandom(11));
        try (HealthCardService s = service(card, InsecureDevelopmentPki.securityModule())) {
            assertEquals(p.profile().cardNumber(), s.readIssuer().cardNumber(), "the public file needs no key");
            assertThrows(AuthenticationFailedException.class, s::readHolder);
        }
        try (HealthCardService s = service(card, InsecureSoftwareSecurityModule.development())) {
            assertThrows(AuthenticationFailedException.class, s::readAddresses);
        }
        // the same card (one try left on RK_DDF1 and RK_DF01) accepts a module of its seed
        try (HealthCardService s = service(card, VirtualHealthCards.securityModule("hospital-test-lab-7"))) {
            HealthCard hc = s.readAll();
            assertEquals(p.profile().name(), hc.holder().name());
            assertEquals(p.contents().addresses(), hc.demographics().orElseThrow().addresses());
            assertEquals(p.contents().outpatient(), hc.visits().orElseThrow().outpatient());
            s.appendAllergy(new AllergyRecord("花粉", "哮喘"));
            assertEquals(2, s.readAllergies().size(), "writes work with the seed's keys too");
        }
    }

    @Test
    void theSeedModuleOfTheDevelopmentSeedIsTheDevelopmentModule() throws Exception {
        HealthCardPersonalisation p = VirtualHealthCards.examplePersonalisation();
        assertEquals(InsecureSoftwareSecurityModule.DEVELOPMENT_SEED, p.masterKeySeed());
        HealthCard viaSeed = readAll(p, VirtualHealthCards.securityModule(InsecureSoftwareSecurityModule.DEVELOPMENT_SEED));
        HealthCard viaDev = readAll(p, InsecureSoftwareSecurityModule.development());
        assertEquals(viaDev.demographics(), viaSeed.demographics());
        assertEquals(viaDev.clinical(), viaSeed.clinical());
        assertThrows(InvalidInputException.class, () -> VirtualHealthCards.securityModule(""));
        assertThrows(InvalidInputException.class, () -> VirtualHealthCards.securityModule(null));
    }

    @Test
    void oldProfilesWithoutTheNewSectionsStillLoadAsBlankDevelopmentCards() throws Exception {
        HealthCardPersonalisation p;
        try (InputStream in = HealthCardPersonalisationTest.class.getResourceAsStream("/virtual/second-holder.json")) {
            p = VirtualHealthCards.personalisationFromJson(in);
        }
        assertEquals(HealthCardContents.EMPTY, p.contents());
        assertEquals(InsecureSoftwareSecurityModule.DEVELOPMENT_SEED, p.masterKeySeed());
        HealthCard hc = readAll(p, InsecureSoftwareSecurityModule.development());
        assertEquals("", hc.demographics().orElseThrow().addresses().address1());
        assertTrue(hc.clinical().orElseThrow().allergies().isEmpty());
        assertTrue(hc.visits().orElseThrow().outpatient().isEmpty());
        // the profile-only entry points build the same blank card
        assertEquals(p.profile(), VirtualHealthCards.fromJson(new ByteArrayInputStream(
                MAPPER.writeValueAsBytes(MAPPER.readTree(HealthCardPersonalisationTest.class
                        .getResourceAsStream("/virtual/second-holder.json"))))));
        HealthCard viaProfile;
        try (HealthCardService s = service(VirtualHealthCards.card(p.profile()), InsecureSoftwareSecurityModule.development())) {
            viaProfile = s.readAll();
        }
        assertEquals(hc.demographics(), viaProfile.demographics());
        assertEquals(hc.clinical(), viaProfile.clinical());
    }

    @Test
    void theExampleProfileIsTheDdf1PartOfTheExamplePersonalisation() {
        assertEquals(VirtualHealthCards.examplePersonalisation().profile(), VirtualHealthCards.example());
    }

    @Test
    void leftOutFieldsAreWrittenAsOnABlankCardAndUnknownFlagsAsFf() throws Exception {
        ObjectNode json = exampleJson();
        ObjectNode clinical = (ObjectNode) json.get("clinical");
        clinical.remove("aboBloodType");
        ObjectNode flags = (ObjectNode) clinical.get("flags");
        flags.remove("ASTHMA");
        flags.put("EPILEPSY", "unknown");
        ((ObjectNode) json.get("demographics")).remove("documents");
        HealthCardPersonalisation p = load(json);
        assertEquals(Optional.empty(), p.contents().clinicalData().aboBloodType());
        assertEquals(FlagValue.NO, p.contents().clinicalData().flag(ClinicalFlag.ASTHMA));
        assertEquals(HealthCardContents.EMPTY.documents(), p.contents().documents());
        HealthCard hc = readAll(p, InsecureDevelopmentPki.securityModule());
        assertEquals(FlagValue.UNWRITTEN, hc.clinical().orElseThrow().data().flag(ClinicalFlag.EPILEPSY));
        assertEquals(Optional.empty(), hc.clinical().orElseThrow().data().aboBloodType());
        assertEquals("", hc.demographics().orElseThrow().documents().documentNumber());
    }

    // ------------------------------------------------------------------------------------------------ JSON errors

    private static void assertPath(String path, Consumer<ObjectNode> mutation) throws Exception {
        ObjectNode json = exampleJson();
        mutation.accept(json);
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> load(json), path);
        assertEquals("profile JSON: " + path, e.element());
        assertFalse(e.getMessage().contains("张晓虹"), "no personal data in the message");
    }

    private static ObjectNode obj(JsonNode root, String... path) {
        JsonNode n = root;
        for (String p : path) {
            n = n.isArray() ? n.get(Integer.parseInt(p)) : n.get(p);
        }
        return (ObjectNode) n;
    }

    @Test
    void jsonErrorsNameTheirPath() throws Exception {
        assertPath("visit", j -> j.putObject("visit"));
        assertPath("masterKeySeed", j -> j.put("masterKeySeed", ""));
        assertPath("masterKeySeed", j -> j.put("masterKeySeed", 7));
        assertPath("holder.gender", j -> obj(j, "holder").put("gender", "3"));
        assertPath("holder.name", j -> obj(j, "holder").put("name", "张".repeat(16)));
        assertPath("validity.phone1", j -> obj(j, "validity").put("phone1", 5));
        assertPath("validity.paymentModes[1]", j -> obj(j, "validity").putArray("paymentModes").add("01").add(7));
        assertPath("demographics", j -> j.put("demographics", "none"));
        assertPath("demographics.address", j -> obj(j, "demographics").putObject("address"));
        assertPath("demographics.addresses.adress1", j -> obj(j, "demographics", "addresses").put("adress1", "x"));
        assertPath("demographics.addresses.address1",
                j -> obj(j, "demographics", "addresses").put("address1", "路".repeat(51)));
        assertPath("demographics.addresses.addressType2",
                j -> obj(j, "demographics", "addresses").put("addressType2", "0A"));
        assertPath("demographics.contactPersons[0].name",
                j -> obj(j, "demographics", "contactPersons", "0").put("name", "李".repeat(16)));
        assertPath("demographics.contactPersons[0].relationCode",
                j -> obj(j, "demographics", "contactPersons", "0").put("relationCode", "301"));
        assertPath("demographics.contactPersons[0].email",
                j -> obj(j, "demographics", "contactPersons", "0").put("email", "x"));
        assertPath("demographics.contactPersons[1]", j -> ((ArrayNode) j.get("demographics").get("contactPersons"))
                .add("not an object"));
        assertPath("demographics.contactPersons", j -> {
            ArrayNode a = (ArrayNode) j.get("demographics").get("contactPersons");
            a.add(a.get(0).deepCopy()).add(a.get(0).deepCopy()).add(a.get(0).deepCopy());
        });
        assertPath("demographics.personalStatus.maritalStatusCode",
                j -> obj(j, "demographics", "personalStatus").put("maritalStatusCode", "2x"));
        assertPath("demographics.personalStatus.occupationCode",
                j -> obj(j, "demographics", "personalStatus").put("occupationCode", "2050"));
        assertPath("demographics.documents.healthRecordNumber",
                j -> obj(j, "demographics", "documents").put("healthRecordNumber", "1".repeat(18)));
        assertPath("clinical.aboBloodType", j -> obj(j, "clinical").put("aboBloodType", "7"));
        assertPath("clinical.rhBloodType", j -> obj(j, "clinical").put("rhBloodType", "+"));
        assertPath("clinical.flags.ASTMA", j -> obj(j, "clinical", "flags").put("ASTMA", "no"));
        assertPath("clinical.flags.DIABETES", j -> obj(j, "clinical", "flags").put("DIABETES", "maybe"));
        assertPath("clinical.psychiatric", j -> obj(j, "clinical").put("psychiatric", true));
        assertPath("clinical.otherMedicalAlert", j -> obj(j, "clinical").put("otherMedicalAlert", "警".repeat(21)));
        assertPath("clinical.allergies[0].substance",
                j -> obj(j, "clinical", "allergies", "0").put("substance", "青霉素".repeat(4)));
        assertPath("clinical.allergies[0].substance", j -> obj(j, "clinical", "allergies", "0").remove("substance"));
        assertPath("clinical.allergies", j -> {
            ArrayNode a = (ArrayNode) j.get("clinical").get("allergies");
            a.add(a.get(0).deepCopy()).add(a.get(0).deepCopy()).add(a.get(0).deepCopy());
        });
        assertPath("clinical.immunisations[1].date",
                j -> obj(j, "clinical", "immunisations", "1").put("date", "2021-02-30"));
        assertPath("clinical.immunisations[0].name",
                j -> obj(j, "clinical", "immunisations", "0").put("name", "疫苗".repeat(6)));
        assertPath("visits.walkIn", j -> obj(j, "visits").putArray("walkIn"));
        assertPath("visits.outpatient", j -> obj(j, "visits").put("outpatient", "slot 1"));
        assertPath("visits.outpatient[0].slot", j -> obj(j, "visits", "outpatient", "0").put("slot", 6));
        assertPath("visits.outpatient[0].slot", j -> obj(j, "visits", "outpatient", "0").put("slot", "1"));
        assertPath("visits.outpatient[1].slot", j -> ((ArrayNode) j.get("visits").get("outpatient"))
                .add(j.get("visits").get("outpatient").get(0).deepCopy()));
        assertPath("visits.outpatient[0].items", j -> obj(j, "visits", "outpatient", "0").remove("items"));
        assertPath("visits.outpatient[0].items.215",
                j -> obj(j, "visits", "outpatient", "0", "items").put("215", "2024-03-18"));
        assertPath("visits.outpatient[0].items.213",
                j -> obj(j, "visits", "outpatient", "0", "items").put("213", "院".repeat(36)));
        assertPath("visits.outpatient[0].items.64",
                j -> obj(j, "visits", "outpatient", "0", "items").put("64", "an inpatient item"));
        assertPath("visits.outpatient[0].items.x", j -> obj(j, "visits", "outpatient", "0", "items").put("x", "1"));
        assertPath("visits.outpatient[0].items.217", j -> obj(j, "visits", "outpatient", "0", "items").put("217", 5));
        assertPath("visits.inpatient[0].slot", j -> obj(j, "visits").putArray("inpatient").addObject()
                .put("slot", 4).putObject("items"));
        assertPath("visits.inpatient[0].items.66", j -> obj(j, "visits").putArray("inpatient").addObject()
                .put("slot", 1).putObject("items").put("66", "2023-01"));
    }

    @Test
    void fuzzedJsonLoadsOrFailsWithMalformedDataOnly() throws Exception {
        String base = MAPPER.writeValueAsString(exampleJson().put("photo", ""));
        SplittableRandom random = new SplittableRandom(20240318);
        String alphabet = "{}[]\":,0123456789abcdefxyz-. 张\\";
        int loaded = 0;
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder(base);
            int edits = 1 + random.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                VirtualHealthCards.personalisationFromJson(
                        new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
                loaded++;
            } catch (MalformedDataException expected) {
                assertTrue(expected.element().startsWith("profile JSON"), expected.element());
            }
        }
        assertTrue(loaded > 0 && loaded < 400, "some mutations are harmless, most are not: " + loaded);
    }

    // ------------------------------------------------------------------------------------------------ typed API

    @Test
    void contentsCheckCountsAndSlots() {
        HealthCardContents e = HealthCardContents.EMPTY;
        VisitRecord visit = VisitRecord.builder(VisitKind.OUTPATIENT).item(213, "医院").build();
        AllergyRecord allergy = new AllergyRecord("花粉", "");
        assertEquals("outpatient", assertThrows(InvalidInputException.class, () -> withVisits(e, Map.of(),
                Map.of(6, visit))).field());
        assertEquals("outpatient", assertThrows(InvalidInputException.class, () -> withVisits(e, Map.of(),
                Map.of(0, visit))).field());
        assertEquals("inpatient", assertThrows(InvalidInputException.class, () -> withVisits(e,
                Map.of(4, VisitRecord.builder(VisitKind.INPATIENT).build()), Map.of())).field());
        // a record of the other kind in a slot map
        assertEquals("inpatient", assertThrows(InvalidInputException.class, () -> withVisits(e,
                Map.of(1, visit), Map.of())).field());
        assertEquals("outpatient", assertThrows(InvalidInputException.class, () -> withVisits(e,
                Map.of(), Map.of(1, VisitRecord.builder(VisitKind.INPATIENT).build()))).field());
        assertEquals("allergies", assertThrows(InvalidInputException.class, () -> new HealthCardContents(
                e.addresses(), e.contactPersons(), e.personalStatus(), e.documents(), e.clinicalData(),
                e.specialInfo(), List.of(allergy, allergy, allergy, allergy), List.of(), Map.of(), Map.of())).field());
        assertEquals("clinicalData", assertThrows(InvalidInputException.class, () -> new HealthCardContents(
                e.addresses(), e.contactPersons(), e.personalStatus(), e.documents(), null,
                e.specialInfo(), List.of(), List.of(), Map.of(), Map.of())).field());
        HealthCardContents one = withVisits(e, Map.of(), Map.of(5, visit));
        assertEquals(List.of(5), List.copyOf(one.outpatient().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> one.outpatient().put(1, visit));
    }

    private static HealthCardContents withVisits(HealthCardContents e, Map<Integer, VisitRecord> in,
            Map<Integer, VisitRecord> out) {
        return new HealthCardContents(e.addresses(), e.contactPersons(), e.personalStatus(), e.documents(),
                e.clinicalData(), e.specialInfo(), e.allergies(), e.immunisations(), in, out);
    }

    @Test
    void anUnsignedTypedVisitIsWrittenAsGivenAndFailsVerification() throws Exception {
        VisitRecord visit = VisitRecord.builder(VisitKind.OUTPATIENT).item(213, "医院").item(215, "20250101080000")
                .build();
        HealthCardPersonalisation p = HealthCardPersonalisation.of(VirtualHealthCards.example())
                .withContents(withVisits(HealthCardContents.EMPTY, Map.of(), Map.of(3, visit)));
        HealthCard hc = readAll(p, InsecureDevelopmentPki.securityModule());
        assertEquals(Map.of(3, visit), hc.visits().orElseThrow().outpatient());
        assertThrows(SignatureVerificationException.class, () -> RecordSignatureVerifier.builder()
                .trustIssuer(InsecureDevelopmentPki.rootPublicKey()).build()
                .verify(visit.image(), hc.issuer().issuerCertificate(), "x"));
    }

    @Test
    void personalisationChecksItsComponentsAndHidesPersonalData() {
        HealthCardPersonalisation p = VirtualHealthCards.examplePersonalisation();
        assertEquals("masterKeySeed", assertThrows(InvalidInputException.class,
                () -> p.withMasterKeySeed("")).field());
        assertEquals("contents", assertThrows(InvalidInputException.class, () -> p.withContents(null)).field());
        assertEquals("profile", assertThrows(InvalidInputException.class,
                () -> new HealthCardPersonalisation(null, HealthCardContents.EMPTY, "s")).field());
        String s = p.withMasterKeySeed("secret-seed-123").toString();
        for (String hidden : List.of("张晓虹", "19491231", "secret-seed-123", "青霉素", "北京市西城区", "李示例")) {
            assertFalse(s.contains(hidden), hidden + " in " + s);
        }
        assertNotEquals(p, p.withMasterKeySeed("other"));
    }
}
