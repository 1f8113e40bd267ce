package io.yikatong.testkit.payment.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.MalformedDataException;
import io.yikatong.core.codec.CanonicalBase64;
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
import io.yikatong.testkit.internal.LoopbackHttpServer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Answer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.math.BigInteger;
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
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A WeChat Pay APIv3 gateway on 127.0.0.1 (real HTTP on an embedded Jetty, response header names exactly as the
 * gateway writes them: {@code Wechatpay-Timestamp}, {@code Wechatpay-Nonce}, {@code Wechatpay-Serial},
 * {@code Wechatpay-Signature}, {@code Request-ID}) for tests and integrators; the official wechatpay-java client works
 * against it. It verifies each request's {@code Authorization} as the gateway does (wrong signature, unknown serial,
 * other mchid or a timestamp 5 minutes or more away → 401 {@code SIGN_ERROR}), signs every answer and notification
 * with its own platform key (RSA with a platform certificate issued by a simulated Tenpay CA, or a public-key ID, or
 * SM2), keeps an order and refund ledger (a refund never exceeds what was paid; a reused {@code out_trade_no} → 400
 * {@code OUT_TRADE_NO_USED} "商户订单号重复"), sends encrypted notifications ({@code TRANSACTION.SUCCESS} for barcode
 * and Native payments, {@code REFUND.SUCCESS}) to the notify URL, and injects faults on demand.
 *
 * <pre>{@code
 * try (WechatPaySimulator sim = WechatPaySimulator.builder().mchid("1900000001")
 *         .merchantRsaKey("MERCHANT_SERIAL", merchantPublicKey).apiV3Key(key).start(0)) {
 *     WechatPayV3Client client = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wxd678efh567hg6787")
 *             .signer(MerchantSigner.rsa("1900000001", "MERCHANT_SERIAL", merchantPrivateKey))
 *             .verifier(sim.platformVerifier()).apiV3Key(key).build();
 * }
 * }</pre>
 *
 * <p>Supported paths: {@code POST /v3/pay/transactions/codepay}, {@code POST /v3/pay/transactions/native},
 * {@code GET /v3/pay/transactions/out-trade-no/{no}}, {@code POST .../{no}/close}, {@code POST .../{no}/reverse},
 * {@code POST /v3/refund/domestic/refunds}, {@code GET /v3/refund/domestic/refunds/{no}},
 * {@code GET /v3/bill/tradebill}, {@code GET /v3/billdownload/file} and {@code GET /v3/certificates} (the platform
 * certificate, encrypted with the APIv3 key, in certificate mode; {@code RESOURCE_NOT_EXISTS} in public-key mode, as
 * for a merchant who only has the WeChat Pay public key). Payment codes ({@code auth_code}) must be 18 digits starting
 * with 10 to 15; a code starting with {@code 1399} is declined ({@code PAYERROR}).
 *
 * <p>Control endpoint (the patient's side; not part of the gateway, unsigned and free of faults):
 * {@code POST /simulator/pay?out_trade_no=NO} pays an unpaid Native order as a patient scanning its QR code would,
 * like {@link #payNative(String)}: 200 with {@code {"out_trade_no":…,"trade_state":"SUCCESS",…}}, 404
 * {@code ORDER_NOT_EXISTS} or 409 {@code ORDER_NOT_PAYABLE}.
 *
 * <p>A Native order's {@code time_expire} (RFC 3339, in the future, else 400 {@code PARAM_ERROR}) is honoured by the
 * simulator clock: after it the order cannot be paid (409 {@code ORDER_NOT_PAYABLE} "订单已过期"), and it reports
 * {@code NOTPAY} until closed, or {@code CLOSED} ({@link Builder#expiredTradeState(String)}). {@link #payLate(String)}
 * lets the payer pay a closed or expired order anyway, to test a merchant's handling of a payment after the close.
 *
 * <p>Times ({@code success_time}, {@code create_time}) are RFC 3339 in seconds at +08:00, for example
 * {@code 2026-12-07T18:15:15+08:00}, as the gateway writes them.
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
    private static final DateTimeFormatter GATEWAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final String JSON_TYPE = "application/json";
    private static final String CONTROL_PAY = "/simulator/pay";
    private static final Map<String, String> STATE_DESC = Map.of("SUCCESS", "支付成功", "NOTPAY", "订单未支付",
            "CLOSED", "订单已关闭", "REFUND", "转入退款", "USERPAYING", "用户支付中", "PAYERROR", "支付失败",
            "REVOKED", "已撤销");

    private final Builder config;
    private final LoopbackHttpServer server;
    private final ScheduledExecutorService notifier;
    private final HttpClient notifyClient;
    private final SecureRandom random = new SecureRandom();
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
    private final List<ReceivedRequest> received = new ArrayList<>();
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

    /**
     * One request as the simulator received it, before any check.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param method the HTTP method
     * @param url the path with {@code ?query} as sent (the canonical URL of the APIv3 signing string)
     * @param authorization the {@code Authorization} header, or an empty string
     * @param body the body as text (empty for GET)
     * @since 0.1
     */
    public record ReceivedRequest(String method, String url, String authorization, String body) {
    }

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
        final String tradeType;
        final long total;
        final String notifyUrl;
        final String openid;
        /** A Native order's {@code time_expire}, or {@code null}. */
        Instant expiresAt;
        String state;
        Instant successTime;
        long refunded;
        int queries;
        int userPayingQueries;
        String userPayingFinal;

        Order(String outTradeNo, String transactionId, String tradeType, long total, String notifyUrl, String openid,
                String state) {
            this.outTradeNo = outTradeNo;
            this.transactionId = transactionId;
            this.tradeType = tradeType;
            this.total = total;
            this.notifyUrl = notifyUrl;
            this.openid = openid;
            this.state = state;
        }
    }

    private static final class RefundEntry {
        final String outTradeNo;
        final String transactionId;
        final String outRefundNo;
        final String refundId;
        final long refund;
        final long total;
        final Instant createTime;
        Instant successTime;
        String status;

        RefundEntry(String outTradeNo, String transactionId, String outRefundNo, String refundId, long refund,
                long total, Instant createTime) {
            this.outTradeNo = outTradeNo;
            this.transactionId = transactionId;
            this.outRefundNo = outRefundNo;
            this.refundId = refundId;
            this.refund = refund;
            this.total = total;
            this.createTime = createTime;
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

    /** A request the simulator cannot read: answered 400 {@code PARAM_ERROR}. */
    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private WechatPaySimulator(Builder b, int port) throws IOException {
        this.config = b;
        if (b.scheme == SignatureScheme.SM2) {
            Sm2KeyPair pair = Sm2KeyPair.generate(random);
            this.platformSm2Key = pair.publicKey();
            this.platformSigner = WechatCrypto.sm2Signer(pair.privateKey(), b.sm2Format);
            this.platformRsaKey = null;
            this.platformCertificate = null;
            this.platformSerial = "SM2_PLATFORM_" + HexFormat.of().withUpperCase().formatHex(random.generateSeed(8));
            this.merchantChecker = WechatCrypto.sm2Checker(b.merchantSm2Key, b.sm2Format);
        } else {
            KeyPair pair = rsaKeyPair(random);
            this.platformRsaKey = pair.getPublic();
            this.platformSigner = WechatCrypto.rsaSigner(pair.getPrivate());
            this.platformSm2Key = null;
            if (b.certificateMode) {
                this.platformCertificate = issuePlatformCertificate(pair, b.clock.instant(), random);
                this.platformSerial = platformCertificate.getSerialNumber().toString(16).toUpperCase();
            } else {
                this.platformCertificate = null;
                this.platformSerial = "PUB_KEY_ID_" + HexFormat.of().withUpperCase().formatHex(random.generateSeed(12));
            }
            this.merchantChecker = WechatCrypto.rsaChecker(b.merchantRsaKey);
        }
        this.cipher = new ResourceCipher(b.apiV3Key,
                b.sm4Key != null ? b.sm4Key : ResourceCipher.defaultSm4Key(b.apiV3Key));
        this.notifier = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wechatpay-simulator-notify");
            t.setDaemon(true);
            return t;
        });
        this.notifyClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            this.server = LoopbackHttpServer.start("wechatpay-simulator", port, this::handle);
        } catch (IOException e) {
            notifier.shutdownNow();
            throw e;
        }
    }

    private static KeyPair rsaKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, random);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /**
     * Issues the platform certificate (平台证书) as the gateway's is: an X.509 v3 end-entity certificate for the
     * platform key, signed by a (simulated) Tenpay CA, with a 40-hex-digit serial, valid for five years from a day
     * before {@code now}.
     */
    private static X509Certificate issuePlatformCertificate(KeyPair platform, Instant now, SecureRandom random) {
        try {
            KeyPair ca = rsaKeyPair(random);
            X500Name caName = new X500Name("CN=Tenpay.com Root CA (Yikatong simulator), OU=Tenpay.com CA Center,"
                    + " O=Tenpay.com, L=Shenzhen, ST=Guangdong, C=CN");
            X500Name subject = new X500Name("CN=Tenpay.com sign (Yikatong simulator), OU=Tenpay.com CA Center,"
                    + " O=Tenpay.com, L=Shenzhen, ST=Guangdong, C=CN");
            Instant from = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
            Instant to = from.plus(Duration.ofDays(5 * 365 + 1));
            // 160 bits written as 40 hex digits, positive and at most 20 octets as X.509 requires
            BigInteger serial = new BigInteger(160, random).clearBit(159).setBit(158);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder cb = new JcaX509v3CertificateBuilder(caName, serial, Date.from(from),
                    Date.from(to), subject, platform.getPublic());
            cb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            cb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                    | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment));
            cb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(platform.getPublic()));
            cb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(
                    cb.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate())));
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
        return server.baseUri();
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
     * Returns the platform certificate (RSA certificate mode only), the one {@code GET /v3/certificates} serves.
     *
     * @return the certificate, if in certificate mode
     */
    public Optional<X509Certificate> platformCertificate() {
        return Optional.ofNullable(platformCertificate);
    }

    /**
     * Returns the platform certificate's serial as the gateway writes it (upper-case hex, the {@code serial_no} of
     * {@code /v3/certificates} and the {@code Wechatpay-Serial} of every answer), in certificate mode.
     *
     * @return the serial, if in certificate mode
     */
    public Optional<String> platformCertificateSerial() {
        return platformCertificate == null ? Optional.empty() : Optional.of(platformSerial);
    }

    /**
     * Returns the WeChat Pay public key (微信支付公钥) answers are signed with, in RSA public-key mode.
     *
     * @return the key, if in public-key mode
     */
    public Optional<PublicKey> platformPublicKey() {
        return platformCertificate == null && platformRsaKey != null ? Optional.of(platformRsaKey) : Optional.empty();
    }

    /**
     * Returns the ID of the WeChat Pay public key ({@code PUB_KEY_ID_…}, sent as {@code Wechatpay-Serial}), in RSA
     * public-key mode.
     *
     * @return the ID, if in public-key mode
     */
    public Optional<String> platformPublicKeyId() {
        return platformPublicKey().map(k -> platformSerial);
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
            if (o != null) {
                expire(o);
            }
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
                expire(o);
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
     * Returns every gateway request received, in order, as it arrived (rejected ones included; the control endpoint
     * is not a gateway request): for checking what a client sends, for example its {@code Authorization}.
     *
     * @return a copy
     */
    public List<ReceivedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(received);
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
     * The payer scans a Native order's QR code and pays: the order becomes {@code SUCCESS} and a
     * {@code TRANSACTION.SUCCESS} notification is sent to the order's notify URL. Over HTTP:
     * {@code POST /simulator/pay?out_trade_no=NO}.
     *
     * @param outTradeNo the merchant order number
     * @throws InvalidInputException if the order is unknown or not {@code NOTPAY}
     */
    public void payNative(String outTradeNo) {
        synchronized (lock) {
            Order o = orders.get(outTradeNo);
            if (o != null) {
                expire(o);
            }
            if (o == null || !"NOTPAY".equals(o.state)) {
                throw new InvalidInputException("outTradeNo", "no unpaid native order with this number");
            }
            if (expired(o)) {
                throw new InvalidInputException("outTradeNo", "the order expired at its time_expire");
            }
            succeed(o);
        }
    }

    /**
     * The payer's payment goes through although the Native order was closed or is past its {@code time_expire}: a
     * payment WeChat took at the last moment while the merchant closed the order, reported after the close. The
     * gateway should not let it happen; this is the case a merchant must still handle (a payment after the close,
     * refunded or recorded). The order becomes {@code SUCCESS} and {@code TRANSACTION.SUCCESS} is notified.
     *
     * @param outTradeNo the merchant order number
     * @throws InvalidInputException if the order is unknown, not a Native order, or neither unpaid nor closed
     */
    public void payLate(String outTradeNo) {
        synchronized (lock) {
            Order o = orders.get(outTradeNo);
            if (o == null || !"NATIVE".equals(o.tradeType)
                    || !"NOTPAY".equals(o.state) && !"CLOSED".equals(o.state)) {
                throw new InvalidInputException("outTradeNo", "no unpaid or closed native order with this number");
            }
            succeed(o);
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
        server.close();
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

    private static String gatewayTime(Instant instant) {
        return GATEWAY_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(BEIJING));
    }

    private Answer handle(Exchange exchange) throws InterruptedException {
        if (CONTROL_PAY.equals(exchange.rawPath())) {
            return control(exchange);
        }
        synchronized (lock) {
            received.add(new ReceivedRequest(exchange.method(), exchange.pathAndQuery(),
                    Objects.requireNonNullElse(exchange.header("Authorization"), ""), exchange.text()));
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
            reply = process(exchange);
        }
        if (fault != null && fault.kind == FaultKind.DROP) {
            return Answer.DROP;
        }
        if (fault != null && fault.kind == FaultKind.DELAY) {
            Thread.sleep(fault.delay.toMillis()); // interrupted only when the simulator closes
        }
        Answer answer = Answer.of(reply.status, JSON_TYPE, reply.body);
        if (reply.signed) {
            for (Map.Entry<String, String> h : signedHeaders(reply.body, false).entrySet()) {
                answer = answer.withHeader(h.getKey(), h.getValue());
            }
        }
        return answer.withHeader("Request-ID", UUID.randomUUID().toString().replace("-", "").toUpperCase());
    }

    /** {@code POST /simulator/pay?out_trade_no=NO}: the patient pays a Native order. */
    private Answer control(Exchange exchange) {
        if (!"POST".equals(exchange.method())) {
            return Answer.text(405, JSON_TYPE, "{\"code\":\"METHOD_NOT_ALLOWED\",\"message\":\"POST only\"}");
        }
        String no = exchange.queryParameters().getOrDefault("out_trade_no",
                LoopbackHttpServer.decodeForm(exchange.text()).getOrDefault("out_trade_no", ""));
        ObjectNode out = WechatJson.object();
        synchronized (lock) {
            Order o = orders.get(no);
            if (o == null) {
                out.put("code", "ORDER_NOT_EXISTS").put("message", "订单不存在");
                return Answer.text(404, JSON_TYPE, WechatJson.write(out));
            }
            expire(o);
            if (!"NATIVE".equals(o.tradeType) || !"NOTPAY".equals(o.state)) {
                out.put("code", "ORDER_NOT_PAYABLE").put("message", "not an unpaid Native order: " + o.state);
                return Answer.text(409, JSON_TYPE, WechatJson.write(out));
            }
            if (expired(o)) {
                out.put("code", "ORDER_NOT_PAYABLE").put("message", "订单已过期 (time_expire " + gatewayTime(o.expiresAt)
                        + ")");
                return Answer.text(409, JSON_TYPE, WechatJson.write(out));
            }
            succeed(o);
            out.put("out_trade_no", o.outTradeNo).put("transaction_id", o.transactionId)
                    .put("trade_state", o.state).put("success_time", gatewayTime(o.successTime));
        }
        return Answer.text(200, JSON_TYPE, WechatJson.write(out));
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
        h.put("Wechatpay-Nonce", nonce);
        h.put("Wechatpay-Serial", platformSerial);
        h.put("Wechatpay-Signature", Base64.getEncoder().encodeToString(sig));
        h.put("Wechatpay-Signature-Type", config.scheme.authorizationScheme());
        h.put("Wechatpay-Timestamp", timestamp);
        return h;
    }

    private String checkAuthorization(Exchange exchange) {
        String header = exchange.header("Authorization");
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
        String message = MerchantSigner.requestMessage(exchange.method(), exchange.pathAndQuery(), ts, nonce,
                exchange.text());
        try {
            merchantChecker.check(message.getBytes(StandardCharsets.UTF_8),
                    CanonicalBase64.decode(signature, "signature"));
        } catch (SignatureVerificationException | MalformedDataException e) {
            return "signature invalid";
        }
        return null;
    }

    private Reply process(Exchange exchange) {
        String problem = checkAuthorization(exchange);
        if (problem != null) {
            signErrors.incrementAndGet();
            return error(401, "SIGN_ERROR", "签名错误: " + problem);
        }
        String method = exchange.method();
        String path = exchange.rawPath();
        String query = exchange.rawQuery();
        try {
            if ("POST".equals(method) && "/v3/pay/transactions/codepay".equals(path)) {
                return codepay(parseObject(exchange.body()));
            }
            if ("POST".equals(method) && "/v3/pay/transactions/native".equals(path)) {
                return nativeOrder(parseObject(exchange.body()));
            }
            if ("POST".equals(method) && "/v3/refund/domestic/refunds".equals(path)) {
                return refund(parseObject(exchange.body()));
            }
            if ("GET".equals(method) && "/v3/certificates".equals(path)) {
                return certificates();
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
        } catch (BadRequest e) {
            return error(400, "PARAM_ERROR", "参数错误: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- request fields

    private static JsonNode parseObject(byte[] body) throws BadRequest {
        JsonNode node;
        try {
            node = WechatJson.MAPPER.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new BadRequest("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String field) throws BadRequest {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new BadRequest("missing " + field);
        }
        return v.asText();
    }

    private static long amount(JsonNode node, String field) throws BadRequest {
        JsonNode v = node.path("amount").get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadRequest("missing amount." + field);
        }
        return v.asLong();
    }

    // ---------------------------------------------------------------- the ledger

    private String newTransactionId() {
        return "4200" + String.format("%024d", txCounter.incrementAndGet());
    }

    /** An openid as the payer has one per appid: 28 characters starting with {@code o}. */
    private String newOpenid() {
        byte[] b = new byte[20];
        random.nextBytes(b);
        return ("o" + Base64.getUrlEncoder().withoutPadding().encodeToString(b)).substring(0, 28);
    }

    /** Whether an unpaid Native order is past its {@code time_expire}. Called with {@code lock} held. */
    private boolean expired(Order o) {
        return o.expiresAt != null && !config.clock.instant().isBefore(o.expiresAt);
    }

    /** Moves an expired unpaid Native order to the state the builder chose. Called with {@code lock} held. */
    private void expire(Order o) {
        if ("NOTPAY".equals(o.state) && expired(o)) {
            o.state = config.expiredTradeState;
        }
    }

    /** The order is paid now: success time, then the notification. Called with {@code lock} held. */
    private void succeed(Order o) {
        o.state = "SUCCESS";
        o.successTime = config.clock.instant();
        notifyTransaction(o);
    }

    private Reply codepay(JsonNode req) throws BadRequest {
        String no = text(req, "out_trade_no");
        long total = amount(req, "total");
        JsonNode payer = req.get("payer");
        String authCode = payer == null ? "" : payer.path("auth_code").asText("");
        String notifyUrl = req.path("notify_url").isTextual() ? req.get("notify_url").asText() : config.notifyUrl;
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
            Order o = new Order(no, newTransactionId(), "MICROPAY", total, notifyUrl, newOpenid(), "USERPAYING");
            orders.put(no, o);
            if (nextUserPayingQueries > 0) {
                o.userPayingQueries = nextUserPayingQueries;
                o.userPayingFinal = nextUserPayingFinal;
                nextUserPayingQueries = 0;
                return error(202, "USERPAYING", "用户支付中，需要输入密码");
            }
            if (authCode.startsWith("1399")) {
                o.state = "PAYERROR";
            } else {
                succeed(o);
            }
            return json(200, transactionJson(o));
        }
    }

    private Reply nativeOrder(JsonNode req) throws BadRequest {
        String no = text(req, "out_trade_no");
        long total = amount(req, "total");
        String notifyUrl = text(req, "notify_url");
        if (total <= 0) {
            return error(400, "PARAM_ERROR", "amount.total 必须大于0");
        }
        Instant expiresAt = null;
        if (req.has("time_expire")) {
            try {
                expiresAt = java.time.OffsetDateTime.parse(text(req, "time_expire"),
                        java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return error(400, "PARAM_ERROR", "time_expire 格式错误 (RFC 3339)");
            }
            if (!expiresAt.isAfter(config.clock.instant())) {
                return error(400, "PARAM_ERROR", "time_expire 必须晚于当前时间");
            }
        }
        synchronized (lock) {
            if (orders.containsKey(no)) {
                return error(400, "OUT_TRADE_NO_USED", "商户订单号重复");
            }
            Order o = new Order(no, newTransactionId(), "NATIVE", total, notifyUrl, newOpenid(), "NOTPAY");
            o.expiresAt = expiresAt;
            orders.put(no, o);
        }
        return json(200, WechatJson.object().put("code_url", "weixin://wxpay/bizpayurl?pr=" + no));
    }

    /** The transaction as the query answer and the notification resource carry it. */
    private ObjectNode transactionJson(Order o) {
        boolean paid = "SUCCESS".equals(o.state) || "REFUND".equals(o.state);
        ObjectNode n = WechatJson.object();
        n.put("appid", config.appid).put("mchid", config.mchid).put("out_trade_no", o.outTradeNo)
                .put("transaction_id", o.transactionId).put("trade_type", o.tradeType).put("trade_state", o.state)
                .put("trade_state_desc", STATE_DESC.getOrDefault(o.state, o.state)).put("attach", "");
        if (paid) {
            n.put("bank_type", "OTHERS").put("success_time", gatewayTime(o.successTime));
            n.putObject("payer").put("openid", o.openid);
        }
        n.putObject("amount").put("total", o.total).put("payer_total", paid ? o.total : 0)
                .put("currency", "CNY").put("payer_currency", "CNY");
        return n;
    }

    private Reply queryOrder(String no) {
        synchronized (lock) {
            Order o = orders.get(no);
            if (o == null) {
                return error(404, "ORDER_NOT_EXISTS", "订单不存在");
            }
            expire(o);
            o.queries++;
            if (o.userPayingQueries > 0 && "USERPAYING".equals(o.state)) {
                o.userPayingQueries--;
                if (o.userPayingQueries == 0) {
                    if ("SUCCESS".equals(o.userPayingFinal)) {
                        succeed(o);
                    } else {
                        o.state = o.userPayingFinal;
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

    private Reply refund(JsonNode req) throws BadRequest {
        String no = text(req, "out_trade_no");
        String refundNo = text(req, "out_refund_no");
        long amount = amount(req, "refund");
        long total = amount(req, "total");
        String notifyUrl = req.path("notify_url").isTextual() ? req.get("notify_url").asText() : config.notifyUrl;
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
            RefundEntry r = new RefundEntry(no, o.transactionId, refundNo, "5030" + String.format("%024d",
                    txCounter.incrementAndGet()), amount, total, config.clock.instant());
            refunds.put(refundNo, r);
            Reply reply = json(200, refundJson(r)); // accepted: PROCESSING, as the gateway answers
            r.status = "SUCCESS";
            r.successTime = config.clock.instant();
            if (notifyUrl != null) {
                ObjectNode payload = WechatJson.object();
                payload.put("mchid", config.mchid).put("out_trade_no", no).put("transaction_id", o.transactionId)
                        .put("out_refund_no", refundNo).put("refund_id", r.refundId).put("refund_status", "SUCCESS")
                        .put("success_time", gatewayTime(r.successTime))
                        .put("user_received_account", "支付用户零钱");
                payload.putObject("amount").put("total", total).put("refund", amount).put("payer_total", total)
                        .put("payer_refund", amount);
                enqueueNotification(notifyUrl, "REFUND.SUCCESS", "退款成功", "refund", payload);
            }
            return reply;
        }
    }

    private ObjectNode refundJson(RefundEntry r) {
        ObjectNode n = WechatJson.object();
        n.put("refund_id", r.refundId).put("out_refund_no", r.outRefundNo).put("transaction_id", r.transactionId)
                .put("out_trade_no", r.outTradeNo).put("channel", "ORIGINAL")
                .put("user_received_account", "支付用户零钱").put("create_time", gatewayTime(r.createTime))
                .put("status", r.status).put("funds_account", "AVAILABLE");
        if (r.successTime != null) {
            n.put("success_time", gatewayTime(r.successTime));
        }
        n.putObject("amount").put("total", r.total).put("refund", r.refund).put("payer_total", r.total)
                .put("payer_refund", r.refund).put("settlement_refund", r.refund).put("settlement_total", r.total)
                .put("discount_refund", 0).put("currency", "CNY");
        return n;
    }

    private Reply queryRefund(String refundNo) {
        synchronized (lock) {
            RefundEntry r = refunds.get(refundNo);
            return r == null ? error(404, "RESOURCE_NOT_EXISTS", "退款单不存在") : json(200, refundJson(r));
        }
    }

    /**
     * {@code GET /v3/certificates}: the platform certificate, its PEM encrypted with AEAD_AES_256_GCM under the
     * APIv3 key (associated data {@code certificate}), as {@code RSAAutoCertificateConfig} downloads it. A merchant
     * without a platform certificate (public-key mode, SM2 here) gets {@code RESOURCE_NOT_EXISTS}.
     */
    private Reply certificates() {
        if (platformCertificate == null) {
            return error(404, "RESOURCE_NOT_EXISTS", "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥");
        }
        String pem;
        try {
            pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(platformCertificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        String nonce = WechatCrypto.nonce().substring(0, 12);
        byte[] ct = cipher.encrypt(ResourceCipher.AES, nonce, "certificate", pem.getBytes(StandardCharsets.US_ASCII));
        ObjectNode body = WechatJson.object();
        ArrayNode data = body.putArray("data");
        ObjectNode c = data.addObject();
        c.put("serial_no", platformSerial)
                .put("effective_time", gatewayTime(platformCertificate.getNotBefore().toInstant()))
                .put("expire_time", gatewayTime(platformCertificate.getNotAfter().toInstant()));
        c.putObject("encrypt_certificate").put("algorithm", ResourceCipher.AES).put("nonce", nonce)
                .put("associated_data", "certificate").put("ciphertext", Base64.getEncoder().encodeToString(ct));
        return json(200, body);
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
            enqueueNotification(o.notifyUrl, "TRANSACTION.SUCCESS", "支付成功", "transaction", transactionJson(o));
        }
    }

    /** Called with {@code lock} held. */
    private void enqueueNotification(String url, String eventType, String summary, String associatedData,
            JsonNode payload) {
        String nonce = WechatCrypto.nonce().substring(0, 12);
        byte[] ct = cipher.encrypt(config.scheme.resourceAlgorithm(), nonce, associatedData,
                WechatJson.write(payload).getBytes(StandardCharsets.UTF_8));
        String id = UUID.randomUUID().toString();
        ObjectNode body = WechatJson.object();
        body.put("id", id).put("create_time", gatewayTime(config.clock.instant()))
                .put("resource_type", "encrypt-resource").put("event_type", eventType).put("summary", summary);
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
                .header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(n.body));
        signedHeaders(n.body, corrupt).forEach(rb::header);
        try {
            HttpResponse<Void> r = notifyClient.send(rb.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                delivered.add(n.id);
            }
        } catch (IOException | IllegalArgumentException e) {
            // the merchant did not answer; the real gateway retries later, the simulator only logs it
            LOG.debug("notification {} not delivered: {}", n.id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

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
        private String expiredTradeState = "NOTPAY";

        private Builder() {
        }

        /**
         * Sets the {@code trade_state} an unpaid Native order reports once past its {@code time_expire}: {@code NOTPAY}
         * (the default: it stays unpaid until the merchant closes it) or {@code CLOSED} (WeChat closed it). Which one
         * the gateway reports is [I]; either way the order can no longer be paid.
         *
         * @param tradeState {@code NOTPAY} or {@code CLOSED}
         * @return this builder
         * @throws InvalidInputException if it is another value
         */
        public Builder expiredTradeState(String tradeState) {
            if (!"NOTPAY".equals(tradeState) && !"CLOSED".equals(tradeState)) {
                throw new InvalidInputException("tradeState", "must be NOTPAY or CLOSED");
            }
            this.expiredTradeState = tradeState;
            return this;
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
         * Uses a platform certificate (平台证书 mode: an X.509 certificate issued by a simulated Tenpay CA, served by
         * {@code GET /v3/certificates}, its serial sent as {@code Wechatpay-Serial}) instead of a WeChat Pay public
         * key and its ID (RSA only).
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
