package io.yikatong.qr.ehc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.qr.ehc.internal.EhcSigner;
import io.yikatong.qr.platform.internal.JsonPost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the electronic health card open platform (电子健康卡开放平台, Tencent shape; project reference
 * qr-credentials.md §1.2).
 *
 * <p>Every call is an HTTP POST of {@code {"commonIn":{requestId, hospitalId, channelNum, appToken, timestamp, sign},
 * "req":{...}}}; the signature is SHA-256 over the sorted, merged parameters followed by the app secret, in Base64.
 * The app token is fetched on first use, cached, and fetched again once 90% of its {@code expiresIn} has passed on the
 * injected clock (the public C# client refreshes its 2-hour token after 1.8 hours). When the platform rejects the
 * token with {@link Builder#tokenRejectedResultCode(int)}, the client fetches a new token and repeats the call once;
 * this is safe for every call because a refused call was not carried out.
 *
 * <p><b>Retries.</b> A call that failed on the link (connection refused or reset, timeout, HTTP 502/503/504) is
 * repeated, with exponential backoff, only when repeating it cannot change the outcome: {@code getAppToken},
 * {@code getHealthCardByQRCode} and {@code getDynamicQRCode} for a <em>static</em> code. The others are sent once:
 * {@code registerHealthCard} (would register twice), {@code reportHISData} (would count a use twice),
 * {@code verifyQRCode} (the platform records each verification as a card use, and S1 sends the use scene and channel
 * with it) and {@code getDynamicQRCode} for a <em>dynamic</em> code (a repeat after a lost answer is refused with
 * 2006 "still valid" while the lost code lives).
 *
 * <p>The app secret and the app token never appear in {@link #toString()}, logs or exception messages; personal data
 * is not logged.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class EhcPlatformClient {

    private static final Logger LOG = LoggerFactory.getLogger(EhcPlatformClient.class);
    private static final String AUTH_PATH = "/rest/auth/HealthCard/HealthOpenAuth/AuthObj/";
    private static final String API_PATH = "/rest/auth/HealthCard/HealthOpenPlatform/ISVOpenObj/";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String baseUri;
    private final String appId;
    private final String appSecret;
    private final String hospitalId;
    private final PlatformChannel channel;
    private final Clock clock;
    private final JsonPost post;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final int tokenRejectedResultCode;

    private final Object tokenLock = new Object();
    private String token;
    private Instant tokenRefreshAt = Instant.MIN;

    private EhcPlatformClient(Builder b) {
        String base = b.baseUri.toString();
        this.baseUri = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.appId = b.appId;
        this.appSecret = b.appSecret;
        this.hospitalId = b.hospitalId;
        this.channel = b.channel;
        this.clock = b.clock;
        this.requestTimeout = b.requestTimeout;
        HttpClient http = b.httpClient != null ? b.httpClient : JsonPost.defaultClient(b.connectTimeout);
        this.post = new JsonPost(http, b.requestTimeout);
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = b.retryBackoff;
        this.tokenRejectedResultCode = b.tokenRejectedResultCode;
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
     * Returns a valid app token ({@code getAppToken}), from the cache while less than 90% of its lifetime has passed.
     *
     * @return the app token; a credential, do not log it
     * @throws EhcLinkException if the platform could not be reached
     * @throws EhcPlatformException if the platform refused (for example a wrong app id or secret)
     * @throws EhcMalformedResponseException if the answer lacks {@code appToken} or {@code expiresIn}
     */
    public String appToken() throws EhcException {
        synchronized (tokenLock) {
            Instant now = clock.instant();
            if (token != null && now.isBefore(tokenRefreshAt)) {
                return token;
            }
            String op = "getAppToken";
            ObjectNode req = EhcResponses.JSON.createObjectNode().put("appId", appId);
            JsonNode rsp = send(op, AUTH_PATH + op, req, true, false);
            String fresh = EhcResponses.appToken(op, rsp);
            int expiresIn = EhcResponses.expiresIn(op, rsp);
            token = fresh;
            tokenRefreshAt = now.plusMillis(expiresIn * 900L);
            LOG.debug("app token fetched, valid for {} s", expiresIn);
            return fresh;
        }
    }

    private void invalidateToken(String rejected) {
        synchronized (tokenLock) {
            if (Objects.equals(token, rejected)) {
                token = null;
            }
        }
    }

    /**
     * Registers a resident's electronic health card ({@code registerHealthCard}, 注册). Sent once, never repeated.
     *
     * @param registration the resident's data
     * @return the new card's id and static QR text
     * @throws EhcLinkException if the platform could not be reached; whether the card was registered is then unknown
     * @throws EhcPlatformException if the platform refused (for example a card already registered)
     * @throws EhcMalformedResponseException if the answer lacks {@code healthCardId} or {@code qrCodeText}
     * @throws InvalidInputException if {@code registration} is {@code null}
     */
    public RegisteredHealthCard registerHealthCard(HealthCardRegistration registration) throws EhcException {
        HealthCardRegistration.require(registration, "registration");
        String op = "registerHealthCard";
        ObjectNode req = EhcResponses.JSON.createObjectNode()
                .put("name", registration.name())
                .put("gender", EhcResponses.genderText(registration.gender()))
                .put("nation", registration.nation().chineseLabel())
                .put("birthday", registration.birthday().toString())
                .put("idNumber", registration.idNumber())
                .put("idType", registration.idType().code())
                .put("address", registration.address())
                .put("phone1", registration.phone());
        registration.patid().ifPresent(p -> req.put("patid", p));
        registration.wechatCode().ifPresent(w -> req.put("wechatCode", w));
        return EhcResponses.registered(op, call(op, req, false));
    }

    /**
     * Looks a card up by the text of its QR code ({@code getHealthCardByQRCode}). Repeated on link failures.
     *
     * @param qrCodeText the scanned QR text, passed unchanged
     * @return the card
     * @throws EhcLinkException if the platform could not be reached after all attempts
     * @throws EhcPlatformException if the platform refused (unknown or invalid code, expired dynamic code)
     * @throws EhcMalformedResponseException if the answer lacks the card or a required field
     * @throws InvalidInputException if {@code qrCodeText} is blank
     */
    public HealthCard getHealthCardByQRCode(String qrCodeText) throws EhcException {
        HealthCardRegistration.notBlank(qrCodeText, "qrCodeText");
        String op = "getHealthCardByQRCode";
        ObjectNode req = EhcResponses.JSON.createObjectNode().put("qrCodeText", qrCodeText);
        JsonNode rsp = call(op, req, true);
        return EhcResponses.healthCard(op, rsp.get("card"), "rsp.card", qrCodeText);
    }

    /**
     * Verifies a scanned QR code and records the use ({@code verifyQRCode}, 验码). Sent once, never repeated, because
     * the platform counts it as a card use.
     *
     * @param verification the scanned text, terminal, scene and channel
     * @return the card the code belongs to
     * @throws EhcLinkException if the platform could not be reached; the code may or may not have been verified
     * @throws EhcPlatformException if the platform refused, for example {@link EhcResultCode#DYNAMIC_CODE_EXPIRED}
     *     or {@link EhcResultCode#INVALID_QR_CODE}
     * @throws EhcMalformedResponseException if the answer lacks a required field
     * @throws InvalidInputException if {@code verification} is {@code null}
     */
    public HealthCard verifyQRCode(QrVerification verification) throws EhcException {
        HealthCardRegistration.require(verification, "verification");
        String op = "verifyQRCode";
        ObjectNode req = EhcResponses.JSON.createObjectNode()
                .put("qrCodeText", verification.qrCodeText())
                .put("terminalId", verification.terminalId())
                .put("time", LocalDateTime.now(clock).format(TIME))
                .put("hospitalCode", hospitalId)
                .put("useScene", verification.scene().code())
                .put("useChannel", verification.channel().code());
        JsonNode rsp = call(op, req, false);
        return EhcResponses.healthCard(op, rsp, "rsp", verification.qrCodeText());
    }

    /**
     * Fetches a QR code for a card ({@code getDynamicQRCode}). A static code is repeated on link failures; a dynamic
     * code is not (the platform refuses a new dynamic code while the previous one is valid).
     *
     * @param healthCardId the card id
     * @param idType the resident's identity document type
     * @param idNumber the resident's identity document number
     * @param codeType dynamic or static
     * @return the code
     * @throws EhcLinkException if the platform could not be reached
     * @throws EhcPlatformException if the platform refused, for example
     *     {@link EhcResultCode#DYNAMIC_CODE_STILL_VALID}
     * @throws EhcMalformedResponseException if the answer lacks {@code qrCodeText} or has a bad image or colour
     * @throws InvalidInputException if an argument is {@code null} or blank
     */
    public DynamicQrCode getDynamicQRCode(String healthCardId, IdDocumentType idType, String idNumber,
            QrCodeType codeType) throws EhcException {
        HealthCardRegistration.notBlank(healthCardId, "healthCardId");
        HealthCardRegistration.require(idType, "idType");
        HealthCardRegistration.notBlank(idNumber, "idNumber");
        HealthCardRegistration.require(codeType, "codeType");
        String op = "getDynamicQRCode";
        ObjectNode req = EhcResponses.JSON.createObjectNode()
                .put("healthCardId", healthCardId)
                .put("idType", idType.code())
                .put("idNumber", idNumber)
                .put("codeType", codeType.code());
        return EhcResponses.dynamicCode(op, call(op, req, codeType == QrCodeType.STATIC), codeType);
    }

    /**
     * Reports a card use to the platform's usage monitoring ({@code reportHISData}, 用卡数据监测). Sent once, never
     * repeated.
     *
     * @param report the use
     * @throws EhcLinkException if the platform could not be reached; the use may or may not have been recorded
     * @throws EhcPlatformException if the platform refused
     * @throws EhcMalformedResponseException if the answer is not the documented envelope
     * @throws InvalidInputException if {@code report} is {@code null}
     */
    public void reportHISData(CardUseReport report) throws EhcException {
        HealthCardRegistration.require(report, "report");
        String op = "reportHISData";
        ObjectNode req = EhcResponses.JSON.createObjectNode()
                .put("qrCodeText", report.qrCodeText())
                .put("idCardNumber", report.idNumber())
                .put("name", report.name())
                .put("time", report.time().format(TIME))
                .put("hospitalCode", hospitalId)
                .put("scene", report.scene().code())
                .put("department", report.department())
                .put("cardType", report.cardType())
                .put("cardChannel", report.channel().code());
        call(op, req, false);
    }

    private JsonNode call(String op, ObjectNode req, boolean idempotent) throws EhcException {
        String used = appToken();
        try {
            return send(op, API_PATH + op, req, idempotent, used);
        } catch (EhcPlatformException e) {
            if (e.resultCode() != tokenRejectedResultCode) {
                throw e;
            }
            LOG.debug("{}: app token rejected, fetching a new one and repeating once", op);
            invalidateToken(used);
            return send(op, API_PATH + op, req, idempotent, appToken());
        }
    }

    private JsonNode send(String op, String path, ObjectNode req, boolean idempotent, boolean withToken)
            throws EhcException {
        return send(op, path, req, idempotent, withToken ? appToken() : null);
    }

    private JsonNode send(String op, String path, ObjectNode req, boolean idempotent, String appToken)
            throws EhcException {
        URI uri = URI.create(baseUri + path);
        int attempts = idempotent ? maxAttempts : 1;
        for (int attempt = 1; ; attempt++) {
            byte[] body = envelope(req, appToken);
            String problem;
            int status = 0;
            IOException cause = null;
            try {
                JsonPost.Answer answer = post.post(uri, body);
                status = answer.status();
                if (status == 200) {
                    JsonNode rsp = EhcResponses.rsp(op, answer.body());
                    LOG.debug("{}: ok after {} attempt(s)", op, attempt);
                    return rsp;
                }
                problem = "HTTP status " + status;
                if (status != 502 && status != 503 && status != 504) {
                    throw new EhcLinkException(op, problem, status, attempt, null);
                }
            } catch (HttpTimeoutException e) {
                problem = "no answer within " + requestTimeout;
                cause = e;
            } catch (IOException e) {
                problem = "link failed: " + e.getClass().getSimpleName();
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EhcLinkException(op, "interrupted", 0, attempt, e);
            }
            if (attempt >= attempts) {
                throw new EhcLinkException(op, problem, status, attempt, cause);
            }
            LOG.debug("{}: attempt {} failed ({}), retrying", op, attempt, problem);
            backoff(op, attempt);
        }
    }

    private void backoff(String op, int attempt) throws EhcLinkException {
        long millis = Math.min(MAX_BACKOFF.toMillis(), retryBackoff.toMillis() << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EhcLinkException(op, "interrupted", 0, attempt, e);
        }
    }

    private byte[] envelope(ObjectNode req, String appToken) {
        ObjectNode commonIn = EhcResponses.JSON.createObjectNode()
                .put("requestId", UUID.randomUUID().toString().replace("-", ""))
                .put("hospitalId", hospitalId)
                .put("channelNum", channel.channelNum())
                .put("timestamp", String.valueOf(clock.instant().getEpochSecond()));
        if (appToken != null) {
            commonIn.put("appToken", appToken);
        }
        commonIn.put("sign", EhcSigner.sign(commonIn, req, appSecret));
        ObjectNode root = EhcResponses.JSON.createObjectNode();
        root.set("commonIn", commonIn);
        root.set("req", req);
        try {
            return EhcResponses.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    @Override
    public String toString() {
        return "EhcPlatformClient[baseUri=" + baseUri + ", appId=" + appId + ", hospitalId=" + hospitalId
                + ", channel=" + channel + "]";
    }

    /**
     * Builds an {@link EhcPlatformClient}. Required: {@link #baseUri(URI)}, {@link #appId(String)},
     * {@link #appSecret(String)}, {@link #hospitalId(String)}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private URI baseUri;
        private String appId;
        private String appSecret;
        private String hospitalId;
        private PlatformChannel channel = PlatformChannel.SCAN_TERMINAL;
        private Clock clock = ChinaTime.systemClock();
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(200);
        private int tokenRejectedResultCode = EhcResultCode.INVALID_APP_TOKEN.code();

        private Builder() {
        }

        /**
         * Sets the platform's base URI, for example {@code https://p-healthopen.tengmed.com} or a simulator's
         * {@code baseUri()}.
         *
         * @param baseUri an http or https URI
         * @return this builder
         * @throws InvalidInputException if it is {@code null} or not http(s)
         */
        public Builder baseUri(URI baseUri) {
            HealthCardRegistration.require(baseUri, "baseUri");
            if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
                throw new InvalidInputException("baseUri", "must be an http or https URI");
            }
            this.baseUri = baseUri;
            return this;
        }

        /**
         * Sets the app id issued by the platform.
         *
         * @param appId the app id
         * @return this builder
         * @throws InvalidInputException if it is blank
         */
        public Builder appId(String appId) {
            this.appId = HealthCardRegistration.notBlank(appId, "appId");
            return this;
        }

        /**
         * Sets the app secret issued by the platform. It is used only to sign requests and never shown.
         *
         * @param appSecret the app secret
         * @return this builder
         * @throws InvalidInputException if it is blank
         */
        public Builder appSecret(String appSecret) {
            this.appSecret = HealthCardRegistration.notBlank(appSecret, "appSecret");
            return this;
        }

        /**
         * Sets the hospital id issued by the platform ({@code commonIn.hospitalId}).
         *
         * @param hospitalId the hospital id
         * @return this builder
         * @throws InvalidInputException if it is blank
         */
        public Builder hospitalId(String hospitalId) {
            this.hospitalId = HealthCardRegistration.notBlank(hospitalId, "hospitalId");
            return this;
        }

        /**
         * Sets the calling channel ({@code commonIn.channelNum}); default {@link PlatformChannel#SCAN_TERMINAL}.
         *
         * @param channel the channel
         * @return this builder
         * @throws InvalidInputException if it is {@code null}
         */
        public Builder channel(PlatformChannel channel) {
            HealthCardRegistration.require(channel, "channel");
            this.channel = channel;
            return this;
        }

        /**
         * Sets the clock for timestamps, use times and the token lifetime; default the system clock in China
         * Standard Time.
         *
         * @param clock the clock
         * @return this builder
         * @throws InvalidInputException if it is {@code null}
         */
        public Builder clock(Clock clock) {
            HealthCardRegistration.require(clock, "clock");
            this.clock = clock;
            return this;
        }

        /**
         * Sets the HTTP client; default a new HTTP/1.1 client with {@link #connectTimeout(Duration)}.
         *
         * @param httpClient the client, or {@code null} for the default
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Sets the connect timeout of the default HTTP client; default 5 seconds.
         *
         * @param connectTimeout a positive duration
         * @return this builder
         * @throws InvalidInputException if it is not positive
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the timeout of one request; default 10 seconds.
         *
         * @param requestTimeout a positive duration
         * @return this builder
         * @throws InvalidInputException if it is not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * Sets how many times a repeatable query is tried in all; default 3. Non-repeatable calls are tried once.
         *
         * @param maxAttempts 1 to 10
         * @return this builder
         * @throws InvalidInputException if it is out of range
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new InvalidInputException("maxAttempts", "must be 1 to 10");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the wait before the first repeat; it doubles with each further repeat, up to 5 seconds. Default 200 ms.
         *
         * @param retryBackoff a non-negative duration
         * @return this builder
         * @throws InvalidInputException if it is {@code null} or negative
         */
        public Builder retryBackoff(Duration retryBackoff) {
            HealthCardRegistration.require(retryBackoff, "retryBackoff");
            if (retryBackoff.isNegative()) {
                throw new InvalidInputException("retryBackoff", "must not be negative");
            }
            this.retryBackoff = retryBackoff;
            return this;
        }

        /**
         * Sets the result code with which the platform rejects an unknown or expired app token; default 1002, the
         * simulator's code. The real platform's code was not found [NF]: set it from the vendor documentation.
         *
         * @param resultCode the result code
         * @return this builder
         */
        public Builder tokenRejectedResultCode(int resultCode) {
            this.tokenRejectedResultCode = resultCode;
            return this;
        }

        private static Duration positive(Duration d, String field) {
            HealthCardRegistration.require(d, field);
            if (d.isZero() || d.isNegative()) {
                throw new InvalidInputException(field, "must be positive");
            }
            return d;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws InvalidInputException naming the first required setting that is missing
         */
        public EhcPlatformClient build() {
            HealthCardRegistration.require(baseUri, "baseUri");
            HealthCardRegistration.require(appId, "appId");
            HealthCardRegistration.require(appSecret, "appSecret");
            HealthCardRegistration.require(hospitalId, "hospitalId");
            return new EhcPlatformClient(this);
        }

        @Override
        public String toString() {
            return "EhcPlatformClient.Builder[baseUri=" + baseUri + ", appId=" + appId + "]";
        }
    }
}
