package io.yikatong.testkit.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.health.AddressInfo;
import io.yikatong.card.health.AllergyRecord;
import io.yikatong.card.health.ClinicalData;
import io.yikatong.card.health.ClinicalFlag;
import io.yikatong.card.health.ContactPerson;
import io.yikatong.card.health.ContactPersons;
import io.yikatong.card.health.DocumentInfo;
import io.yikatong.card.health.FlagValue;
import io.yikatong.card.health.ImmunisationRecord;
import io.yikatong.card.health.PersonalStatus;
import io.yikatong.card.health.RecordSignatureProfile;
import io.yikatong.card.health.SpecialInfo;
import io.yikatong.card.health.VisitKind;
import io.yikatong.card.health.VisitRecord;
import io.yikatong.card.health.internal.HealthCardCodec;
import io.yikatong.card.health.security.CardCertificate;
import io.yikatong.card.health.security.CardFactors;
import io.yikatong.card.health.security.HealthCardKey;
import io.yikatong.card.health.security.InsecureSoftwareSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.domain.AboBloodType;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;
import io.yikatong.core.domain.RhBloodType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Virtual resident health cards (居民健康卡) in one call: {@code VirtualHealthCards.transport(VirtualHealthCards.example())}
 * gives a {@link VirtualCardTransport} to open a {@link io.yikatong.card.CardSession} on, and
 * {@code VirtualHealthCards.transport(VirtualHealthCards.examplePersonalisation())} one whose DF01–DF03 hold data
 * too.
 *
 * <p>The card's file tree follows health-card-spec §1.2: MF / DDF1 with
 * <ul>
 * <li>EF05 issuer data — 10 TLV records (tags 01 02 03 04 05 06 08 09 0A 39), read always;</li>
 * <li>EF06 holder data (tags 0B–0F), EF08 validity/phones/payment modes (tags 07, 10–14), EF07 photo (transparent,
 * 3072 bytes: {@code length(2) || JPEG || 00…});</li>
 * <li>DF01 (EF05–EF08: addresses, contacts, education/marriage/occupation, documents) and DF02 (EF05 clinical data,
 * EF06 special information: TLV records; EF07 allergies, cyclic 3 × 120 bytes; EF08 immunisations, cyclic
 * 10 × 24 bytes), encoded from a {@link HealthCardContents} with the reader's own codec;</li>
 * <li>DF03: index files EF05 (3 × 1 byte) and EF06 (5 × 1 byte), {@code 00} for a slot holding a record and
 * {@code FF} (empty) otherwise, inpatient records EE01–EE03 (1893 bytes) and outpatient records ED01–ED05
 * (3267 bytes), zeroed when empty.</li>
 * </ul>
 * Security (§1.8): each DF holds its RK, UK and STK keys — the master keys
 * {@link InsecureSoftwareSecurityModule#developmentMasterKey(String, HealthCardKey)} of the personalisation's seed
 * (the development seed unless a {@link HealthCardPersonalisation} names another) diversified with the profile's card
 * factor and the city factor of its city code — with {@value #KEY_TRIES} tries each. Reading anything but DDF1/EF05
 * needs the DF's RK (EXTERNAL AUTHENTICATE {@code 04} in DDF1, {@code 84} in DF01–DF03); TLV record writes need the
 * DF's UK and secure messaging ({@code 04DC}); the photo, allergy and immunisation records and DF03 records are
 * written in plain after the UK; DF03 index slots change only through {@code 84D2}/{@code 840C} (UK_DF03_1 /
 * UK_DF03_2). A card with the development seed therefore works with {@code InsecureSoftwareSecurityModule.development()}
 * and with the virtual SAM; a card with another seed with {@link #securityModule(String)} of that seed.
 *
 * <p>Each TLV record is {@code tag || length || value} with the fixed maximum length of the element; AN values are
 * GB18030 (GBK) padded with {@code 00}, CN values BCD padded with {@code F} nibbles, B values raw (spec §0, §1.3). The
 * access conditions follow the vendor flows [C-vendor]; the record structures (linear variable) are an inference [I].
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VirtualHealthCards {

    /** The health application's DF (DDF1). */
    public static final int DDF1 = 0xDDF1;

    /** Size of an inpatient record file EE01–EE03: 1639 data + 64 signature + 190 certificate bytes. */
    public static final int INPATIENT_RECORD_SIZE = 1893;
    /** Size of an outpatient record file ED01–ED05: 3013 data + 64 signature + 190 certificate bytes. */
    public static final int OUTPATIENT_RECORD_SIZE = 3267;

    /** How many wrong cryptograms a key of a virtual health card accepts before it blocks. */
    public static final int KEY_TRIES = 3;

    private static final String EXAMPLE = "example-health-card.json";

    private VirtualHealthCards() {
    }

    /**
     * Builds a resident health card from a profile: blank DF01–DF03 ({@link HealthCardContents#EMPTY}) and the
     * development keys.
     *
     * @param profile what the card holds in DDF1
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(HealthCardProfile profile) {
        return card(profile, new java.security.SecureRandom());
    }

    /**
     * Builds a resident health card from a profile (blank DF01–DF03, development keys), drawing its challenges from
     * the given generator (seed one for reproducible tests).
     *
     * @param profile what the card holds in DDF1
     * @param random where GET CHALLENGE draws from
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(HealthCardProfile profile, java.util.random.RandomGenerator random) {
        Objects.requireNonNull(profile, "profile");
        return card(HealthCardPersonalisation.of(profile), random);
    }

    /**
     * Builds a resident health card with everything a personalisation holds: DDF1, DF01–DF03 and the keys of its
     * seed.
     *
     * @param personalisation what the card holds
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(HealthCardPersonalisation personalisation) {
        return card(personalisation, new java.security.SecureRandom());
    }

    /**
     * Builds a resident health card with everything a personalisation holds, drawing its challenges from the given
     * generator (seed one for reproducible tests).
     *
     * @param personalisation what the card holds
     * @param random where GET CHALLENGE draws from
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named: a {@link HealthCardProfile}
     *     component, or the codec's name of a {@link HealthCardContents} field)
     */
    public static VirtualCard card(HealthCardPersonalisation personalisation,
            java.util.random.RandomGenerator random) {
        Objects.requireNonNull(personalisation, "personalisation");
        Objects.requireNonNull(random, "random");
        HealthCardProfile profile = personalisation.profile();
        HealthCardContents contents = personalisation.contents();
        String seed = personalisation.masterKeySeed();
        List<Bytes> ef05 = List.of(
                ProfileJson.an(0x01, profile.cardType(), 1, "cardType"),
                ProfileJson.an(0x02, profile.specVersion(), 4, "specVersion"),
                ProfileJson.an(0x03, profile.issuerName(), 30, "issuerName"),
                ProfileJson.cn(0x04, profile.issuerCode(), 11, "issuerCode"),
                ProfileJson.tlv(0x05, profile.issuerCertificate()),
                ProfileJson.tlv(0x06, Bytes.copyOf(Bcd.encodeDate(profile.issueDate()))),
                ProfileJson.an(0x08, profile.cardNumber(), 18, "cardNumber"),
                ProfileJson.an(0x09, profile.securityCode(), 3, "securityCode"),
                ProfileJson.an(0x0A, profile.chipSerial(), 10, "chipSerial"),
                ProfileJson.cn(0x39, profile.cityCode(), 3, "cityCode"));
        if (profile.cityCode().length() != 6) {
            throw new InvalidInputException("cityCode", "must be 6 digits");
        }
        List<Bytes> ef06 = List.of(
                ProfileJson.an(0x0B, profile.name(), 30, "name"),
                ProfileJson.tlv(0x0C, Bytes.copyOf(new byte[] {(byte) Integer.parseInt(profile.gender().code())})),
                ProfileJson.cn(0x0D, profile.nation().code(), 1, "nation"),
                ProfileJson.tlv(0x0E, Bytes.copyOf(Bcd.encodeDate(profile.birthDate()))),
                ProfileJson.an(0x0F, profile.idNumber().value(), 18, "idNumber"));
        byte[] photo = new byte[HealthCardProfile.PHOTO_FILE_SIZE];
        int photoLength = profile.photo().length();
        photo[0] = (byte) (photoLength >>> 8);
        photo[1] = (byte) photoLength;
        System.arraycopy(profile.photo().toByteArray(), 0, photo, 2, photoLength);
        List<Bytes> ef08 = new ArrayList<>(List.of(
                ProfileJson.tlv(0x07, Bytes.copyOf(Bcd.encodeDate(profile.validUntil()))),
                ProfileJson.an(0x10, profile.phone1(), 20, "phone1"),
                ProfileJson.an(0x11, profile.phone2(), 20, "phone2")));
        for (int i = 0; i < 3; i++) {
            String mode = i < profile.paymentModes().size() ? profile.paymentModes().get(i) : "";
            ef08.add(ProfileJson.cn(0x12 + i, mode, 1, "paymentModes[" + i + "]"));
        }
        // DF01-DF03 through the reader's codec, so the card reads back exactly these values
        List<Bytes> addresses = HealthCardCodec.encodeAddressInfo(contents.addresses());
        List<Bytes> contacts = HealthCardCodec.encodeContactPersons(contents.contactPersons());
        List<Bytes> status = HealthCardCodec.encodePersonalStatus(contents.personalStatus());
        List<Bytes> documents = HealthCardCodec.encodeDocumentInfo(contents.documents());
        List<Bytes> clinical = HealthCardCodec.encodeClinicalData(contents.clinicalData());
        List<Bytes> special = HealthCardCodec.encodeSpecialInfo(contents.specialInfo());
        List<Bytes> allergies = new ArrayList<>();
        for (AllergyRecord a : contents.allergies()) {
            allergies.add(HealthCardCodec.encodeAllergyRecord(a));
        }
        List<Bytes> immunisations = new ArrayList<>();
        for (ImmunisationRecord r : contents.immunisations()) {
            immunisations.add(HealthCardCodec.encodeImmunisationRecord(r));
        }
        List<Bytes> inpatientImages = images(contents.inpatient(), HealthCardContents.INPATIENT_SLOTS,
                INPATIENT_RECORD_SIZE, VisitRecord::image, "inpatient");
        List<Bytes> outpatientImages = images(contents.outpatient(), HealthCardContents.OUTPATIENT_SLOTS,
                OUTPATIENT_RECORD_SIZE, VisitRecord::image, "outpatient");

        CardFactors factors = CardFactors.of(profile.diversificationFactor(),
                CardFactors.cityFactor(profile.cityCode()));
        AccessCondition ukDdf1 = AccessCondition.keyWithSecureMessaging(HealthCardKey.UK_DDF1.cardKeyReference());
        AccessCondition rkDdf1 = AccessCondition.key(HealthCardKey.RK_DDF1.cardKeyReference());
        AccessCondition rk = AccessCondition.key(0x84);
        VirtualCard.Builder builder = VirtualCard.builder()
                .atr(VirtualCard.atrWithDiversificationFactor(profile.diversificationFactor()))
                .random(random)
                .applet(new HealthCardIndexApplet());
        return builder.mf(mf -> mf.df(DDF1, ddf1 -> {
            keys(ddf1, seed, factors, HealthCardKey.RK_DDF1, HealthCardKey.UK_DDF1, HealthCardKey.STK_DDF1);
            ddf1.records(0xEF05, RecordStructure.LINEAR_VARIABLE, 182, 10, ef05, AccessCondition.ALWAYS, ukDdf1)
                    .records(0xEF06, RecordStructure.LINEAR_VARIABLE, 32, 5, ef06, rkDdf1, ukDdf1)
                    .transparent(0xEF07, Bytes.copyOf(photo), rkDdf1,
                            AccessCondition.key(HealthCardKey.UK_DDF1.cardKeyReference()))
                    .records(0xEF08, RecordStructure.LINEAR_VARIABLE, 22, 6, ef08, rkDdf1, ukDdf1)
                    .df(0xDF01, df01 -> {
                        keys(df01, seed, factors, HealthCardKey.RK_DF01, HealthCardKey.UK_DF01,
                                HealthCardKey.STK_DF01);
                        AccessCondition uk = AccessCondition.keyWithSecureMessaging(0x85);
                        tlvFile(df01, 0xEF05, addresses, rk, uk);
                        tlvFile(df01, 0xEF06, contacts, rk, uk);
                        tlvFile(df01, 0xEF07, status, rk, uk);
                        tlvFile(df01, 0xEF08, documents, rk, uk);
                    })
                    .df(0xDF02, df02 -> {
                        keys(df02, seed, factors, HealthCardKey.RK_DF02, HealthCardKey.UK_DF02_1,
                                HealthCardKey.UK_DF02_2, HealthCardKey.UK_DF02_3, HealthCardKey.STK_DF02);
                        tlvFile(df02, 0xEF05, clinical, rk, AccessCondition.keyWithSecureMessaging(0x85));
                        tlvFile(df02, 0xEF06, special, rk, AccessCondition.keyWithSecureMessaging(0x86));
                        df02.records(0xEF07, RecordStructure.CYCLIC, 120, HealthCardContents.MAX_ALLERGIES,
                                        allergies, rk, AccessCondition.key(0x87))
                                .records(0xEF08, RecordStructure.CYCLIC, 24, HealthCardContents.MAX_IMMUNISATIONS,
                                        immunisations, rk, AccessCondition.key(0x87));
                    })
                    .df(0xDF03, df03 -> {
                        keys(df03, seed, factors, HealthCardKey.RK_DF03, HealthCardKey.UK_DF03_1,
                                HealthCardKey.UK_DF03_2, HealthCardKey.STK_DF03);
                        df03.records(0xEF05, RecordStructure.LINEAR_FIXED, 1, HealthCardContents.INPATIENT_SLOTS,
                                        flags(contents.inpatient().keySet(), HealthCardContents.INPATIENT_SLOTS), rk,
                                        AccessCondition.NEVER)
                                .records(0xEF06, RecordStructure.LINEAR_FIXED, 1, HealthCardContents.OUTPATIENT_SLOTS,
                                        flags(contents.outpatient().keySet(), HealthCardContents.OUTPATIENT_SLOTS), rk,
                                        AccessCondition.NEVER);
                        AccessCondition write = AccessCondition.key(0x85);
                        for (int i = 1; i <= HealthCardContents.INPATIENT_SLOTS; i++) {
                            df03.transparent(0xEE00 + i, inpatientImages.get(i - 1), rk, write);
                        }
                        for (int i = 1; i <= HealthCardContents.OUTPATIENT_SLOTS; i++) {
                            df03.transparent(0xED00 + i, outpatientImages.get(i - 1), rk, write);
                        }
                    });
        })).build();
    }

    /**
     * Builds a card from a profile and inserts it: the single call to start a virtual health card (blank DF01–DF03,
     * development keys).
     *
     * @param profile what the card holds
     * @return a transport serving the new card
     * @throws InvalidInputException if a value does not fit its field
     */
    public static VirtualCardTransport transport(HealthCardProfile profile) {
        return new VirtualCardTransport(card(profile));
    }

    /**
     * Builds a card from a personalisation and inserts it.
     *
     * @param personalisation what the card holds
     * @return a transport serving the new card
     * @throws InvalidInputException if a value does not fit its field
     */
    public static VirtualCardTransport transport(HealthCardPersonalisation personalisation) {
        return new VirtualCardTransport(card(personalisation));
    }

    /**
     * Returns a software security module matching cards personalised with a seed: the master keys
     * {@link InsecureSoftwareSecurityModule#developmentMasterKey(String, HealthCardKey)} of the seed for every
     * {@link HealthCardKey}, and the signing identity of {@link InsecureDevelopmentPki} (organisation key and
     * certificates). With {@link InsecureSoftwareSecurityModule#DEVELOPMENT_SEED} it holds the same keys as
     * {@link InsecureDevelopmentPki#securityModule()}. Development only: the keys follow from a public seed.
     *
     * @param masterKeySeed the seed, not empty
     * @return the module
     * @throws InvalidInputException if the seed is {@code null} or empty
     */
    public static InsecureSoftwareSecurityModule securityModule(String masterKeySeed) {
        if (masterKeySeed == null || masterKeySeed.isEmpty()) {
            throw new InvalidInputException("masterKeySeed", "must not be empty");
        }
        InsecureSoftwareSecurityModule.Builder b = InsecureSoftwareSecurityModule.builder();
        for (HealthCardKey k : HealthCardKey.values()) {
            b.masterKey(k, InsecureSoftwareSecurityModule.developmentMasterKey(masterKeySeed, k));
        }
        return b.signingIdentity(InsecureDevelopmentPki.organisationKey(),
                InsecureDevelopmentPki.organisationCertificate(), InsecureDevelopmentPki.issuerCertificate()).build();
    }

    /**
     * Returns the DDF1 part of the example shipped with the SDK: a fictional holder (ID {@code 11010519491231002X},
     * the GB 11643 example number) with a small JPEG photo. A card built from it alone has blank DF01–DF03; use
     * {@link #examplePersonalisation()} for the example's DF01–DF03 data.
     *
     * @return the profile
     */
    public static HealthCardProfile example() {
        return examplePersonalisation().profile();
    }

    /**
     * Returns the whole example shipped with the SDK ({@code example-health-card.json}): the holder of
     * {@link #example()}, two addresses, one emergency contact, personal status, documents, blood type A Rh+, one
     * allergy, two immunisations and one outpatient visit in slot 1 signed by the development organisation, with the
     * development keys.
     *
     * @return the personalisation
     */
    public static HealthCardPersonalisation examplePersonalisation() {
        try (InputStream in = VirtualHealthCards.class.getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + EXAMPLE + " missing from the sdk-card jar");
            }
            return personalisationFromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + EXAMPLE, e);
        } catch (MalformedDataException e) {
            throw new IllegalStateException("shipped profile " + EXAMPLE + " is malformed", e);
        }
    }

    /**
     * Reads the DDF1 profile from JSON (UTF-8): {@link #personalisationFromJson(InputStream)} without its DF01–DF03
     * contents and key seed. The whole document is checked, including the sections this method drops.
     *
     * @param json the JSON text
     * @return the profile
     * @throws MalformedDataException if the JSON is not well-formed or a field is missing, unknown or invalid (the
     *     element names the JSON path)
     * @throws IOException if reading the stream failed
     */
    public static HealthCardProfile fromJson(InputStream json) throws MalformedDataException, IOException {
        return personalisationFromJson(json).profile();
    }

    /**
     * Reads a whole personalisation from JSON (UTF-8). Layout (see the shipped {@code example-health-card.json}):
     * <pre>{@code
     * { "diversificationFactor": "<16 hex digits>",
     *   "masterKeySeed": "<optional, default yikatong-development>",
     *   "issuer": { "cardType", "specVersion", "name", "code", "certificate": "<360 hex digits, optional: the development issuer certificate>",
     *               "issueDate": "yyyy-MM-dd", "cardNumber", "securityCode", "chipSerial", "cityCode" },
     *   "holder": { "name", "gender": "<GB/T 2261.1 code>", "nation": "<GB 3304 code>", "birthDate", "idNumber" },
     *   "photo": "<base64 JPEG, optional>",
     *   "validity": { "validUntil", "phone1", "phone2", "paymentModes": ["01", ...] },
     *   "demographics": {                                   (optional, DF01)
     *     "addresses": { "addressType1", "address1", "addressType2", "address2" },
     *     "contactPersons": [ { "name", "relationCode", "phone" } ],            (at most 3)
     *     "personalStatus": { "educationCode", "maritalStatusCode", "occupationCode" },
     *     "documents": { "documentTypeCode", "documentNumber", "healthRecordNumber", "ncmsNumber" } },
     *   "clinical": {                                       (optional, DF02)
     *     "aboBloodType": "<CV04.50.005 code>", "rhBloodType": "<CV04.50.020 code>",
     *     "flags": { "ASTHMA": "yes" | "no" | "unknown", ... },                  (ClinicalFlag names)
     *     "otherMedicalAlert", "psychiatric": "yes" | "no" | "unknown",
     *     "allergies": [ { "substance", "reaction" } ],                         (record 1, the newest, first; at most 3)
     *     "immunisations": [ { "name", "date": "yyyy-MM-dd, optional" } ] },    (newest first; at most 10)
     *   "visits": {                                         (optional, DF03)
     *     "outpatient": [ { "slot": 1, "items": { "213": "<text, digits or hex>", ... } } ],   (slots 1-5, items 213-382)
     *     "inpatient":  [ { "slot": 1, "items": { "64": "...", ... } } ] } }                   (slots 1-3, items 64-210)
     * }</pre>
     * Every section and every field inside the optional sections may be left out; what is left out is written as in
     * {@link HealthCardContents#EMPTY}: text empty, codes unwritten ({@code FF}), flags {@code 00} ("no"; write
     * {@code "unknown"} for {@code FF}). Item values follow the item's encoding (AN text, CN digits, B hex; see
     * {@link VisitRecord.Builder#item(int, String)}); which item means what is only partly evidenced (spec §1.6,
     * Appendix A) [I]. Each visit record is signed with {@link RecordSignatureProfile#DATA_PART} by the development
     * organisation ({@link InsecureDevelopmentPki#organisationKey()}), so it verifies against
     * {@link InsecureDevelopmentPki#rootPublicKey()} when the issuer certificate is the development one.
     *
     * <p>Unknown fields are rejected, so a misspelt field is not silently ignored; every value is checked against its
     * field as {@link #card(HealthCardPersonalisation)} encodes it.
     *
     * @param json the JSON text
     * @return the personalisation
     * @throws MalformedDataException if the JSON is not well-formed or a field is missing, unknown or invalid (the
     *     element is {@code "profile JSON: "} and the JSON path, for example {@code demographics.contactPersons[0].name})
     * @throws IOException if reading the stream failed
     */
    public static HealthCardPersonalisation personalisationFromJson(InputStream json)
            throws MalformedDataException, IOException {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "profile JSON",
                    e.getLocation() == null ? -1 : (int) e.getLocation().getCharOffset(),
                    "not well-formed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedDataException("profile JSON", 0, "must be a JSON object");
        }
        JSON_FIELDS.onlyFields(root, "", Set.of("diversificationFactor", "masterKeySeed", "issuer", "holder", "photo", "validity",
                "demographics", "clinical", "visits"));
        HealthCardProfile profile = profile(root);
        String seed = JSON_FIELDS.optText(root, "masterKeySeed", "", InsecureSoftwareSecurityModule.DEVELOPMENT_SEED);
        if (seed.isEmpty()) {
            throw fail("masterKeySeed", "must not be empty");
        }
        HealthCardContents empty = HealthCardContents.EMPTY;
        JsonNode demographics = optObject(root, "demographics", "");
        JsonNode clinical = optObject(root, "clinical", "");
        JsonNode visits = optObject(root, "visits", "");
        AddressInfo addresses = empty.addresses();
        ContactPersons contacts = empty.contactPersons();
        PersonalStatus status = empty.personalStatus();
        DocumentInfo documents = empty.documents();
        if (demographics != null) {
            JSON_FIELDS.onlyFields(demographics, "demographics.",
                    Set.of("addresses", "contactPersons", "personalStatus", "documents"));
            addresses = orDefault(addresses(demographics), addresses);
            contacts = orDefault(contactPersons(demographics), contacts);
            status = orDefault(personalStatus(demographics), status);
            documents = orDefault(documents(demographics), documents);
        }
        ClinicalData clinicalData = empty.clinicalData();
        SpecialInfo special = empty.specialInfo();
        List<AllergyRecord> allergies = empty.allergies();
        List<ImmunisationRecord> immunisations = empty.immunisations();
        if (clinical != null) {
            JSON_FIELDS.onlyFields(clinical, "clinical.", Set.of("aboBloodType", "rhBloodType", "flags", "otherMedicalAlert",
                    "psychiatric", "allergies", "immunisations"));
            clinicalData = clinicalData(clinical);
            special = new SpecialInfo(flag(clinical, "psychiatric", "clinical.", special.psychiatric()));
            allergies = allergies(clinical);
            immunisations = immunisations(clinical);
        }
        Map<Integer, VisitRecord> inpatient = Map.of();
        Map<Integer, VisitRecord> outpatient = Map.of();
        if (visits != null) {
            JSON_FIELDS.onlyFields(visits, "visits.", Set.of("outpatient", "inpatient"));
            outpatient = visits(visits, "outpatient", HealthCardContents.OUTPATIENT_SLOTS, (items, path) -> {
                VisitRecord.Builder b = VisitRecord.builder(VisitKind.OUTPATIENT);
                for (Map.Entry<Integer, String> item : items.entrySet()) {
                    encode(path + "." + item.getKey(), true, () -> b.item(item.getKey(), item.getValue()));
                }
                VisitRecord unsigned = b.build();
                Bytes signed = sign(unsigned.dataPart(), profile.cardNumber());
                return unsigned.withSignature(signed.slice(3013, 3077), signed.slice(3077, 3267));
            });
            inpatient = visits(visits, "inpatient", HealthCardContents.INPATIENT_SLOTS, (items, path) -> {
                VisitRecord.Builder b = VisitRecord.builder(VisitKind.INPATIENT);
                for (Map.Entry<Integer, String> item : items.entrySet()) {
                    encode(path + "." + item.getKey(), true, () -> b.item(item.getKey(), item.getValue()));
                }
                VisitRecord unsigned = b.build();
                Bytes signed = sign(unsigned.dataPart(), profile.cardNumber());
                return unsigned.withSignature(signed.slice(1639, 1703), signed.slice(1703, 1893));
            });
        }
        HealthCardContents contents = new HealthCardContents(addresses, contacts, status, documents, clinicalData,
                special, allergies, immunisations, inpatient, outpatient);
        HealthCardPersonalisation personalisation = new HealthCardPersonalisation(profile, contents, seed);
        try {
            card(personalisation); // every value must fit its field
        } catch (InvalidInputException e) {
            throw invalid(DDF1_PATHS.getOrDefault(e.field(), e.field()), e);
        }
        return personalisation;
    }

    // ------------------------------------------------------------------------------------------------ card helpers

    /** Personalises a DF's keys: the seed's master keys diversified with the card's factors. */
    private static void keys(VirtualCard.DfBuilder df, String seed, CardFactors factors, HealthCardKey... keys) {
        for (HealthCardKey k : keys) {
            Sm4Key cardKey = InsecureSoftwareSecurityModule.cardKey(
                    InsecureSoftwareSecurityModule.developmentMasterKey(seed, k), k, factors);
            KeyUsage usage = switch (k.kind()) {
                case READ -> KeyUsage.READ;
                case UPDATE -> KeyUsage.UPDATE;
                case LINE_PROTECTION -> KeyUsage.LINE_PROTECTION;
            };
            df.key(k.cardKeyReference(), usage, cardKey, KEY_TRIES);
        }
    }

    /** A TLV record file holding the codec's records; the maximum record length is the longest element's. */
    private static void tlvFile(VirtualCard.DfBuilder df, int fid, List<Bytes> records, AccessCondition read,
            AccessCondition update) {
        int max = 0;
        for (Bytes r : records) {
            max = Math.max(max, r.length());
        }
        df.records(fid, RecordStructure.LINEAR_VARIABLE, max, records.size(), records, read, update);
    }

    /** One index flag per slot: {@code 00} for a slot holding a record, {@code FF} otherwise. */
    private static List<Bytes> flags(Set<Integer> used, int slots) {
        List<Bytes> l = new ArrayList<>();
        for (int i = 1; i <= slots; i++) {
            l.add(HealthCardCodec.encodeIndexFlag(used.contains(i)));
        }
        return l;
    }

    /** The file image of every slot: the record's image, or zeros for an empty slot. */
    private static <R> List<Bytes> images(Map<Integer, R> records, int slots, int size, Function<R, Bytes> image,
            String field) {
        List<Bytes> out = new ArrayList<>();
        for (int i = 1; i <= slots; i++) {
            R r = records.get(i);
            Bytes b = r == null ? Bytes.copyOf(new byte[size]) : image.apply(r);
            if (b.length() != size) {
                throw new InvalidInputException(field, "record in slot " + i + " must be " + size + " bytes");
            }
            out.add(b);
        }
        return out;
    }

    private static Bytes sign(Bytes dataPart, String cardNumber) {
        CardCertificate certificate;
        try {
            certificate = CardCertificate.decode(InsecureDevelopmentPki.organisationCertificate());
        } catch (MalformedDataException e) {
            throw new IllegalStateException("development organisation certificate does not decode", e);
        }
        return RecordSignatureProfile.DATA_PART.signRecord(dataPart, cardNumber,
                InsecureDevelopmentPki.organisationKey(), certificate);
    }

    // ------------------------------------------------------------------------------------------------ encoding

    // ------------------------------------------------------------------------------------------------ JSON: DDF1

    /** {@link HealthCardProfile} component and {@link #card} field names to their JSON paths. */
    private static final Map<String, String> DDF1_PATHS = Map.ofEntries(
            Map.entry("cardType", "issuer.cardType"), Map.entry("specVersion", "issuer.specVersion"),
            Map.entry("issuerName", "issuer.name"), Map.entry("issuerCode", "issuer.code"),
            Map.entry("issuerCertificate", "issuer.certificate"), Map.entry("issueDate", "issuer.issueDate"),
            Map.entry("cardNumber", "issuer.cardNumber"), Map.entry("securityCode", "issuer.securityCode"),
            Map.entry("chipSerial", "issuer.chipSerial"), Map.entry("cityCode", "issuer.cityCode"),
            Map.entry("name", "holder.name"), Map.entry("gender", "holder.gender"),
            Map.entry("nation", "holder.nation"), Map.entry("birthDate", "holder.birthDate"),
            Map.entry("idNumber", "holder.idNumber"), Map.entry("validUntil", "validity.validUntil"),
            Map.entry("phone1", "validity.phone1"), Map.entry("phone2", "validity.phone2"),
            Map.entry("paymentModes", "validity.paymentModes"), Map.entry("paymentModes[0]", "validity.paymentModes[0]"),
            Map.entry("paymentModes[1]", "validity.paymentModes[1]"),
            Map.entry("paymentModes[2]", "validity.paymentModes[2]"));

    private static HealthCardProfile profile(JsonNode root) throws MalformedDataException {
        JsonNode issuer = JSON_FIELDS.object(root, "issuer", "");
        JsonNode holder = JSON_FIELDS.object(root, "holder", "");
        JsonNode validity = JSON_FIELDS.object(root, "validity", "");
        JSON_FIELDS.onlyFields(issuer, "issuer.", Set.of("cardType", "specVersion", "name", "code", "certificate", "issueDate",
                "cardNumber", "securityCode", "chipSerial", "cityCode"));
        JSON_FIELDS.onlyFields(holder, "holder.", Set.of("name", "gender", "nation", "birthDate", "idNumber"));
        JSON_FIELDS.onlyFields(validity, "validity.", Set.of("validUntil", "phone1", "phone2", "paymentModes"));
        List<String> modes = new ArrayList<>();
        JsonNode m = validity.get("paymentModes");
        if (m != null) {
            if (!m.isArray()) {
                throw fail("validity.paymentModes", "must be an array of codes");
            }
            for (int i = 0; i < m.size(); i++) {
                if (!m.get(i).isTextual()) {
                    throw fail("validity.paymentModes[" + i + "]", "must be a string");
                }
                modes.add(m.get(i).asText());
            }
        }
        String cert = JSON_FIELDS.optText(issuer, "certificate", "issuer.", null);
        String photo = JSON_FIELDS.optText(root, "photo", "", "");
        Gender gender = decoded("holder.gender", Gender::decode, JSON_FIELDS.text(holder, "gender", "holder."));
        Nation nation = decoded("holder.nation", Nation::decode, JSON_FIELDS.text(holder, "nation", "holder."));
        ResidentIdNumber idNumber = decoded("holder.idNumber", ResidentIdNumber::decode,
                JSON_FIELDS.text(holder, "idNumber", "holder."));
        try {
            return new HealthCardProfile(
                    ProfileJson.hex(JSON_FIELDS.text(root, "diversificationFactor", ""), "diversificationFactor"),
                    JSON_FIELDS.text(issuer, "cardType", "issuer."),
                    JSON_FIELDS.text(issuer, "specVersion", "issuer."),
                    JSON_FIELDS.text(issuer, "name", "issuer."),
                    JSON_FIELDS.text(issuer, "code", "issuer."),
                    cert == null ? InsecureDevelopmentPki.issuerCertificate() : ProfileJson.hex(cert, "issuerCertificate"),
                    JSON_FIELDS.date(issuer, "issueDate", "issuer."),
                    JSON_FIELDS.text(issuer, "cardNumber", "issuer."),
                    JSON_FIELDS.text(issuer, "securityCode", "issuer."),
                    JSON_FIELDS.text(issuer, "chipSerial", "issuer."),
                    JSON_FIELDS.text(issuer, "cityCode", "issuer."),
                    JSON_FIELDS.text(holder, "name", "holder."),
                    gender,
                    nation,
                    JSON_FIELDS.date(holder, "birthDate", "holder."),
                    idNumber,
                    base64(photo),
                    JSON_FIELDS.date(validity, "validUntil", "validity."),
                    JSON_FIELDS.optText(validity, "phone1", "validity.", ""),
                    JSON_FIELDS.optText(validity, "phone2", "validity.", ""),
                    modes);
        } catch (InvalidInputException e) {
            throw invalid(DDF1_PATHS.getOrDefault(e.field(), e.field()), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ JSON: DF01

    private static AddressInfo addresses(JsonNode demographics) throws MalformedDataException {
        JsonNode n = optObject(demographics, "addresses", "demographics.");
        if (n == null) {
            return null;
        }
        String p = "demographics.addresses.";
        JSON_FIELDS.onlyFields(n, p, Set.of("addressType1", "address1", "addressType2", "address2"));
        AddressInfo a = new AddressInfo(JSON_FIELDS.optText(n, "addressType1", p, ""), JSON_FIELDS.optText(n, "address1", p, ""),
                JSON_FIELDS.optText(n, "addressType2", p, ""), JSON_FIELDS.optText(n, "address2", p, ""));
        encode(p, false, () -> HealthCardCodec.encodeAddressInfo(a));
        return a;
    }

    private static ContactPersons contactPersons(JsonNode demographics) throws MalformedDataException {
        String p = "demographics.contactPersons";
        List<JsonNode> list = optArray(demographics, "contactPersons", "demographics.", 3);
        if (list == null) {
            return null;
        }
        List<ContactPerson> persons = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String ep = p + "[" + i + "].";
            JsonNode e = element(list.get(i), ep);
            JSON_FIELDS.onlyFields(e, ep, Set.of("name", "relationCode", "phone"));
            persons.add(new ContactPerson(JSON_FIELDS.optText(e, "name", ep, ""), JSON_FIELDS.optText(e, "relationCode", ep, ""),
                    JSON_FIELDS.optText(e, "phone", ep, "")));
        }
        ContactPersons c = new ContactPersons(persons);
        // the codec names "persons[i].field"
        try {
            HealthCardCodec.encodeContactPersons(c);
        } catch (InvalidInputException e) {
            String f = e.field().startsWith("persons") ? e.field().substring("persons".length()) : "." + e.field();
            throw invalid(p + f, e);
        }
        return c;
    }

    private static PersonalStatus personalStatus(JsonNode demographics) throws MalformedDataException {
        JsonNode n = optObject(demographics, "personalStatus", "demographics.");
        if (n == null) {
            return null;
        }
        String p = "demographics.personalStatus.";
        JSON_FIELDS.onlyFields(n, p, Set.of("educationCode", "maritalStatusCode", "occupationCode"));
        PersonalStatus s = new PersonalStatus(JSON_FIELDS.optText(n, "educationCode", p, ""),
                JSON_FIELDS.optText(n, "maritalStatusCode", p, ""), JSON_FIELDS.optText(n, "occupationCode", p, ""));
        encode(p, false, () -> HealthCardCodec.encodePersonalStatus(s));
        return s;
    }

    private static DocumentInfo documents(JsonNode demographics) throws MalformedDataException {
        JsonNode n = optObject(demographics, "documents", "demographics.");
        if (n == null) {
            return null;
        }
        String p = "demographics.documents.";
        JSON_FIELDS.onlyFields(n, p, Set.of("documentTypeCode", "documentNumber", "healthRecordNumber", "ncmsNumber"));
        DocumentInfo d = new DocumentInfo(JSON_FIELDS.optText(n, "documentTypeCode", p, ""), JSON_FIELDS.optText(n, "documentNumber", p, ""),
                JSON_FIELDS.optText(n, "healthRecordNumber", p, ""), JSON_FIELDS.optText(n, "ncmsNumber", p, ""));
        encode(p, false, () -> HealthCardCodec.encodeDocumentInfo(d));
        return d;
    }

    // ------------------------------------------------------------------------------------------------ JSON: DF02

    private static ClinicalData clinicalData(JsonNode clinical) throws MalformedDataException {
        String p = "clinical.";
        String abo = JSON_FIELDS.optText(clinical, "aboBloodType", p, "");
        String rh = JSON_FIELDS.optText(clinical, "rhBloodType", p, "");
        Optional<AboBloodType> aboType = abo.isEmpty() ? Optional.empty()
                : Optional.of(decoded(p + "aboBloodType", AboBloodType::decode, abo));
        Optional<RhBloodType> rhType = rh.isEmpty() ? Optional.empty()
                : Optional.of(decoded(p + "rhBloodType", RhBloodType::decode, rh));
        Map<ClinicalFlag, FlagValue> flags = new EnumMap<>(HealthCardContents.EMPTY.clinicalData().flags());
        JsonNode f = optObject(clinical, "flags", p);
        if (f != null) {
            for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                ClinicalFlag flag;
                try {
                    flag = ClinicalFlag.valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "profile JSON: clinical.flags."
                            + name, -1, "unknown field (flags are named as ClinicalFlag, for example ASTHMA)", e);
                }
                flags.put(flag, flag(f, name, "clinical.flags.", FlagValue.NO));
            }
        }
        ClinicalData d = new ClinicalData(aboType, rhType, flags, JSON_FIELDS.optText(clinical, "otherMedicalAlert", p, ""));
        encode(p, false, () -> HealthCardCodec.encodeClinicalData(d));
        return d;
    }

    private static FlagValue flag(JsonNode parent, String field, String prefix, FlagValue absent)
            throws MalformedDataException {
        String v = JSON_FIELDS.optText(parent, field, prefix, null);
        if (v == null) {
            return absent;
        }
        return switch (v) {
            case "yes" -> FlagValue.YES;
            case "no" -> FlagValue.NO;
            case "unknown" -> FlagValue.UNWRITTEN;
            default -> throw fail(prefix + field, "must be \"yes\", \"no\" or \"unknown\"");
        };
    }

    private static List<AllergyRecord> allergies(JsonNode clinical) throws MalformedDataException {
        List<JsonNode> list = optArray(clinical, "allergies", "clinical.", HealthCardContents.MAX_ALLERGIES);
        List<AllergyRecord> out = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String ep = "clinical.allergies[" + i + "].";
            JsonNode e = element(list.get(i), ep);
            JSON_FIELDS.onlyFields(e, ep, Set.of("substance", "reaction"));
            AllergyRecord a = new AllergyRecord(JSON_FIELDS.text(e, "substance", ep), JSON_FIELDS.optText(e, "reaction", ep, ""));
            encode(ep, false, () -> HealthCardCodec.encodeAllergyRecord(a));
            out.add(a);
        }
        return out;
    }

    private static List<ImmunisationRecord> immunisations(JsonNode clinical) throws MalformedDataException {
        List<JsonNode> list = optArray(clinical, "immunisations", "clinical.", HealthCardContents.MAX_IMMUNISATIONS);
        List<ImmunisationRecord> out = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String ep = "clinical.immunisations[" + i + "].";
            JsonNode e = element(list.get(i), ep);
            JSON_FIELDS.onlyFields(e, ep, Set.of("name", "date"));
            Optional<LocalDate> date = e.hasNonNull("date") ? Optional.of(JSON_FIELDS.date(e, "date", ep)) : Optional.empty();
            ImmunisationRecord r = new ImmunisationRecord(JSON_FIELDS.text(e, "name", ep), date);
            encode(ep, false, () -> HealthCardCodec.encodeImmunisationRecord(r));
            out.add(r);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ JSON: DF03

    /** Builds (and signs) one visit record from its items; {@code path} is the JSON path of the items object. */
    private interface VisitFactory<R> {
        R build(Map<Integer, String> items, String path) throws MalformedDataException;
    }

    private static <R> Map<Integer, R> visits(JsonNode visits, String field, int slots, VisitFactory<R> factory)
            throws MalformedDataException {
        List<JsonNode> list = optArray(visits, field, "visits.", slots);
        Map<Integer, R> out = new TreeMap<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String ep = "visits." + field + "[" + i + "].";
            JsonNode e = element(list.get(i), ep);
            JSON_FIELDS.onlyFields(e, ep, Set.of("slot", "items"));
            JsonNode s = e.get("slot");
            if (s == null || !s.isInt() || s.asInt() < 1 || s.asInt() > slots) {
                throw fail(ep + "slot", "missing or not a slot number 1-" + slots);
            }
            int slot = s.asInt();
            if (out.containsKey(slot)) {
                throw fail(ep + "slot", "slot " + slot + " is given twice");
            }
            JsonNode itemsNode = JSON_FIELDS.object(e, "items", ep);
            Map<Integer, String> items = new TreeMap<>();
            for (Iterator<String> it = itemsNode.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                int number;
                try {
                    number = Integer.parseInt(key);
                } catch (NumberFormatException x) {
                    throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "profile JSON: " + ep + "items."
                            + key, -1, "item keys must be item numbers", x);
                }
                items.put(number, JSON_FIELDS.text(itemsNode, key, ep + "items."));
            }
            out.put(slot, factory.build(items, ep + "items"));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ JSON helpers

    /** A check that may throw {@link InvalidInputException}; a lambda may not throw the checked exception. */
    private interface Encoding {
        void run();
    }

    /**
     * Runs a codec call; an {@link InvalidInputException} becomes a {@link MalformedDataException} naming
     * {@code path}, followed by the codec's field name unless {@code pathOnly}.
     */
    private static void encode(String path, boolean pathOnly, Encoding encoding) throws MalformedDataException {
        try {
            encoding.run();
        } catch (InvalidInputException e) {
            throw invalid(pathOnly ? path : path + e.field(), e);
        }
    }

    private static <T> T orDefault(T value, T absent) {
        return value == null ? absent : value;
    }

    private static final ProfileJson JSON_FIELDS = new ProfileJson("profile JSON: ");

    private static MalformedDataException fail(String path, String problem) {
        return JSON_FIELDS.fail(path, problem);
    }

    private static MalformedDataException invalid(String path, InvalidInputException e) {
        return new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "profile JSON: " + path, -1, e.getMessage(),
                e);
    }

    /** A decoder of a code or number given in the JSON. */
    private interface Decoder<T> {
        T decode(String text) throws MalformedDataException;
    }

    private static <T> T decoded(String path, Decoder<T> decoder, String text) throws MalformedDataException {
        try {
            return decoder.decode(text);
        } catch (MalformedDataException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "profile JSON: " + path, e.offset(),
                    "invalid value", e);
        }
    }

    private static JsonNode optObject(JsonNode parent, String field, String prefix) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw fail(prefix + field, "not an object");
        }
        return n;
    }

    private static JsonNode element(JsonNode n, String path) throws MalformedDataException {
        if (!n.isObject()) {
            throw fail(path.substring(0, path.length() - 1), "not an object");
        }
        return n;
    }

    private static List<JsonNode> optArray(JsonNode parent, String field, String prefix, int max)
            throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw fail(prefix + field, "not an array");
        }
        if (n.size() > max) {
            throw fail(prefix + field, "at most " + max + " entries, has " + n.size());
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static Bytes base64(String s) {
        try {
            return Bytes.copyOf(Base64.getMimeDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("photo", "not base64");
        }
    }
}
