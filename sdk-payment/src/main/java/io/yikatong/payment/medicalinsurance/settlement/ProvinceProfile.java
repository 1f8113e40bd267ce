package io.yikatong.payment.medicalinsurance.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.payment.medicalinsurance.settlement.internal.Envelope;
import io.yikatong.payment.medicalinsurance.settlement.internal.Json;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything about the 两定 interface that varies by province (reference §1.3–1.5, §6), as data. The shipped
 * profiles are JSON resources ({@code profiles/<name>.json} next to this class) loaded by {@link #named(String)}:
 * {@code national} (the SPEC baseline), {@code guangdong}, {@code hebei}, {@code hunan} and {@code jiangxi}. Another
 * province is another JSON document ({@link #fromJson(InputStream)}) or a {@link #builder(String)}, never code.
 *
 * <p>The JSON keys are the builder's methods: {@code name}, {@code urlShape} ({@link UrlShape}), {@code path} (with
 * {@code {infno}} for {@link UrlShape#INFNO_IN_PATH}), {@code paths} (infno → path, for
 * {@link UrlShape#PATH_PER_INFNO}), {@code auth} ({@link GatewayAuth}), {@code csbApiName} (with {@code {infno}}),
 * {@code csbApiVersion}, {@code contentType}, {@code recerSysCode}, {@code infver}, {@code signtype},
 * {@code extraFields} (name → literal or {@code ${envelope_field}} or {@code ${a|b}}), {@code feedetlSnDigitsOnly},
 * {@code requiredFields} (key {@code infno} or {@code infno@node.field=value}, value: list of {@code node.field}
 * that must be non-empty), {@code readTimeoutSeconds} ({@code default} and per infno),
 * {@code zeroInfcodeWithErrMsg} ({@code SUCCESS} or {@code REFUSED}), {@code signNoExpiredMarkers} (substrings of
 * an {@code err_msg} that mean the sign_no is no longer valid), {@code zone} (the time zone of {@code inf_time} and
 * the msgid, default {@code Asia/Shanghai}).
 *
 * <p>Facts graded [L] or [I] in the reference are defaults here, documented in each shipped file's
 * {@code notes} and overridable by a copy of the file.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ProvinceProfile {

    /** The names of the shipped profiles. */
    public static final List<String> SHIPPED = List.of("national", "guangdong", "hebei", "hunan", "jiangxi");

    /** How the platform's URL depends on the 交易编号. */
    public enum UrlShape {
        /** One endpoint; infno only in the body ({@code …/fsi/api/rsfComIfsService/callService}). */
        SINGLE_ENDPOINT,
        /** The infno appended to the path ({@code …/hsa/hgs/{infno}}, {@code …/CSB/hsa-fsi-{infno}}). */
        INFNO_IN_PATH,
        /** One service path per infno (Hebei's {@code /fsi/api/…} map). */
        PATH_PER_INFNO
    }

    /** The gateway authentication (headers only; reference §1.4). */
    public enum GatewayAuth {
        /** No gateway headers. */
        NONE,
        /** {@code x-tif-paasid}, {@code x-tif-timestamp}, {@code x-tif-nonce}, {@code x-tif-signature}. */
        TIF,
        /** {@code _api_name}, {@code _api_version}, {@code _api_timestamp}, {@code _api_access_key},
         *  {@code _api_signature} (HmacSHA1). */
        CSB
    }

    private final String name;
    private final UrlShape urlShape;
    private final String path;
    private final Map<String, String> paths;
    private final GatewayAuth auth;
    private final String csbApiName;
    private final String csbApiVersion;
    private final String contentType;
    private final String recerSysCode;
    private final String infver;
    private final String signtype;
    private final Map<String, String> extraFields;
    private final boolean feedetlSnDigitsOnly;
    private final Map<String, List<String>> requiredFields;
    private final Map<String, Duration> readTimeouts;
    private final Envelope.ZeroWithMessage zeroInfcodeWithErrMsg;
    private final List<String> signNoExpiredMarkers;
    private final ZoneId zone;

    private ProvinceProfile(Builder b) {
        this.name = b.name;
        this.urlShape = b.urlShape;
        this.path = b.path;
        this.paths = Map.copyOf(b.paths);
        this.auth = b.auth;
        this.csbApiName = b.csbApiName;
        this.csbApiVersion = b.csbApiVersion;
        this.contentType = b.contentType;
        this.recerSysCode = b.recerSysCode;
        this.infver = b.infver;
        this.signtype = b.signtype;
        this.extraFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extraFields));
        this.feedetlSnDigitsOnly = b.feedetlSnDigitsOnly;
        Map<String, List<String>> req = new LinkedHashMap<>();
        b.requiredFields.forEach((k, v) -> req.put(k, List.copyOf(v)));
        this.requiredFields = java.util.Collections.unmodifiableMap(req);
        this.readTimeouts = Map.copyOf(b.readTimeouts);
        this.zeroInfcodeWithErrMsg = b.zero;
        this.signNoExpiredMarkers = List.copyOf(b.signNoExpiredMarkers);
        this.zone = b.zone;
    }

    /**
     * Loads a shipped profile.
     *
     * @param name one of {@link #SHIPPED}
     * @return the profile
     * @throws InvalidInputException if there is no such profile
     */
    public static ProvinceProfile named(String name) {
        if (name == null || !SHIPPED.contains(name)) {
            throw new InvalidInputException("profile", "must be one of " + SHIPPED);
        }
        try (InputStream in = ProvinceProfile.class.getResourceAsStream("profiles/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("the shipped profile " + name + " is missing from the jar");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped profile " + name, e);
        }
    }

    /**
     * Reads a profile from JSON (UTF-8), with the keys described in the class comment; unknown keys (for example
     * {@code notes}) are ignored.
     *
     * @param json the document
     * @return the profile
     * @throws InvalidInputException if it is not JSON or a value is invalid (naming the key)
     */
    public static ProvinceProfile fromJson(InputStream json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = Json.parse("the profile", new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ChannelMalformedResponseException e) {
            throw new InvalidInputException("profile", "is not a JSON document");
        }
        if (!root.isObject()) {
            throw new InvalidInputException("profile", "must be a JSON object");
        }
        Builder b = builder(root.path("name").asText(""));
        if (root.has("urlShape")) {
            b.urlShape(enumValue(UrlShape.class, "urlShape", root.get("urlShape").asText()));
        }
        b.path(root.path("path").asText(b.path));
        root.path("paths").fields().forEachRemaining(e -> b.path(e.getKey(), e.getValue().asText()));
        if (root.has("auth")) {
            b.auth(enumValue(GatewayAuth.class, "auth", root.get("auth").asText()));
        }
        b.csbApiName(root.path("csbApiName").asText(b.csbApiName));
        b.csbApiVersion(root.path("csbApiVersion").asText(b.csbApiVersion));
        b.contentType(root.path("contentType").asText(b.contentType));
        b.recerSysCode(root.path("recerSysCode").asText(b.recerSysCode));
        b.infver(root.path("infver").asText(b.infver));
        b.signtype(root.path("signtype").asText(b.signtype));
        root.path("extraFields").fields().forEachRemaining(e -> b.extraField(e.getKey(), e.getValue().asText()));
        b.feedetlSnDigitsOnly(root.path("feedetlSnDigitsOnly").asBoolean(false));
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("requiredFields").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> fields = new ArrayList<>();
            e.getValue().forEach(f -> fields.add(f.asText()));
            b.requiredFields(e.getKey(), fields);
        }
        root.path("readTimeoutSeconds").fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() <= 0) {
                throw new InvalidInputException("readTimeoutSeconds." + e.getKey(), "must be a positive integer");
            }
            b.readTimeout(e.getKey(), Duration.ofSeconds(e.getValue().asInt()));
        });
        if (root.has("zeroInfcodeWithErrMsg")) {
            b.zeroInfcodeWithErrMsg(enumValue(Envelope.ZeroWithMessage.class, "zeroInfcodeWithErrMsg",
                    root.get("zeroInfcodeWithErrMsg").asText()).name());
        }
        if (root.has("signNoExpiredMarkers")) {
            List<String> markers = new ArrayList<>();
            root.get("signNoExpiredMarkers").forEach(m -> markers.add(m.asText()));
            b.signNoExpiredMarkers(markers);
        }
        if (root.has("zone")) {
            b.zone(root.get("zone").asText());
        }
        return b.build();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String text) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * Starts a profile with the national baseline's defaults (single endpoint
     * {@code /fsi/api/rsfComIfsService/callService}, no gateway authentication, {@code text/plain},
     * {@code MBS_LOCAL}, {@code V1.0}, 30 s read timeout and 90 s for 2207 and 2208).
     *
     * @param name the profile's name, 1 to 32 of {@code [a-z0-9_-]}
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the name, for example {@code hunan} */
    public String name() {
        return name;
    }

    /** @return the URL shape */
    public UrlShape urlShape() {
        return urlShape;
    }

    /** @return the gateway authentication */
    public GatewayAuth auth() {
        return auth;
    }

    /** @return the request {@code Content-Type} (the answer's is accepted either way) */
    public String contentType() {
        return contentType;
    }

    /** @return {@code recer_sys_code} */
    public String recerSysCode() {
        return recerSysCode;
    }

    /** @return {@code infver} */
    public String infver() {
        return infver;
    }

    /** @return {@code signtype}, possibly empty */
    public String signtype() {
        return signtype;
    }

    /** @return the extra top-level fields, in order (name → literal or {@code ${field}} template) */
    public Map<String, String> extraFields() {
        return extraFields;
    }

    /** @return whether {@code feedetl_sn} must be 1 to 15 digits, not zero (Hunan) */
    public boolean feedetlSnDigitsOnly() {
        return feedetlSnDigitsOnly;
    }

    /** @return the extra mandatory input fields (key {@code infno} or {@code infno@node.field=value}) */
    public Map<String, List<String>> requiredFields() {
        return requiredFields;
    }

    /** @return {@code CSB}'s {@code _api_version} */
    public String csbApiVersion() {
        return csbApiVersion;
    }

    /** @return the time zone of {@code inf_time}, dates and the msgid */
    public ZoneId zone() {
        return zone;
    }

    /** @return the substrings of an {@code err_msg} that mean the sign_no is no longer valid */
    public List<String> signNoExpiredMarkers() {
        return signNoExpiredMarkers;
    }

    /** @return whether {@code infcode=0} with a non-empty {@code err_msg} is a refusal (else a success with a warning) */
    public boolean zeroInfcodeWithErrMsgIsRefusal() {
        return zeroInfcodeWithErrMsg == Envelope.ZeroWithMessage.REFUSED;
    }

    Envelope.ZeroWithMessage zeroInfcodeWithErrMsg() {
        return zeroInfcodeWithErrMsg;
    }

    /**
     * Returns the path of a call, appended to the gateway's base URL.
     *
     * @param infno the 交易编号
     * @return the path, for example {@code /fsi/api/rsfComIfsService/callService}
     * @throws InvalidInputException if the profile has one path per infno and none for this one
     */
    public String pathFor(String infno) {
        String p = paths.get(infno);
        if (p != null) {
            return p;
        }
        if (urlShape == UrlShape.PATH_PER_INFNO) {
            throw new InvalidInputException("infno", "profile " + name + " has no path for " + infno);
        }
        return path.replace("{infno}", infno);
    }

    /**
     * Returns the CSB {@code _api_name} of a call.
     *
     * @param infno the 交易编号
     * @return the name, for example {@code hsa-fsi-2207}
     */
    public String csbApiName(String infno) {
        return csbApiName.replace("{infno}", infno);
    }

    /**
     * Returns the read timeout of a call: its own, else {@code default}.
     *
     * @param infno the 交易编号
     * @return the timeout
     */
    public Duration readTimeout(String infno) {
        Duration d = readTimeouts.get(infno);
        return d != null ? d : readTimeouts.get("default");
    }

    @Override
    public String toString() {
        return "ProvinceProfile[" + name + ", " + urlShape + ", " + auth + "]";
    }

    /**
     * Builds a {@link ProvinceProfile}. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private UrlShape urlShape = UrlShape.SINGLE_ENDPOINT;
        private String path = "/fsi/api/rsfComIfsService/callService";
        private final Map<String, String> paths = new LinkedHashMap<>();
        private GatewayAuth auth = GatewayAuth.NONE;
        private String csbApiName = "hsa-fsi-{infno}";
        private String csbApiVersion = "1.0.0";
        private String contentType = "text/plain";
        private String recerSysCode = "MBS_LOCAL";
        private String infver = "V1.0";
        private String signtype = "";
        private final Map<String, String> extraFields = new LinkedHashMap<>();
        private boolean feedetlSnDigitsOnly;
        private final Map<String, List<String>> requiredFields = new LinkedHashMap<>();
        private final Map<String, Duration> readTimeouts = new LinkedHashMap<>(Map.of("default",
                Duration.ofSeconds(30), "2207", Duration.ofSeconds(90), "2208", Duration.ofSeconds(90)));
        private Envelope.ZeroWithMessage zero = Envelope.ZeroWithMessage.SUCCESS;
        private List<String> signNoExpiredMarkers = List.of("签到", "sign_no");
        private ZoneId zone = ZoneId.of("Asia/Shanghai");

        private Builder(String name) {
            if (name == null || !name.matches("[a-z0-9_-]{1,32}")) {
                throw new InvalidInputException("name", "must be 1 to 32 of [a-z0-9_-]");
            }
            this.name = name;
        }

        /** @param shape the URL shape @return this */
        public Builder urlShape(UrlShape shape) {
            this.urlShape = Objects.requireNonNull(shape, "urlShape");
            return this;
        }

        /** @param path the path, with {@code {infno}} for {@link UrlShape#INFNO_IN_PATH} @return this */
        public Builder path(String path) {
            this.path = checkPath("path", path);
            return this;
        }

        /** @param infno a 交易编号 @param path its own path @return this */
        public Builder path(String infno, String path) {
            paths.put(checkInfno(infno), checkPath("paths." + infno, path));
            return this;
        }

        /** @param auth the gateway authentication @return this */
        public Builder auth(GatewayAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** @param template CSB {@code _api_name}, {@code {infno}} replaced @return this */
        public Builder csbApiName(String template) {
            this.csbApiName = text("csbApiName", template, 1, 64);
            return this;
        }

        /** @param version CSB {@code _api_version} @return this */
        public Builder csbApiVersion(String version) {
            this.csbApiVersion = text("csbApiVersion", version, 1, 32);
            return this;
        }

        /** @param contentType {@code text/plain} or {@code application/json} (charset UTF-8 is added) @return this */
        public Builder contentType(String contentType) {
            if (!Set.of("text/plain", "application/json").contains(contentType)) {
                throw new InvalidInputException("contentType", "must be text/plain or application/json");
            }
            this.contentType = contentType;
            return this;
        }

        /** @param code {@code recer_sys_code} (≤10) @return this */
        public Builder recerSysCode(String code) {
            this.recerSysCode = text("recerSysCode", code, 1, 10);
            return this;
        }

        /** @param infver {@code infver} (≤6) @return this */
        public Builder infver(String infver) {
            this.infver = text("infver", infver, 1, 6);
            return this;
        }

        /** @param signtype {@code signtype} (≤10, may be empty) @return this */
        public Builder signtype(String signtype) {
            this.signtype = text("signtype", signtype, 0, 10);
            return this;
        }

        /** @param field a top-level field name @param value a literal or {@code ${field}} template @return this */
        public Builder extraField(String field, String value) {
            if (field == null || !field.matches("[a-z_]{1,32}") || field.equals("input")) {
                throw new InvalidInputException("extraFields", "field names are 1 to 32 of [a-z_], not input");
            }
            extraFields.put(field, text("extraFields." + field, value, 0, 64));
            return this;
        }

        /** @param digitsOnly whether {@code feedetl_sn} must be 1 to 15 digits, not zero @return this */
        public Builder feedetlSnDigitsOnly(boolean digitsOnly) {
            this.feedetlSnDigitsOnly = digitsOnly;
            return this;
        }

        /**
         * @param key {@code infno} or {@code infno@node.field=value}
         * @param fields the {@code node.field} paths that must be non-empty
         * @return this
         */
        public Builder requiredFields(String key, List<String> fields) {
            if (key == null || !key.matches("[0-9A-Z]{4,5}(@[a-z_]+(\\.[a-z_]+)?=[^=]{0,32})?")) {
                throw new InvalidInputException("requiredFields", "keys are infno or infno@node.field=value");
            }
            for (String f : fields) {
                if (f == null || !f.matches("[a-z_]+(\\.[a-z_]+)?")) {
                    throw new InvalidInputException("requiredFields." + key, "fields are node.field");
                }
            }
            requiredFields.put(key, List.copyOf(fields));
            return this;
        }

        /** @param infno a 交易编号 or {@code default} @param timeout its read timeout, positive @return this */
        public Builder readTimeout(String infno, Duration timeout) {
            if (!"default".equals(infno)) {
                checkInfno(infno);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidInputException("readTimeoutSeconds." + infno, "must be positive");
            }
            readTimeouts.put(infno, timeout);
            return this;
        }

        /** @param meaning {@code SUCCESS} or {@code REFUSED} @return this */
        public Builder zeroInfcodeWithErrMsg(String meaning) {
            this.zero = enumValue(Envelope.ZeroWithMessage.class, "zeroInfcodeWithErrMsg", meaning);
            return this;
        }

        /** @param markers substrings of an {@code err_msg} that mean the sign_no expired @return this */
        public Builder signNoExpiredMarkers(List<String> markers) {
            for (String m : markers) {
                text("signNoExpiredMarkers", m, 1, 64);
            }
            this.signNoExpiredMarkers = List.copyOf(markers);
            return this;
        }

        /** @param zone a time-zone ID @return this */
        public Builder zone(String zone) {
            try {
                this.zone = ZoneId.of(zone);
            } catch (RuntimeException e) {
                throw new InvalidInputException("zone", "must be a time-zone ID such as Asia/Shanghai");
            }
            return this;
        }

        /**
         * Builds the profile.
         *
         * @return the profile
         * @throws InvalidInputException if the URL shape and paths disagree
         */
        public ProvinceProfile build() {
            if (urlShape == UrlShape.INFNO_IN_PATH && !path.contains("{infno}")) {
                throw new InvalidInputException("path", "must contain {infno} for INFNO_IN_PATH");
            }
            if (urlShape == UrlShape.PATH_PER_INFNO && paths.isEmpty()) {
                throw new InvalidInputException("paths", "must not be empty for PATH_PER_INFNO");
            }
            if (urlShape == UrlShape.SINGLE_ENDPOINT && path.contains("{infno}")) {
                throw new InvalidInputException("path", "must not contain {infno} for SINGLE_ENDPOINT");
            }
            return new ProvinceProfile(this);
        }

        private static String checkInfno(String infno) {
            if (infno == null || !infno.matches("[0-9]{4}[A-Z]?")) {
                throw new InvalidInputException("infno", "must be four digits and an optional letter");
            }
            return infno;
        }

        private static String checkPath(String field, String path) {
            if (path == null || !path.matches("/[A-Za-z0-9_./{}-]{0,200}")) {
                throw new InvalidInputException(field, "must be an absolute path");
            }
            return path;
        }

        private static String text(String field, String value, int min, int max) {
            if (value == null || value.length() < min || value.length() > max) {
                throw new InvalidInputException(field, "must be " + min + " to " + max + " characters");
            }
            return value;
        }
    }
}
