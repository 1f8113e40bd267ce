package io.yikatong.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.card.social.InsecureSoftwareSocialSecurityModule;
import io.yikatong.card.social.SocialSecurityCard;
import io.yikatong.card.social.SocialSecurityCardReader;
import io.yikatong.core.domain.ResidentIdNumber;
import io.yikatong.samples.agent.CardJsonReader;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.testkit.card.VirtualSocialSecurityCardProfile;
import io.yikatong.testkit.card.VirtualSocialSecurityCards;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every masked view of card data, attacked: for generated holders (ID numbers ending in X, names of 1 to 4
 * characters, compound surnames, card numbers that are the ID number), the agent's card JSON
 * ({@link CardJsonReader#mask}), the CLI's text and JSON without {@code --full}, every {@code toString()} and the
 * masked {@code iReadCardBas} are searched for every hidden part in every format; and two holders who differ only in
 * hidden parts must produce identical masked views. The cards are the testkit's virtual cards, read in-process by the
 * SDK's readers (the same output goes through pcscd in {@link CardCliTest}).
 */
class MaskedViewsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] SURNAMES = {"张", "王", "李", "赵", "欧阳", "司马", "诸葛", "上官"};
    static final String GIVEN = "晓虹娜伟芳敏静丽强磊军洋勇艳杰涛超秀霞平刚桂英";

    /** The visible parts of a person: what a masked view may show. */
    record Visible(String region, String sequence, String surname, int givenLength, int birthYear, String phoneHead,
            String phoneTail, String cardNumberTail) {
        static Visible random(Random r) {
            String surname = SURNAMES[r.nextInt(SURNAMES.length)];
            return new Visible(digits(r, 6, "56789"), digits(r, 3, "56789"), surname,
                    (surname.length() == 2 ? 0 : 1) + r.nextInt(3), 1900 + r.nextInt(126),
                    "13" + digits(r, 1, "56789"), digits(r, 4, "56789"), digits(r, 2, "56789"));
        }
    }

    /** One generated person; the birth month is May to September, which no other date of the test cards uses. */
    record Holder(String name, String id, LocalDate birthDate, String phone, String address, String contactName,
            String contactPhone, String socialCardNumber, String birthPlace) {
        static Holder of(Visible v, Random r) {
            LocalDate birth = LocalDate.of(v.birthYear(), 5 + r.nextInt(5), 1 + r.nextInt(28));
            String first17 = v.region() + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + v.sequence();
            StringBuilder name = new StringBuilder(v.surname());
            for (int i = 0; i < v.givenLength(); i++) {
                name.append(GIVEN.charAt(r.nextInt(GIVEN.length())));
            }
            return new Holder(name.toString(), first17 + ResidentIdNumber.checkCharacter(first17), birth,
                    v.phoneHead() + digits(r, 4, "26") + v.phoneTail(), "测试路" + digits(r, 3, "01234") + "号",
                    "钱" + GIVEN.charAt(r.nextInt(GIVEN.length())), "139" + digits(r, 4, "26") + v.phoneTail(),
                    "Y" + digits(r, 6, "1234") + v.cardNumberTail(), digits(r, 6, "1234"));
        }

        String gender() {
            return (id.charAt(16) - '0') % 2 == 1 ? "1" : "2";
        }
    }

    static String digits(Random r, int n, String from) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(from.charAt(r.nextInt(from.length())));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ the cards

    static HealthCard healthCard(Holder h) throws Exception {
        ObjectNode doc;
        try (InputStream in = VirtualHealthCards.class.getResourceAsStream("example-health-card.json")) {
            doc = (ObjectNode) JSON.readTree(in);
        }
        ((ObjectNode) doc.get("issuer")).put("cardNumber", h.id());
        ((ObjectNode) doc.get("holder")).put("name", h.name()).put("birthDate", h.birthDate().toString())
                .put("idNumber", h.id()).put("gender", h.gender());
        ((ObjectNode) doc.get("validity")).put("phone1", h.phone()).put("phone2", h.contactPhone());
        ObjectNode demographics = (ObjectNode) doc.get("demographics");
        ((ObjectNode) demographics.get("addresses")).put("address1", h.address()).put("address2", h.address() + "2");
        ((ObjectNode) ((ArrayNode) demographics.get("contactPersons")).get(0)).put("name", h.contactName())
                .put("phone", h.contactPhone());
        ((ObjectNode) demographics.get("documents")).put("documentNumber", h.id());
        try (HealthCardService s = HealthCardService.builder(CardSession.builder(VirtualHealthCards.transport(
                VirtualHealthCards.personalisationFromJson(new ByteArrayInputStream(JSON.writeValueAsBytes(doc)))))
                .readChunk(256).build()).securityModule(InsecureDevelopmentPki.securityModule()).build()) {
            return s.readAll();
        }
    }

    static SocialSecurityCard socialSecurityCard(Holder h) throws Exception {
        ObjectNode doc;
        try (InputStream in = VirtualSocialSecurityCards.class.getResourceAsStream(
                "example-social-security-card.json")) {
            doc = (ObjectNode) JSON.readTree(in);
        }
        ((ObjectNode) doc.get("card")).put("cardNumber", h.socialCardNumber());
        ((ObjectNode) doc.get("holder")).put("socialSecurityNumber", h.id()).put("name", h.name())
                .put("nameExtensionRecord", false).put("gender", h.gender()).put("birthPlace", h.birthPlace())
                .put("birthDate", h.birthDate().toString());
        VirtualSocialSecurityCardProfile profile = VirtualSocialSecurityCards.fromJson(
                new ByteArrayInputStream(JSON.writeValueAsBytes(doc)));
        try (CardSession session = CardSession.builder(VirtualSocialSecurityCards.transport(profile)).build()) {
            return SocialSecurityCardReader.of(InsecureSoftwareSocialSecurityModule.development()).read(session);
        }
    }

    // ------------------------------------------------------------------------------------------ the masked views

    static String text(java.util.function.Consumer<Command.Io> print) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        print.accept(new Command.Io(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The masked views of a health card, by name. */
    static List<String[]> views(HealthCard c) throws Exception {
        List<String[]> views = new ArrayList<>();
        views.add(new String[] {"agent/CLI JSON", JSON.writeValueAsString(
                CardJsonReader.mask(CardReadCommand.HealthCardJson.of(c, "reader")))});
        views.add(new String[] {"CLI text", text(io -> CardReadCommand.printHealthCard(io, c, "reader",
                new CardReadCommand.Mask(true)))});
        views.add(new String[] {"toString", String.join("\n", c.toString(), c.issuer().toString(),
                c.holder().toString(), c.contact().toString(), String.valueOf(c.demographics().orElseThrow()),
                String.valueOf(c.clinical().orElseThrow()), String.valueOf(c.visits().orElseThrow()))});
        return views;
    }

    /** The masked views of a social security card, by name. */
    static List<String[]> views(SocialSecurityCard c) throws Exception {
        List<String[]> views = new ArrayList<>();
        views.add(new String[] {"agent/CLI JSON", JSON.writeValueAsString(
                CardJsonReader.mask(CardReadCommand.socialSecurityJson(c, "reader")))});
        views.add(new String[] {"CLI text", text(io -> CardReadCommand.printSocialSecurityCard(io, c, "reader",
                new CardReadCommand.Mask(true)))});
        views.add(new String[] {"toString", String.join("\n", c.toString(), c.card().toString(),
                c.holder().toString())});
        views.add(new String[] {"iReadCardBasMasked", c.iReadCardBasMasked()});
        return views;
    }

    /** The hidden parts of a holder, in every format an adversary would try. */
    static List<String> hiddenParts(Holder h) {
        List<String> hidden = new ArrayList<>();
        for (String pattern : List.of("yyyyMMdd", "yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyMMdd", "MMdd",
                "MM-dd", "MM/dd", "M月d日")) {
            hidden.add(h.birthDate().format(DateTimeFormatter.ofPattern(pattern)));
        }
        String id = h.id();
        hidden.addAll(List.of(id, id.substring(0, 17), id.substring(6, 14), id.substring(10), h.phone(),
                h.phone().substring(3, 7), h.contactPhone(), h.contactPhone().substring(3, 7), h.address(),
                h.address().substring(3), h.socialCardNumber(), h.socialCardNumber().substring(0, 7), h.birthPlace(),
                h.name(), h.contactName()));
        h.name().codePoints().skip(1).forEach(cp -> hidden.add(new String(Character.toChars(cp))));
        h.contactName().codePoints().skip(1).forEach(cp -> hidden.add(new String(Character.toChars(cp))));
        return hidden;
    }

    static void assertNothingHidden(Holder h, List<String[]> views) {
        List<String> hidden = hiddenParts(h);
        String visibleFirst = h.name().substring(0, 1);
        for (String[] view : views) {
            for (String part : hidden) {
                if (part.equals(visibleFirst) || part.equals("钱")) {
                    continue;   // a given-name character equal to the surname's first character is not hidden
                }
                assertFalse(view[1].contains(part), () -> view[0] + " shows hidden part '" + part + "' of " + h
                        + ":\n" + view[1]);
            }
        }
    }

    @Test
    void noMaskedViewOfAHealthCardShowsAHiddenPart() throws Exception {
        Random r = new Random(1949_12_31);
        int withX = 0;
        for (int i = 0; i < 30; i++) {
            Holder h = Holder.of(Visible.random(r), r);
            withX += h.id().endsWith("X") ? 1 : 0;
            HealthCard card = healthCard(h);
            assertEquals(h.id(), card.holder().idNumber(), "the generated card carries the holder");
            List<String[]> views = views(card);
            assertNothingHidden(h, views);
            JsonNode masked = JSON.readTree(views.get(0)[1]);
            assertTrue(masked.get("masked").asBoolean());
            assertEquals(h.birthDate().getYear() + "-**-**", masked.at("/holder/birthDate").asText());
            assertEquals(h.id().substring(0, 6) + "********" + h.id().substring(14, 17) + "*",
                    masked.at("/holder/idNumber").asText());
            assertEquals(masked.at("/holder/idNumber").asText(), masked.at("/issuer/cardNumber").asText(),
                    "a card number equal to the ID number is masked the same way");
            assertEquals(h.name().substring(0, 1) + "*", masked.at("/holder/name").asText());
        }
        // the example holder, whose ID number ends in X, as the issue observed it
        HealthCard example = healthCardOfExample();
        String json = views(example).get(0)[1];
        assertFalse(json.contains("1949-12-31") || json.contains("19491231") || json.contains("1231"), json);
        assertTrue(json.contains("\"idNumber\":\"110105********002*\""), json);
        assertTrue(json.contains("\"birthDate\":\"1949-**-**\""), json);
        assertTrue(withX > 0 || example.holder().idNumber().endsWith("X"));
    }

    static HealthCard healthCardOfExample() throws Exception {
        try (HealthCardService s = HealthCardService.builder(CardSession.builder(VirtualHealthCards.transport(
                VirtualHealthCards.examplePersonalisation())).readChunk(256).build())
                .securityModule(InsecureDevelopmentPki.securityModule()).build()) {
            return s.readAll();
        }
    }

    @Test
    void noMaskedViewOfASocialSecurityCardShowsAHiddenPart() throws Exception {
        Random r = new Random(20261207);
        for (int i = 0; i < 30; i++) {
            Holder h = Holder.of(Visible.random(r), r);
            SocialSecurityCard card = socialSecurityCard(h);
            assertEquals(h.id(), card.holder().socialSecurityNumber());
            List<String[]> views = views(card);
            assertNothingHidden(h, views);
            String[] bas = card.iReadCardBasMasked().split("\\|", -1);
            String[] full = card.iReadCardBas().split("\\|", -1);
            assertEquals(full.length, bas.length, "the masked string keeps the DLL's layout");
            assertEquals(CardJsonReader.maskIReadCardBas(card.iReadCardBas()), card.iReadCardBasMasked());
            assertTrue(card.iReadCardBas().contains(h.id()), "the DLL-compatible string stays full");
        }
    }

    @Test
    void holdersDifferingOnlyInHiddenPartsLookTheSameInEveryMaskedView() throws Exception {
        Random r = new Random(42);
        for (int i = 0; i < 12; i++) {
            Visible v = Visible.random(r);
            Holder a = Holder.of(v, r);
            Holder b = Holder.of(v, r);
            List<String[]> health = views(healthCard(a));
            List<String[]> healthTwin = views(healthCard(b));
            List<String[]> social = views(socialSecurityCard(a));
            List<String[]> socialTwin = views(socialSecurityCard(b));
            for (int k = 0; k < health.size(); k++) {
                assertEquals(health.get(k)[1], healthTwin.get(k)[1], health.get(k)[0] + ": " + a + " vs " + b);
            }
            for (int k = 0; k < social.size(); k++) {
                assertEquals(social.get(k)[1], socialTwin.get(k)[1], social.get(k)[0] + ": " + a + " vs " + b);
            }
        }
    }

    /** Every value of the card JSON is either masked by the policy or listed here as not personal. */
    static final java.util.Set<String> NOT_PERSONAL = java.util.Set.of("/cardType", "/reader", "/masked",
            "/issuer/cardCategory", "/issuer/specVersion", "/issuer/issuerName", "/issuer/issuerCode",
            "/issuer/issueDate", "/issuer/cityCode", "/holder/gender", "/holder/nation", "/contact/expiryDate",
            "/contact/paymentMethods/*", "/photo/format", "/photo/length", "/demographics/addressType1",
            "/demographics/addressType2", "/demographics/contactPersons", "/clinical/aboBloodType",
            "/clinical/rhBloodType", "/clinical/allergies", "/clinical/immunisations", "/visits/outpatient/*/slot",
            "/visits/outpatient/*/institutionName", "/visits/outpatient/*/visitTime", "/visits/inpatient/*/slot",
            "/visits/inpatient/*/institutionName", "/visits/inpatient/*/admissionDate", "/card/category",
            "/card/specVersion", "/card/issuerOrgCode", "/card/issueDate", "/card/expiryDate", "/card/regionCode",
            "/iReadCardBas");

    static void leaves(JsonNode node, String pointer, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), pointer + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                leaves(item, pointer + "/*", out);
            }
        } else {
            out.add(pointer);
        }
    }

    @Test
    void everyFieldOfTheCardJsonIsMaskedOrKnownNotPersonal() throws Exception {
        // a field added to the JSON later must be classified here: masked (CardJsonReader.MASKED_FIELDS) or not
        List<String> found = new ArrayList<>();
        leaves(CardReadCommand.HealthCardJson.of(healthCardOfExample(), "reader"), "", found);
        leaves(CardReadCommand.socialSecurityJson(socialSecurityCard(Holder.of(Visible.random(new Random(3)),
                new Random(4))), "reader"), "", found);
        for (String pointer : found) {
            assertTrue(CardJsonReader.MASKED_FIELDS.containsKey(pointer) || NOT_PERSONAL.contains(pointer),
                    "unclassified card JSON field " + pointer);
        }
        assertTrue(found.containsAll(List.of("/holder/idNumber", "/holder/birthDate", "/issuer/chipSerial",
                "/demographics/address1", "/card/identificationCode", "/holder/birthPlace")), found.toString());
    }

    @Test
    void theReadmeTableIsThePolicy() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        assertTrue(readme.contains("### Masking\n"), "README has the Masking section");
        assertTrue(readme.contains(io.yikatong.core.PersonalField.markdownTable()),
                "README's masking table differs from PersonalField.markdownTable():\n"
                        + io.yikatong.core.PersonalField.markdownTable());
    }
}
