package io.yikatong.testkit.qr.ehc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.qr.render.ErrorCorrection;
import io.yikatong.qr.render.PngRenderer;
import io.yikatong.qr.render.QrCodes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.codec.Hex;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.qr.ehc.CardChannel;
import io.yikatong.qr.ehc.CardUseReport;
import io.yikatong.qr.ehc.EhcResultCode;
import io.yikatong.qr.ehc.HealthCardRegistration;
import io.yikatong.qr.ehc.QrColor;
import io.yikatong.qr.ehc.RegisteredHealthCard;
import io.yikatong.qr.ehc.UseScene;
import io.yikatong.qr.ehc.internal.EhcSigner;
import io.yikatong.testkit.qr.ehc.internal.SimulatedQrCodes;
import io.yikatong.testkit.internal.LoopbackJsonServer;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local simulator of the electronic health card open platform: real HTTP on 127.0.0.1, the API paths, envelopes and
 * request signature of {@link io.yikatong.qr.ehc.EhcPlatformClient}, cards held in memory.
 *
 * <p>What it checks, in order: the body is a JSON object with {@code commonIn} and {@code req} objects (else
 * {@link EhcResultCode#INVALID_REQUEST}); the signature (else {@link EhcResultCode#INVALID_SIGNATURE}); for
 * {@code getAppToken} the app id ({@link EhcResultCode#INVALID_APP_ID}); for every other call an app token it issued
 * that has not expired ({@link EhcResultCode#INVALID_APP_TOKEN}). Codes are resolved like this: text not in either
 * shape, or a dynamic suffix not issued for the card: {@link EhcResultCode#INVALID_QR_CODE} (3001); an unknown card
 * token: {@link EhcResultCode#CARD_NOT_FOUND}; a dynamic code past its expiry: {@link EhcResultCode#DYNAMIC_CODE_EXPIRED}
 * (3004). Applying for a dynamic code while the card's previous one is still valid:
 * {@link EhcResultCode#DYNAMIC_CODE_STILL_VALID} (2006). The 2xxx/3xxx codes and messages follow the Qinghai
 * specification and the messages quoted from the Tencent platform (project reference qr-credentials.md §1.3); the
 * 1xxx codes are the simulator's own (see {@link EhcResultCode}).
 *
 * <p>Codes: see {@link SimulatedQrCodes} for the format of the 64 and 32 hex digits (the simulator's choice; the
 * real meaning is not published). Colours: each card has a {@link QrColor}, {@link QrColor#GREEN} unless set.
 * Time comes from the injected clock; with a {@link Builder#seed(long)} the card ids, tokens and codes are the same on
 * every run.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class EhcPlatformSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String appId;
    private final String appSecret;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final Duration dynamicCodeValidity;
    private final boolean renderImages;
    private final SimulatedQrCodes codes;
    private final Random random;

    private final Object lock = new Object();
    private final Map<String, Instant> tokens = new HashMap<>();
    private final Map<String, Card> cardsByToken = new HashMap<>();
    private final Map<String, Card> cardsById = new HashMap<>();
    private final Map<String, Card> cardsByDocument = new HashMap<>();
    private final List<CardUseReport> reports = new ArrayList<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private int cardSerial;

    private volatile LoopbackJsonServer server;

    private static final class Card {
        final String id;
        final String phid;
        final HealthCardRegistration data;
        QrColor color = QrColor.GREEN;
        int counter;
        Instant dynamicExpiry = Instant.MIN;

        Card(String id, String phid, HealthCardRegistration data) {
            this.id = id;
            this.phid = phid;
            this.data = data;
        }
    }

    private EhcPlatformSimulator(Builder b) {
        this.appId = b.appId;
        this.appSecret = b.appSecret;
        this.clock = b.clock;
        this.tokenLifetime = b.tokenLifetime;
        this.dynamicCodeValidity = b.dynamicCodeValidity;
        this.renderImages = b.renderImages;
        this.random = b.seed == null ? new SecureRandom() : new Random(b.seed);
        byte[] secret = new byte[32];
        byte[] key = new byte[16];
        random.nextBytes(secret);
        random.nextBytes(key);
        this.codes = new SimulatedQrCodes(secret, Sm4Key.of(key));
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, or 0 for an ephemeral one
     * @return this simulator
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException if it is already running
     */
    public synchronized EhcPlatformSimulator start(int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = LoopbackJsonServer.start(port, 8, "ehc-simulator", this::handle);
        return this;
    }

    /**
     * Returns the URI to configure as the client's base URI.
     *
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException if it is not running
     */
    public URI baseUri() {
        LoopbackJsonServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.baseUri();
    }

    /** Stops serving. Cards and recorded reports stay available. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * Registers a card directly, as if {@code registerHealthCard} had been called.
     *
     * @param registration the resident's data
     * @return the card id and static QR text
     * @throws InvalidInputException naming {@code registration} if a card is already registered for its document
     */
    public RegisteredHealthCard preload(HealthCardRegistration registration) {
        synchronized (lock) {
            Card card = register(Objects.requireNonNull(registration, "registration"));
            if (card == null) {
                throw new InvalidInputException("registration", "a card is already registered for this document");
            }
            return new RegisteredHealthCard(card.id, codes.staticText(card.id), card.phid);
        }
    }

    /**
     * Sets the colour returned with a card's codes.
     *
     * @param healthCardId the card id
     * @param color the colour
     * @throws InvalidInputException naming {@code healthCardId} if no such card exists
     */
    public void setColor(String healthCardId, QrColor color) {
        synchronized (lock) {
            Card card = cardsById.get(healthCardId);
            if (card == null) {
                throw new InvalidInputException("healthCardId", "no such card");
            }
            card.color = Objects.requireNonNull(color, "color");
        }
    }

    /**
     * Makes every issued app token invalid, as if the platform had restarted.
     */
    public void revokeAppTokens() {
        synchronized (lock) {
            tokens.clear();
        }
    }

    /**
     * Returns the card uses received by {@code reportHISData}, oldest first.
     *
     * @return a snapshot
     */
    public List<CardUseReport> reportedUses() {
        synchronized (lock) {
            return List.copyOf(reports);
        }
    }

    /**
     * Returns how many requests arrived for an operation (accepted or refused).
     *
     * @param operation the operation, for example {@code getAppToken}
     * @return the count
     */
    public int requestCount(String operation) {
        AtomicInteger n = requests.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * Returns the number of registered cards.
     *
     * @return the count
     */
    public int cardCount() {
        synchronized (lock) {
            return cardsById.size();
        }
    }

    private Card register(HealthCardRegistration r) {
        String document = r.idType().code() + "/" + r.idNumber();
        if (cardsByDocument.containsKey(document)) {
            return null;
        }
        cardSerial++;
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = Hex.encodeUpper(idBytes);
        Card card = new Card(id, String.format("P%011d", cardSerial), r);
        cardsById.put(id, card);
        cardsByToken.put(codes.cardToken(id), card);
        cardsByDocument.put(document, card);
        return card;
    }

    /** A refusal with a result code; carried out of the handlers. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final EhcResultCode code;

        Refusal(EhcResultCode code) {
            super(code.chineseMessage(), null, false, false);
            this.code = code;
        }
    }

    private byte[] handle(String path, byte[] body) throws JsonProcessingException {
        String op = path.substring(path.lastIndexOf('/') + 1);
        requests.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        String requestId = "";
        ObjectNode rsp;
        try {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw new Refusal(EhcResultCode.INVALID_REQUEST);
            }
            if (root == null || !root.path("commonIn").isObject() || !root.path("req").isObject()) {
                throw new Refusal(EhcResultCode.INVALID_REQUEST);
            }
            JsonNode commonIn = root.get("commonIn");
            JsonNode req = root.get("req");
            requestId = commonIn.path("requestId").asText("");
            String expected = EhcSigner.sign(commonIn, req, appSecret);
            JsonNode sign = commonIn.get("sign");
            if (!EhcSigner.matches(expected, sign != null && sign.isTextual() ? sign.textValue() : null)) {
                throw new Refusal(EhcResultCode.INVALID_SIGNATURE);
            }
            rsp = dispatch(op, commonIn, req);
        } catch (Refusal r) {
            return answer(requestId, r.code.code(), r.code.chineseMessage(), null);
        }
        return answer(requestId, 0, "", rsp);
    }

    private ObjectNode dispatch(String op, JsonNode commonIn, JsonNode req) throws Refusal {
        Instant now = clock.instant();
        if (op.equals("getAppToken")) {
            if (!appId.equals(req.path("appId").asText())) {
                throw new Refusal(EhcResultCode.INVALID_APP_ID);
            }
            synchronized (lock) {
                byte[] t = new byte[16];
                random.nextBytes(t);
                String token = Hex.encodeUpper(t);
                tokens.put(token, now.plus(tokenLifetime));
                return JSON.createObjectNode().put("appToken", token).put("expiresIn", tokenLifetime.toSeconds());
            }
        }
        synchronized (lock) {
            Instant expiry = tokens.get(commonIn.path("appToken").asText(""));
            if (expiry == null || !now.isBefore(expiry)) {
                throw new Refusal(EhcResultCode.INVALID_APP_TOKEN);
            }
        }
        if (commonIn.path("hospitalId").asText("").isEmpty()) {
            throw new Refusal(EhcResultCode.INVALID_REQUEST);
        }
        switch (op) {
            case "registerHealthCard":
                return registerHealthCard(req);
            case "getHealthCardByQRCode": {
                ObjectNode rsp = JSON.createObjectNode();
                synchronized (lock) {
                    String text = required(req, "qrCodeText");
                    rsp.set("card", cardJson(resolve(text, now), text));
                }
                return rsp;
            }
            case "verifyQRCode": {
                String text = required(req, "qrCodeText");
                required(req, "terminalId");
                synchronized (lock) {
                    ObjectNode rsp = cardJson(resolve(text, now), text);
                    rsp.put("result", "0");
                    return rsp;
                }
            }
            case "getDynamicQRCode":
                return getDynamicQrCode(req, now);
            case "reportHISData":
                return reportHisData(req);
            default:
                throw new Refusal(EhcResultCode.INVALID_REQUEST);
        }
    }

    private ObjectNode registerHealthCard(JsonNode req) throws Refusal {
        HealthCardRegistration r;
        try {
            Gender gender = switch (required(req, "gender")) {
                case "男" -> Gender.MALE;
                case "女" -> Gender.FEMALE;
                default -> throw new Refusal(EhcResultCode.INVALID_REQUEST);
            };
            Nation nation = null;
            for (Nation n : Nation.values()) {
                if (n.chineseLabel().equals(required(req, "nation"))) {
                    nation = n;
                }
            }
            IdDocumentType idType = IdDocumentType.find(required(req, "idType"))
                    .orElseThrow(() -> new Refusal(EhcResultCode.INVALID_REQUEST));
            String patid = req.path("patid").asText("");
            r = new HealthCardRegistration(required(req, "name"), gender, nation,
                    LocalDate.parse(required(req, "birthday")), idType, required(req, "idNumber"),
                    req.path("address").asText(""), required(req, "phone1"),
                    patid.isEmpty() ? Optional.empty() : Optional.of(patid), Optional.empty());
        } catch (InvalidInputException | DateTimeParseException e) {
            throw new Refusal(EhcResultCode.INVALID_REQUEST);
        }
        synchronized (lock) {
            Card card = register(r);
            if (card == null) {
                throw new Refusal(EhcResultCode.CARD_ALREADY_REGISTERED);
            }
            return JSON.createObjectNode().put("healthCardId", card.id).put("qrCodeText", codes.staticText(card.id))
                    .put("phid", card.phid);
        }
    }

    private ObjectNode getDynamicQrCode(JsonNode req, Instant now) throws Refusal {
        String text;
        QrColor color;
        synchronized (lock) {
            Card card = cardsById.get(required(req, "healthCardId"));
            if (card == null) {
                throw new Refusal(EhcResultCode.CARD_NOT_FOUND);
            }
            if (!card.data.idNumber().equals(required(req, "idNumber"))
                    || !card.data.idType().code().equals(required(req, "idType"))) {
                throw new Refusal(EhcResultCode.INVALID_REQUEST);
            }
            switch (required(req, "codeType")) {
                case "1":
                    text = codes.staticText(card.id);
                    break;
                case "0":
                    if (now.isBefore(card.dynamicExpiry)) {
                        throw new Refusal(EhcResultCode.DYNAMIC_CODE_STILL_VALID);
                    }
                    card.counter++;
                    card.dynamicExpiry = Instant.ofEpochSecond(now.plus(dynamicCodeValidity).getEpochSecond());
                    text = codes.dynamicText(card.id, card.dynamicExpiry, card.counter);
                    break;
                default:
                    throw new Refusal(EhcResultCode.INVALID_REQUEST);
            }
            color = card.color;
        }
        ObjectNode rsp = JSON.createObjectNode().put("qrCodeText", text).put("color", color.code());
        if (renderImages) {
            rsp.put("qrCodeImg", Base64.getEncoder().encodeToString(png(text)));
        }
        return rsp;
    }

    private ObjectNode reportHisData(JsonNode req) throws Refusal {
        CardUseReport report;
        try {
            report = new CardUseReport(required(req, "qrCodeText"), required(req, "idCardNumber"),
                    required(req, "name"), LocalDateTime.parse(required(req, "time"), TIME),
                    UseScene.find(required(req, "scene")).orElseThrow(() -> new Refusal(EhcResultCode.INVALID_REQUEST)),
                    CardChannel.find(required(req, "cardChannel"))
                            .orElseThrow(() -> new Refusal(EhcResultCode.INVALID_REQUEST)),
                    required(req, "department"), required(req, "cardType"));
        } catch (InvalidInputException | DateTimeParseException e) {
            throw new Refusal(EhcResultCode.INVALID_REQUEST);
        }
        synchronized (lock) {
            reports.add(report);
        }
        return JSON.createObjectNode();
    }

    /** Resolves a QR text to its card; caller holds the lock. */
    private Card resolve(String text, Instant now) throws Refusal {
        SimulatedQrCodes.Parsed parsed = SimulatedQrCodes.parse(text);
        if (parsed == null) {
            throw new Refusal(EhcResultCode.INVALID_QR_CODE);
        }
        Card card = cardsByToken.get(parsed.cardToken());
        if (card == null) {
            throw new Refusal(EhcResultCode.CARD_NOT_FOUND);
        }
        if (parsed.dynamic()) {
            SimulatedQrCodes.Validity validity = codes.open(card.id, parsed.suffix());
            if (validity == null || validity.counter() < 1 || validity.counter() > card.counter) {
                throw new Refusal(EhcResultCode.INVALID_QR_CODE);
            }
            if (!now.isBefore(validity.expiry())) {
                throw new Refusal(EhcResultCode.DYNAMIC_CODE_EXPIRED);
            }
        }
        return card;
    }

    private static ObjectNode cardJson(Card card, String text) {
        HealthCardRegistration d = card.data;
        ObjectNode n = JSON.createObjectNode()
                .put("healthCardId", card.id)
                .put("qrCodeText", text)
                .put("name", d.name())
                .put("gender", d.gender() == Gender.MALE ? "男" : "女")
                .put("nation", d.nation().chineseLabel())
                .put("birthday", d.birthday().toString())
                .put("idType", d.idType().code())
                .put("idNumber", d.idNumber())
                .put("phone1", d.phone())
                .put("address", d.address())
                .put("phid", card.phid);
        d.patid().ifPresent(p -> n.put("patid", p));
        return n;
    }

    private static String required(JsonNode req, String field) throws Refusal {
        JsonNode n = req.get(field);
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            throw new Refusal(EhcResultCode.INVALID_REQUEST);
        }
        return n.textValue();
    }

    private static byte[] answer(String requestId, int resultCode, String errMsg, ObjectNode rsp)
            throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("commonOut").put("requestId", requestId).put("resultCode", resultCode).put("errMsg", errMsg);
        if (rsp != null) {
            root.set("rsp", rsp);
        }
        return JSON.writeValueAsBytes(root);
    }

    /** Renders the text as the platform does: EC level H, 3 pixels per module, a 2-module quiet zone. */
    static byte[] png(String text) {
        return PNG.render(QrCodes.encode(text, ErrorCorrection.H));
    }

    private static final PngRenderer PNG = PngRenderer.builder().moduleSize(3).quietZone(2).build();

    @Override
    public String toString() {
        LoopbackJsonServer s = server;
        return "EhcPlatformSimulator[appId=" + appId + ", running=" + (s != null) + "]";
    }

    /**
     * Builds an {@link EhcPlatformSimulator}. Required: {@link #appId(String)} and {@link #appSecret(String)}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String appId;
        private String appSecret;
        private Clock clock = ChinaTime.systemClock();
        private Duration tokenLifetime = Duration.ofHours(2);
        private Duration dynamicCodeValidity = Duration.ofMinutes(5);
        private boolean renderImages = true;
        private Long seed;

        private Builder() {
        }

        /**
         * Sets the app id the simulator accepts.
         *
         * @param appId the app id
         * @return this builder
         * @throws InvalidInputException if it is blank
         */
        public Builder appId(String appId) {
            if (appId == null || appId.isBlank()) {
                throw new InvalidInputException("appId", "must not be blank");
            }
            this.appId = appId;
            return this;
        }

        /**
         * Sets the app secret with which requests must be signed.
         *
         * @param appSecret the secret
         * @return this builder
         * @throws InvalidInputException if it is blank
         */
        public Builder appSecret(String appSecret) {
            if (appSecret == null || appSecret.isBlank()) {
                throw new InvalidInputException("appSecret", "must not be blank");
            }
            this.appSecret = appSecret;
            return this;
        }

        /**
         * Sets the clock for token and code expiry; default the system clock in China Standard Time.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the app token lifetime ({@code expiresIn}); default 2 hours, the platform's documented value.
         *
         * @param lifetime at least one second
         * @return this builder
         * @throws InvalidInputException if it is shorter than one second
         */
        public Builder tokenLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.toSeconds() < 1) {
                throw new InvalidInputException("tokenLifetime", "must be at least one second");
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /**
         * Sets how long a dynamic code is valid; default 5 minutes. The real platform's validity is not documented
         * [NF].
         *
         * @param validity at least one second
         * @return this builder
         * @throws InvalidInputException if it is shorter than one second
         */
        public Builder dynamicCodeValidity(Duration validity) {
            if (validity == null || validity.toSeconds() < 1) {
                throw new InvalidInputException("dynamicCodeValidity", "must be at least one second");
            }
            this.dynamicCodeValidity = validity;
            return this;
        }

        /**
         * Sets whether {@code getDynamicQRCode} returns a PNG rendering ({@code qrCodeImg}); default {@code true}.
         *
         * @param renderImages whether to render
         * @return this builder
         */
        public Builder renderImages(boolean renderImages) {
            this.renderImages = renderImages;
            return this;
        }

        /**
         * Makes card ids, tokens, keys and codes deterministic; without a seed they come from {@link SecureRandom}.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the simulator (not yet started).
         *
         * @return the simulator
         * @throws InvalidInputException naming the first required setting that is missing
         */
        public EhcPlatformSimulator build() {
            if (appId == null) {
                throw new InvalidInputException("appId", "must be set");
            }
            if (appSecret == null) {
                throw new InvalidInputException("appSecret", "must be set");
            }
            return new EhcPlatformSimulator(this);
        }
    }
}
