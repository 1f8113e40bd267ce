package io.yikatong.card.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.Bytes;
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
 * <li>EF05 issuer data — linear variable, 10 TLV records (tags 01 02 03 04 05 06 08 09 0A 39), read always, update
 * with the DDF1 update right;</li>
 * <li>EF06 holder data — 5 TLV records (tags 0B–0F), EF08 validity/phones/payment modes — 6 TLV records (tags 07,
 * 10–14), EF07 photo — transparent, 3072 bytes ({@code length(2) || JPEG || 00…}); read with the DDF1 read right,
 * update with its update right;</li>
 * <li>DF01, DF02 and DF03, empty but for DF02/EF07 (allergies, cyclic, 3 × 120 bytes) and DF02/EF08 (immunisations,
 * cyclic, 10 × 24 bytes), read and update with the DF02 rights.</li>
 * </ul>
 * Each TLV record is {@code tag || length || value} with the fixed maximum length of the element; AN values are
 * GB18030 (GBK) padded with {@code 00}, CN values BCD padded with {@code F} nibbles, B values raw (spec §0, §1.3). The
 * access conditions follow the vendor flows (EF05 read right after reset; the others after RK_DDF1) and are
 * [C-vendor]; the record structures (linear variable) are an inference [I].
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
        Objects.requireNonNull(profile, "profile");
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
        return VirtualCard.builder()
                .atr(VirtualCard.atrWithDiversificationFactor(profile.diversificationFactor()))
                .mf(mf -> mf.df(DDF1, ddf1 -> ddf1
                        .records(0xEF05, RecordStructure.LINEAR_VARIABLE, 182, 10, ef05,
                                AccessCondition.ALWAYS, AccessCondition.UPDATE_RIGHT)
                        .records(0xEF06, RecordStructure.LINEAR_VARIABLE, 32, 5, ef06,
                                AccessCondition.READ_RIGHT, AccessCondition.UPDATE_RIGHT)
                        .transparent(0xEF07, Bytes.copyOf(photo), AccessCondition.READ_RIGHT, AccessCondition.UPDATE_RIGHT)
                        .records(0xEF08, RecordStructure.LINEAR_VARIABLE, 22, 6, ef08,
                                AccessCondition.READ_RIGHT, AccessCondition.UPDATE_RIGHT)
                        .df(0xDF01, df01 -> { })
                        .df(0xDF02, df02 -> df02
                                .records(0xEF07, RecordStructure.CYCLIC, 120, 3, List.of(),
                                        AccessCondition.READ_RIGHT, AccessCondition.UPDATE_RIGHT)
                                .records(0xEF08, RecordStructure.CYCLIC, 24, 10, List.of(),
                                        AccessCondition.READ_RIGHT, AccessCondition.UPDATE_RIGHT))
                        .df(0xDF03, df03 -> { })))
                .build();
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
     *   "issuer": { "cardType", "specVersion", "name", "code", "certificate": "<360 hex digits, optional: zeros>",
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
                    cert == null ? Bytes.copyOf(new byte[180]) : hex(cert, "issuer.certificate"),
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
