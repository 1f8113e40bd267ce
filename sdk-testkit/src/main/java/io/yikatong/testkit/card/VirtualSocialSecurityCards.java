package io.yikatong.testkit.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.social.InsecureSoftwareSocialSecurityModule;
import io.yikatong.card.social.MedicalAccount;
import io.yikatong.card.social.MedicalAccountYearEncoding;
import io.yikatong.card.social.SocialSecurityCardReader;
import io.yikatong.card.social.SocialSecurityKey;
import io.yikatong.card.social.internal.SocialSecurityCrypto;
import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.Money;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.BerTlv;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.Tlv;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Virtual social security cards (社会保障卡) in one call: {@code VirtualSocialSecurityCards.transport(
 * VirtualSocialSecurityCards.example())} gives a {@link VirtualCardTransport} for a
 * {@link io.yikatong.card.CardSession} and {@link SocialSecurityCardReader}.
 *
 * <p>The card (health-card-spec §3): MF / SSSE DF (file identifier {@code DDF1} [I]; selected by name
 * {@code 7378312E73682EC9E7BBE1B1A3D5CF}, answering {@code 61xx} first and an FCI {@code 6F [84 name] [A5 [9F0C 03
 * 86 01 <alg>]]}) with
 * <ul>
 * <li>EF05 — records 01–07 (§3.3), read always;</li>
 * <li>EF06 — records 08, 09, [4E], 0A–0D (§3.4); read always on 1.0/2.0 cards, after RKSSSE external authentication
 * (key reference {@code 0A}, {@value #KEY_TRIES} tries) on 3.0 cards;</li>
 * <li>the cardholder PIN (VERIFY {@code 0020 0000 03 123456} by default, {@value #PIN_TRIES} tries, {@code 63Cx} /
 * {@code 6983});</li>
 * <li>when the profile has a {@link VirtualSocialSecurityCardProfile#medicalAccount() medical account}: DF04
 * (医疗保险, file identifier {@code DF04} [I]) selectable by AID {@code D15600000503}, answering GET BALANCE
 * {@code B0 26 00 01..03} after the PIN (§4.2).</li>
 * </ul>
 * Records are addressed by identifier ({@code 00B2 <tag> 00 <Le>}), by number ({@code 00B2 <n> 04}) and by short EF
 * identifier ({@code 00B2 07 2C 0B}); EFs are selected with P1 {@code 00} or {@code 02}. INTERNAL AUTHENTICATE
 * ({@code 0088 0000 10}) answers with the internal-authentication key. Both keys are the development master keys of
 * {@link InsecureSoftwareSocialSecurityModule} diversified with the card identification code [I], so a card built here
 * works with {@code InsecureSoftwareSocialSecurityModule.development()}. The record structure (linear variable) is an
 * inference [I].
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VirtualSocialSecurityCards {

    /** The SSSE DF's file identifier on the virtual card [I]. */
    public static final int SSSE = 0xDDF1;
    /** The key reference of the internal-authentication key on the virtual card [I]. */
    public static final int INTERNAL_AUTHENTICATION_KEY = 0x01;
    /** How many wrong RKSSSE cryptograms a virtual card accepts before the key blocks. */
    public static final int KEY_TRIES = 3;
    /** The file identifier of the medical-insurance DF (医疗保险, DF04) under SSSE on the virtual card [I]. */
    public static final int MEDICAL_INSURANCE = 0xDF04;
    /** How many wrong cardholder PINs a virtual card accepts before the PIN blocks. */
    public static final int PIN_TRIES = 3;

    private static final String EXAMPLE = "example-social-security-card.json";

    private VirtualSocialSecurityCards() {
    }

    /**
     * Builds a card personalised with the development master keys.
     *
     * @param profile what the card holds
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(VirtualSocialSecurityCardProfile profile) {
        return card(profile, new SecureRandom());
    }

    /**
     * Builds a card personalised with the development master keys, drawing challenges from the given generator.
     *
     * @param profile what the card holds
     * @param random where GET CHALLENGE draws from
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(VirtualSocialSecurityCardProfile profile, RandomGenerator random) {
        return card(profile, random,
                InsecureSoftwareSocialSecurityModule.developmentMasterKey(
                        InsecureSoftwareSocialSecurityModule.DEVELOPMENT_SEED, SocialSecurityKey.INTERNAL_AUTHENTICATION),
                InsecureSoftwareSocialSecurityModule.developmentMasterKey(
                        InsecureSoftwareSocialSecurityModule.DEVELOPMENT_SEED, SocialSecurityKey.RKSSSE));
    }

    /**
     * Builds a card personalised with the given master keys (diversified with its identification code).
     *
     * @param profile what the card holds
     * @param random where GET CHALLENGE draws from
     * @param internalMaster the internal-authentication master key
     * @param rksseMaster the RKSSSE master key (installed on 3.0 cards only)
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(VirtualSocialSecurityCardProfile profile, RandomGenerator random,
            Sm4Key internalMaster, Sm4Key rksseMaster) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(internalMaster, "internalMaster");
        Objects.requireNonNull(rksseMaster, "rksseMaster");
        Bytes id = profile.identificationCode();
        List<Bytes> ef05 = List.of(
                ProfileJson.tlv(0x01, id),
                ProfileJson.an(0x02, profile.category(), 1, "category"),
                ProfileJson.an(0x03, profile.specVersion(), 4, "specVersion"),
                ProfileJson.tlv(0x04, profile.issuerOrgCode()),
                ProfileJson.tlv(0x05, Bytes.copyOf(Bcd.encodeDate(profile.issueDate()))),
                ProfileJson.tlv(0x06, Bytes.copyOf(Bcd.encodeDate(profile.expiryDate()))),
                ProfileJson.an(0x07, profile.cardNumber(), 9, "cardNumber"));
        String[] name = splitName(profile.name());
        if (!name[1].isEmpty() && !profile.nameExtensionRecord()) {
            throw new InvalidInputException("name", "longer than 30 GB18030 bytes, but the card has no 4E record");
        }
        List<Bytes> ef06 = new ArrayList<>();
        ef06.add(ProfileJson.an(0x08, profile.socialSecurityNumber(), 18, "socialSecurityNumber"));
        ef06.add(ProfileJson.an(0x09, name[0], 30, "name"));
        if (profile.nameExtensionRecord()) {
            ef06.add(ProfileJson.an(0x4E, name[1], 20, "name"));
        }
        ef06.add(ProfileJson.an(0x0A, profile.gender().code(), 1, "gender"));
        ef06.add(ProfileJson.cn(0x0B, profile.nation().code(), 1, "nation"));
        ef06.add(ProfileJson.cn(0x0C, profile.birthPlace(), 3, "birthPlace"));
        ef06.add(ProfileJson.tlv(0x0D, Bytes.copyOf(Bcd.encodeDate(profile.birthDate()))));
        boolean third = profile.isThirdGeneration();
        AccessCondition holderRead = third
                ? AccessCondition.key(SocialSecurityCardReader.DEFAULT_RKSSSE_KEY_REFERENCE) : AccessCondition.ALWAYS;
        Sm4Key internalKey = SocialSecurityCrypto.cardKey(internalMaster, id);
        Sm4Key rkKey = SocialSecurityCrypto.cardKey(rksseMaster, id);
        MedicalAccount account = profile.medicalAccount();
        byte[] pinBlock = Bcd.encodeCn(profile.pin(), (profile.pin().length() + 1) / 2);
        return VirtualCard.builder()
                .atr(atr(profile.historicalBytes()))
                .random(random)
                .applet(new SocialSecurityMedicalAccountApplet(SSSE, MEDICAL_INSURANCE, pinBlock, PIN_TRIES, account,
                        profile.medicalAccountYearEncoding())) // first: it must see every command (PIN state)
                .applet(new SocialSecurityApplet(SocialSecurityCardReader.SSSE_NAME.toByteArray(),
                        fci(profile.algorithmId())))
                .applet(new SocialSecurityInternalAuthenticationApplet())
                .mf(mf -> mf.df(SSSE, SocialSecurityCardReader.SSSE_NAME, ssse -> {
                    ssse.key(INTERNAL_AUTHENTICATION_KEY, KeyUsage.INTERNAL_AUTHENTICATION, internalKey, 0);
                    if (third) {
                        ssse.key(SocialSecurityCardReader.DEFAULT_RKSSSE_KEY_REFERENCE, KeyUsage.READ, rkKey, KEY_TRIES);
                    }
                    ssse.records(0xEF05, RecordStructure.LINEAR_VARIABLE, 18, ef05.size(), ef05,
                            AccessCondition.ALWAYS, AccessCondition.NEVER)
                            .records(0xEF06, RecordStructure.LINEAR_VARIABLE, 32, ef06.size(), ef06, holderRead,
                                    AccessCondition.NEVER);
                    if (account != null) {
                        ssse.df(MEDICAL_INSURANCE, SocialSecurityCardReader.MEDICAL_INSURANCE_AID, df04 -> {
                        });
                    }
                }))
                .build();
    }

    /**
     * Builds a card and inserts it: the single call to start a virtual social security card.
     *
     * @param profile what the card holds
     * @return a transport serving the new card
     * @throws InvalidInputException if a value does not fit its field
     */
    public static VirtualCardTransport transport(VirtualSocialSecurityCardProfile profile) {
        return new VirtualCardTransport(card(profile));
    }

    /**
     * Returns the example profile shipped with the SDK: a 3.0 card of a fictional holder (社会保障号码
     * {@code 11010519491231002X}, the GB 11643 example number) whose name needs the 姓名扩展 record.
     *
     * @return the profile
     */
    public static VirtualSocialSecurityCardProfile example() {
        try (InputStream in = VirtualSocialSecurityCards.class.getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + EXAMPLE + " missing from the sdk-card jar");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + EXAMPLE, e);
        } catch (MalformedDataException e) {
            throw new IllegalStateException("shipped profile " + EXAMPLE + " is malformed", e);
        }
    }

    /**
     * Reads a profile from JSON (UTF-8). Layout (see the shipped {@code example-social-security-card.json}):
     * <pre>{@code
     * { "atrHistoricalBytes": "<hex, up to 15 bytes>",
     *   "algorithmId": "03" (optional; null or absent: no 9F0C in the FCI),
     *   "pin": "123456" (optional, 4 to 12 digits; default 123456),
     *   "medicalAccount": (optional; absent or null: no DF04)
     *     { "balanceFen": 123456, "yearToDateSelfPayFen": 0, "yearToDatePooledFundFen": 0 (whole fen, 0..4294967295),
     *       "year": 2026 (0..9999), "yearEncoding": "BCD" | "BINARY" (optional, default BCD) },
     *   "card": { "regionCode", "uniqueValue": "<16 hex digits>", "category", "specVersion",
     *             "issuerOrgCode": "<24 hex digits>", "issueDate": "yyyy-MM-dd", "expiryDate", "cardNumber" },
     *   "holder": { "socialSecurityNumber", "name", "nameExtensionRecord": true|false (optional, default true),
     *               "gender": "<GB/T 2261.1 code>", "nation": "<GB 3304 code>", "birthPlace", "birthDate" } }
     * }</pre>
     * Unknown fields are rejected; every value is checked against its field as the card encodes it.
     *
     * @param json the JSON text
     * @return the profile
     * @throws MalformedDataException if the JSON is not well-formed or a field is missing, unknown or invalid (the
     *     element names the field)
     * @throws IOException if reading the stream failed
     */
    public static VirtualSocialSecurityCardProfile fromJson(InputStream json) throws MalformedDataException, IOException {
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
        JSON_FIELDS.onlyFields(root, "", Set.of("atrHistoricalBytes", "algorithmId", "card", "holder", "pin", "medicalAccount"));
        JsonNode card = object(root, "card");
        JsonNode holder = object(root, "holder");
        JSON_FIELDS.onlyFields(card, "card.", CARD_FIELDS);
        JSON_FIELDS.onlyFields(holder, "holder.", HOLDER_FIELDS);
        try {
            JsonNode alg = root.get("algorithmId");
            int algorithmId;
            if (alg == null || alg.isNull()) {
                algorithmId = -1;
            } else if (!alg.isTextual() || !alg.asText().matches("[0-9A-Fa-f]{2}")) {
                throw new MalformedDataException("profile JSON: algorithmId", -1, "must be 2 hex digits");
            } else {
                algorithmId = Integer.parseInt(alg.asText(), 16);
            }
            JsonNode pinNode = root.get("pin");
            String pin = pinNode == null ? VirtualSocialSecurityCardProfile.DEFAULT_PIN : JSON_FIELDS.text(root, "pin", "");
            if (!pin.matches("[0-9]{4,12}")) {
                throw new MalformedDataException("profile JSON: pin", -1, "must be 4 to 12 digits");
            }
            JsonNode accountNode = root.get("medicalAccount");
            MedicalAccount account = null;
            MedicalAccountYearEncoding yearEncoding = MedicalAccountYearEncoding.BCD;
            if (accountNode != null && !accountNode.isNull()) {
                JsonNode a = object(root, "medicalAccount");
                JSON_FIELDS.onlyFields(a, "medicalAccount.", ACCOUNT_FIELDS);
                JsonNode enc = a.get("yearEncoding");
                if (enc != null) {
                    if (!enc.isTextual() || !Set.of("BCD", "BINARY").contains(enc.asText())) {
                        throw new MalformedDataException("profile JSON: medicalAccount.yearEncoding", -1,
                                "must be \"BCD\" or \"BINARY\"");
                    }
                    yearEncoding = MedicalAccountYearEncoding.valueOf(enc.asText());
                }
                account = new MedicalAccount(Money.ofFen(fen(a, "balanceFen")),
                        Money.ofFen(fen(a, "yearToDateSelfPayFen")), Money.ofFen(fen(a, "yearToDatePooledFundFen")),
                        (int) whole(a, "year", 0, 9999));
            }
            JsonNode ext = holder.get("nameExtensionRecord");
            if (ext != null && !ext.isBoolean()) {
                throw new MalformedDataException("profile JSON: holder.nameExtensionRecord", -1, "must be true or false");
            }
            VirtualSocialSecurityCardProfile profile = new VirtualSocialSecurityCardProfile(
                    ProfileJson.hex(JSON_FIELDS.text(root, "atrHistoricalBytes", ""), "atrHistoricalBytes"),
                    algorithmId,
                    JSON_FIELDS.text(card, "regionCode", "card."),
                    ProfileJson.hex(JSON_FIELDS.text(card, "uniqueValue", "card."), "uniqueValue"),
                    JSON_FIELDS.text(card, "category", "card."),
                    JSON_FIELDS.text(card, "specVersion", "card."),
                    ProfileJson.hex(JSON_FIELDS.text(card, "issuerOrgCode", "card."), "issuerOrgCode"),
                    JSON_FIELDS.date(card, "issueDate", "card."),
                    JSON_FIELDS.date(card, "expiryDate", "card."),
                    JSON_FIELDS.text(card, "cardNumber", "card."),
                    JSON_FIELDS.text(holder, "socialSecurityNumber", "holder."),
                    JSON_FIELDS.text(holder, "name", "holder."),
                    ext == null || ext.asBoolean(),
                    Gender.decode(JSON_FIELDS.text(holder, "gender", "holder.")),
                    Nation.decode(JSON_FIELDS.text(holder, "nation", "holder.")),
                    JSON_FIELDS.text(holder, "birthPlace", "holder."),
                    JSON_FIELDS.date(holder, "birthDate", "holder."),
                    pin, account, yearEncoding);
            card(profile); // every value must fit its field
            return profile;
        } catch (InvalidInputException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "profile JSON: " + jsonPath(e.field()), -1,
                    e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ encoding

    /** {@code 3B 6k 00 00 <historical bytes>}: TB1 and TC1 present, k historical bytes, T=0 only. */
    static Bytes atr(Bytes historical) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x3B);
        out.write(0x60 | historical.length());
        out.write(0x00);
        out.write(0x00);
        out.writeBytes(historical.toByteArray());
        return Bytes.copyOf(out.toByteArray());
    }

    private static byte[] fci(int algorithmId) {
        List<Tlv> a5 = new ArrayList<>();
        if (algorithmId >= 0) {
            a5.add(Tlv.primitive(0x9F0C, BerTlv.encode(Tlv.primitive(0x86, new byte[] {(byte) algorithmId}))));
        }
        return BerTlv.encode(Tlv.constructed(0x6F, Tlv.primitive(0x84, SocialSecurityCardReader.SSSE_NAME),
                Tlv.constructed(0xA5, a5)));
    }

    /** Splits a name into 姓名 (at most 30 GB18030 bytes, whole characters) and 姓名扩展 (at most 20 bytes). */
    private static String[] splitName(String name) {
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int cp = name.codePointAt(i);
            int n = GbText.encode(new String(Character.toChars(cp))).length;
            if (bytes + n > 30) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return new String[] {name.substring(0, i), name.substring(i)};
    }

    // ------------------------------------------------------------------------------------------------ JSON

    private static final Set<String> CARD_FIELDS = Set.of("regionCode", "uniqueValue", "category", "specVersion",
            "issuerOrgCode", "issueDate", "expiryDate", "cardNumber");
    private static final Set<String> HOLDER_FIELDS = Set.of("socialSecurityNumber", "name", "nameExtensionRecord",
            "gender", "nation", "birthPlace", "birthDate");

    private static final Set<String> ACCOUNT_FIELDS = Set.of("balanceFen", "yearToDateSelfPayFen",
            "yearToDatePooledFundFen", "year", "yearEncoding");

    private static long fen(JsonNode account, String field) throws MalformedDataException {
        return whole(account, field, 0, 0xFFFF_FFFFL);
    }

    private static long whole(JsonNode account, String field, long min, long max) throws MalformedDataException {
        JsonNode n = account.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw new MalformedDataException("profile JSON: medicalAccount." + field, -1,
                    "missing or not a whole number in " + min + ".." + max);
        }
        return n.asLong();
    }

    /** The JSON path of a profile component, for error messages. */
    private static String jsonPath(String field) {
        if (field.startsWith("card.") || field.startsWith("holder.") || field.startsWith("medicalAccount")) {
            return field;
        }
        if (CARD_FIELDS.contains(field)) {
            return "card." + field;
        }
        if (HOLDER_FIELDS.contains(field)) {
            return "holder." + field;
        }
        return field;
    }

    private static final ProfileJson JSON_FIELDS = new ProfileJson("profile JSON: ");

    private static JsonNode object(JsonNode parent, String field) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new MalformedDataException("profile JSON: " + field, -1, "missing or not an object");
        }
        return n;
    }

}
