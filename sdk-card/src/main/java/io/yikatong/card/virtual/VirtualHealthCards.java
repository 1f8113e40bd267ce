package io.yikatong.card.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.security.CardFactors;
import io.yikatong.card.security.HealthCardKey;
import io.yikatong.card.security.InsecureSoftwareSecurityModule;
import io.yikatong.core.Bytes;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.codec.GbText;
import io.yikatong.core.codec.SimpleTlv;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.domain.ResidentIdNumber;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Virtual resident health cards (居民健康卡) in one call: {@code VirtualHealthCards.transport(VirtualHealthCards.example())}
 * gives a {@link VirtualCardTransport} to open a {@link io.yikatong.card.CardSession} on.
 *
 * <p>The card's file tree follows health-card-spec §1.2: MF / DDF1 with
 * <ul>
 * <li>EF05 issuer data — 10 TLV records (tags 01 02 03 04 05 06 08 09 0A 39), read always;</li>
 * <li>EF06 holder data (tags 0B–0F), EF08 validity/phones/payment modes (tags 07, 10–14), EF07 photo (transparent,
 * 3072 bytes: {@code length(2) || JPEG || 00…});</li>
 * <li>DF01 (EF05–EF08: addresses, contacts, education/marriage/occupation, documents) and DF02 (EF05 clinical data,
 * EF06 special information: TLV records holding empty values; EF07 allergies, cyclic 3 × 120 bytes; EF08
 * immunisations, cyclic 10 × 24 bytes);</li>
 * <li>DF03: index files EF05 (3 × 1 byte) and EF06 (5 × 1 byte), all {@code FF} (empty), inpatient records EE01–EE03
 * (1893 bytes) and outpatient records ED01–ED05 (3267 bytes), zeroed.</li>
 * </ul>
 * Security (§1.8): each DF holds its RK, UK and STK keys — the development master keys of
 * {@link InsecureSoftwareSecurityModule} diversified with the profile's card factor and the city factor of its city
 * code — with {@value #KEY_TRIES} tries each. Reading anything but DDF1/EF05 needs the DF's RK (EXTERNAL AUTHENTICATE
 * {@code 04} in DDF1, {@code 84} in DF01–DF03); TLV record writes need the DF's UK and secure messaging ({@code 04DC});
 * the photo, allergy and immunisation records and DF03 records are written in plain after the UK; DF03 index slots
 * change only through {@code 84D2}/{@code 840C} (UK_DF03_1 / UK_DF03_2). A card built here therefore works with
 * {@code InsecureSoftwareSecurityModule.development()} and with the virtual SAM.
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

    private static final String EXAMPLE = "example-health-card.json";

    private VirtualHealthCards() {
    }

    /**
     * Builds a resident health card from a profile.
     *
     * @param profile what the card holds
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(HealthCardProfile profile) {
        return card(profile, new java.security.SecureRandom());
    }

    /**
     * Builds a resident health card from a profile, drawing its challenges from the given generator (seed one for
     * reproducible tests).
     *
     * @param profile what the card holds
     * @param random where GET CHALLENGE draws from
     * @return a new card, MF selected
     * @throws InvalidInputException if a value does not fit its field (the field is named)
     */
    public static VirtualCard card(HealthCardProfile profile, java.util.random.RandomGenerator random) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(random, "random");
        List<Bytes> ef05 = List.of(
                an(0x01, profile.cardType(), 1, "cardType"),
                an(0x02, profile.specVersion(), 4, "specVersion"),
                an(0x03, profile.issuerName(), 30, "issuerName"),
                cn(0x04, profile.issuerCode(), 11, "issuerCode"),
                tlv(0x05, profile.issuerCertificate()),
                tlv(0x06, Bytes.copyOf(Bcd.encodeDate(profile.issueDate()))),
                an(0x08, profile.cardNumber(), 18, "cardNumber"),
                an(0x09, profile.securityCode(), 3, "securityCode"),
                an(0x0A, profile.chipSerial(), 10, "chipSerial"),
                cn(0x39, profile.cityCode(), 3, "cityCode"));
        if (profile.cityCode().length() != 6) {
            throw new InvalidInputException("cityCode", "must be 6 digits");
        }
        List<Bytes> ef06 = List.of(
                an(0x0B, profile.name(), 30, "name"),
                tlv(0x0C, Bytes.copyOf(new byte[] {(byte) Integer.parseInt(profile.gender().code())})),
                cn(0x0D, profile.nation().code(), 1, "nation"),
                tlv(0x0E, Bytes.copyOf(Bcd.encodeDate(profile.birthDate()))),
                an(0x0F, profile.idNumber().value(), 18, "idNumber"));
        byte[] photo = new byte[HealthCardProfile.PHOTO_FILE_SIZE];
        int photoLength = profile.photo().length();
        photo[0] = (byte) (photoLength >>> 8);
        photo[1] = (byte) photoLength;
        System.arraycopy(profile.photo().toByteArray(), 0, photo, 2, photoLength);
        List<Bytes> ef08 = new ArrayList<>(List.of(
                tlv(0x07, Bytes.copyOf(Bcd.encodeDate(profile.validUntil()))),
                an(0x10, profile.phone1(), 20, "phone1"),
                an(0x11, profile.phone2(), 20, "phone2")));
        for (int i = 0; i < 3; i++) {
            String mode = i < profile.paymentModes().size() ? profile.paymentModes().get(i) : "";
            ef08.add(cn(0x12 + i, mode, 1, "paymentModes[" + i + "]"));
        }
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
            keys(ddf1, factors, HealthCardKey.RK_DDF1, HealthCardKey.UK_DDF1, HealthCardKey.STK_DDF1);
            ddf1.records(0xEF05, RecordStructure.LINEAR_VARIABLE, 182, 10, ef05, AccessCondition.ALWAYS, ukDdf1)
                    .records(0xEF06, RecordStructure.LINEAR_VARIABLE, 32, 5, ef06, rkDdf1, ukDdf1)
                    .transparent(0xEF07, Bytes.copyOf(photo), rkDdf1,
                            AccessCondition.key(HealthCardKey.UK_DDF1.cardKeyReference()))
                    .records(0xEF08, RecordStructure.LINEAR_VARIABLE, 22, 6, ef08, rkDdf1, ukDdf1)
                    .df(0xDF01, df01 -> {
                        keys(df01, factors, HealthCardKey.RK_DF01, HealthCardKey.UK_DF01, HealthCardKey.STK_DF01);
                        AccessCondition uk = AccessCondition.keyWithSecureMessaging(0x85);
                        tlvFile(df01, 0xEF05, DF01_EF05, rk, uk);
                        tlvFile(df01, 0xEF06, DF01_EF06, rk, uk);
                        tlvFile(df01, 0xEF07, DF01_EF07, rk, uk);
                        tlvFile(df01, 0xEF08, DF01_EF08, rk, uk);
                    })
                    .df(0xDF02, df02 -> {
                        keys(df02, factors, HealthCardKey.RK_DF02, HealthCardKey.UK_DF02_1, HealthCardKey.UK_DF02_2,
                                HealthCardKey.UK_DF02_3, HealthCardKey.STK_DF02);
                        tlvFile(df02, 0xEF05, DF02_EF05, rk, AccessCondition.keyWithSecureMessaging(0x85));
                        tlvFile(df02, 0xEF06, DF02_EF06, rk, AccessCondition.keyWithSecureMessaging(0x86));
                        df02.records(0xEF07, RecordStructure.CYCLIC, 120, 3, List.of(), rk, AccessCondition.key(0x87))
                                .records(0xEF08, RecordStructure.CYCLIC, 24, 10, List.of(), rk,
                                        AccessCondition.key(0x87));
                    })
                    .df(0xDF03, df03 -> {
                        keys(df03, factors, HealthCardKey.RK_DF03, HealthCardKey.UK_DF03_1, HealthCardKey.UK_DF03_2,
                                HealthCardKey.STK_DF03);
                        df03.records(0xEF05, RecordStructure.LINEAR_FIXED, 1, 3, emptyFlags(3), rk, AccessCondition.NEVER)
                                .records(0xEF06, RecordStructure.LINEAR_FIXED, 1, 5, emptyFlags(5), rk,
                                        AccessCondition.NEVER);
                        AccessCondition write = AccessCondition.key(0x85);
                        for (int i = 1; i <= 3; i++) {
                            df03.transparent(0xEE00 + i, Bytes.copyOf(new byte[INPATIENT_RECORD_SIZE]), rk, write);
                        }
                        for (int i = 1; i <= 5; i++) {
                            df03.transparent(0xED00 + i, Bytes.copyOf(new byte[OUTPATIENT_RECORD_SIZE]), rk, write);
                        }
                    });
        })).build();
    }

    /** Size of an inpatient record file EE01–EE03: 1639 data + 64 signature + 190 certificate bytes. */
    public static final int INPATIENT_RECORD_SIZE = 1893;
    /** Size of an outpatient record file ED01–ED05: 3013 data + 64 signature + 190 certificate bytes. */
    public static final int OUTPATIENT_RECORD_SIZE = 3267;

    // tag, length, encoding (0 = AN, 1 = CN, 2 = B) of the DF01/DF02 TLV files, health-card-spec §1.5
    private static final int[][] DF01_EF05 = {{0x15, 1, 1}, {0x16, 100, 0}, {0x17, 1, 1}, {0x18, 100, 0}};
    private static final int[][] DF01_EF06 = {{0x19, 30, 0}, {0x1A, 1, 1}, {0x1B, 20, 0}, {0x1C, 30, 0}, {0x1D, 1, 1},
        {0x1E, 20, 0}, {0x1F, 30, 0}, {0x20, 1, 1}, {0x21, 20, 0}};
    private static final int[][] DF01_EF07 = {{0x22, 1, 1}, {0x23, 1, 1}, {0x24, 3, 0}};
    private static final int[][] DF01_EF08 = {{0x25, 1, 1}, {0x26, 18, 0}, {0x27, 17, 0}, {0x28, 18, 0}};
    private static final int[][] DF02_EF05 = {{0x29, 1, 2}, {0x2A, 1, 1}, {0x2B, 1, 2}, {0x2C, 1, 2}, {0x2D, 1, 2},
        {0x2E, 1, 2}, {0x2F, 1, 2}, {0x30, 1, 2}, {0x31, 1, 2}, {0x32, 1, 2}, {0x33, 1, 2}, {0x34, 1, 2}, {0x35, 1, 2},
        {0x36, 1, 2}, {0x37, 40, 0}};
    private static final int[][] DF02_EF06 = {{0x38, 1, 2}};

    /** Personalises a DF's keys: the development master keys diversified with the card's factors. */
    private static void keys(VirtualCard.DfBuilder df, CardFactors factors, HealthCardKey... keys) {
        for (HealthCardKey k : keys) {
            Sm4Key cardKey = InsecureSoftwareSecurityModule.cardKey(
                    InsecureSoftwareSecurityModule.developmentMasterKey(InsecureSoftwareSecurityModule.DEVELOPMENT_SEED, k),
                    k, factors);
            KeyUsage usage = switch (k.kind()) {
                case READ -> KeyUsage.READ;
                case UPDATE -> KeyUsage.UPDATE;
                case LINE_PROTECTION -> KeyUsage.LINE_PROTECTION;
            };
            df.key(k.cardKeyReference(), usage, cardKey, KEY_TRIES);
        }
    }

    /** How many wrong cryptograms a key of a virtual health card accepts before it blocks. */
    public static final int KEY_TRIES = 3;

    /** A TLV record file whose records hold empty values (AN {@code 00}, CN {@code FF}, B {@code 00}). */
    private static void tlvFile(VirtualCard.DfBuilder df, int fid, int[][] elements, AccessCondition read,
            AccessCondition update) {
        List<Bytes> records = new ArrayList<>();
        int max = 0;
        for (int[] e : elements) {
            byte[] v = new byte[e[1]];
            if (e[2] == 1) {
                java.util.Arrays.fill(v, (byte) 0xFF);
            }
            records.add(tlv(e[0], Bytes.copyOf(v)));
            max = Math.max(max, e[1] + 2);
        }
        df.records(fid, RecordStructure.LINEAR_VARIABLE, max, elements.length, records, read, update);
    }

    private static List<Bytes> emptyFlags(int n) {
        List<Bytes> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Bytes.copyOf(new byte[] {(byte) 0xFF}));
        }
        return l;
    }

    /**
     * Builds a card from a profile and inserts it: the single call to start a virtual health card.
     *
     * @param profile what the card holds
     * @return a transport serving the new card
     * @throws InvalidInputException if a value does not fit its field
     */
    public static VirtualCardTransport transport(HealthCardProfile profile) {
        return new VirtualCardTransport(card(profile));
    }

    /**
     * Returns the example profile shipped with the SDK: a fictional holder (ID {@code 11010519491231002X}, the
     * GB 11643 example number) with a small JPEG photo.
     *
     * @return the profile
     */
    public static HealthCardProfile example() {
        try (InputStream in = VirtualHealthCards.class.getResourceAsStream(EXAMPLE)) {
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
     * Reads a profile from JSON (UTF-8). Layout (see the shipped {@code example-health-card.json}):
     * <pre>{@code
     * { "diversificationFactor": "<16 hex digits>",
     *   "issuer": { "cardType", "specVersion", "name", "code", "certificate": "<360 hex digits, optional: the development issuer certificate>",
     *               "issueDate": "yyyy-MM-dd", "cardNumber", "securityCode", "chipSerial", "cityCode" },
     *   "holder": { "name", "gender": "<GB/T 2261.1 code>", "nation": "<GB 3304 code>", "birthDate", "idNumber" },
     *   "photo": "<base64 JPEG, optional>",
     *   "validity": { "validUntil", "phone1", "phone2", "paymentModes": ["01", ...] } }
     * }</pre>
     * Unknown fields are rejected, so a misspelt field is not silently ignored; every value is checked against its
     * field as {@link #card(HealthCardProfile)} encodes it.
     *
     * @param json the JSON text
     * @return the profile
     * @throws MalformedDataException if the JSON is not well-formed or a field is missing, unknown or invalid (the
     *     element names the field)
     * @throws IOException if reading the stream failed
     */
    public static HealthCardProfile fromJson(InputStream json) throws MalformedDataException, IOException {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedDataException(io.yikatong.core.CoreErrorCode.MALFORMED_DATA, "profile JSON",
                    e.getLocation() == null ? -1 : (int) e.getLocation().getCharOffset(), "not well-formed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedDataException("profile JSON", 0, "must be a JSON object");
        }
        onlyFields(root, "", Set.of("diversificationFactor", "issuer", "holder", "photo", "validity"));
        JsonNode issuer = object(root, "issuer");
        JsonNode holder = object(root, "holder");
        JsonNode validity = object(root, "validity");
        onlyFields(issuer, "issuer.", Set.of("cardType", "specVersion", "name", "code", "certificate", "issueDate",
                "cardNumber", "securityCode", "chipSerial", "cityCode"));
        onlyFields(holder, "holder.", Set.of("name", "gender", "nation", "birthDate", "idNumber"));
        onlyFields(validity, "validity.", Set.of("validUntil", "phone1", "phone2", "paymentModes"));
        try {
            List<String> modes = new ArrayList<>();
            JsonNode m = validity.get("paymentModes");
            if (m != null) {
                if (!m.isArray()) {
                    throw new MalformedDataException("validity.paymentModes", 0, "must be an array of codes");
                }
                for (JsonNode e : m) {
                    if (!e.isTextual()) {
                        throw new MalformedDataException("validity.paymentModes", 0, "codes must be strings");
                    }
                    modes.add(e.asText());
                }
            }
            String cert = optText(issuer, "certificate", null);
            String photo = optText(root, "photo", "");
            HealthCardProfile profile = new HealthCardProfile(
                    hex(text(root, "diversificationFactor", ""), "diversificationFactor"),
                    text(issuer, "cardType", "issuer."),
                    text(issuer, "specVersion", "issuer."),
                    text(issuer, "name", "issuer."),
                    text(issuer, "code", "issuer."),
                    cert == null ? InsecureDevelopmentPki.issuerCertificate() : hex(cert, "issuer.certificate"),
                    date(issuer, "issueDate", "issuer."),
                    text(issuer, "cardNumber", "issuer."),
                    text(issuer, "securityCode", "issuer."),
                    text(issuer, "chipSerial", "issuer."),
                    text(issuer, "cityCode", "issuer."),
                    text(holder, "name", "holder."),
                    Gender.decode(text(holder, "gender", "holder.")),
                    Nation.decode(text(holder, "nation", "holder.")),
                    date(holder, "birthDate", "holder."),
                    ResidentIdNumber.decode(text(holder, "idNumber", "holder.")),
                    base64(photo),
                    date(validity, "validUntil", "validity."),
                    optText(validity, "phone1", ""),
                    optText(validity, "phone2", ""),
                    modes);
            card(profile); // every value must fit its field
            return profile;
        } catch (InvalidInputException e) {
            throw new MalformedDataException(io.yikatong.core.CoreErrorCode.MALFORMED_DATA, "profile JSON: " + e.field(),
                    -1, e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ encoding

    private static Bytes tlv(int tag, Bytes value) {
        return Bytes.copyOf(SimpleTlv.of(tag, value).encode());
    }

    private static Bytes an(int tag, String text, int length, String field) {
        try {
            return tlv(tag, Bytes.copyOf(GbText.encode(text, length)));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    private static Bytes cn(int tag, String digits, int length, String field) {
        try {
            return tlv(tag, Bytes.copyOf(Bcd.encodeCn(digits, length)));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ JSON

    private static void onlyFields(JsonNode node, String prefix, Set<String> allowed) throws MalformedDataException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new MalformedDataException("profile JSON: " + prefix + f, -1, "unknown field");
            }
        }
    }

    private static JsonNode object(JsonNode parent, String field) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new MalformedDataException("profile JSON: " + field, -1, "missing or not an object");
        }
        return n;
    }

    private static String text(JsonNode parent, String field, String prefix) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new MalformedDataException("profile JSON: " + prefix + field, -1, "missing or not a string");
        }
        return n.asText();
    }

    private static String optText(JsonNode parent, String field, String absent) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isTextual()) {
            throw new MalformedDataException("profile JSON: " + field, -1, "not a string");
        }
        return n.asText();
    }

    private static LocalDate date(JsonNode parent, String field, String prefix) throws MalformedDataException {
        String s = text(parent, field, prefix);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new MalformedDataException(io.yikatong.core.CoreErrorCode.MALFORMED_DATA, "profile JSON: " + prefix + field,
                    e.getErrorIndex(), "not an ISO date (yyyy-MM-dd)", e);
        }
    }

    private static Bytes hex(String s, String field) {
        try {
            return Bytes.fromHex(s);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    private static Bytes base64(String s) {
        try {
            return Bytes.copyOf(Base64.getMimeDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("photo", "not base64");
        }
    }
}
