package io.yikatong.payment.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.alipay.internal.AlipaySigning;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.internal.ChannelHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client of the Alipay open-platform gateway (§3.3): form POSTs signed with RSA2 (SHA256withRSA, keys of at least
 * 2048 bits), answers verified over the raw JSON text of their {@code <method>_response} node with the Alipay public
 * key. Amounts are {@link Money}, at most {@link #MAX_AMOUNT}; the wire carries yuan strings with two decimals.
 *
 * <p>Answers: {@code code=10000} is a result; {@code 10003} from {@code alipay.trade.pay} is a result with code
 * {@code 10003} (waiting for the buyer); any other code is a {@link ChannelRefusedException} of channel
 * {@code alipay} with {@code code}/{@code msg} and {@code sub_code}/{@code sub_msg}; its
 * {@link ChannelRefusedException#disposition() disposition}: {@code 40006}, and {@code 40002} with an
 * {@code isv.invalid-signature}, {@code isv.invalid-app-id} or {@code isv.missing-signature} sub-code, reject our
 * credentials; {@code 10003}, {@code 20000} and {@code ACQ.SYSTEM_ERROR} leave the outcome unknown;
 * {@code ACQ.TRADE_NOT_EXIST} is not found. A link failure, a timeout and an HTTP 5xx are {@link ChannelLinkException}.
 * Error answers with {@code code=40002} (invalid parameters or signature) are accepted unsigned, because Alipay does
 * not sign them [I]; every other answer must carry a valid {@code sign} or is a {@link ChannelSignatureException}.
 * Certificate mode ({@code app_cert_sn}) is not supported.
 *
 * <p>Every request goes through the {@link Builder#httpClient(HttpClient) HTTP client} the integrator configures (or a
 * default one) with the {@link Builder#requestTimeout(Duration) request timeout}.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class AlipayClient {

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = AlipayChannel.ID;

    /**
     * The largest amount Alipay takes: {@code total_amount} ranges over 0.01 to 100000000 yuan, and a refund
     * ({@code refund_amount}) can never exceed the order. A larger amount is refused as bad input before anything is
     * sent.
     */
    public static final Money MAX_AMOUNT = Money.ofFen(10_000_000_000L);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    private final URI gateway;
    private final String appId;
    private final PrivateKey appPrivateKey;
    private final PublicKey alipayPublicKey;
    private final Clock clock;
    private final ChannelHttp http;

    private AlipayClient(Builder b) {
        this.gateway = b.gateway;
        this.appId = b.appId;
        this.appPrivateKey = b.appPrivateKey;
        this.alipayPublicKey = b.alipayPublicKey;
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
     * Returns the application ID.
     *
     * @return the {@code app_id}
     */
    public String appId() {
        return appId;
    }

    /**
     * Barcode payment (当面付条码): {@code alipay.trade.pay} with {@code scene=bar_code}.
     *
     * @param outTradeNo the merchant order number, 1 to 64 characters
     * @param amount the positive amount, at most {@link #MAX_AMOUNT}
     * @param subject the goods description
     * @param authCode the scanned payment code
     * @return the trade; code {@code 10000} (paid) or {@code 10003} (waiting for the buyer: query)
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if an argument is invalid
     */
    public AlipayTrade pay(String outTradeNo, Money amount, String subject, String authCode) throws ChannelException {
        return pay(outTradeNo, amount, subject, authCode, null);
    }

    /**
     * Barcode payment (当面付条码) with a notification URL: {@code alipay.trade.pay} with {@code scene=bar_code}; Alipay
     * notifies the outcome of a payment that was still waiting for the buyer there.
     *
     * @param outTradeNo the merchant order number, 1 to 64 characters
     * @param amount the positive amount, at most {@link #MAX_AMOUNT}
     * @param subject the goods description
     * @param authCode the scanned payment code
     * @param notifyUrl the notification URL, or {@code null}
     * @return the trade; code {@code 10000} (paid) or {@code 10003} (waiting for the buyer: query)
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if an argument is invalid
     */
    public AlipayTrade pay(String outTradeNo, Money amount, String subject, String authCode, URI notifyUrl)
            throws ChannelException {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("out_trade_no", checkNo("outTradeNo", outTradeNo));
        biz.put("scene", "bar_code");
        biz.put("auth_code", checkText("authCode", authCode, 64));
        biz.put("subject", checkText("subject", subject, 256));
        biz.put("total_amount", amount(amount));
        return trade(call("alipay.trade.pay", biz, notifyUrl, true));
    }

    /**
     * QR order (当面付扫码): {@code alipay.trade.precreate}.
     *
     * @param outTradeNo the merchant order number
     * @param amount the positive amount, at most {@link #MAX_AMOUNT}
     * @param subject the goods description
     * @param notifyUrl the notification URL, or {@code null}
     * @return the trade with its {@code qr_code}
     * @throws ChannelException if the call failed, was refused or the answer has no QR code
     * @throws InvalidInputException if an argument is invalid
     */
    public AlipayTrade precreate(String outTradeNo, Money amount, String subject, URI notifyUrl)
            throws ChannelException {
        return precreate(outTradeNo, amount, subject, notifyUrl, null);
    }

    /**
     * QR order (当面付扫码) that Alipay lets be paid only until {@code timeExpire}: {@code alipay.trade.precreate} with
     * {@code time_expire} (absolute, {@code yyyy-MM-dd HH:mm:ss} Beijing time) and, for a gateway that reads only the
     * relative form, {@code timeout_express} (whole minutes from now, rounded up; at least {@code 1m}). Alipay takes
     * {@code time_expire} when both are given; which of the two {@code precreate} honours, and from when it counts
     * {@code timeout_express} (the precreate or the scan), is [I].
     *
     * @param outTradeNo the merchant order number
     * @param amount the positive amount
     * @param subject the goods description
     * @param notifyUrl the notification URL, or {@code null}
     * @param timeExpire the expiry (truncated to the second), or {@code null} for Alipay's default
     * @return the trade with its {@code qr_code}
     * @throws ChannelException if the call failed, was refused or the answer has no QR code
     * @throws InvalidInputException if an argument is invalid or the expiry is not in the future
     */
    public AlipayTrade precreate(String outTradeNo, Money amount, String subject, URI notifyUrl,
            java.time.Instant timeExpire) throws ChannelException {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("out_trade_no", checkNo("outTradeNo", outTradeNo));
        biz.put("total_amount", amount(amount));
        biz.put("subject", checkText("subject", subject, 256));
        if (timeExpire != null) {
            Duration left = Duration.between(clock.instant(), timeExpire);
            if (left.isNegative() || left.isZero()) {
                throw new InvalidInputException("timeExpire", "must be in the future");
            }
            long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
            biz.put("time_expire", TIMESTAMP.format(timeExpire.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            biz.put("timeout_express", minutes + "m");
        }
        AlipayTrade t = trade(call("alipay.trade.precreate", biz, notifyUrl, false));
        if (t.qrCode().isEmpty()) {
            throw new ChannelMalformedResponseException(CHANNEL, "alipay.trade.precreate: answer has no qr_code", null);
        }
        return t;
    }

    /**
     * Queries a trade: {@code alipay.trade.query}.
     *
     * @param outTradeNo the merchant order number
     * @return the trade
     * @throws ChannelException if the call failed or was refused ({@code ACQ.TRADE_NOT_EXIST} when unknown)
     * @throws InvalidInputException if the number is invalid
     */
    public AlipayTrade query(String outTradeNo) throws ChannelException {
        return trade(call("alipay.trade.query", Map.of("out_trade_no", checkNo("outTradeNo", outTradeNo)), null,
                false));
    }

    /**
     * Cancels a trade: {@code alipay.trade.cancel} closes it if unpaid or refunds it if paid (same day only).
     *
     * @param outTradeNo the merchant order number
     * @return the answer ({@code retry_flag}, {@code action})
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if the number is invalid
     */
    public AlipayCancel cancel(String outTradeNo) throws ChannelException {
        JsonNode n = call("alipay.trade.cancel", Map.of("out_trade_no", checkNo("outTradeNo", outTradeNo)), null,
                false);
        return new AlipayCancel("Y".equals(n.path("retry_flag").asText()), n.path("action").asText(""));
    }

    /**
     * Closes an unpaid trade: {@code alipay.trade.close}.
     *
     * @param outTradeNo the merchant order number
     * @throws ChannelException if the call failed or was refused (for example {@code ACQ.TRADE_STATUS_ERROR})
     * @throws InvalidInputException if the number is invalid
     */
    public void close(String outTradeNo) throws ChannelException {
        call("alipay.trade.close", Map.of("out_trade_no", checkNo("outTradeNo", outTradeNo)), null, false);
    }

    /**
     * Refunds: {@code alipay.trade.refund}. {@code out_request_no} is the idempotency key and is required for
     * partial refunds; a retry with the same number refunds once and answers {@code fund_change=N}.
     *
     * @param outTradeNo the merchant order number
     * @param outRequestNo the refund request number, 1 to 64 characters, stable across retries
     * @param amount the positive refund amount, at most {@link #MAX_AMOUNT}
     * @param reason the reason, or {@code null}
     * @return the answer
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if an argument is invalid
     */
    public AlipayRefund refund(String outTradeNo, String outRequestNo, Money amount, String reason)
            throws ChannelException {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("out_trade_no", checkNo("outTradeNo", outTradeNo));
        biz.put("refund_amount", amount(amount));
        biz.put("out_request_no", checkNo("outRequestNo", outRequestNo));
        if (reason != null && !reason.isEmpty()) {
            biz.put("refund_reason", checkText("reason", reason, 256));
        }
        JsonNode n = call("alipay.trade.refund", biz, null, false);
        return new AlipayRefund(n.path("out_trade_no").asText(""), n.path("trade_no").asText(""), outRequestNo,
                money(n, "refund_fee", "alipay.trade.refund"), "Y".equals(n.path("fund_change").asText()), "");
    }

    /**
     * Queries a refund: {@code alipay.trade.fastpay.refund.query}. An empty {@code refundStatus} with no amount means
     * Alipay has no refund with this number (or it is still processing).
     *
     * @param outTradeNo the merchant order number
     * @param outRequestNo the refund request number
     * @return the answer
     * @throws ChannelException if the call failed or was refused
     * @throws InvalidInputException if an argument is invalid
     */
    public AlipayRefund queryRefund(String outTradeNo, String outRequestNo) throws ChannelException {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("out_trade_no", checkNo("outTradeNo", outTradeNo));
        biz.put("out_request_no", checkNo("outRequestNo", outRequestNo));
        JsonNode n = call("alipay.trade.fastpay.refund.query", biz, null, false);
        return new AlipayRefund(n.path("out_trade_no").asText(""), n.path("trade_no").asText(""),
                n.path("out_request_no").asText(""), money(n, "refund_amount", "alipay.trade.fastpay.refund.query"),
                false, n.path("refund_status").asText(""));
    }

    /**
     * Downloads the trade bill of a day: {@code alipay.data.dataservice.bill.downloadurl.query} ({@code
     * bill_type=trade}) for the signed, short-lived {@code bill_download_url}, then a GET of that URL.
     *
     * @param billDate the bill date (Beijing time)
     * @return the bill as downloaded; {@link AlipayBill#lines()} reads it
     * @throws ChannelException if a call failed, was refused ({@code isp.bill_not_exist} and the like), or the answer
     *     has no URL
     * @throws InvalidInputException if the date is null
     */
    public AlipayBill tradeBill(java.time.LocalDate billDate) throws ChannelException {
        if (billDate == null) {
            throw new InvalidInputException("billDate", "is required");
        }
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("bill_type", "trade");
        biz.put("bill_date", billDate.toString());
        String method = "alipay.data.dataservice.bill.downloadurl.query";
        String url = call(method, biz, null, false).path("bill_download_url").asText("");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ChannelMalformedResponseException(CHANNEL, method + ": bill_download_url is not a URL", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    method + ": bill_download_url is not an http(s) URL", null);
        }
        byte[] file = http.sendExpectingOk("trade bill download", HttpRequest.newBuilder(uri).GET()).body();
        return new AlipayBill(billDate, io.yikatong.core.Bytes.copyOf(file));
    }

    /**
     * Verifies and decodes an asynchronous notification (a form POST): drops {@code sign} and {@code sign_type},
     * verifies the rest, then decodes. Nothing of the payload is used before the verification succeeded.
     *
     * @param rawBody the form body exactly as received ({@code application/x-www-form-urlencoded}, UTF-8)
     * @return the notification
     * @throws ChannelSignatureException if the signature is missing or wrong
     * @throws ChannelMalformedResponseException if the body is not a form or misses required fields
     */
    public AlipayNotification parseNotification(byte[] rawBody)
            throws ChannelSignatureException, ChannelMalformedResponseException {
        if (rawBody == null) {
            throw new ChannelMalformedResponseException(CHANNEL, "notification: no body", null);
        }
        Map<String, String> params = parseForm(new String(rawBody, StandardCharsets.UTF_8));
        verifyParams(params);
        String outTradeNo = params.get("out_trade_no");
        if (outTradeNo == null || outTradeNo.isEmpty() || params.getOrDefault("trade_status", "").isEmpty()) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    "notification: out_trade_no or trade_status missing", null);
        }
        return new AlipayNotification(params.get("notify_id"), outTradeNo, params.get("trade_no"),
                params.get("trade_status"), yuan(params.get("total_amount"), "total_amount"), params.get("out_biz_no"),
                yuan(params.get("refund_fee"), "refund_fee"));
    }

    /**
     * Verifies the signature of a decoded parameter set the way notifications are verified: without {@code sign}
     * and {@code sign_type}.
     *
     * @param params the parameters as received
     * @throws ChannelSignatureException if the signature is missing or wrong
     */
    public void verifyParams(Map<String, String> params) throws ChannelSignatureException {
        String text = AlipaySigning.signString(params, AlipaySigning.NOTIFICATION_EXCLUDED);
        if (!AlipaySigning.verify(alipayPublicKey, text, params.get("sign"))) {
            throw new ChannelSignatureException(CHANNEL, "notification: RSA2 signature does not verify", null);
        }
    }

    /**
     * Decodes a form body.
     *
     * @param body the body text
     * @return the parameters in their order
     * @throws ChannelMalformedResponseException if an escape is invalid
     */
    static Map<String, String> parseForm(String body) throws ChannelMalformedResponseException {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            }
        } catch (IllegalArgumentException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "notification: invalid form encoding", e);
        }
        return out;
    }

    private JsonNode call(String method, Map<String, Object> biz, URI notifyUrl, boolean waitingIsResult)
            throws ChannelException {
        Map<String, String> params = new TreeMap<>();
        params.put("app_id", appId);
        params.put("method", method);
        params.put("format", "JSON");
        params.put("charset", "utf-8");
        params.put("sign_type", "RSA2");
        params.put("timestamp", TIMESTAMP.format(clock.instant()));
        params.put("version", "1.0");
        if (notifyUrl != null) {
            params.put("notify_url", notifyUrl.toString());
        }
        try {
            params.put("biz_content", JSON.writeValueAsString(biz));
        } catch (IOException e) {
            throw new IllegalStateException("biz_content", e);
        }
        params.put("sign", AlipaySigning.sign(appPrivateKey,
                AlipaySigning.signString(params, AlipaySigning.REQUEST_EXCLUDED)));
        StringBuilder form = new StringBuilder();
        params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        ChannelHttp.Answer response = http.sendExpectingOk(method, HttpRequest.newBuilder(gateway)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
        return answer(method, response.text(), waitingIsResult);
    }

    private JsonNode answer(String method, String body, boolean waitingIsResult) throws ChannelException {
        String field = method.replace('.', '_') + "_response";
        AlipaySigning.RawNode raw;
        JsonNode node;
        try {
            raw = AlipaySigning.extract(body, field);
            if (raw.node() == null) {
                raw = AlipaySigning.extract(body, "error_response");
            }
            if (raw.node() == null) {
                throw new ChannelMalformedResponseException(CHANNEL, method + ": answer has no " + field, null);
            }
            node = JSON.readTree(raw.node());
        } catch (IOException e) {
            throw new ChannelMalformedResponseException(CHANNEL, method + ": answer is not JSON", e);
        }
        String code = node.path("code").asText("");
        if (code.isEmpty()) {
            throw new ChannelMalformedResponseException(CHANNEL, method + ": answer has no code", null);
        }
        boolean unsignedAllowed = "40002".equals(code) && raw.sign() == null;
        if (!unsignedAllowed && !AlipaySigning.verify(alipayPublicKey, raw.node(), raw.sign())) {
            throw new ChannelSignatureException(CHANNEL,
                    method + ": RSA2 signature of the answer does not verify", null);
        }
        if ("10000".equals(code) || waitingIsResult && "10003".equals(code)) {
            return node;
        }
        String subCode = node.path("sub_code").asText("");
        throw new ChannelRefusedException(CHANNEL, method, 200, code, node.path("msg").asText(""), subCode,
                node.path("sub_msg").asText(""), disposition(code, subCode));
    }

    /**
     * Classifies a refusal: {@code 40006}, and {@code 40002} with an {@code isv.invalid-signature},
     * {@code isv.invalid-app-id} or {@code isv.missing-signature} sub-code, reject our credentials; {@code 10003},
     * {@code 20000} and {@code ACQ.SYSTEM_ERROR} leave the outcome unknown; {@code ACQ.TRADE_NOT_EXIST} is not found.
     */
    static ChannelRefusedException.Disposition disposition(String code, String subCode) {
        if ("40006".equals(code) || "40002".equals(code) && (subCode.startsWith("isv.invalid-signature")
                || subCode.startsWith("isv.invalid-app-id") || subCode.startsWith("isv.missing-signature"))) {
            return ChannelRefusedException.Disposition.CREDENTIALS_REJECTED;
        }
        if ("10003".equals(code) || "20000".equals(code) || "ACQ.SYSTEM_ERROR".equals(subCode)) {
            return ChannelRefusedException.Disposition.OUTCOME_UNKNOWN;
        }
        if ("ACQ.TRADE_NOT_EXIST".equals(subCode)) {
            return ChannelRefusedException.Disposition.NOT_FOUND;
        }
        return ChannelRefusedException.Disposition.DEFINITE;
    }

    private static AlipayTrade trade(JsonNode n) throws ChannelMalformedResponseException {
        String status = n.path("trade_status").asText("");
        String code = n.path("code").asText();
        if (status.isEmpty() && "10003".equals(code)) {
            status = "WAIT_BUYER_PAY";
        }
        return new AlipayTrade(code, n.path("out_trade_no").asText(""), n.path("trade_no").asText(""), status,
                money(n, "total_amount", "trade"), n.path("qr_code").asText(""));
    }

    private static Money money(JsonNode n, String field, String what) throws ChannelMalformedResponseException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new ChannelMalformedResponseException(CHANNEL, what + ": " + field + " is not an amount", null);
        }
        return yuan(v.isNumber() ? v.decimalValue().toPlainString() : v.asText(), field);
    }

    private static Money yuan(String text, String field) throws ChannelMalformedResponseException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Money.parseYuan(text);
        } catch (InvalidInputException e) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    field + " is not a yuan amount with at most 2 decimals", e);
        }
    }

    private static String amount(Money amount) {
        if (amount == null) {
            throw new InvalidInputException("amount", "must not be null");
        }
        if (amount.requirePositive("amount").compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidInputException("amount", "must be at most " + MAX_AMOUNT.toYuanString()
                    + " yuan (Alipay's total_amount range is 0.01 to 100000000; a refund cannot exceed it)");
        }
        return amount.toYuanString();
    }

    private static String checkNo(String field, String value) {
        if (value == null || !value.matches("[0-9A-Za-z_\\-]{1,64}")) {
            throw new InvalidInputException(field, "must be 1 to 64 characters of [0-9A-Za-z_-]");
        }
        return value;
    }

    private static String checkText(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new InvalidInputException(field, "must be 1 to " + max + " characters");
        }
        return value;
    }

    /** Returns {@code AlipayClient[appId, gateway]}; never keys. */
    @Override
    public String toString() {
        return "AlipayClient[" + appId + ", " + gateway + "]";
    }

    /**
     * Builds an {@link AlipayClient}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private URI gateway = URI.create("https://openapi.alipay.com/gateway.do");
        private String appId;
        private PrivateKey appPrivateKey;
        private PublicKey alipayPublicKey;
        private Clock clock = Clock.systemUTC();
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        /**
         * Sets the gateway URL (default {@code https://openapi.alipay.com/gateway.do}).
         *
         * @param gateway the URL
         * @return this builder
         */
        public Builder gateway(URI gateway) {
            this.gateway = gateway;
            return this;
        }

        /**
         * Sets the application ID ({@code app_id}).
         *
         * @param appId the ID
         * @return this builder
         */
        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        /**
         * Sets the application's RSA private key (at least 2048 bits).
         *
         * @param key the key
         * @return this builder
         */
        public Builder appPrivateKey(PrivateKey key) {
            this.appPrivateKey = key;
            return this;
        }

        /**
         * Sets the Alipay public key (支付宝公钥) answers and notifications are verified with.
         *
         * @param key the key
         * @return this builder
         */
        public Builder alipayPublicKey(PublicKey key) {
            this.alipayPublicKey = key;
            return this;
        }

        /**
         * Sets the clock of the {@code timestamp} parameter (written in China time).
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
         * @throws InvalidInputException if a setting is missing or a key is not RSA of at least 2048 bits
         */
        public AlipayClient build() {
            if (gateway == null) {
                throw new InvalidInputException("gateway", "must not be null");
            }
            if (appId == null || appId.isEmpty()) {
                throw new InvalidInputException("appId", "must not be empty");
            }
            checkRsa("appPrivateKey", appPrivateKey);
            checkRsa("alipayPublicKey", alipayPublicKey);
            if (clock == null || connectTimeout == null || requestTimeout == null) {
                throw new InvalidInputException("clock", "clock and timeouts must not be null");
            }
            return new AlipayClient(this);
        }

        private static void checkRsa(String field, Object key) {
            if (!(key instanceof RSAKey rsa) || rsa.getModulus().bitLength() < 2048) {
                throw new InvalidInputException(field, "must be an RSA key of at least 2048 bits");
            }
        }
    }
}
