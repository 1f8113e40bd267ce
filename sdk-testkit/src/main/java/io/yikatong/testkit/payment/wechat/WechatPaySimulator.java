package io.yikatong.testkit.payment.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.SignatureVerificationException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2PublicKey;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.core.crypto.Sm4Key;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.PlatformVerifier;
import io.yikatong.payment.wechat.Refund;
import io.yikatong.payment.wechat.SignatureScheme;
import io.yikatong.payment.wechat.internal.ResourceCipher;
import io.yikatong.payment.wechat.internal.WechatCrypto;
import io.yikatong.payment.wechat.internal.WechatJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A WeChat Pay APIv3 gateway on 127.0.0.1 (real HTTP, {@code com.sun.net.httpserver}) for tests and integrators. It
 * verifies each request's {@code Authorization} as the gateway does (wrong signature, unknown serial, other mchid or a
 * timestamp 5 minutes or more away → 401 {@code SIGN_ERROR}), signs every answer and notification with its own
 * platform key (RSA with a self-signed platform certificate or a public-key ID, or SM2), keeps an order and refund
 * ledger (a refund never exceeds what was paid; a reused {@code out_trade_no} → 400 {@code OUT_TRADE_NO_USED}
 * "商户订单号重复"), sends encrypted notifications to the configured notify URL, and injects faults on demand.
 *
 * <pre>{@code
 * try (WechatPaySimulator sim = WechatPaySimulator.builder().mchid("1900000001")
 *         .merchantRsaKey("MERCHANT_SERIAL", merchantPublicKey).apiV3Key(key).start(0)) {
 *     WechatPayV3Client client = WechatPayV3Client.builder().baseUri(sim.baseUri())
 *             .verifier(sim.platformVerifier())...build();
 * }
 * }</pre>
 *
 * <p>Supported paths: {@code POST /v3/pay/transactions/codepay}, {@code POST /v3/pay/transactions/native},
 * {@code GET /v3/pay/transactions/out-trade-no/{no}}, {@code POST .../{no}/close}, {@code POST .../{no}/reverse},
 * {@code POST /v3/refund/domestic/refunds}, {@code GET /v3/refund/domestic/refunds/{no}},
 * {@code GET /v3/bill/tradebill}, {@code GET /v3/billdownload/file}. Payment codes ({@code auth_code}) must be 18
 * digits starting with 10 to 15; a code starting with {@code 1399} is declined ({@code PAYERROR}).
 *
 * <p>Thread-safe; create one and share it.
 *
 * @since 0.1
 */
public final class WechatPaySimulator implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WechatPaySimulator.class);
    private static final Pattern AUTH = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private static final Pattern ORDER_PATH =
            Pattern.compile("/v3/pay/transactions/out-trade-no/([^/?]+)(/close|/reverse)?");
    private static final Pattern REFUND_PATH = Pattern.compile("/v3/refund/domestic/refunds/([^/?]+)");
    private static final Pattern AUTH_CODE = Pattern.compile("1[0-5][0-9]{16}");

    private final Builder config;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService notifier;
    private final HttpClient notifyClient;
    private final WechatCrypto.Signer platformSigner;
    private final String platformSerial;
    private final PublicKey platformRsaKey;
    private final X509Certificate platformCertificate;
    private final Sm2PublicKey platformSm2Key;
    private final WechatCrypto.Checker merchantChecker;
    private final ResourceCipher cipher;
    private final Object lock = new Object();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, RefundEntry> refunds = new LinkedHashMap<>();
    private final Map<String, byte[]> bills = new HashMap<>();
    private final Deque<ResponseFault> responseFaults = new ArrayDeque<>();
    private final List<HeldNotification> held = new ArrayList<>();
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger signErrors = new AtomicInteger();
    private final AtomicInteger txCounter = new AtomicInteger();
    private int nextUserPayingQueries;
    private String nextUserPayingFinal;
    private int reverseUserPaying;
    private int duplicateCopies;
    private Duration notificationDelay = Duration.ZERO;
    private boolean holdNotifications;
    private int badNotificationSignatures;
    private boolean corruptNextBill;

    private enum FaultKind { DELAY, DROP, STATUS }

    private static final class ResponseFault {
        final FaultKind kind;
        final Duration delay;
        final int status;

        ResponseFault(FaultKind kind, Duration delay, int status) {
            this.kind = kind;
            this.delay = delay;
            this.status = status;
        }
    }

    private static final class Order {
        final String outTradeNo;
        final String transactionId;
        final long total;
        final String notifyUrl;
        String state;
        long refunded;
        int queries;
        int userPayingQueries;
        String userPayingFinal;

        Order(String outTradeNo, String transactionId, long total, String notifyUrl, String state) {
            this.outTradeNo = outTradeNo;
            this.transactionId = transactionId;
            this.total = total;
            this.notifyUrl = notifyUrl;
            this.state = state;
        }
    }

    private static final class RefundEntry {
        final String outTradeNo;
        final String outRefundNo;
        final String refundId;
        final long refund;
        final long total;
        String status;

        RefundEntry(String outTradeNo, String outRefundNo, String refundId, long refund, long total) {
            this.outTradeNo = outTradeNo;
            this.outRefundNo = outRefundNo;
            this.refundId = refundId;
            this.refund = refund;
            this.total = total;
            this.status = "PROCESSING";
        }
    }

    private record HeldNotification(Notification notification, boolean corrupt) {
    }

    private static final class Notification {
        final String id;
        final String url;
        final byte[] body;

        Notification(String id, String url, byte[] body) {
            this.id = id;
            this.url = url;
            this.body = body;
        }
    }

    private WechatPaySimulator(Builder b, int port) throws IOException {
        this.config = b;
        SecureRandom random = new SecureRandom();
        if (b.scheme == SignatureScheme.SM2) {
            Sm2KeyPair pair = Sm2KeyPair.generate(random);
            this.platformSm2Key = pair.publicKey();
            this.platformSigner = WechatCrypto.sm2Signer(pair.privateKey(), b.sm2Format);
            this.platformRsaKey = null;
            this.platformCertificate = null;
            this.platformSerial = "SM2_PLATFORM_" + HexFormat.of().withUpperCase().formatHex(random.generateSeed(8));
            this.merchantChecker = WechatCrypto.sm2Checker(b.merchantSm2Key, b.sm2Format);
        } else {
            KeyPair pair;
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, random);
                pair = g.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("RSA key generation failed", e);
            }
            this.platformRsaKey = pair.getPublic();
            this.platformSigner = WechatCrypto.rsaSigner(pair.getPrivate());
            this.platformSm2Key = null;
            if (b.certificateMode) {
                this.platformCertificate = selfSigned(pair, random);
                this.platformSerial = platformCertificate.getSerialNumber().toString(16).toUpperCase();
            } else {
                this.platformCertificate = null;
                this.platformSerial = "PUB_KEY_ID_" + HexFormat.of().withUpperCase().formatHex(random.generateSeed(12));
            }
            this.merchantChecker = WechatCrypto.rsaChecker(b.merchantRsaKey);
        }
        this.cipher = new ResourceCipher(b.apiV3Key,
                b.sm4Key != null ? b.sm4Key : ResourceCipher.defaultSm4Key(b.apiV3Key));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "wechatpay-simulator");
            t.setDaemon(true);
            return t;
        });
        this.notifier = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wechatpay-simulator-notify");
            t.setDaemon(true);
            return t;
        });
        this.notifyClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    private static X509Certificate selfSigned(KeyPair pair, SecureRandom random) {
        try {
            X500Name name = new X500Name("CN=Tenpay.com Root CA simulator, O=Yikatong simulator, C=CN");
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(64, random).setBit(63);
            JcaX509v3CertificateBuilder cb = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                    pair.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    cb.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("platform certificate generation failed", e);
        }
    }

    /**
     * Starts a builder.
     *
     * @return a builder for the RSA scheme in public-key mode
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- public hooks

    /**
     * Returns the base URI, {@code http://127.0.0.1:port}.
     *
     * @return the base URI
     */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Returns a verifier for this simulator's platform key (certificate mode if configured, else public-key mode).
     *
     * @return the verifier
     */
    public PlatformVerifier platformVerifier() {
        PlatformVerifier.Builder b = PlatformVerifier.builder();
        if (platformSm2Key != null) {
            b.sm2PublicKey(platformSerial, platformSm2Key, config.sm2Format);
        } else if (platformCertificate != null) {
            b.rsaCertificate(platformCertificate);
        } else {
            b.rsaPublicKey(platformSerial, platformRsaKey);
        }
        return b.build();
    }

    /**
     * Returns the platform certificate (RSA certificate mode only).
     *
     * @return the certificate, if in certificate mode
     */
    public Optional<X509Certificate> platformCertificate() {
        return Optional.ofNullable(platformCertificate);
    }

    /**
     * Returns the serial or public-key ID sent as {@code Wechatpay-Serial}.
     *
     * @return the serial
     */
    public String platformSerial() {
        return platformSerial;
    }

    /**
     * Returns a snapshot of one order.
     *
     * @param outTradeNo the merchant order number
     * @return the order, if known
     */
    public Optional<SimulatedOrder> order(String outTradeNo) {
        synchronized (lock) {
            Order o = orders.get(outTradeNo);
            return o == null ? Optional.empty() : Optional.of(new SimulatedOrder(o.outTradeNo, o.transactionId,
                    o.state, o.total, o.refunded, o.queries));
        }
    }

    /**
     * Returns snapshots of all orders, in creation order.
     *
     * @return the orders
     */
    public List<SimulatedOrder> orders() {
        synchronized (lock) {
            List<SimulatedOrder> out = new ArrayList<>();
            for (Order o : orders.values()) {
                out.add(new SimulatedOrder(o.outTradeNo, o.transactionId, o.state, o.total, o.refunded, o.queries));
            }
            return out;
        }
    }

    /**
     * Returns a snapshot of one refund.
     *
     * @param outRefundNo the merchant refund number
     * @return the refund, if known
     */
    public Optional<Refund> refund(String outRefundNo) {
        synchronized (lock) {
            RefundEntry r = refunds.get(outRefundNo);
            return r == null ? Optional.empty()
                    : Optional.of(new Refund(r.outTradeNo, r.outRefundNo, r.refundId, r.status, r.refund, r.total));
        }
    }

    /**
     * Returns the IDs of notifications the notify URL answered with 2xx, in delivery order (duplicates included).
     *
     * @return the delivered notification IDs
     */
    public List<String> deliveredNotifications() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    /**
     * Returns how many requests were rejected with 401 {@code SIGN_ERROR}.
     *
     * @return the count
     */
    public int signErrors() {
        return signErrors.get();
    }

    /**
     * The payer scans a native order's QR and pays: the order becomes {@code SUCCESS} and a notification is sent.
     *
     * @param outTradeNo the merchant order number
     * @throws InvalidInputException if the order is unknown or not {@code NOTPAY}
     */
    public void payNative(String outTradeNo) {
        synchronized (lock) {
            Order o = orders.get(outTradeNo);
            if (o == null || !"NOTPAY".equals(o.state)) {
                throw new InvalidInputException("outTradeNo", "no unpaid native order with this number");
            }
            o.state = "SUCCESS";
            notifyTransaction(o);
        }
    }

    /**
     * Delays the next {@code count} answers by {@code delay} (the request takes effect; the answer is late).
     *
     * @param count how many answers
     * @param delay the delay
     */
    public void delayNextResponses(int count, Duration delay) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                responseFaults.add(new ResponseFault(FaultKind.DELAY, delay, 0));
            }
        }
    }

    /**
     * Drops the next {@code count} answers: the request takes effect, then the connection is closed without an
     * answer (the dangerous "outcome unknown" case).
     *
     * @param count how many answers
     */
    public void dropNextResponses(int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                responseFaults.add(new ResponseFault(FaultKind.DROP, Duration.ZERO, 0));
            }
        }
    }

    /**
     * Answers the next {@code count} requests with an HTTP error status and {@code SYSTEM_ERROR}, without processing
     * them.
     *
     * @param count how many requests
     * @param status the status, for example 500 or 503
     */
    public void failNextResponses(int count, int status) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                responseFaults.add(new ResponseFault(FaultKind.STATUS, Duration.ZERO, status));
            }
        }
    }

    /**
     * Makes the next code payment answer 202 {@code USERPAYING}; its order stays {@code USERPAYING} for
     * {@code queries - 1} queries and the {@code queries}-th query sees {@code finalState}.
     *
     * @param queries the number of queries until resolution, at least 1
     * @param finalState {@code SUCCESS} or {@code PAYERROR}
     * @throws InvalidInputException if the arguments are out of range
     */
    public void nextCodepayUserPaying(int queries, String finalState) {
        if (queries < 1 || !("SUCCESS".equals(finalState) || "PAYERROR".equals(finalState))) {
            throw new InvalidInputException("finalState", "queries >= 1 and SUCCESS or PAYERROR");
        }
        synchronized (lock) {
            nextUserPayingQueries = queries;
            nextUserPayingFinal = finalState;
        }
    }

    /**
     * Makes the next reverse of an order in {@code USERPAYING} answer 403 {@code USERPAYING} once.
     */
    public void nextReverseUserPaying() {
        synchronized (lock) {
            reverseUserPaying++;
        }
    }

    /**
     * Sends every following notification {@code copies} times in total.
     *
     * @param copies 1 for normal delivery, 2 or more for duplicates
     */
    public void duplicateNotifications(int copies) {
        synchronized (lock) {
            duplicateCopies = Math.max(1, copies) - 1;
        }
    }

    /**
     * Delays every following notification (late notifications).
     *
     * @param delay the delay
     */
    public void delayNotifications(Duration delay) {
        synchronized (lock) {
            notificationDelay = Objects.requireNonNull(delay, "delay");
        }
    }

    /**
     * Holds notifications instead of sending them, until {@link #releaseHeldNotifications(boolean)}.
     */
    public void holdNotifications() {
        synchronized (lock) {
            holdNotifications = true;
        }
    }

    /**
     * Sends the held notifications and stops holding.
     *
     * @param reversed {@code true} to send them in reverse order (out-of-order delivery)
     */
    public void releaseHeldNotifications(boolean reversed) {
        List<HeldNotification> out;
        synchronized (lock) {
            holdNotifications = false;
            out = new ArrayList<>(held);
            held.clear();
        }
        if (reversed) {
            Collections.reverse(out);
        }
        for (HeldNotification h : out) {
            notifier.execute(() -> deliver(h.notification, h.corrupt)); // a bad signature survives the hold
        }
    }

    /**
     * Signs the next notification with a wrong signature.
     */
    public void badNextNotificationSignature() {
        synchronized (lock) {
            badNotificationSignatures++;
        }
    }

    /**
     * Makes the next bill file differ from its announced digest.
     */
    public void corruptNextBill() {
        synchronized (lock) {
            corruptNextBill = true;
        }
    }

    /**
     * Stops the server and the notifier.
     */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        notifier.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private static final class Reply {
        final int status;
        final byte[] body;
        final boolean signed;

        Reply(int status, byte[] body, boolean signed) {
            this.status = status;
            this.body = body;
            this.signed = signed;
        }
    }

    private static Reply json(int status, JsonNode node) {
        return new Reply(status, WechatJson.write(node).getBytes(StandardCharsets.UTF_8), true);
    }

    private static Reply error(int status, String code, String message) {
        return json(status, WechatJson.object().put("code", code).put("message", message));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(1 << 20);
            }
            ResponseFault fault;
            synchronized (lock) {
                fault = responseFaults.poll();
            }
            Reply reply;
            if (fault != null && fault.kind == FaultKind.STATUS) {
                reply = new Reply(fault.status, WechatJson.write(WechatJson.object().put("code", "SYSTEM_ERROR")
                        .put("message", "系统错误")).getBytes(StandardCharsets.UTF_8), false);
            } else {
                reply = process(exchange, body);
            }
            if (fault != null && fault.kind == FaultKind.DROP) {
                return; // closing without headers drops the connection
            }
            if (fault != null && fault.kind == FaultKind.DELAY) {
                try {
                    Thread.sleep(fault.delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (reply.signed) {
                sign(exchange, reply.body, false);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Request-ID", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(reply.status, reply.body.length == 0 ? -1 : reply.body.length);
            if (reply.body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body);
                }
            }
        }
    }

    private void sign(HttpExchange exchange, byte[] body, boolean corrupt) {
        Map<String, String> h = signedHeaders(body, corrupt);
        h.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    }

    private Map<String, String> signedHeaders(byte[] body, boolean corrupt) {
        String timestamp = Long.toString(config.clock.instant().getEpochSecond());
        String nonce = WechatCrypto.nonce();
        byte[] message = PlatformVerifier.responseMessage(timestamp, nonce, body);
        byte[] sig = platformSigner.sign(message);
        if (corrupt) {
            sig[sig.length / 2] ^= 0x01;
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Wechatpay-Serial", platformSerial);
        h.put("Wechatpay-Timestamp", timestamp);
        h.put("Wechatpay-Nonce", nonce);
        h.put("Wechatpay-Signature", Base64.getEncoder().encodeToString(sig));
        h.put("Wechatpay-Signature-Type", config.scheme.authorizationScheme());
        return h;
    }

    private String checkAuthorization(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String prefix = config.scheme.authorizationScheme() + " ";
        if (header == null || !header.startsWith(prefix)) {
            return "missing or wrong Authorization scheme";
        }
        Map<String, String> fields = new HashMap<>();
        Matcher m = AUTH.matcher(header.substring(prefix.length()));
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        if (!config.mchid.equals(fields.get("mchid"))) {
            return "mchid does not match";
        }
        if (!config.merchantSerial.equals(fields.get("serial_no"))) {
            return "unknown serial_no";
        }
        long ts;
        try {
            ts = Long.parseLong(Objects.requireNonNullElse(fields.get("timestamp"), ""));
        } catch (NumberFormatException e) {
            return "bad timestamp";
        }
        if (Math.abs(config.clock.instant().getEpochSecond() - ts) >= 300) {
            return "timestamp expired";
        }
        String nonce = fields.get("nonce_str");
        String signature = fields.get("signature");
        if (nonce == null || signature == null) {
            return "missing nonce_str or signature";
        }
        URI uri = exchange.getRequestURI();
        String url = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String message = MerchantSigner.requestMessage(exchange.getRequestMethod(), url, ts, nonce,
                new String(body, StandardCharsets.UTF_8));
        try {
            merchantChecker.check(message.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(signature));
        } catch (SignatureVerificationException | IllegalArgumentException e) {
            return "signature invalid";
        }
        return null;
    }

    private Reply process(HttpExchange exchange, byte[] body) {
        String problem = checkAuthorization(exchange, body);
        if (problem != null) {
            signErrors.incrementAndGet();
            return error(401, "SIGN_ERROR", "签名错误: " + problem);
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        try {
            if ("POST".equals(method) && "/v3/pay/transactions/codepay".equals(path)) {
                return codepay(WechatJson.parseObject(body, "request"));
            }
            if ("POST".equals(method) && "/v3/pay/transactions/native".equals(path)) {
                return nativeOrder(WechatJson.parseObject(body, "request"));
            }
            if ("POST".equals(method) && "/v3/refund/domestic/refunds".equals(path)) {
                return refund(WechatJson.parseObject(body, "request"));
            }
            if ("GET".equals(method) && "/v3/bill/tradebill".equals(path)) {
                return tradeBill(query);
            }
            if ("GET".equals(method) && "/v3/billdownload/file".equals(path)) {
                byte[] file;
                synchronized (lock) {
                    file = query == null ? null : bills.get(query.replaceFirst("^token=", ""));
                }
                return file == null ? error(404, "RESOURCE_NOT_EXISTS", "账单不存在") : new Reply(200, file, false);
            }
            Matcher m = ORDER_PATH.matcher(path);
            if (m.matches()) {
                String no = m.group(1);
                if (m.group(2) == null && "GET".equals(method)) {
                    return queryOrder(no);
                }
                if ("/close".equals(m.group(2)) && "POST".equals(method)) {
                    return closeOrder(no);
                }
                if ("/reverse".equals(m.group(2)) && "POST".equals(method)) {
                    return reverseOrder(no);
                }
            }
            Matcher r = REFUND_PATH.matcher(path);
            if (r.matches() && "GET".equals(method)) {
                return queryRefund(r.group(1));
            }
            return error(404, "RESOURCE_NOT_EXISTS", "接口不存在");
        } catch (ChannelMalformedResponseException e) {
            return error(400, "PARAM_ERROR", "参数错误");
        }
    }

    private String newTransactionId() {
        return "4200" + String.format("%024d", txCounter.incrementAndGet());
    }

    private Reply codepay(JsonNode req) throws ChannelMalformedResponseException {
        String no = WechatJson.text(req, "out_trade_no", "request");
        long total = WechatJson.amount(req, "total", "request");
        JsonNode payer = req.get("payer");
        String authCode = payer == null ? "" : payer.path("auth_code").asText("");
        if (total <= 0) {
            return error(400, "PARAM_ERROR", "amount.total 必须大于0");
        }
        if (!AUTH_CODE.matcher(authCode).matches()) {
            return error(400, "PARAM_ERROR", "付款码无效，请重新扫码");
        }
        synchronized (lock) {
            if (orders.containsKey(no)) {
                return error(400, "OUT_TRADE_NO_USED", "商户订单号重复");
            }
            Order o = new Order(no, newTransactionId(), total, config.notifyUrl, "USERPAYING");
            orders.put(no, o);
            if (nextUserPayingQueries > 0) {
                o.userPayingQueries = nextUserPayingQueries;
                o.userPayingFinal = nextUserPayingFinal;
                nextUserPayingQueries = 0;
                return error(202, "USERPAYING", "用户支付中，需要输入密码");
            }
            o.state = authCode.startsWith("1399") ? "PAYERROR" : "SUCCESS";
            if ("SUCCESS".equals(o.state)) {
                notifyTransaction(o);
            }
            return json(200, transactionJson(o));
        }
    }

    private Reply nativeOrder(JsonNode req) throws ChannelMalformedResponseException {
        String no = WechatJson.text(req, "out_trade_no", "request");
        long total = WechatJson.amount(req, "total", "request");
        String notifyUrl = WechatJson.text(req, "notify_url", "request");
        if (total <= 0) {
            return error(400, "PARAM_ERROR", "amount.total 必须大于0");
        }
        synchronized (lock) {
            if (orders.containsKey(no)) {
                return error(400, "OUT_TRADE_NO_USED", "商户订单号重复");
            }
            orders.put(no, new Order(no, newTransactionId(), total, notifyUrl, "NOTPAY"));
        }
        return json(200, WechatJson.object().put("code_url", "weixin://wxpay/bizpayurl?pr=" + no));
    }

    private ObjectNode transactionJson(Order o) {
        ObjectNode n = WechatJson.object();
        n.put("appid", config.appid).put("mchid", config.mchid).put("out_trade_no", o.outTradeNo)
                .put("transaction_id", o.transactionId).put("trade_type", "MICROPAY").put("trade_state", o.state)
                .put("trade_state_desc", o.state);
        if ("SUCCESS".equals(o.state) || "REFUND".equals(o.state)) {
            n.put("success_time", OffsetDateTime.ofInstant(config.clock.instant(), ZoneOffset.ofHours(8)).toString());
        }
        n.putObject("amount").put("total", o.total).put("payer_total", "NOTPAY".equals(o.state) ? 0 : o.total)
                .put("currency", "CNY");
        return n;
    }

    private Reply queryOrder(String no) {
        synchronized (lock) {
            Order o = orders.get(no);
            if (o == null) {
                return error(404, "ORDER_NOT_EXISTS", "订单不存在");
            }
            o.queries++;
            if (o.userPayingQueries > 0 && "USERPAYING".equals(o.state)) {
                o.userPayingQueries--;
                if (o.userPayingQueries == 0) {
                    o.state = o.userPayingFinal;
                    if ("SUCCESS".equals(o.state)) {
                        notifyTransaction(o);
                    }
                }
            }
            return json(200, transactionJson(o));
        }
    }

    private Reply closeOrder(String no) {
        synchronized (lock) {
            Order o = orders.get(no);
            if (o == null) {
                return error(404, "ORDER_NOT_EXISTS", "订单不存在");
            }
            if ("SUCCESS".equals(o.state) || "REFUND".equals(o.state)) {
                return error(400, "ORDERPAID", "订单已支付");
            }
            if ("NOTPAY".equals(o.state) || "USERPAYING".equals(o.state) || "PAYERROR".equals(o.state)) {
                o.state = "CLOSED";
                o.userPayingQueries = 0;
            }
            return new Reply(204, new byte[0], true);
        }
    }

    private Reply reverseOrder(String no) {
        synchronized (lock) {
            Order o = orders.get(no);
            if (o == null) {
                return error(404, "ORDER_NOT_EXISTS", "订单不存在");
            }
            if ("USERPAYING".equals(o.state) && reverseUserPaying > 0) {
                reverseUserPaying--;
                return error(403, "USERPAYING", "正在支付中不能发起撤销");
            }
            if ("SUCCESS".equals(o.state)) {
                o.refunded = o.total;
            }
            if (!"CLOSED".equals(o.state) && !"REFUND".equals(o.state)) {
                o.state = "REVOKED";
                o.userPayingQueries = 0;
            }
            return json(200, WechatJson.object().put("recall", false));
        }
    }

    private Reply refund(JsonNode req) throws ChannelMalformedResponseException {
        String no = WechatJson.text(req, "out_trade_no", "request");
        String refundNo = WechatJson.text(req, "out_refund_no", "request");
        long amount = WechatJson.amount(req, "refund", "request");
        long total = WechatJson.amount(req, "total", "request");
        String notifyUrl = req.has("notify_url") ? WechatJson.text(req, "notify_url", "request") : config.notifyUrl;
        synchronized (lock) {
            RefundEntry existing = refunds.get(refundNo);
            if (existing != null) {
                if (!existing.outTradeNo.equals(no) || existing.refund != amount) {
                    return error(400, "INVALID_REQUEST", "退款单号已存在且参数不一致");
                }
                return json(200, refundJson(existing));
            }
            Order o = orders.get(no);
            if (o == null) {
                return error(404, "RESOURCE_NOT_EXISTS", "订单不存在");
            }
            if (!"SUCCESS".equals(o.state) && !"REFUND".equals(o.state)) {
                return error(400, "INVALID_REQUEST", "订单未支付，不能退款");
            }
            if (total != o.total || amount <= 0) {
                return error(400, "PARAM_ERROR", "金额与订单不一致");
            }
            if (o.refunded + amount > o.total) {
                return error(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
            }
            o.refunded += amount;
            o.state = "REFUND";
            RefundEntry r = new RefundEntry(no, refundNo, "5030" + String.format("%024d",
                    txCounter.incrementAndGet()), amount, total);
            refunds.put(refundNo, r);
            Reply reply = json(200, refundJson(r));
            r.status = "SUCCESS";
            if (notifyUrl != null) {
                ObjectNode payload = WechatJson.object();
                payload.put("mchid", config.mchid).put("out_trade_no", no).put("transaction_id", o.transactionId)
                        .put("out_refund_no", refundNo).put("refund_id", r.refundId).put("refund_status", "SUCCESS");
                payload.putObject("amount").put("total", total).put("refund", amount).put("payer_total", total)
                        .put("payer_refund", amount);
                enqueueNotification(notifyUrl, "REFUND.SUCCESS", "refund", payload);
            }
            return reply;
        }
    }

    private ObjectNode refundJson(RefundEntry r) {
        ObjectNode n = WechatJson.object();
        n.put("refund_id", r.refundId).put("out_refund_no", r.outRefundNo).put("out_trade_no", r.outTradeNo)
                .put("channel", "ORIGINAL").put("status", r.status);
        n.putObject("amount").put("refund", r.refund).put("total", r.total).put("currency", "CNY");
        return n;
    }

    private Reply queryRefund(String refundNo) {
        synchronized (lock) {
            RefundEntry r = refunds.get(refundNo);
            return r == null ? error(404, "RESOURCE_NOT_EXISTS", "退款单不存在") : json(200, refundJson(r));
        }
    }

    private Reply tradeBill(String query) {
        if (query == null || !query.matches("bill_date=\\d{4}-\\d{2}-\\d{2}(&.*)?")) {
            return error(400, "PARAM_ERROR", "bill_date 格式错误");
        }
        StringBuilder csv = new StringBuilder("交易时间,公众账号ID,商户号,微信订单号,商户订单号,交易状态,订单金额\n");
        byte[] file;
        String token = UUID.randomUUID().toString().replace("-", "");
        String hash;
        synchronized (lock) {
            for (Order o : orders.values()) {
                if ("SUCCESS".equals(o.state) || "REFUND".equals(o.state)) {
                    csv.append('`').append(query, 10, 20).append(",`").append(config.appid).append(",`")
                            .append(config.mchid).append(",`").append(o.transactionId).append(",`")
                            .append(o.outTradeNo).append(",`").append(o.state).append(",`")
                            .append(String.format("%d.%02d", o.total / 100, o.total % 100)).append('\n');
                }
            }
            file = csv.toString().getBytes(StandardCharsets.UTF_8);
            try {
                hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(file));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (corruptNextBill) {
                corruptNextBill = false;
                file = (csv + "`tampered\n").getBytes(StandardCharsets.UTF_8);
            }
            bills.put(token, file);
        }
        return json(200, WechatJson.object().put("hash_type", "SHA1").put("hash_value", hash)
                .put("download_url", baseUri() + "/v3/billdownload/file?token=" + token));
    }

    // ---------------------------------------------------------------- notifications

    private void notifyTransaction(Order o) {
        if (o.notifyUrl != null) {
            enqueueNotification(o.notifyUrl, "TRANSACTION.SUCCESS", "transaction", transactionJson(o));
        }
    }

    /** Called with {@code lock} held. */
    private void enqueueNotification(String url, String eventType, String associatedData, JsonNode payload) {
        String nonce = WechatCrypto.nonce().substring(0, 12);
        byte[] ct = cipher.encrypt(config.scheme.resourceAlgorithm(), nonce, associatedData,
                WechatJson.write(payload).getBytes(StandardCharsets.UTF_8));
        String id = UUID.randomUUID().toString();
        ObjectNode body = WechatJson.object();
        body.put("id", id).put("create_time",
                OffsetDateTime.ofInstant(config.clock.instant(), ZoneOffset.ofHours(8)).toString())
                .put("resource_type", "encrypt-resource").put("event_type", eventType).put("summary", "支付成功");
        body.putObject("resource").put("original_type", associatedData)
                .put("algorithm", config.scheme.resourceAlgorithm()).put("ciphertext",
                        Base64.getEncoder().encodeToString(ct)).put("associated_data", associatedData)
                .put("nonce", nonce);
        Notification n = new Notification(id, url, WechatJson.write(body).getBytes(StandardCharsets.UTF_8));
        boolean corrupt = badNotificationSignatures > 0;
        if (corrupt) {
            badNotificationSignatures--;
        }
        int copies = 1 + duplicateCopies;
        if (holdNotifications) {
            for (int i = 0; i < copies; i++) {
                held.add(new HeldNotification(n, corrupt && i == 0));
            }
            return;
        }
        long delay = notificationDelay.toMillis();
        for (int i = 0; i < copies; i++) {
            boolean c = corrupt && i == 0;
            notifier.schedule(() -> deliver(n, c), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(Notification n, boolean corrupt) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(n.url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(n.body));
        signedHeaders(n.body, corrupt).forEach(rb::header);
        try {
            HttpResponse<Void> r = notifyClient.send(rb.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                delivered.add(n.id);
            }
        } catch (IOException e) {
            // the merchant did not answer; the real gateway retries later, the simulator only logs it
            LOG.debug("notification {} not delivered: {}", n.id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Configures and starts a {@link WechatPaySimulator}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private String mchid = "1900000001";
        private String appid = "wxd678efh567hg6787";
        private SignatureScheme scheme = SignatureScheme.RSA;
        private String merchantSerial;
        private PublicKey merchantRsaKey;
        private Sm2PublicKey merchantSm2Key;
        private Sm2SignatureFormat sm2Format = Sm2SignatureFormat.DER;
        private byte[] apiV3Key;
        private Sm4Key sm4Key;
        private boolean certificateMode;
        private Clock clock = Clock.systemUTC();
        private String notifyUrl;

        private Builder() {
        }

        /**
         * Sets the merchant ID the simulator accepts (default {@code 1900000001}).
         *
         * @param mchid the mchid
         * @return this builder
         */
        public Builder mchid(String mchid) {
            this.mchid = Objects.requireNonNull(mchid, "mchid");
            return this;
        }

        /**
         * Sets the appid reported in transactions.
         *
         * @param appid the appid
         * @return this builder
         */
        public Builder appid(String appid) {
            this.appid = Objects.requireNonNull(appid, "appid");
            return this;
        }

        /**
         * Accepts requests signed with this merchant RSA key (RSA scheme).
         *
         * @param serialNo the merchant certificate serial expected in {@code serial_no}
         * @param publicKey the merchant RSA public key
         * @return this builder
         */
        public Builder merchantRsaKey(String serialNo, PublicKey publicKey) {
            this.scheme = SignatureScheme.RSA;
            this.merchantSerial = Objects.requireNonNull(serialNo, "serialNo");
            this.merchantRsaKey = Objects.requireNonNull(publicKey, "publicKey");
            return this;
        }

        /**
         * Accepts requests signed with this merchant SM2 key and switches to the SM2 scheme (SM2 platform key,
         * {@code AEAD_SM4_GCM} notifications).
         *
         * @param serialNo the merchant certificate serial expected in {@code serial_no}
         * @param publicKey the merchant SM2 public key
         * @param format the SM2 signature encoding used both ways
         * @return this builder
         */
        public Builder merchantSm2Key(String serialNo, Sm2PublicKey publicKey, Sm2SignatureFormat format) {
            this.scheme = SignatureScheme.SM2;
            this.merchantSerial = Objects.requireNonNull(serialNo, "serialNo");
            this.merchantSm2Key = Objects.requireNonNull(publicKey, "publicKey");
            this.sm2Format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets the APIv3 key (32 bytes) used to encrypt notification resources.
         *
         * @param apiV3Key the key, copied
         * @return this builder
         */
        public Builder apiV3Key(byte[] apiV3Key) {
            if (apiV3Key == null || apiV3Key.length != 32) {
                throw new InvalidInputException("apiV3Key", "must be 32 bytes");
            }
            this.apiV3Key = apiV3Key.clone();
            return this;
        }

        /**
         * Sets the SM4 key for {@code AEAD_SM4_GCM} (default: first 16 bytes of the APIv3 key, as the client).
         *
         * @param sm4Key the key
         * @return this builder
         */
        public Builder sm4Key(Sm4Key sm4Key) {
            this.sm4Key = Objects.requireNonNull(sm4Key, "sm4Key");
            return this;
        }

        /**
         * Uses a self-signed platform certificate (平台证书 mode) instead of a public-key ID (RSA only).
         *
         * @param certificateMode {@code true} for certificate mode
         * @return this builder
         */
        public Builder certificateMode(boolean certificateMode) {
            this.certificateMode = certificateMode;
            return this;
        }

        /**
         * Sets the clock for timestamps and the request skew check.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the notify URL for code payments and refunds without their own {@code notify_url}.
         *
         * @param notifyUrl the URL, or {@code null} for none
         * @return this builder
         */
        public Builder notifyUrl(URI notifyUrl) {
            this.notifyUrl = notifyUrl == null ? null : notifyUrl.toString();
            return this;
        }

        /**
         * Starts the simulator on 127.0.0.1.
         *
         * @param port the port, or 0 for an ephemeral one
         * @return the running simulator
         * @throws IOException if the port cannot be bound
         * @throws InvalidInputException if the merchant key or the APIv3 key is missing
         */
        public WechatPaySimulator start(int port) throws IOException {
            if (merchantSerial == null) {
                throw new InvalidInputException("merchantKey", "set merchantRsaKey or merchantSm2Key");
            }
            if (apiV3Key == null) {
                throw new InvalidInputException("apiV3Key", "must be set");
            }
            return new WechatPaySimulator(this, port);
        }
    }
}
