package io.yikatong.payment.medicalinsurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.crypto.Sm2PrivateKey;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.payment.medicalinsurance.internal.MedicalInsuranceEnvelope;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.internal.ChannelHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A client of the national medical-insurance mobile-payment platform (医保移动支付, §3.5) over {@code java.net.http}:
 * every request is an envelope {@code {appId, encType:"SM4", signType:"SM2", timestamp, version:"2.0.1", encData,
 * signData}} signed with the channel's SM2 key (user ID = appSecret) and encrypted with the SM4 working key derived
 * from appId and appSecret; every answer must carry a valid platform signature.
 *
 * <p>Answers: {@code code "0"} is a result; any other code is a {@link ChannelRefusedException} of channel
 * {@code medical-insurance} with the function number as its operation and the platform's {@code code} and
 * {@code message} (a {@link ChannelRefusedException.Disposition#DEFINITE definite} refusal: the platform's codes are
 * not classified further). A link failure, a timeout and an HTTP 5xx are {@link ChannelLinkException} (the outcome is
 * unknown: query). An answer that is not the envelope, does not decrypt, carries an amount that is not yuan with at
 * most two decimals, or a split that does not add up is a {@link ChannelMalformedResponseException}; a bad signature
 * is a {@link ChannelSignatureException}. Amounts are {@link Money} and travel as yuan strings with two decimals; no
 * upper limit is enforced, because the mobile-payment reference documents none [?] (the decimal(16,2) of the
 * settlement interface's specification belongs to another interface).
 *
 * <p>Every request goes through the {@link Builder#httpClient(HttpClient) HTTP client} the integrator configures (or a
 * default one) with the {@link Builder#requestTimeout(Duration) request timeout}.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class MedicalInsurancePaymentClient {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = MedicalInsuranceCheckout.CHANNEL;

    private static final DateTimeFormatter BUSINESS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    private final URI baseUri;
    private final String appId;
    private final String orgCode;
    private final MedicalInsuranceEnvelope envelope;
    private final MedicalInsuranceProfile profile;
    private final Clock clock;
    private final ChannelHttp http;

    private MedicalInsurancePaymentClient(Builder b) {
        this.baseUri = b.baseUri;
        this.appId = b.appId;
        this.orgCode = b.orgCode;
        this.envelope = new MedicalInsuranceEnvelope(b.appId, b.appSecret, b.channelKey, b.platformKey, b.encoding,
                b.upperHex);
        this.profile = b.profile;
        this.clock = b.clock;
        this.http = new ChannelHttp(CHANNEL, ChannelHttp.clientOrDefault(b.httpClient, b.connectTimeout),
                b.requestTimeout);
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
     * Returns the profile (function numbers, paths, status codes).
     *
     * @return the profile
     */
    public MedicalInsuranceProfile profile() {
        return profile;
    }

    /**
     * 6201 线上费用明细上传: uploads the fee details. Sends {@code medOrgOrd}, {@code chrgBchno}, {@code orgCodg},
     * {@code begntime}, {@code payAuthNo}, {@code psnNo}, {@code iptOtpNo}, {@code acctUsedFlag},
     * {@code medfeeSumamt} and the fee lines.
     *
     * @param upload the upload
     * @return the {@code payOrdId} and {@code payToken}
     * @throws ChannelException if the call failed, was refused, or the answer lacks payOrdId or payToken
     * @throws InvalidInputException if the upload is null
     */
    public FeeUploadResult uploadFees(FeeUpload upload) throws ChannelException {
        if (upload == null) {
            throw new InvalidInputException("upload", "must not be null");
        }
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("medOrgOrd", upload.medOrgOrd());
        d.put("chrgBchno", upload.chrgBchno());
        d.put("orgCodg", orgCode);
        d.put("begntime", BUSINESS_TIME.format(clock.instant()));
        d.put("payAuthNo", upload.payAuthNo());
        if (upload.psnNo() != null) {
            d.put("psnNo", upload.psnNo());
        }
        if (upload.iptOtpNo() != null) {
            d.put("iptOtpNo", upload.iptOtpNo());
        }
        d.put("acctUsedFlag", upload.useAccount() ? "1" : "0");
        d.put("medfeeSumamt", upload.total().toYuanString());
        ArrayNode lines = d.putArray("feedetail");
        for (FeeDetail f : upload.details()) {
            ObjectNode l = lines.addObject();
            l.put("feedetlSn", f.lineNo());
            l.put("medListCodg", f.itemCode());
            l.put("medinsListName", f.itemName());
            l.put("cnt", f.quantity().toPlainString());
            l.put("detItemFeeSumamt", f.amount().toYuanString());
        }
        String fn = profile.number(MedicalInsuranceFunction.FEE_UPLOAD);
        ObjectNode r = call(MedicalInsuranceFunction.FEE_UPLOAD, d);
        return new FeeUploadResult(requireText(r, "payOrdId", fn), requireText(r, "payToken", fn));
    }

    /**
     * 6202 支付下单: places the payment order for uploaded fees; the platform settles the insurance share.
     *
     * @param medOrgOrd the hospital order number
     * @param uploaded the 6201 answer
     * @param payAuthNo the payment authorisation number
     * @return the order with its status and split
     * @throws ChannelException if the call failed, was refused, or the answer is inconsistent
     * @throws InvalidInputException if an argument is invalid
     */
    public MedicalInsuranceOrder placeOrder(String medOrgOrd, FeeUploadResult uploaded, String payAuthNo)
            throws ChannelException {
        FeeUpload.checkOrderNo(medOrgOrd);
        if (uploaded == null) {
            throw new InvalidInputException("uploaded", "must not be null");
        }
        FeeUpload.text("payAuthNo", payAuthNo, 128);
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("medOrgOrd", medOrgOrd);
        d.put("payOrdId", uploaded.payOrdId());
        d.put("payToken", uploaded.payToken());
        d.put("payAuthNo", payAuthNo);
        d.put("orgCodg", orgCode);
        return order(MedicalInsuranceFunction.PLACE_ORDER, medOrgOrd, call(MedicalInsuranceFunction.PLACE_ORDER, d));
    }

    /**
     * 6301 医保订单结算结果查询: queries an order by hospital order number and, if known, platform order ID.
     *
     * @param medOrgOrd the hospital order number
     * @param payOrdId the platform order ID, or {@code null} if the 6201 answer was lost
     * @return the order
     * @throws ChannelException if the call failed or was refused (an order the platform does not know is refused)
     * @throws InvalidInputException if the order number is invalid
     */
    public MedicalInsuranceOrder query(String medOrgOrd, String payOrdId) throws ChannelException {
        FeeUpload.checkOrderNo(medOrgOrd);
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("medOrgOrd", medOrgOrd);
        if (payOrdId != null) {
            d.put("payOrdId", payOrdId);
        }
        d.put("orgCodg", orgCode);
        return order(MedicalInsuranceFunction.QUERY, medOrgOrd, call(MedicalInsuranceFunction.QUERY, d));
    }

    /**
     * 6401 费用明细上传撤销: undoes a fee upload before settlement.
     *
     * @param medOrgOrd the hospital order number
     * @param payOrdId the platform order ID
     * @param chrgBchno the charge batch number of the upload
     * @throws ChannelException if the call failed or was refused (for example the order is already settled)
     * @throws InvalidInputException if an argument is invalid
     */
    public void undo(String medOrgOrd, String payOrdId, String chrgBchno) throws ChannelException {
        FeeUpload.checkOrderNo(medOrgOrd);
        FeeUpload.text("payOrdId", payOrdId, 64);
        FeeUpload.text("chrgBchno", chrgBchno, 64);
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("medOrgOrd", medOrgOrd);
        d.put("payOrdId", payOrdId);
        d.put("chrgBchno", chrgBchno);
        d.put("orgCodg", orgCode);
        call(MedicalInsuranceFunction.UNDO, d);
    }

    /**
     * 6203 医保退费: refunds (part of) the insurance share of a settled order. The refund number is the idempotency
     * key: a retry with the same number refunds once.
     *
     * @param medOrgOrd the hospital order number
     * @param payOrdId the platform order ID
     * @param refundNo the refund request number ({@code appRefdSn} [?]), 6 to 32 characters of {@code [0-9A-Za-z]}
     * @param amount the positive amount ({@code totlRefdAmt} [?])
     * @param reason the reason ({@code refdRea} [?]), or {@code null}
     * @return the answer
     * @throws ChannelException if the call failed or was refused (for example more than the insurance share)
     * @throws InvalidInputException if an argument is invalid
     */
    public MedicalInsuranceRefund refund(String medOrgOrd, String payOrdId, String refundNo, Money amount, String reason)
            throws ChannelException {
        FeeUpload.checkOrderNo(medOrgOrd);
        FeeUpload.text("payOrdId", payOrdId, 64);
        if (refundNo == null || !refundNo.matches("[0-9A-Za-z]{6,32}")) {
            throw new InvalidInputException("refundNo", "must be 6 to 32 characters of [0-9A-Za-z]");
        }
        if (amount == null) {
            throw new InvalidInputException("amount", "must not be null");
        }
        amount.requirePositive("amount");
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("medOrgOrd", medOrgOrd);
        d.put("payOrdId", payOrdId);
        d.put("appRefdSn", refundNo);
        d.put("totlRefdAmt", amount.toYuanString());
        if (reason != null && !reason.isEmpty()) {
            FeeUpload.text("reason", reason, 128);
            d.put("refdRea", reason);
        }
        d.put("orgCodg", orgCode);
        String fn = profile.number(MedicalInsuranceFunction.REFUND);
        ObjectNode r = call(MedicalInsuranceFunction.REFUND, d);
        Money refunded = yuan(r, "totlRefdAmt", fn);
        if (refunded == null) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": answer has no totlRefdAmt", null);
        }
        return new MedicalInsuranceRefund(requireText(r, "appRefdSn", fn), refunded, r.path("refdStas").asText(""));
    }

    private MedicalInsuranceOrder order(MedicalInsuranceFunction f, String medOrgOrd, ObjectNode r)
            throws ChannelMalformedResponseException {
        String fn = profile.number(f);
        String ordStas = requireText(r, "ordStas", fn);
        String answeredNo = r.path("medOrgOrd").asText("");
        if (!answeredNo.isEmpty() && !answeredNo.equals(medOrgOrd)) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": answer is about another order", null);
        }
        Money total = yuan(r, "feeSumamt", fn);
        MedicalInsuranceSplit split = null;
        if (total != null) {
            Money fund = yuan(r, "fundPay", fn);
            Money acct = yuan(r, "psnAcctPay", fn);
            Money own = yuan(r, "ownPayAmt", fn);
            try {
                split = new MedicalInsuranceSplit(total, orZero(fund), orZero(acct), orZero(own));
            } catch (InvalidInputException | ArithmeticException e) {
                throw new ChannelMalformedResponseException(CHANNEL, fn + ": split does not add up to feeSumamt", e);
            }
        }
        MedicalInsuranceOrderState state = profile.state(ordStas);
        if (state == MedicalInsuranceOrderState.SETTLED && split == null) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": settled order without feeSumamt", null);
        }
        return new MedicalInsuranceOrder(medOrgOrd, r.path("payOrdId").asText(""), ordStas, state, split);
    }

    private static Money orZero(Money m) {
        return m == null ? Money.ZERO : m;
    }

    private static String requireText(JsonNode n, String field, String fn) throws ChannelMalformedResponseException {
        JsonNode v = n.get(field);
        if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty()) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": answer has no " + field, null);
        }
        return v.asText();
    }

    /**
     * Reads a yuan amount: a string or number with at most two decimals, never through {@code double}.
     */
    static Money yuan(JsonNode n, String field, String fn) throws ChannelMalformedResponseException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
            return null;
        }
        String text;
        if (v.isTextual()) {
            text = v.asText();
        } else if (v.isBigDecimal() || v.isIntegralNumber()) {
            text = v.decimalValue().toPlainString();
        } else {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": " + field + " is not an amount", null);
        }
        try {
            Money m = Money.parseYuan(text);
            if (m.fen() < 0) {
                throw new ChannelMalformedResponseException(CHANNEL, fn + ": " + field + " is negative", null);
            }
            return m;
        } catch (InvalidInputException e) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": " + field
                    + " is not a yuan amount with at most 2 decimals", e);
        }
    }

    private ObjectNode call(MedicalInsuranceFunction f, ObjectNode data) throws ChannelException {
        String fn = profile.number(f);
        String body = envelope.seal(data, clock.millis(), Map.of());
        byte[] answer = http.sendExpectingOk(fn, HttpRequest.newBuilder(baseUri.resolve(profile.path(f)))
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))).body();
        return answer(fn, answer);
    }

    private ObjectNode answer(String fn, byte[] body) throws ChannelException {
        ObjectNode msg;
        try {
            msg = envelope.open(body);
        } catch (ChannelMalformedResponseException e) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": " + e.getMessage(), e);
        } catch (ChannelSignatureException e) {
            throw new ChannelSignatureException(CHANNEL, fn + ": " + e.getMessage(), e);
        }
        JsonNode code = msg.get("code");
        if (code == null || !code.isValueNode() || code.asText().isEmpty()) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": answer has no code", null);
        }
        if (!"0".equals(code.asText())) {
            throw new ChannelRefusedException(CHANNEL, fn, 200, code.asText(),
                    msg.path("message").asText(""), ChannelRefusedException.Disposition.DEFINITE);
        }
        JsonNode data = msg.get("data");
        if (data == null || !data.isObject()) {
            throw new ChannelMalformedResponseException(CHANNEL, fn + ": answer has no data", null);
        }
        return (ObjectNode) data;
    }

    /** Returns {@code MedicalInsurancePaymentClient[appId, baseUri]}; never keys or the secret. */
    @Override
    public String toString() {
        return "MedicalInsurancePaymentClient[" + appId + ", " + baseUri + "]";
    }

    /**
     * Builds a {@link MedicalInsurancePaymentClient}.
     *
     * <p>Not thread-safe; confine to one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private URI baseUri;
        private String appId;
        private String appSecret;
        private String orgCode;
        private Sm2PrivateKey channelKey;
        private Sm2PublicKey platformKey;
        private SignatureEncoding encoding = SignatureEncoding.RAW;
        private boolean upperHex = true;
        private MedicalInsuranceProfile profile = MedicalInsuranceProfile.defaults();
        private Clock clock = Clock.systemUTC();
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        /**
         * Sets the platform base URI; each function is posted to {@code baseUri.resolve(profile.path(function))}.
         *
         * @param baseUri the base URI
         * @return this builder
         */
        public Builder baseUri(URI baseUri) {
            this.baseUri = baseUri;
            return this;
        }

        /**
         * Sets the channel's application ID ({@code appId}), at least 16 ASCII characters (the first 16 are the key
         * of the working-key derivation).
         *
         * @param appId the ID
         * @return this builder
         */
        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        /**
         * Sets the application secret: the SM2 signer ID and the input of the working-key derivation. Never logged.
         *
         * @param appSecret the secret
         * @return this builder
         */
        public Builder appSecret(String appSecret) {
            this.appSecret = appSecret;
            return this;
        }

        /**
         * Sets the medical institution code ({@code orgCodg}, 定点医药机构编码).
         *
         * @param orgCode the code
         * @return this builder
         */
        public Builder orgCode(String orgCode) {
            this.orgCode = orgCode;
            return this;
        }

        /**
         * Sets the channel's SM2 private key (issued as Base64 of the raw 32-byte D: decode it with
         * {@link Sm2PrivateKey#fromRawScalar}).
         *
         * @param key the key
         * @return this builder
         */
        public Builder channelPrivateKey(Sm2PrivateKey key) {
            this.channelKey = key;
            return this;
        }

        /**
         * Sets the platform's SM2 public key (issued as Base64 of {@code 04 || X || Y}: decode it with
         * {@link Sm2PublicKey#fromRawPoint}).
         *
         * @param key the key
         * @return this builder
         */
        public Builder platformPublicKey(Sm2PublicKey key) {
            this.platformKey = key;
            return this;
        }

        /**
         * Sets the signature encoding (default {@link SignatureEncoding#RAW}) [?].
         *
         * @param encoding the encoding
         * @return this builder
         */
        public Builder signatureEncoding(SignatureEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * Sets whether {@code encData} is written in upper-case hex (default {@code true}); answers are decoded in
         * either case.
         *
         * @param upperHex {@code true} for upper case
         * @return this builder
         */
        public Builder upperCaseHex(boolean upperHex) {
            this.upperHex = upperHex;
            return this;
        }

        /**
         * Sets the profile (default {@link MedicalInsuranceProfile#defaults()}).
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder profile(MedicalInsuranceProfile profile) {
            this.profile = profile;
            return this;
        }

        /**
         * Sets the clock of the envelope {@code timestamp} and of {@code begntime}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the HTTP client every request goes through: the transport seam for a proxy, a custom TLS context, an
         * executor or an instrumented client. Default: a new client with {@link #connectTimeout(Duration)} that
         * follows no redirects. The {@link #requestTimeout(Duration)} applies to every request in either case; the
         * connect timeout only to the default client.
         *
         * @param httpClient the client, or {@code null} for the default
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Sets the connect timeout of the default HTTP client (default 5 s).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the timeout of one request (default 15 s), from sending it to its answer's headers; a timeout is a
         * {@link ChannelLinkException}.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws InvalidInputException if a setting is missing or the appId is shorter than 16 characters
         */
        public MedicalInsurancePaymentClient build() {
            if (baseUri == null) {
                throw new InvalidInputException("baseUri", "must not be null");
            }
            if (appSecret == null || appSecret.isEmpty()) {
                throw new InvalidInputException("appSecret", "must not be empty");
            }
            if (orgCode == null || orgCode.isEmpty()) {
                throw new InvalidInputException("orgCode", "must not be empty");
            }
            if (channelKey == null) {
                throw new InvalidInputException("channelPrivateKey", "must not be null");
            }
            if (platformKey == null) {
                throw new InvalidInputException("platformPublicKey", "must not be null");
            }
            if (encoding == null || profile == null || clock == null || connectTimeout == null
                    || requestTimeout == null) {
                throw new InvalidInputException("encoding", "encoding, profile, clock and timeouts must not be null");
            }
            MedicalInsuranceEnvelope.workingKey(appId, appSecret);
            return new MedicalInsurancePaymentClient(this);
        }
    }
}
