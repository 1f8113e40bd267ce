package io.yikatong.testkit.payment.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.alipay.internal.AlipaySigning;
import io.yikatong.testkit.internal.LoopbackHttpServer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Answer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Exchange;
import io.yikatong.testkit.internal.SimulatorFaults;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated Alipay gateway on {@code 127.0.0.1} (real HTTP on an embedded Jetty); the official alipay-sdk-java
 * {@code DefaultAlipayClient} works against it.
 *
 * <p>It takes the request parameters from the URL query and the form body together (the official client sends the
 * system parameters in the query and only {@code biz_content} in the body; others send everything in the body),
 * accepts {@code format} and {@code charset} in any case ({@code json}, {@code UTF-8}), verifies every request's RSA2
 * signature with the merchant public key (a wrong one answers {@code 40002 isv.invalid-signature}, unsigned), signs
 * its answers and notifications with its own key ({@link #alipayPublicKey()}), keeps a ledger (refunds never above the
 * paid amount; {@code out_request_no} idempotent) and sends {@code trade_status_sync} notifications (with
 * {@code gmt_payment}, {@code receipt_amount}, {@code buyer_pay_amount}, {@code seller_id}, {@code buyer_id},
 * {@code subject} and {@code fund_bill_list}) to the request's {@code notify_url} (or the default one). Payment codes:
 * {@link #DECLINED_AUTH_CODE} answers {@code 40004 ACQ.BUYER_BALANCE_NOT_ENOUGH}; a code that is not 16 to 24 digits
 * answers {@code 40004 ACQ.PAYMENT_AUTH_CODE_INVALID}; other codes pay.
 *
 * <p>QR orders ({@code alipay.trade.precreate}) are as at the gateway: the trade exists only once a buyer scans the
 * code, so until then {@code alipay.trade.query}, {@code close} and {@code cancel} answer
 * {@code 40004 ACQ.TRADE_NOT_EXIST}. A buyer scans with {@link #buyerScans(String)} (the trade becomes
 * {@code WAIT_BUYER_PAY}) and pays with {@link #buyerPays(String)} (scanning first if needed), or over HTTP (the
 * buyer's side; not part of the gateway, unsigned and free of faults): {@code POST /simulator/scan?out_trade_no=NO}
 * and {@code POST /simulator/pay?out_trade_no=NO}, answering 200 with
 * {@code {"out_trade_no":…,"trade_no":…,"trade_status":…}}, 404 {@code TRADE_NOT_EXIST} or 409
 * {@code TRADE_STATUS_ERROR}. A precreate's {@code time_expire} (or, without it, {@code timeout_express} counted from
 * the precreate) is honoured by the simulator clock ({@link #start(String, PublicKey, URI, int, java.time.Clock)}):
 * after it the code can no longer be scanned, and a scanned trade still waiting for the buyer is
 * {@code TRADE_CLOSED}.
 *
 * <p>Faults: {@link #waitBuyerPay(int, String)}, {@link #delayNextAnswers(int, Duration)},
 * {@link #dropNextAnswers(int)}, {@link #failNext(int, int)}, {@link #tamperNextAnswer()},
 * {@link #duplicateNotifications(int)}, {@link #delayNotifications(Duration)}, {@link #holdNotifications()} with
 * {@link #releaseHeldNotifications(boolean)}, {@link #badNextNotificationSignature()}, and a payment after the merchant
 * closed the order ({@link #buyerPaysLate(String)}). Refund notifications are off
 * unless {@link #notifyRefunds(boolean)} turns them on.
 *
 * <p>Thread-safe; create one per test and close it. Faults may be set from any thread while requests are served;
 * each applies to the answers and notifications that are made after the call returns.
 *
 * @since 0.1
 */
public final class AlipaySimulator implements AutoCloseable {

    /** A payment code the simulator declines for insufficient balance. */
    public static final String DECLINED_AUTH_CODE = "289999999999999999";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** The simulated merchant's Alipay user ID (the {@code seller_id} of every trade). */
    private static final String SELLER_ID = "2088000000000156";
    private static final String JSON_TYPE = "application/json;charset=utf-8";

    private final String appId;
    private final java.time.Clock clock;
    private final PublicKey merchantKey;
    private final URI defaultNotifyUrl;
    private final KeyPair alipayKeys;
    private final LoopbackHttpServer server;
    private final ScheduledExecutorService notifier = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alipay-simulator-notify");
        t.setDaemon(true);
        return t;
    });
    private final SecureRandom random = new SecureRandom();
    private final SimulatorFaults faults = new SimulatorFaults(notifier);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger seq = new AtomicInteger();
    private final AtomicInteger notificationsSent = new AtomicInteger();
    private final AtomicInteger notificationsAcknowledged = new AtomicInteger();
    private final Object lock = new Object();
    private final Map<String, Trade> trades = new HashMap<>();
    private final Map<String, Precreated> precreated = new HashMap<>();
    private final Map<String, Money> refunds = new HashMap<>();
    private final Map<String, byte[]> bills = new HashMap<>();
    private final List<Map<String, String>> requests = new ArrayList<>();
    private boolean refundNotifications;
    private boolean tamper;
    private int waitQueries = -1;
    private String waitFinal;

    /** A QR order nobody has scanned yet: no trade at the gateway. {@code expiresAt} may be {@code null}. */
    private record Precreated(String outTradeNo, Money total, String subject, URI notifyUrl, String qrCode,
            java.time.Instant expiresAt) {
    }

    private static final class Trade {
        final String outTradeNo;
        final String tradeNo;
        final Money total;
        final URI notifyUrl;
        final String subject;
        final String buyerId;
        final LocalDateTime created;
        /** The precreate's expiry, or {@code null}. */
        java.time.Instant expiresAt;
        LocalDateTime paidAt;
        String status;
        long refundedFen;
        int queries;
        int remainingWaits;
        String finalStatus;
        boolean paid;

        Trade(String outTradeNo, String tradeNo, Money total, URI notifyUrl, String subject, String buyerId,
                LocalDateTime created, String status) {
            this.outTradeNo = outTradeNo;
            this.tradeNo = tradeNo;
            this.total = total;
            this.notifyUrl = notifyUrl;
            this.subject = subject;
            this.buyerId = buyerId;
            this.created = created;
            this.status = status;
        }
    }

    /** One notification delivery: where it goes and the signed (or deliberately mis-signed) form body. */
    private record Notification(URI target, String form) {
    }

    private AlipaySimulator(String appId, PublicKey merchantKey, URI defaultNotifyUrl, int port, java.time.Clock clock)
            throws IOException {
        this.appId = appId;
        this.clock = clock;
        this.merchantKey = merchantKey;
        this.defaultNotifyUrl = defaultNotifyUrl;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.alipayKeys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
        try {
            server = LoopbackHttpServer.start("alipay-simulator", port, this::route);
        } catch (IOException e) {
            notifier.shutdownNow();
            throw e;
        }
    }

    /**
     * Starts a simulator.
     *
     * @param appId the application ID requests must carry
     * @param merchantPublicKey the application's public key requests are verified with
     * @param defaultNotifyUrl where notifications go when a request has no {@code notify_url}, or {@code null}
     * @param port the port, 0 for any free one
     * @return the running simulator
     * @throws IOException if the port cannot be bound
     * @throws InvalidInputException if the app ID or key is missing
     */
    public static AlipaySimulator start(String appId, PublicKey merchantPublicKey, URI defaultNotifyUrl, int port)
            throws IOException {
        return start(appId, merchantPublicKey, defaultNotifyUrl, port, java.time.Clock.systemUTC());
    }

    /**
     * Starts a simulator with a clock, which its times (trade creation, payment, notifications) and a QR order's expiry
     * follow; give it the clock the client uses.
     *
     * @param appId the application ID requests must carry
     * @param merchantPublicKey the application's public key requests are verified with
     * @param defaultNotifyUrl where notifications go when a request has no {@code notify_url}, or {@code null}
     * @param port the port, 0 for any free one
     * @param clock the clock
     * @return the running simulator
     * @throws IOException if the port cannot be bound
     * @throws InvalidInputException if the app ID, key or clock is missing
     */
    public static AlipaySimulator start(String appId, PublicKey merchantPublicKey, URI defaultNotifyUrl, int port,
            java.time.Clock clock) throws IOException {
        if (clock == null) {
            throw new InvalidInputException("clock", "must not be null");
        }
        if (appId == null || appId.isEmpty()) {
            throw new InvalidInputException("appId", "must not be empty");
        }
        if (merchantPublicKey == null) {
            throw new InvalidInputException("merchantPublicKey", "must not be null");
        }
        return new AlipaySimulator(appId, merchantPublicKey, defaultNotifyUrl, port, clock);
    }

    /**
     * Returns the gateway URL.
     *
     * @return {@code http://127.0.0.1:port/gateway.do}
     */
    public URI gateway() {
        return URI.create(server.baseUri() + "/gateway.do");
    }

    /**
     * Returns the simulator's Alipay public key (支付宝公钥), which verifies its answers and notifications.
     *
     * @return the key
     */
    public PublicKey alipayPublicKey() {
        return alipayKeys.getPublic();
    }

    /**
     * Makes the next {@code alipay.trade.pay} answer {@code 10003} (WAIT_BUYER_PAY); the next {@code queries}
     * queries answer {@code WAIT_BUYER_PAY} too, then the trade becomes {@code finalStatus}.
     *
     * @param queries how many queries still see {@code WAIT_BUYER_PAY}
     * @param finalStatus {@code TRADE_SUCCESS} or {@code TRADE_CLOSED}
     */
    public void waitBuyerPay(int queries, String finalStatus) {
        synchronized (lock) {
            waitQueries = queries;
            waitFinal = finalStatus;
        }
    }

    /**
     * Processes the next requests but closes the connection without an answer.
     *
     * @param count how many answers to drop
     */
    public void dropNextAnswers(int count) {
        faults.dropNext(count);
    }

    /**
     * Answers the next requests with an HTTP error status without processing them.
     *
     * @param count how many requests
     * @param status the HTTP status, for example 502
     */
    public void failNext(int count, int status) {
        faults.failNext(count, status);
    }

    /** Alters the next answer's response node after signing it (a man in the middle). */
    public void tamperNextAnswer() {
        synchronized (lock) {
            tamper = true;
        }
    }

    /**
     * Sends every following notification this many times.
     *
     * @param copies 1 or more
     */
    public void duplicateNotifications(int copies) {
        faults.duplicate(copies);
    }

    /**
     * Delays the next {@code count} answers by {@code delay}: the request takes effect at once, the answer is written
     * late, so a client with a shorter request timeout sees a link failure while the trade exists. A request answered
     * by {@link #failNext(int, int)} does not use up a delay; a dropped answer ({@link #dropNextAnswers(int)}) is
     * dropped after the delay.
     *
     * @param count how many answers, at least 1
     * @param delay how late each answer is, positive
     * @throws InvalidInputException if {@code count} is below 1 or {@code delay} is not positive
     */
    public void delayNextAnswers(int count, Duration delay) {
        faults.delayNext(count, delay);
    }

    /**
     * Delays every following notification by {@code delay} (late notifications); {@link Duration#ZERO} restores
     * prompt delivery. Notifications already scheduled keep their time.
     *
     * @param delay the delay, zero or positive
     * @throws InvalidInputException if {@code delay} is null or negative
     */
    public void delayNotifications(Duration delay) {
        faults.delayNotifications(delay);
    }

    /**
     * Holds every following notification (each copy of a duplicated one included) instead of sending it, until
     * {@link #releaseHeldNotifications(boolean)}.
     */
    public void holdNotifications() {
        faults.hold();
    }

    /**
     * Stops holding and sends the held notifications, in the order they were made or reversed (out-of-order
     * delivery), one after the other on the notifier thread; the {@link #delayNotifications(Duration) delay} does not
     * apply to them.
     *
     * @param reversed {@code true} to send the newest first
     */
    public void releaseHeldNotifications(boolean reversed) {
        faults.release(reversed);
    }

    /**
     * Signs the next notification with a wrong signature (a valid RSA2 signature of other content). With
     * {@link #duplicateNotifications(int)} only its first copy is spoiled; the others are signed correctly.
     */
    public void badNextNotificationSignature() {
        faults.badNextSignature();
    }

    /**
     * Sends a {@code trade_status_sync} notification for every following successful refund, to the trade's notify
     * URL, with {@code out_biz_no} (the {@code out_request_no}), {@code refund_fee} (refunded so far),
     * {@code gmt_refund} and {@code trade_status} ({@code TRADE_CLOSED} once fully refunded, else
     * {@code TRADE_SUCCESS}). [I] Whether and when Alipay notifies refunds depends on the merchant's subscription, so
     * this is off by default.
     *
     * @param enabled {@code true} to notify refunds
     */
    public void notifyRefunds(boolean enabled) {
        synchronized (lock) {
            refundNotifications = enabled;
        }
    }

    /**
     * A buyer scans a precreated (QR) order with the Alipay app: the gateway creates the trade, {@code WAIT_BUYER_PAY}.
     * Over HTTP: {@code POST /simulator/scan?out_trade_no=NO}.
     *
     * @param outTradeNo the merchant order number
     * @throws InvalidInputException if no QR order with this number waits for a scan
     */
    public void buyerScans(String outTradeNo) {
        synchronized (lock) {
            if (scan(outTradeNo) == null) {
                throw new InvalidInputException("outTradeNo", "no QR order waiting for a scan");
            }
        }
    }

    /**
     * The buyer scans (if not yet) and pays a precreated (QR) order, or pays a waiting trade: {@code TRADE_SUCCESS}
     * and the notification. Over HTTP: {@code POST /simulator/pay?out_trade_no=NO}.
     *
     * @param outTradeNo the merchant order number
     * @throws InvalidInputException if there is no such waiting order or trade
     */
    public void buyerPays(String outTradeNo) {
        synchronized (lock) {
            if (trades.get(outTradeNo) == null) {
                scan(outTradeNo);
            }
            Trade t = trade(outTradeNo, true);
            if (t == null || !"WAIT_BUYER_PAY".equals(t.status)) {
                throw new InvalidInputException("outTradeNo", "no waiting trade");
            }
            settle(t, "TRADE_SUCCESS");
        }
    }

    /**
     * The buyer pays a QR order although its code expired or its waiting trade was closed: a payment Alipay took at
     * the last moment, reported after the merchant closed the order. The gateway should not let it happen; this is the
     * case a merchant must still handle (a payment after the close). The trade becomes {@code TRADE_SUCCESS} and is
     * notified.
     *
     * @param outTradeNo the merchant order number
     * @throws InvalidInputException if there is no such QR order, or its trade was paid
     */
    public void buyerPaysLate(String outTradeNo) {
        synchronized (lock) {
            Trade t = trades.get(outTradeNo);
            if (t == null) {
                Precreated p = precreated.remove(outTradeNo);
                if (p == null) {
                    throw new InvalidInputException("outTradeNo", "no QR order with this number");
                }
                t = newTrade(p.outTradeNo(), p.total(), p.notifyUrl(), p.subject(), "WAIT_BUYER_PAY");
                t.expiresAt = p.expiresAt();
            }
            if (t.paid || !"WAIT_BUYER_PAY".equals(t.status) && !"TRADE_CLOSED".equals(t.status)) {
                throw new InvalidInputException("outTradeNo", "the trade was paid");
            }
            settle(t, "TRADE_SUCCESS");
        }
    }

    /**
     * Creates the trade of a scanned QR order; {@code null} if none waits, or its code expired (it cannot be scanned
     * any more). Called with {@code lock} held.
     */
    private Trade scan(String outTradeNo) {
        Precreated p = precreated.get(outTradeNo);
        if (p == null || trades.containsKey(outTradeNo) || expired(p.expiresAt())) {
            return null;
        }
        precreated.remove(outTradeNo);
        Trade t = newTrade(p.outTradeNo(), p.total(), p.notifyUrl(), p.subject(), "WAIT_BUYER_PAY");
        t.expiresAt = p.expiresAt();
        return t;
    }

    private boolean expired(java.time.Instant expiresAt) {
        return expiresAt != null && !clock.instant().isBefore(expiresAt);
    }

    /**
     * The trade, closed first if it waits for the buyer past its expiry (Alipay closes it: {@code TRADE_CLOSED});
     * {@code null} if unknown. Called with {@code lock} held.
     */
    private Trade trade(String outTradeNo, boolean expire) {
        Trade t = trades.get(outTradeNo);
        if (t != null && expire && "WAIT_BUYER_PAY".equals(t.status) && expired(t.expiresAt)) {
            t.status = "TRADE_CLOSED";
            t.finalStatus = null;
        }
        return t;
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), CHINA);
    }

    /**
     * Returns a snapshot of a trade.
     *
     * @param outTradeNo the merchant order number
     * @return the trade, or empty if unknown (a QR order nobody has scanned has no trade yet)
     */
    public Optional<SimulatedTrade> trade(String outTradeNo) {
        synchronized (lock) {
            Trade t = trade(outTradeNo, true);
            return t == null ? Optional.empty() : Optional.of(new SimulatedTrade(t.outTradeNo, t.tradeNo, t.status,
                    t.total, Money.ofFen(t.refundedFen), t.queries));
        }
    }

    /**
     * Returns the parameters of every request received, in order (signature checked or not).
     *
     * @return copies of the parameter maps
     */
    public List<Map<String, String>> requests() {
        synchronized (lock) {
            List<Map<String, String>> out = new ArrayList<>();
            requests.forEach(r -> out.add(Map.copyOf(r)));
            return out;
        }
    }

    /**
     * Returns how many notification deliveries were attempted.
     *
     * @return the count, duplicates included
     */
    public int notificationsSent() {
        return notificationsSent.get();
    }

    /**
     * Returns how many notification deliveries the notify URL acknowledged with the text {@code success}.
     *
     * @return the count, duplicates included
     */
    public int notificationsAcknowledged() {
        return notificationsAcknowledged.get();
    }

    /**
     * Signs a notification parameter set as the simulator does (without {@code sign} and {@code sign_type}); for
     * tests that build their own notifications.
     *
     * @param params the parameters without {@code sign}
     * @return the Base64 signature
     */
    public String signNotification(Map<String, String> params) {
        return AlipaySigning.sign(alipayKeys.getPrivate(),
                AlipaySigning.signString(params, AlipaySigning.NOTIFICATION_EXCLUDED));
    }

    /** Stops the server and the notifier. */
    @Override
    public void close() {
        server.close();
        notifier.shutdownNow();
        try {
            notifier.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer route(Exchange exchange) throws InterruptedException {
        String path = exchange.rawPath();
        if ("/gateway.do".equals(path)) {
            return gateway(exchange);
        }
        if (path.startsWith("/bill/") && "GET".equals(exchange.method())) {
            byte[] file;
            synchronized (lock) {
                file = bills.get(path.substring("/bill/".length()));
            }
            return file == null ? Answer.of(404, null, new byte[0]) : Answer.of(200, "application/zip", file);
        }
        if (("/simulator/scan".equals(path) || "/simulator/pay".equals(path))) {
            return control(exchange, path.endsWith("/pay"));
        }
        return Answer.of(404, null, new byte[0]);
    }

    private Answer gateway(Exchange exchange) throws InterruptedException {
        SimulatorFaults.Answer fault = faults.nextAnswer();
        if (fault.status() != null) {
            return Answer.of(fault.status(), null, new byte[0]);
        }
        // the official SDK sends the system parameters in the query and biz_content in the form: take both
        Map<String, String> params = new TreeMap<>(exchange.queryParameters());
        params.putAll(LoopbackHttpServer.decodeForm(exchange.text()));
        String answer = process(params);
        Duration delay = faults.nextAnswerDelay();
        if (delay != null) {
            Thread.sleep(delay.toMillis()); // interrupted only when the simulator closes
        }
        if (fault.drop()) {
            return Answer.DROP;
        }
        return Answer.text(200, JSON_TYPE, answer);
    }

    /** {@code POST /simulator/scan} and {@code /simulator/pay}: the buyer's side. */
    private Answer control(Exchange exchange, boolean pay) {
        if (!"POST".equals(exchange.method())) {
            return Answer.text(405, JSON_TYPE, "{\"code\":\"METHOD_NOT_ALLOWED\"}");
        }
        String no = exchange.queryParameters().getOrDefault("out_trade_no",
                LoopbackHttpServer.decodeForm(exchange.text()).getOrDefault("out_trade_no", ""));
        Map<String, Object> out = new LinkedHashMap<>();
        int status = 200;
        synchronized (lock) {
            Trade t = trade(no, true);
            if (t == null) {
                t = scan(no);
            }
            if (t == null) {
                status = 404;
                out.put("code", "TRADE_NOT_EXIST");
            } else if (pay && "WAIT_BUYER_PAY".equals(t.status)) {
                settle(t, "TRADE_SUCCESS");
            } else if (pay || !"WAIT_BUYER_PAY".equals(t.status)) {
                status = 409;
                out.put("code", "TRADE_STATUS_ERROR");
            }
            if (t != null) {
                out.put("out_trade_no", t.outTradeNo);
                out.put("trade_no", t.tradeNo);
                out.put("trade_status", t.status);
            }
        }
        try {
            return Answer.text(status, JSON_TYPE, JSON.writeValueAsString(out));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String process(Map<String, String> p) {
        String method = p.getOrDefault("method", "");
        String field = method.isEmpty() ? "error_response" : method.replace('.', '_') + "_response";
        synchronized (lock) {
            requests.add(p);
        }
        if (!AlipaySigning.verify(merchantKey, AlipaySigning.signString(p, AlipaySigning.REQUEST_EXCLUDED),
                p.get("sign"))) {
            return "{\"" + field + "\":{\"code\":\"40002\",\"msg\":\"Invalid Arguments\","
                    + "\"sub_code\":\"isv.invalid-signature\",\"sub_msg\":\"验签出错\"}}";
        }
        Map<String, Object> node = new LinkedHashMap<>();
        try {
            if (!appId.equals(p.get("app_id"))) {
                fail(node, "40002", "isv.invalid-app-id");
            } else if (!"RSA2".equals(p.get("sign_type")) || !"JSON".equalsIgnoreCase(p.getOrDefault("format", "JSON"))
                    || !"utf-8".equalsIgnoreCase(p.get("charset")) || !"1.0".equals(p.get("version"))) {
                fail(node, "40002", "isv.invalid-parameter");
            } else {
                LocalDateTime.parse(p.getOrDefault("timestamp", ""), TIMESTAMP);
                JsonNode biz = JSON.readTree(p.getOrDefault("biz_content", "{}"));
                URI notifyUrl = p.containsKey("notify_url") ? URI.create(p.get("notify_url")) : defaultNotifyUrl;
                synchronized (lock) {
                    dispatch(method, biz, notifyUrl, node);
                }
            }
        } catch (DateTimeParseException | IOException | IllegalArgumentException e) {
            node.clear();
            fail(node, "40002", "isv.invalid-parameter");
        }
        String text;
        try {
            text = JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String sign = AlipaySigning.sign(alipayKeys.getPrivate(), text);
        synchronized (lock) {
            if (tamper) {
                tamper = false;
                text = text.replace("\"code\":\"", "\"code\":\"1");
            }
        }
        return "{\"" + field + "\":" + text + ",\"sign\":\"" + sign + "\"}";
    }

    private static void fail(Map<String, Object> node, String code, String subCode) {
        node.put("code", code);
        node.put("msg", "40004".equals(code) ? "Business Failed" : "Invalid Arguments");
        node.put("sub_code", subCode);
        node.put("sub_msg", subCode);
    }

    private static void ok(Map<String, Object> node) {
        node.put("code", "10000");
        node.put("msg", "Success");
    }

    private void dispatch(String method, JsonNode biz, URI notifyUrl, Map<String, Object> node) {
        String outTradeNo = biz.path("out_trade_no").asText("");
        Trade t = trade(outTradeNo, true);
        switch (method) {
            case "alipay.trade.pay" -> pay(biz, outTradeNo, t, notifyUrl, node);
            case "alipay.trade.precreate" -> {
                Money total = Money.parseYuan(biz.path("total_amount").asText());
                Precreated p = precreated.get(outTradeNo);
                if (t != null || p != null && !p.total().equals(total)) {
                    fail(node, "40004", "ACQ.CONTEXT_INCONSISTENT");
                    return;
                }
                if (p == null) {
                    // no trade yet: the gateway creates it when a buyer scans the code
                    java.time.Instant expiresAt;
                    try {
                        expiresAt = expiry(biz);
                    } catch (IllegalArgumentException | DateTimeParseException e) {
                        fail(node, "40004", "ACQ.INVALID_PARAMETER");
                        return;
                    }
                    p = new Precreated(outTradeNo, total, biz.path("subject").asText(""), notifyUrl,
                            "https://qr.alipay.com/sim" + String.format("%016d", seq.incrementAndGet()), expiresAt);
                    precreated.put(outTradeNo, p);
                }
                ok(node);
                node.put("out_trade_no", outTradeNo);
                node.put("qr_code", p.qrCode());
            }
            case "alipay.trade.query" -> {
                if (t == null) {
                    fail(node, "40004", "ACQ.TRADE_NOT_EXIST");
                    return;
                }
                t.queries++;
                if ("WAIT_BUYER_PAY".equals(t.status) && t.finalStatus != null) {
                    if (t.remainingWaits > 0) {
                        t.remainingWaits--;
                    } else {
                        settle(t, t.finalStatus);
                    }
                }
                ok(node);
                tradeFields(t, node);
            }
            case "alipay.trade.cancel" -> {
                if (t == null) {
                    fail(node, "40004", "ACQ.TRADE_NOT_EXIST");
                    return;
                }
                String action = "TRADE_SUCCESS".equals(t.status) ? "refund" : "close";
                if ("TRADE_SUCCESS".equals(t.status)) {
                    t.refundedFen = t.total.fen();
                }
                t.status = "TRADE_CLOSED";
                t.finalStatus = null;
                ok(node);
                node.put("out_trade_no", outTradeNo);
                node.put("trade_no", t.tradeNo);
                node.put("retry_flag", "N");
                node.put("action", action);
            }
            case "alipay.trade.close" -> {
                if (t == null) {
                    fail(node, "40004", "ACQ.TRADE_NOT_EXIST");
                } else if ("TRADE_SUCCESS".equals(t.status)) {
                    fail(node, "40004", "ACQ.TRADE_STATUS_ERROR");
                } else {
                    t.status = "TRADE_CLOSED";
                    t.finalStatus = null;
                    ok(node);
                    node.put("out_trade_no", outTradeNo);
                    node.put("trade_no", t.tradeNo);
                }
            }
            case "alipay.trade.refund" -> refund(biz, t, node);
            case "alipay.trade.fastpay.refund.query" -> {
                String key = outTradeNo + "/" + biz.path("out_request_no").asText("");
                ok(node);
                Money amount = refunds.get(key);
                if (t != null && amount != null) {
                    node.put("out_trade_no", outTradeNo);
                    node.put("trade_no", t.tradeNo);
                    node.put("out_request_no", biz.path("out_request_no").asText(""));
                    node.put("refund_amount", amount.toYuanString());
                    node.put("total_amount", t.total.toYuanString());
                    node.put("refund_status", "REFUND_SUCCESS");
                }
            }
            case "alipay.data.dataservice.bill.downloadurl.query" -> billUrl(biz, node);
            default -> fail(node, "40004", "isv.invalid-method");
        }
    }

    /**
     * A precreate's expiry: {@code time_expire} ({@code yyyy-MM-dd HH:mm:ss}, Beijing time) if given, else
     * {@code timeout_express} ({@code Nm}, {@code Nh} or {@code Nd}, counted here from the precreate), else none.
     */
    private java.time.Instant expiry(JsonNode biz) {
        String absolute = biz.path("time_expire").asText("");
        if (!absolute.isEmpty()) {
            return LocalDateTime.parse(absolute, TIMESTAMP).atZone(CHINA).toInstant();
        }
        String relative = biz.path("timeout_express").asText("");
        if (relative.isEmpty()) {
            return null;
        }
        if (!relative.matches("[1-9][0-9]{0,4}[mhd]")) {
            throw new IllegalArgumentException("timeout_express");
        }
        long n = Long.parseLong(relative.substring(0, relative.length() - 1));
        Duration d = switch (relative.charAt(relative.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return clock.instant().plus(d);
    }

    /**
     * {@code alipay.data.dataservice.bill.downloadurl.query}: snapshots the ledger (every paid trade, every refund;
     * the simulator ignores the date) into a zip with a GBK detail file in Alipay's layout [L] and answers its URL.
     */
    private void billUrl(JsonNode biz, Map<String, Object> node) {
        if (!"trade".equals(biz.path("bill_type").asText()) || !biz.path("bill_date").asText()
                .matches("\\d{4}-\\d{2}-\\d{2}")) {
            fail(node, "40004", "isp.bill_not_exist");
            return;
        }
        String date = biz.path("bill_date").asText();
        StringBuilder csv = new StringBuilder("#支付宝交易记录明细查询\n#账号：[20880000000000000156]\n"
                + "#起始日期：[" + date + " 00:00:00]   终止日期：[" + date + " 23:59:59]\n"
                + "#-----------------------------------------业务明细列表----------------------------------------\n"
                + "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
                + "订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
                + "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\n");
        int rows = 0;
        for (Trade t : trades.values()) {
            if (t.paid) {
                csv.append(row(t, "交易", t.total.toYuanString(), ""));
                rows++;
            }
        }
        for (Map.Entry<String, Money> r : refunds.entrySet()) {
            int slash = r.getKey().indexOf('/');
            Trade t = trades.get(r.getKey().substring(0, slash));
            csv.append(row(t, "退款", "-" + r.getValue().toYuanString(), r.getKey().substring(slash + 1)));
            rows++;
        }
        csv.append("#-----------------------------------------业务明细列表结束------------------------------------\n")
                .append("#交易合计：").append(rows).append("笔\n");
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GB18030");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip, gbk)) {
            String prefix = "20880000000000000156_" + date.replace("-", "");
            out.putNextEntry(new java.util.zip.ZipEntry(prefix + "_业务明细.csv"));
            out.write(csv.toString().getBytes(gbk));
            out.closeEntry();
            out.putNextEntry(new java.util.zip.ZipEntry(prefix + "_业务明细(汇总).csv"));
            out.write(("#支付宝业务汇总查询\n门店编号,门店名称,交易订单总笔数\n,," + rows + "\n").getBytes(gbk));
            out.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException("zip in memory", e);
        }
        String token = java.util.UUID.randomUUID().toString().replace("-", "");
        bills.put(token, zip.toByteArray());
        ok(node);
        node.put("bill_download_url", server.baseUri() + "/bill/" + token);
    }

    private static String row(Trade t, String kind, String amount, String refundNo) {
        return t.tradeNo + "," + t.outTradeNo + "," + kind + ",yikatong,2026-01-01 00:00:00,2026-01-01 00:00:01,,,,,"
                + "buyer@example.com," + amount + "," + amount + ",0.00,0.00,0.00,0.00,0.00,,0.00,0.00," + refundNo
                + ",0.00,0.00,\n";
    }

    private void pay(JsonNode biz, String outTradeNo, Trade existing, URI notifyUrl, Map<String, Object> node) {
        String authCode = biz.path("auth_code").asText("");
        if (!"bar_code".equals(biz.path("scene").asText())) {
            fail(node, "40004", "ACQ.INVALID_PARAMETER");
        } else if (existing != null) {
            fail(node, "40004", "TRADE_SUCCESS".equals(existing.status) ? "ACQ.TRADE_HAS_SUCCESS"
                    : "ACQ.TRADE_HAS_CLOSE");
        } else if (DECLINED_AUTH_CODE.equals(authCode)) {
            fail(node, "40004", "ACQ.BUYER_BALANCE_NOT_ENOUGH");
        } else if (!authCode.matches("\\d{16,24}")) {
            fail(node, "40004", "ACQ.PAYMENT_AUTH_CODE_INVALID");
        } else {
            Money amount = Money.parseYuan(biz.path("total_amount").asText());
            if (waitQueries >= 0) {
                Trade t = newTrade(outTradeNo, amount, notifyUrl, biz.path("subject").asText(""), "WAIT_BUYER_PAY");
                t.remainingWaits = waitQueries;
                t.finalStatus = waitFinal;
                waitQueries = -1;
                node.put("code", "10003");
                node.put("msg", "order success pay inprocess");
                node.put("out_trade_no", outTradeNo);
                node.put("trade_no", t.tradeNo);
                node.put("total_amount", amount.toYuanString());
                node.put("buyer_logon_id", "buy***@example.com");
                node.put("buyer_user_id", t.buyerId);
                return;
            }
            Trade t = newTrade(outTradeNo, amount, notifyUrl, biz.path("subject").asText(""), "WAIT_BUYER_PAY");
            settle(t, "TRADE_SUCCESS");
            ok(node);
            tradeFields(t, node);
        }
    }

    private void refund(JsonNode biz, Trade t, Map<String, Object> node) {
        if (t == null) {
            fail(node, "40004", "ACQ.TRADE_NOT_EXIST");
            return;
        }
        Money amount = Money.parseYuan(biz.path("refund_amount").asText());
        String key = t.outTradeNo + "/" + biz.path("out_request_no").asText("");
        Money previous = refunds.get(key);
        if (previous != null) {
            if (!previous.equals(amount)) {
                fail(node, "40004", "ACQ.DISCORDANT_REPEAT_REQUEST");
                return;
            }
        } else if (!"TRADE_SUCCESS".equals(t.status)) {
            fail(node, "40004", "ACQ.TRADE_STATUS_ERROR");
            return;
        } else if (t.refundedFen + amount.fen() > t.total.fen()) {
            fail(node, "40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
            return;
        } else {
            refunds.put(key, amount);
            t.refundedFen += amount.fen();
            if (t.refundedFen == t.total.fen()) {
                t.status = "TRADE_CLOSED";
            }
            if (refundNotifications && t.notifyUrl != null) {
                Map<String, String> n = notificationFields(t, t.status);
                n.put("out_biz_no", biz.path("out_request_no").asText(""));
                n.put("refund_fee", Money.ofFen(t.refundedFen).toYuanString());
                n.put("gmt_refund", now().format(TIMESTAMP));
                enqueue(t.notifyUrl, n);
            }
        }
        ok(node);
        node.put("out_trade_no", t.outTradeNo);
        node.put("trade_no", t.tradeNo);
        node.put("refund_fee", Money.ofFen(t.refundedFen).toYuanString());
        node.put("fund_change", previous == null ? "Y" : "N");
    }

    private Trade newTrade(String outTradeNo, Money total, URI notifyUrl, String subject, String status) {
        String tradeNo = "2026" + String.format("%016d", seq.incrementAndGet());
        String buyerId = "2088" + String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
        Trade t = new Trade(outTradeNo, tradeNo, total, notifyUrl, subject, buyerId, now(),
                status);
        trades.put(outTradeNo, t);
        return t;
    }

    /** The paid amount as one fund bill, as {@code fund_bill_list} lists it (balance, say). */
    private static List<Map<String, String>> fundBills(Trade t) {
        Map<String, String> bill = new LinkedHashMap<>();
        bill.put("amount", t.total.toYuanString());
        bill.put("fundChannel", "ALIPAYACCOUNT");
        return List.of(bill);
    }

    private static void tradeFields(Trade t, Map<String, Object> node) {
        node.put("out_trade_no", t.outTradeNo);
        node.put("trade_no", t.tradeNo);
        node.put("trade_status", t.status);
        node.put("total_amount", t.total.toYuanString());
        node.put("buyer_logon_id", "buy***@example.com");
        node.put("buyer_user_id", t.buyerId);
        if (t.paid) {
            node.put("receipt_amount", t.total.toYuanString());
            node.put("buyer_pay_amount", t.total.toYuanString());
            node.put("point_amount", "0.00");
            node.put("invoice_amount", t.total.toYuanString());
            node.put("send_pay_date", t.paidAt.format(TIMESTAMP));
            node.put("fund_bill_list", fundBills(t));
        }
    }

    private void settle(Trade t, String status) {
        t.status = status;
        if ("TRADE_SUCCESS".equals(status) && !t.paid) {
            t.paid = true;
            t.paidAt = now();
        }
        t.finalStatus = null;
        if (!"TRADE_SUCCESS".equals(status) || t.notifyUrl == null) {
            return;
        }
        enqueue(t.notifyUrl, notificationFields(t, status));
    }

    private Map<String, String> notificationFields(Trade t, String status) {
        Map<String, String> n = new TreeMap<>();
        n.put("notify_time", now().format(TIMESTAMP));
        n.put("notify_type", "trade_status_sync");
        n.put("notify_id", "sim" + seq.incrementAndGet());
        n.put("app_id", appId);
        n.put("charset", "utf-8");
        n.put("version", "1.0");
        n.put("trade_no", t.tradeNo);
        n.put("out_trade_no", t.outTradeNo);
        n.put("trade_status", status);
        n.put("total_amount", t.total.toYuanString());
        n.put("subject", t.subject);
        n.put("seller_id", SELLER_ID);
        n.put("buyer_id", t.buyerId);
        n.put("buyer_logon_id", "buy***@example.com");
        n.put("gmt_create", t.created.format(TIMESTAMP));
        if (t.paid) {
            n.put("gmt_payment", t.paidAt.format(TIMESTAMP));
            n.put("receipt_amount", t.total.toYuanString());
            n.put("buyer_pay_amount", t.total.toYuanString());
            n.put("invoice_amount", t.total.toYuanString());
            n.put("point_amount", "0.00");
            try {
                n.put("fund_bill_list", JSON.writeValueAsString(fundBills(t)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    /** Signs and sends (or holds) a notification with its copies; called with {@code lock} held. */
    private void enqueue(URI target, Map<String, String> fields) {
        String good = form(fields, signNotification(fields));
        String bad = null;
        if (faults.takeBadSignature()) {
            Map<String, String> other = new TreeMap<>(fields);
            other.put("notify_id", fields.get("notify_id") + "-other");
            bad = form(fields, signNotification(other));
        }
        for (int i = 0, copies = faults.copies(); i < copies; i++) {
            Notification n = new Notification(target, i == 0 && bad != null ? bad : good);
            faults.send(() -> deliver(n));
        }
    }

    private static String form(Map<String, String> fields, String sign) {
        Map<String, String> n = new TreeMap<>(fields);
        n.put("sign", sign);
        n.put("sign_type", "RSA2");
        StringBuilder form = new StringBuilder();
        n.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return form.toString();
    }

    private void deliver(Notification n) {
        notificationsSent.incrementAndGet();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(n.target()).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(n.form())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() == 200 && "success".equals(r.body().trim())) {
                notificationsAcknowledged.incrementAndGet();
            }
        } catch (IOException | IllegalArgumentException e) {
            // the merchant did not answer; Alipay would retry later, the simulator does not
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns {@code AlipaySimulator[gateway]}. */
    @Override
    public String toString() {
        return "AlipaySimulator[" + gateway() + "]";
    }
}
