package io.yikatong.payment.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.Bytes;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.DecryptionException;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.internal.ChannelHttp;
import io.yikatong.payment.wechat.internal.ResourceCipher;
import io.yikatong.payment.wechat.internal.WechatCrypto;
import io.yikatong.payment.wechat.internal.WechatJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The WeChat Pay APIv3 wire client (微信支付 APIv3, 普通商户): code payment (付款码), native QR, query, close, reverse,
 * refund, refund query, trade-bill download with digest check, and notification parsing. Every request is signed
 * ({@link MerchantSigner}); every answer is verified ({@link PlatformVerifier}) over the exact raw body before it is
 * decoded.
 *
 * <pre>{@code
 * WechatPayV3Client client = WechatPayV3Client.builder()
 *         .baseUri(URI.create("https://api.mch.weixin.qq.com"))
 *         .appid("wx...").signer(MerchantSigner.rsa(mchid, serial, privateKey))
 *         .verifier(PlatformVerifier.builder().rsaPublicKey(pubKeyId, wechatPayPublicKey).build())
 *         .apiV3Key(apiV3KeyBytes).build();
 * Transaction t = client.codepay("H20240601001", 1230, "挂号费", authCode);
 * }</pre>
 *
 * <p>Outcomes are values; infrastructure failures are the channel exceptions of channel {@code wechat}:
 * {@link ChannelLinkException} (I/O, timeout: the outcome is <em>unknown</em>, query), {@link ChannelRefusedException}
 * (non-2xx with WeChat's {@code code} and {@code message}), {@link ChannelMalformedResponseException} and
 * {@link ChannelSignatureException}. A timeout is never reported as a decline. A refusal's
 * {@link ChannelRefusedException#disposition() disposition}: HTTP 401 and {@code SIGN_ERROR}, {@code NO_AUTH},
 * {@code MCH_NOT_EXISTS}, {@code APPID_MCHID_NOT_MATCH}, {@code INVALID_REQUEST_SIGN} reject our credentials; a 5xx
 * and {@code USERPAYING}, {@code SYSTEMERROR}, {@code SYSTEM_ERROR}, {@code BANKERROR}, {@code FREQUENCY_LIMITED}
 * leave the outcome unknown; {@code ORDER_NOT_EXISTS} and {@code RESOURCE_NOT_EXISTS} are not found.
 *
 * <p>Every request goes through the {@link Builder#httpClient(HttpClient) HTTP client} the integrator configures (or a
 * default one) with the {@link Builder#requestTimeout(Duration) request timeout}.
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class WechatPayV3Client {

    /** {@code time_expire}: RFC 3339 in seconds at Beijing time's offset. */
    private static final java.time.format.DateTimeFormatter TIME_EXPIRE = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(java.time.ZoneOffset.ofHours(8));

    /** The channel identifier in the errors this class raises. */
    private static final String CHANNEL = WechatPayChannel.ID;

    private static final Pattern OUT_NO = Pattern.compile("[0-9A-Za-z_\\-*|]{6,32}");
    private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-*]{6,32}");
    /** Codes that leave the outcome unknown: query, do not fail the payment. */
    private static final java.util.Set<String> UNKNOWN_CODES =
            java.util.Set.of("USERPAYING", "SYSTEMERROR", "SYSTEM_ERROR", "BANKERROR", "FREQUENCY_LIMITED");
    /** Codes that reject our credentials, signature or merchant binding (as does any HTTP 401). */
    private static final java.util.Set<String> CREDENTIAL_CODES = java.util.Set.of("SIGN_ERROR", "NO_AUTH",
            "MCH_NOT_EXISTS", "APPID_MCHID_NOT_MATCH", "INVALID_REQUEST_SIGN");
    private static final java.util.Set<String> CODEPAY_UNKNOWN =
            java.util.Set.of("USERPAYING", "SYSTEMERROR", "SYSTEM_ERROR", "BANKERROR", "ORDERPAID");

    private final URI baseUri;
    private final String appid;
    private final MerchantSigner signer;
    private final PlatformVerifier verifier;
    private final ResourceCipher cipher;
    private final Clock clock;
    private final ChannelHttp http;

    private WechatPayV3Client(Builder b) {
        this.baseUri = b.baseUri;
        this.appid = b.appid;
        this.signer = b.signer;
        this.verifier = b.verifier;
        this.cipher = new ResourceCipher(b.apiV3Key,
                b.sm4Key != null ? b.sm4Key : ResourceCipher.defaultSm4Key(b.apiV3Key));
        this.clock = b.clock;
        this.http = new ChannelHttp(CHANNEL, ChannelHttp.clientOrDefault(b.httpClient, b.connectTimeout),
                b.requestTimeout);
    }

    /**
     * Starts a builder.
     *
     * @return a builder with a 10-second connect and request timeout and the UTC system clock
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks a merchant order or refund number against WeChat's rules: 6 to 32 characters of {@code [0-9A-Za-z_-*]}.
     * A number must never be reused for a new attempt, even after close or reverse (WeChat answers "商户订单号重复").
     *
     * @param field the field name for the error
     * @param value the number
     * @return the number
     * @throws InvalidInputException if it breaks the rules
     */
    public static String checkOutTradeNo(String field, String value) {
        if (value == null || !OUT_TRADE_NO.matcher(value).matches()) {
            throw new InvalidInputException(field, "must be 6 to 32 characters of [0-9A-Za-z_-*]");
        }
        return value;
    }

    /**
     * The largest amount WeChat Pay takes: {@code amount.total} and {@code amount.refund} are 32-bit signed integers
     * of fen (typed {@code int} in the API reference), 2147483647 fen = 21474836.47 yuan. A larger amount is refused
     * as bad input before anything is sent.
     */
    public static final long MAX_FEN = Integer.MAX_VALUE;

    private static long checkFen(String field, long fen) {
        if (fen <= 0) {
            throw new InvalidInputException(field, "must be a positive number of fen");
        }
        if (fen > MAX_FEN) {
            throw new InvalidInputException(field, "must be at most " + MAX_FEN
                    + " fen (WeChat Pay amounts are 32-bit integers of fen)");
        }
        return fen;
    }

    private static String checkText(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new InvalidInputException(field, "must be 1 to " + max + " characters");
        }
        return value;
    }

    // ---------------------------------------------------------------- operations

    /**
     * Code payment (付款码支付, merchant scans the payer): {@code POST /v3/pay/transactions/codepay}. If the answer is
     * HTTP 202 {@code USERPAYING} (the payer is entering the password; M, community and the v3 error table) or an
     * error code that leaves the outcome unknown ({@code USERPAYING}, {@code SYSTEMERROR}, {@code BANKERROR},
     * {@code ORDERPAID}) or a 5xx status, the result carries that code and an empty trade state: query, then reverse.
     *
     * @param outTradeNo the merchant order number, new for every attempt
     * @param totalFen the amount in fen, 1 to {@link #MAX_FEN}
     * @param description the goods description (商品描述), 1 to 127 characters
     * @param authCode the scanned payment code (付款码)
     * @return the transaction as WeChat reported it
     * @throws ChannelLinkException on I/O failure or timeout (outcome unknown)
     * @throws ChannelRefusedException on any other refusal (for example {@code PARAM_ERROR}, {@code AUTHCODEEXPIRE})
     * @throws ChannelMalformedResponseException if the answer is not the documented JSON
     * @throws ChannelSignatureException if the answer fails verification
     * @throws InvalidInputException if an argument breaks the rules
     */
    public Transaction codepay(String outTradeNo, long totalFen, String description, String authCode)
            throws ChannelException {
        checkOutTradeNo("outTradeNo", outTradeNo);
        checkFen("totalFen", totalFen);
        checkText("description", description, 127);
        checkText("authCode", authCode, 128);
        ObjectNode body = WechatJson.object();
        body.put("appid", appid).put("mchid", signer.mchid()).put("description", description)
                .put("out_trade_no", outTradeNo);
        body.putObject("amount").put("total", totalFen).put("currency", "CNY");
        body.putObject("scene_info").put("device_id", "yikatong");
        body.putObject("payer").put("auth_code", authCode);
        String path = "/v3/pay/transactions/codepay";
        Answer a = send("POST", path, WechatJson.write(body));
        if (a.status / 100 != 2) {
            ChannelRefusedException refused = refusal("POST " + path, a);
            if (refused.httpStatus() >= 500 || CODEPAY_UNKNOWN.contains(refused.channelCode())) {
                return new Transaction(outTradeNo, "", "", "", totalFen, 0, "", refused.channelCode().isEmpty()
                        ? "HTTP_" + refused.httpStatus() : refused.channelCode(), refused.channelMessage());
            }
            throw refused;
        }
        JsonNode node = WechatJson.parseObject(a.body, "codepay answer");
        if (!node.has("trade_state") && node.has("code")) {
            // 202 USERPAYING: the payer must enter the password; wait, then query
            return new Transaction(outTradeNo, "", "", "", totalFen, 0, "",
                    WechatJson.text(node, "code", "codepay answer"), WechatJson.optText(node, "message",
                            "codepay answer"));
        }
        if (!node.has("out_trade_no")) {
            // while the payer enters the password the answer may carry only the trade state
            return new Transaction(outTradeNo, "", WechatJson.text(node, "trade_state", "codepay answer"),
                    WechatJson.optText(node, "trade_state_desc", "codepay answer"), totalFen, 0, "", "", "");
        }
        return WechatJson.transaction(node, "codepay answer");
    }

    /**
     * Native payment (Native 支付, the payer scans the merchant's QR): {@code POST /v3/pay/transactions/native}.
     *
     * @param outTradeNo the merchant order number, new for every attempt
     * @param totalFen the amount in fen, 1 to {@link #MAX_FEN}
     * @param description the goods description, 1 to 127 characters
     * @param notifyUrl the HTTPS (or loopback HTTP) URL WeChat will notify
     * @return the {@code code_url} to render as a QR code
     * @throws ChannelException on link, refusal, malformed or signature failures (see {@link #codepay})
     * @throws InvalidInputException if an argument breaks the rules
     */
    public String nativePrepay(String outTradeNo, long totalFen, String description, URI notifyUrl)
            throws ChannelException {
        return nativePrepay(outTradeNo, totalFen, description, notifyUrl, null);
    }

    /**
     * Native payment with an expiry: {@code POST /v3/pay/transactions/native} with {@code time_expire}, RFC 3339 in
     * seconds at +08:00 (for example {@code 2026-12-07T18:15:15+08:00}); after it WeChat refuses to take the payment.
     *
     * @param outTradeNo the merchant order number, new for every attempt
     * @param totalFen the amount in fen
     * @param description the goods description, 1 to 127 characters
     * @param notifyUrl the HTTPS (or loopback HTTP) URL WeChat will notify
     * @param timeExpire the expiry (truncated to the second), or {@code null} for WeChat's default
     * @return the {@code code_url} to render as a QR code
     * @throws ChannelException on link, refusal, malformed or signature failures (see {@link #codepay})
     * @throws InvalidInputException if an argument breaks the rules
     */
    public String nativePrepay(String outTradeNo, long totalFen, String description, URI notifyUrl,
            java.time.Instant timeExpire) throws ChannelException {
        checkOutTradeNo("outTradeNo", outTradeNo);
        checkFen("totalFen", totalFen);
        checkText("description", description, 127);
        Objects.requireNonNull(notifyUrl, "notifyUrl");
        ObjectNode body = WechatJson.object();
        body.put("appid", appid).put("mchid", signer.mchid()).put("description", description)
                .put("out_trade_no", outTradeNo).put("notify_url", notifyUrl.toString());
        if (timeExpire != null) {
            body.put("time_expire", TIME_EXPIRE.format(timeExpire.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
        body.putObject("amount").put("total", totalFen).put("currency", "CNY");
        String path = "/v3/pay/transactions/native";
        Answer a = expect2xx("POST", path, WechatJson.write(body));
        return WechatJson.text(WechatJson.parseObject(a.body, "native answer"), "code_url", "native answer");
    }

    /**
     * Queries an order by merchant order number:
     * {@code GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=...}.
     *
     * @param outTradeNo the merchant order number
     * @return the transaction with its raw trade state
     * @throws ChannelRefusedException with {@code ORDER_NOT_EXISTS} (404) if WeChat has no such order
     * @throws ChannelException on link, malformed or signature failures
     * @throws InvalidInputException if the number breaks the rules
     */
    public Transaction queryByOutTradeNo(String outTradeNo) throws ChannelException {
        checkOutTradeNo("outTradeNo", outTradeNo);
        String path = "/v3/pay/transactions/out-trade-no/" + outTradeNo + "?mchid=" + enc(signer.mchid());
        Answer a = expect2xx("GET", path, "");
        return WechatJson.transaction(WechatJson.parseObject(a.body, "query answer"), "query answer");
    }

    /**
     * Closes an unpaid order: {@code POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close} (204).
     *
     * @param outTradeNo the merchant order number
     * @throws ChannelRefusedException if WeChat refuses (for example {@code ORDERPAID})
     * @throws ChannelException on link, malformed or signature failures
     * @throws InvalidInputException if the number breaks the rules
     */
    public void close(String outTradeNo) throws ChannelException {
        checkOutTradeNo("outTradeNo", outTradeNo);
        ObjectNode body = WechatJson.object().put("mchid", signer.mchid());
        expect2xx("POST", "/v3/pay/transactions/out-trade-no/" + outTradeNo + "/close", WechatJson.write(body));
    }

    /**
     * Reverses (撤销) a code payment: {@code POST /v3/pay/transactions/out-trade-no/{out_trade_no}/reverse}. A paid
     * order is refunded, an unpaid one closed. A reverse can be refused with {@code USERPAYING}
     * ("正在支付中不能发起撤销"): retry it. The answer's {@code recall} flag ([I], from v2) is returned: {@code true}
     * means "call reverse again".
     *
     * @param outTradeNo the merchant order number
     * @return the {@code recall} flag, {@code false} when absent
     * @throws ChannelRefusedException if WeChat refuses ({@code USERPAYING}: retry)
     * @throws ChannelException on link, malformed or signature failures
     * @throws InvalidInputException if the number breaks the rules
     */
    public boolean reverse(String outTradeNo) throws ChannelException {
        checkOutTradeNo("outTradeNo", outTradeNo);
        ObjectNode body = WechatJson.object().put("mchid", signer.mchid()).put("appid", appid);
        Answer a = expect2xx("POST", "/v3/pay/transactions/out-trade-no/" + outTradeNo + "/reverse",
                WechatJson.write(body));
        if (a.body.length == 0) {
            return false;
        }
        JsonNode recall = WechatJson.parseObject(a.body, "reverse answer").get("recall");
        if (recall != null && !recall.isBoolean()) {
            throw new ChannelMalformedResponseException(CHANNEL, "reverse answer: recall is not a boolean", null);
        }
        return recall != null && recall.asBoolean();
    }

    /**
     * Refunds part or all of a paid order: {@code POST /v3/refund/domestic/refunds}. Several refunds per order are
     * allowed, each with its own {@code out_refund_no}; retry a refund with the same number, never a new one.
     *
     * @param outTradeNo the merchant order number
     * @param outRefundNo the merchant refund number, stable across retries
     * @param refundFen the amount to refund in fen, 1 to {@link #MAX_FEN}
     * @param totalFen the order amount in fen, 1 to {@link #MAX_FEN}
     * @param reason the reason shown to the payer, or {@code null}
     * @param notifyUrl the refund notification URL, or {@code null}
     * @return the refund with its raw status ({@code PROCESSING} or {@code SUCCESS} typically)
     * @throws ChannelRefusedException if WeChat refuses (for example {@code NOT_ENOUGH}, {@code INVALID_REQUEST})
     * @throws ChannelException on link, malformed or signature failures
     * @throws InvalidInputException if an argument breaks the rules or the refund exceeds the total
     */
    public Refund refund(String outTradeNo, String outRefundNo, long refundFen, long totalFen, String reason,
            URI notifyUrl) throws ChannelException {
        checkOutTradeNo("outTradeNo", outTradeNo);
        if (outRefundNo == null || !OUT_NO.matcher(outRefundNo).matches()) {
            throw new InvalidInputException("outRefundNo", "must be 6 to 32 characters of [0-9A-Za-z_-|*]");
        }
        checkFen("refundFen", refundFen);
        checkFen("totalFen", totalFen);
        if (refundFen > totalFen) {
            throw new InvalidInputException("refundFen", "must not exceed totalFen");
        }
        ObjectNode body = WechatJson.object();
        body.put("out_trade_no", outTradeNo).put("out_refund_no", outRefundNo);
        if (reason != null) {
            body.put("reason", checkText("reason", reason, 80));
        }
        if (notifyUrl != null) {
            body.put("notify_url", notifyUrl.toString());
        }
        body.putObject("amount").put("refund", refundFen).put("total", totalFen).put("currency", "CNY");
        Answer a = expect2xx("POST", "/v3/refund/domestic/refunds", WechatJson.write(body));
        return WechatJson.refund(WechatJson.parseObject(a.body, "refund answer"), "refund answer");
    }

    /**
     * Queries a refund: {@code GET /v3/refund/domestic/refunds/{out_refund_no}}.
     *
     * @param outRefundNo the merchant refund number
     * @return the refund
     * @throws ChannelRefusedException with {@code RESOURCE_NOT_EXISTS} (404) if WeChat has no such refund
     * @throws ChannelException on link, malformed or signature failures
     * @throws InvalidInputException if the number breaks the rules
     */
    public Refund queryRefund(String outRefundNo) throws ChannelException {
        if (outRefundNo == null || !OUT_NO.matcher(outRefundNo).matches()) {
            throw new InvalidInputException("outRefundNo", "must be 6 to 32 characters of [0-9A-Za-z_-|*]");
        }
        Answer a = expect2xx("GET", "/v3/refund/domestic/refunds/" + outRefundNo, "");
        return WechatJson.refund(WechatJson.parseObject(a.body, "refund query answer"), "refund query answer");
    }

    /**
     * Downloads a trade bill: {@code GET /v3/bill/tradebill?bill_date=...} (signed answer with {@code download_url},
     * {@code hash_type}, {@code hash_value}), then the file at {@code download_url} (signed request, unsigned answer),
     * whose digest is checked here.
     *
     * @param billDate the bill date
     * @return the bill, whose content matched the announced digest
     * @throws ChannelSignatureException if the file does not match the digest or the hash type is unsupported
     * @throws ChannelException on link, refusal, malformed or signature failures
     */
    public TradeBill tradeBill(LocalDate billDate) throws ChannelException {
        Objects.requireNonNull(billDate, "billDate");
        Answer a = expect2xx("GET", "/v3/bill/tradebill?bill_date=" + billDate + "&bill_type=ALL", "");
        JsonNode node = WechatJson.parseObject(a.body, "tradebill answer");
        String hashType = WechatJson.text(node, "hash_type", "tradebill answer");
        String hashValue = WechatJson.text(node, "hash_value", "tradebill answer");
        URI download;
        try {
            download = URI.create(WechatJson.text(node, "download_url", "tradebill answer"));
        } catch (IllegalArgumentException e) {
            throw new ChannelMalformedResponseException(CHANNEL, "tradebill answer: download_url is not a URI", e);
        }
        if (!baseUri.getHost().equalsIgnoreCase(String.valueOf(download.getHost()))
                || download.getRawPath() == null) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    "tradebill answer: download_url is not on the gateway", null);
        }
        String rawPath = download.getRawPath() + (download.getRawQuery() == null ? "" : "?" + download.getRawQuery());
        Answer file = exchange("GET", rawPath, "", false);
        if (file.status / 100 != 2) {
            throw refusal("GET " + download.getRawPath(), file);
        }
        String algorithm;
        switch (hashType.toUpperCase(Locale.ROOT)) {
            case "SHA1": algorithm = "SHA-1"; break;
            case "SHA256": algorithm = "SHA-256"; break;
            case "SM3": algorithm = null; break;
            default: throw new ChannelSignatureException(CHANNEL, "tradebill: unsupported hash_type", null);
        }
        byte[] digest;
        if (algorithm == null) {
            digest = io.yikatong.core.crypto.Sm3.digest(file.body);
        } else {
            try {
                digest = MessageDigest.getInstance(algorithm).digest(file.body);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm + " missing", e);
            }
        }
        if (!MessageDigest.isEqual(HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII),
                hashValue.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new ChannelSignatureException(CHANNEL, "tradebill: file does not match hash_value", null);
        }
        return new TradeBill(billDate, hashType, Bytes.copyOf(file.body));
    }

    /**
     * Parses a notification: verifies the signature over the exact raw body (headers {@code Wechatpay-Serial},
     * {@code -Timestamp}, {@code -Nonce}, {@code -Signature}, looked up case-insensitively) with the 5-minute skew
     * check, then decrypts {@code resource}, then decodes it. Nothing of the payload is read before verification.
     * Duplicates are not detected here (dedupe by {@link WechatPayNotification#id()}).
     *
     * @param headers the HTTP headers as received (name to first value)
     * @param rawBody the body bytes exactly as received
     * @return a {@link TransactionNotification} or {@link RefundNotification}
     * @throws ChannelSignatureException if verification or decryption fails; answer WeChat with 4xx/5xx
     * @throws ChannelMalformedResponseException if the verified body or the decrypted resource is not the documented
     *     JSON, or the event type is unknown
     */
    public WechatPayNotification parseNotification(Map<String, String> headers, byte[] rawBody)
            throws ChannelSignatureException, ChannelMalformedResponseException {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(rawBody, "rawBody");
        Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                h.put(k, v);
            }
        });
        verifier.verify(h.get("Wechatpay-Serial"), h.get("Wechatpay-Timestamp"), h.get("Wechatpay-Nonce"),
                h.get("Wechatpay-Signature"), rawBody, clock.instant());
        JsonNode node = WechatJson.parseObject(rawBody, "notification");
        String what = "notification";
        String id = WechatJson.text(node, "id", what);
        String createTime = WechatJson.optText(node, "create_time", what);
        String eventType = WechatJson.text(node, "event_type", what);
        JsonNode resource = node.get("resource");
        if (resource == null || !resource.isObject()) {
            throw new ChannelMalformedResponseException(CHANNEL, "notification: missing resource", null);
        }
        String algorithm = WechatJson.text(resource, "algorithm", "notification resource");
        if (!algorithm.equals(signer.scheme().resourceAlgorithm())) {
            throw new ChannelSignatureException(CHANNEL,
                    "notification: resource algorithm does not match the scheme", null);
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(WechatJson.text(resource, "ciphertext", "notification resource"));
        } catch (IllegalArgumentException e) {
            throw new ChannelMalformedResponseException(CHANNEL,
                    "notification resource: ciphertext is not Base64", null);
        }
        byte[] plain;
        try {
            plain = cipher.decrypt(algorithm, WechatJson.text(resource, "nonce", "notification resource"),
                    WechatJson.optText(resource, "associated_data", "notification resource"), ciphertext);
        } catch (DecryptionException e) {
            throw new ChannelSignatureException(CHANNEL, "notification resource does not decrypt", e);
        }
        JsonNode payload = WechatJson.parseObject(plain, "notification resource");
        if (eventType.startsWith("TRANSACTION.")) {
            return new TransactionNotification(id, eventType, createTime,
                    WechatJson.transaction(payload, "notification resource"));
        }
        if (eventType.startsWith("REFUND.")) {
            return new RefundNotification(id, eventType, createTime,
                    WechatJson.refund(payload, "notification resource"));
        }
        throw new ChannelMalformedResponseException(CHANNEL, "notification: unknown event_type", null);
    }

    /**
     * Returns the merchant ID.
     *
     * @return the mchid
     */
    public String mchid() {
        return signer.mchid();
    }

    /**
     * Returns {@code WechatPayV3Client[mchid, base URI, scheme]}; never keys.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "WechatPayV3Client[" + signer.mchid() + ", " + baseUri + ", " + signer.scheme() + "]";
    }

    // ---------------------------------------------------------------- HTTP

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static final class Answer {
        final int status;
        final byte[] body;

        Answer(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }
    }

    private Answer expect2xx(String method, String path, String body) throws ChannelException {
        Answer a = send(method, path, body);
        if (a.status / 100 != 2) {
            throw refusal(method + " " + stripQuery(path), a);
        }
        return a;
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static ChannelRefusedException refusal(String operation, Answer a) {
        String code = "";
        String message = "";
        try {
            JsonNode node = WechatJson.MAPPER.readTree(a.body);
            if (node != null && node.isObject()) {
                code = node.path("code").isTextual() ? node.get("code").asText() : "";
                message = node.path("message").isTextual() ? node.get("message").asText() : "";
            }
        } catch (IOException | RuntimeException e) {
            // an error body that is not JSON (a proxy's HTML page): the status alone describes the refusal
            code = "";
        }
        return new ChannelRefusedException(CHANNEL, operation, a.status, code, message,
                disposition(a.status, code));
    }

    private static ChannelRefusedException.Disposition disposition(int status, String code) {
        if (status == 401 || CREDENTIAL_CODES.contains(code)) {
            return ChannelRefusedException.Disposition.CREDENTIALS_REJECTED;
        }
        if (status >= 500 || UNKNOWN_CODES.contains(code)) {
            return ChannelRefusedException.Disposition.OUTCOME_UNKNOWN;
        }
        if ("ORDER_NOT_EXISTS".equals(code) || "RESOURCE_NOT_EXISTS".equals(code)) {
            return ChannelRefusedException.Disposition.NOT_FOUND;
        }
        return ChannelRefusedException.Disposition.DEFINITE;
    }

    private Answer send(String method, String path, String body) throws ChannelException {
        return exchange(method, path, body, true);
    }

    private Answer exchange(String method, String path, String body, boolean verify) throws ChannelException {
        long timestamp = clock.instant().getEpochSecond();
        String nonce = WechatCrypto.nonce();
        String authorization = signer.authorization(method, path, body, timestamp, nonce);
        HttpRequest.Builder rb = HttpRequest.newBuilder(baseUri.resolve(path))
                .header("Authorization", authorization).header("Accept", "application/json")
                .header("User-Agent", "yikatong-sdk-payment");
        if ("GET".equals(method)) {
            rb.GET();
        } else {
            rb.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        ChannelHttp.Answer response = http.send(method + " " + stripQuery(path), rb);
        byte[] raw = response.body();
        HttpHeaders headers = response.headers();
        boolean signed = headers.firstValue("Wechatpay-Signature").isPresent();
        int status = response.status();
        if (verify && !signed && status / 100 != 2 && status < 500 && status != 401) {
            // WeChat Pay signs its refusals [I]: an unsigned one is not its answer (a wrong URL, a proxy) and proves
            // nothing about the request (401: our credentials, reported as such; 5xx: outcome unknown either way)
            throw ChannelLinkException.notGateway(CHANNEL, method + " " + stripQuery(path) + ": HTTP " + status
                    + " without the gateway's signature (not the gateway's answer; outcome unknown)", null);
        }
        if (verify && (response.status() / 100 == 2 || signed)) {
            verifier.verify(headers.firstValue("Wechatpay-Serial").orElse(null),
                    headers.firstValue("Wechatpay-Timestamp").orElse(null),
                    headers.firstValue("Wechatpay-Nonce").orElse(null),
                    headers.firstValue("Wechatpay-Signature").orElse(null), raw, clock.instant());
        }
        return new Answer(response.status(), raw);
    }

    /**
     * Builds a {@link WechatPayV3Client}. The configuration is checked completely at {@link #build()} (the APIv3 key is
     * required, since notifications cannot be decrypted without it; lesson §6.1).
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private URI baseUri;
        private String appid;
        private MerchantSigner signer;
        private PlatformVerifier verifier;
        private byte[] apiV3Key;
        private Sm4Key sm4Key;
        private Clock clock = Clock.systemUTC();
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * Sets the gateway base URI, for example {@code https://api.mch.weixin.qq.com} (backup
         * {@code https://api2.wechatpay.cn}) or a simulator's {@code http://127.0.0.1:port}.
         *
         * @param baseUri the base URI with scheme and host
         * @return this builder
         */
        public Builder baseUri(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
            return this;
        }

        /**
         * Sets the appid bound to the merchant (公众号/小程序/APP ID).
         *
         * @param appid the appid
         * @return this builder
         */
        public Builder appid(String appid) {
            this.appid = appid;
            return this;
        }

        /**
         * Sets the merchant signer (mchid, certificate serial, private key and scheme).
         *
         * @param signer the signer
         * @return this builder
         */
        public Builder signer(MerchantSigner signer) {
            this.signer = Objects.requireNonNull(signer, "signer");
            return this;
        }

        /**
         * Sets the platform verifier (platform certificates and/or WeChat Pay public key).
         *
         * @param verifier the verifier
         * @return this builder
         */
        public Builder verifier(PlatformVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * Sets the APIv3 key (APIv3 密钥), 32 bytes (usually 32 ASCII characters); copied.
         *
         * @param apiV3Key the key
         * @return this builder
         * @throws InvalidInputException if it is not 32 bytes
         */
        public Builder apiV3Key(byte[] apiV3Key) {
            if (apiV3Key == null || apiV3Key.length != 32) {
                throw new InvalidInputException("apiV3Key", "must be 32 bytes");
            }
            this.apiV3Key = apiV3Key.clone();
            return this;
        }

        /**
         * Sets the SM4 key for {@code AEAD_SM4_GCM} resources (国密 mode). Default: the first 16 bytes of the APIv3 key
         * — an assumption ([?]) that the project reference does not confirm; set it explicitly once WeChat documents
         * the rule for the merchant.
         *
         * @param sm4Key the key
         * @return this builder
         */
        public Builder sm4Key(Sm4Key sm4Key) {
            this.sm4Key = Objects.requireNonNull(sm4Key, "sm4Key");
            return this;
        }

        /**
         * Sets the clock for request timestamps and the skew check.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
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
         * @param timeout the timeout, positive
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets the per-request timeout (default 10 s), from sending a request to its answer's headers; a timeout is
         * reported as {@link ChannelLinkException}.
         *
         * @param timeout the timeout, positive
         * @return this builder
         * @throws InvalidInputException if not positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        private static Duration positive(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new InvalidInputException(field, "must be positive");
            }
            return d;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws InvalidInputException naming the first missing setting
         */
        public WechatPayV3Client build() {
            if (baseUri == null || baseUri.getHost() == null) {
                throw new InvalidInputException("baseUri", "must be set, with a host");
            }
            if (appid == null || appid.isEmpty()) {
                throw new InvalidInputException("appid", "must be set");
            }
            if (signer == null) {
                throw new InvalidInputException("signer", "must be set");
            }
            if (verifier == null) {
                throw new InvalidInputException("verifier", "must be set");
            }
            if (apiV3Key == null) {
                throw new InvalidInputException("apiV3Key", "must be set (needed to decrypt notifications)");
            }
            return new WechatPayV3Client(this);
        }
    }
}
