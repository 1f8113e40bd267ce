package io.yikatong.testkit.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.Bytes;
import io.yikatong.core.CoreErrorCode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.Bcd;
import io.yikatong.core.crypto.KeyFormatException;
import io.yikatong.core.crypto.Sm2PrivateKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A virtual health-card SAM (居民健康卡安全存取模块, PSAM) on the {@link VirtualCard} engine, the counterpart of a PSAM
 * in a second reader slot (health-card-spec §1.8 "SAM (PSAM) files and commands"):
 * <pre>{@code
 * VirtualCardTransport sam = VirtualSam.transport(VirtualSam.example());
 * }</pre>
 * Files: MF/{@code 0015} (14 bytes: serial 10, version, key-card type, command-set version, FCI byte) and
 * MF/{@code 0016} (6-byte terminal number), read always; DF01 (the health application) with {@code 001A} (25 bytes:
 * key index, application issuer id 8, receiver id 8, start and expiry date CN 4), {@code 001B} (issuer certificate,
 * 180 bytes) and {@code 001C} (organisation certificate, 190 bytes), readable after the PIN. No file can be updated.
 *
 * <p>Commands (besides SELECT, READ BINARY, GET CHALLENGE and GET RESPONSE of the engine):
 * <ul>
 * <li>VERIFY {@code 0020 0000 <Lc> <PIN BCD>} (demo {@code 0020000003123456}) in DF01: {@code 63Cx} with x tries
 * left, {@code 6983} when blocked; without data it reports the tries left. The PIN object lives in DF01
 * (reference {@code 00}); its verified state is lost when DF01 is left or at power-on; the retry counter is not.</li>
 * <li>CHANGE PIN {@code 805E 0100 <Lc> <old> FF <new>}.</li>
 * <li>Key derivation {@code 80DE <P1> <P2> <Lc> <factors ‖ R>}: P1 {@code 27}/{@code 47} authentication keys,
 * {@code 28}/{@code 48} line-protection keys, P2 the key number
 * ({@link io.yikatong.card.health.security.HealthCardKey#samKeyNumber()}); the session key is kept in volatile state.
 * {@code 6A86} if P1 does not fit the key, {@code 6A88} unknown key, {@code 6700} wrong Lc, {@code 6982} PIN not
 * verified.</li>
 * <li>{@code 80FA 0000 <Lc> <data>}: SM4-ECB encryption under the session key; {@code 80FA 0500 <Lc> <IV 16 ‖ data>}:
 * SM4 CBC-MAC of data already padded by the host ({@code 80 00…}), answered with the full 16-byte last block [I]
 * (the host appends the first 4 bytes). Results come T=0 style: {@code 61xx}, then {@code 00C0 0000 xx}.
 * {@code 6985} without a derived key.</li>
 * <li>Signing [?] (the health PSAM's command is not public): {@code <signCommandHeader> 20 <SM3 digest e> 40}
 * (default header {@code 802A0000}) answers the raw SM2 signature {@code r ‖ s} via {@code 6140}, after the PIN.</li>
 * </ul>
 *
 * <p>The class holds no state; all methods are static. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class VirtualSam {

    /** The health application's DF in the SAM. */
    public static final int APPLICATION_DF = 0xDF01;

    /** The PIN's reference ({@code P2} of VERIFY). */
    public static final int PIN_REFERENCE = 0x00;

    private static final String EXAMPLE = "example-sam.json";

    private VirtualSam() {
    }

    /**
     * Builds a SAM from a profile.
     *
     * @param profile what the SAM holds
     * @return a new card, MF selected
     */
    public static VirtualCard card(SamProfile profile) {
        return card(profile, new SecureRandom());
    }

    /**
     * Builds a SAM from a profile, drawing its GET CHALLENGE answers from the given generator.
     *
     * @param profile what the SAM holds
     * @param random where GET CHALLENGE draws from
     * @return a new card, MF selected
     */
    public static VirtualCard card(SamProfile profile, RandomGenerator random) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(random, "random");
        byte[] info = new byte[14];
        System.arraycopy(profile.samSerial().toByteArray(), 0, info, 0, 10);
        info[10] = (byte) profile.samVersion();
        info[11] = (byte) profile.keyCardType();
        info[12] = (byte) profile.commandSetVersion();
        info[13] = (byte) profile.fciByte();
        byte[] app = new byte[25];
        app[0] = (byte) profile.keyIndex();
        System.arraycopy(profile.applicationIssuerId().toByteArray(), 0, app, 1, 8);
        System.arraycopy(profile.applicationReceiverId().toByteArray(), 0, app, 9, 8);
        System.arraycopy(Bcd.encodeDate(profile.startDate()), 0, app, 17, 4);
        System.arraycopy(Bcd.encodeDate(profile.expiryDate()), 0, app, 21, 4);
        AccessCondition afterPin = AccessCondition.key(PIN_REFERENCE);
        return VirtualCard.builder()
                .atr(VirtualCard.atrWithDiversificationFactor(profile.samSerial().slice(0, 8)))
                .random(random)
                .applet(new SamApplet(profile))
                .mf(mf -> mf
                        .transparent(0x0015, Bytes.copyOf(info), AccessCondition.ALWAYS, AccessCondition.NEVER)
                        .transparent(0x0016, profile.terminalNumber(), AccessCondition.ALWAYS, AccessCondition.NEVER)
                        .df(APPLICATION_DF, df01 -> df01
                                .transparent(0x001A, Bytes.copyOf(app), afterPin, AccessCondition.NEVER)
                                .transparent(0x001B, profile.issuerCertificate(), afterPin, AccessCondition.NEVER)
                                .transparent(0x001C, profile.organisationCertificate(), afterPin,
                                        AccessCondition.NEVER)))
                .build();
    }

    /**
     * Builds a SAM from a profile and inserts it: the single call to start a virtual SAM.
     *
     * @param profile what the SAM holds
     * @return a transport serving the new SAM
     */
    public static VirtualCardTransport transport(SamProfile profile) {
        return new VirtualCardTransport(card(profile));
    }

    /**
     * Returns the example profile shipped with the SDK: PIN {@code 123456} (3 tries), the development master keys
     * (they match {@link VirtualHealthCards}) and the signing identity of {@link InsecureDevelopmentPki}.
     *
     * @return the profile
     */
    public static SamProfile example() {
        try (InputStream in = VirtualSam.class.getResourceAsStream(EXAMPLE)) {
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
     * Reads a profile from JSON (UTF-8). Layout (see the shipped {@code example-sam.json}):
     * <pre>{@code
     * { "samSerial": "<20 hex digits>", "samVersion": 1, "keyCardType": 1, "commandSetVersion": 1, "fciByte": 0,
     *   "terminalNumber": "<12 hex digits>",
     *   "application": { "keyIndex": 1, "issuerId": "<16 hex>", "receiverId": "<16 hex>",
     *                    "startDate": "yyyy-MM-dd", "expiryDate": "yyyy-MM-dd" },
     *   "pin": "123456", "pinTries": 3, "masterKeySeed": "yikatong-development",
     *   "signingKey": "<PKCS#8 PEM, optional: the InsecureDevelopmentPki organisation key>",
     *   "issuerCertificate": "<360 hex digits, optional: the development issuer certificate>",
     *   "organisationCertificate": "<380 hex digits, optional: the development organisation certificate>",
     *   "signCommandHeader": "<8 hex digits, optional: 802A0000>" }
     * }</pre>
     * Unknown fields are rejected, so a misspelt field is not silently ignored.
     *
     * @param json the JSON text
     * @return the profile
     * @throws MalformedDataException if the JSON is not well-formed or a field is missing, unknown or invalid (the
     *     element names the field)
     * @throws IOException if reading the stream failed
     */
    public static SamProfile fromJson(InputStream json) throws MalformedDataException, IOException {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "SAM profile JSON",
                    e.getLocation() == null ? -1 : (int) e.getLocation().getCharOffset(),
                    "not well-formed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedDataException("SAM profile JSON", 0, "must be a JSON object");
        }
        JSON_FIELDS.onlyFields(root, "", Set.of("samSerial", "samVersion", "keyCardType", "commandSetVersion", "fciByte",
                "terminalNumber", "application", "pin", "pinTries", "masterKeySeed", "signingKey",
                "issuerCertificate", "organisationCertificate", "signCommandHeader"));
        JsonNode app = root.get("application");
        if (app == null || !app.isObject()) {
            throw new MalformedDataException("SAM profile JSON: application", -1, "missing or not an object");
        }
        JSON_FIELDS.onlyFields(app, "application.", Set.of("keyIndex", "issuerId", "receiverId", "startDate", "expiryDate"));
        String pem = optText(root, "signingKey");
        Sm2PrivateKey key;
        if (pem == null) {
            key = InsecureDevelopmentPki.organisationKey();
        } else {
            try {
                key = Sm2PrivateKey.fromPem(pem);
            } catch (KeyFormatException e) {
                throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "SAM profile JSON: signingKey", -1,
                        "not an SM2 private key in PKCS#8 PEM", e);
            }
        }
        String issuerCert = optText(root, "issuerCertificate");
        String orgCert = optText(root, "organisationCertificate");
        String header = optText(root, "signCommandHeader");
        try {
            return new SamProfile(
                    ProfileJson.hex(JSON_FIELDS.text(root, "samSerial", ""), "samSerial"),
                    integer(root, "samVersion", ""),
                    integer(root, "keyCardType", ""),
                    integer(root, "commandSetVersion", ""),
                    integer(root, "fciByte", ""),
                    ProfileJson.hex(JSON_FIELDS.text(root, "terminalNumber", ""), "terminalNumber"),
                    integer(app, "keyIndex", "application."),
                    ProfileJson.hex(JSON_FIELDS.text(app, "issuerId", "application."), "application.issuerId"),
                    ProfileJson.hex(JSON_FIELDS.text(app, "receiverId", "application."), "application.receiverId"),
                    JSON_FIELDS.date(app, "startDate", "application."),
                    JSON_FIELDS.date(app, "expiryDate", "application."),
                    JSON_FIELDS.text(root, "pin", ""),
                    integer(root, "pinTries", ""),
                    JSON_FIELDS.text(root, "masterKeySeed", ""),
                    key,
                    issuerCert == null ? InsecureDevelopmentPki.issuerCertificate() : ProfileJson.hex(issuerCert, "issuerCertificate"),
                    orgCert == null ? InsecureDevelopmentPki.organisationCertificate() : ProfileJson.hex(orgCert, "organisationCertificate"),
                    header == null ? SamProfile.DEFAULT_SIGN_COMMAND_HEADER : ProfileJson.hex(header, "signCommandHeader"));
        } catch (InvalidInputException e) {
            // the message names the field; a PIN's digits are never part of it
            throw new MalformedDataException(CoreErrorCode.MALFORMED_DATA, "SAM profile JSON: " + e.field(), -1,
                    e.getMessage(), e);
        }
    }

    private static final ProfileJson JSON_FIELDS = new ProfileJson("SAM profile JSON: ");

    private static String optText(JsonNode parent, String field) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new MalformedDataException("SAM profile JSON: " + field, -1, "not a string");
        }
        return n.asText();
    }

    private static int integer(JsonNode parent, String field, String prefix) throws MalformedDataException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isInt()) {
            throw new MalformedDataException("SAM profile JSON: " + prefix + field, -1, "missing or not an integer");
        }
        return n.asInt();
    }

}
