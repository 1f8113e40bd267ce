package io.yikatong.testkit.payment.unionpay;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.core.time.ChinaTime;
import io.yikatong.payment.unionpay.SignMethod;
import io.yikatong.payment.unionpay.UnionPayClient;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.payment.unionpay.internal.AcpForms;
import io.yikatong.payment.unionpay.internal.AcpSigning;
import io.yikatong.testkit.internal.LoopbackHttpServer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Answer;
import io.yikatong.testkit.internal.LoopbackHttpServer.Exchange;
import io.yikatong.testkit.internal.SimulatorFaults;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated UnionPay ACP 5.1.0 gateway on {@code 127.0.0.1} (real HTTP on an embedded Jetty) with
 * {@code /gateway/api/backTransReq.do} and {@code /gateway/api/queryTrans.do}.
 *
 * <p>It verifies every request exactly as the client signs it (signMethod 01 with the merchant certificate and its
 * decimal serial as {@code certId}, or the secure key for 11/12); a wrong signature, sign method or {@code certId}
 * answers {@code respCode=11} (验证签名失败), unsigned. At start-up it generates a root → middle → signing certificate
 * chain with BouncyCastle (signing CN in UnionPay's {@code @} layout, {@code 041@Z12@中国银联股份有限公司@00000001},
 * unless configured otherwise, see {@link SignerCnLayout}; valid from one day before to 30 days after the simulator clock's start) and signs its
 * answers and back notifications with it, {@code signPubKeyCert} included; {@link #rootCertificate()} and
 * {@link #middleCertificate()} are what a client trusts. In secure-key mode it signs with the key instead.
 *
 * <p>Ledger: consumptions, QR orders, cancels ({@code 31}: same Beijing day as the original, full amount, only if
 * nothing was refunded; a repeated cancel of a cancelled consumption answers {@code 12} 重复交易) and refunds
 * ({@code 04}: never above the unrefunded amount, never of a cancelled consumption; otherwise {@code 35}). A reused
 * {@code orderId} answers {@code 12}. Queries must repeat the {@code txnTime}; an unknown pair answers {@code 34}. The
 * payment code {@link #DECLINED_QR_NO} answers {@code 64} (insufficient balance) [I]; a QR order cannot be paid after
 * its {@code payTimeout} (simulator clock, Beijing time) and still answers {@code 05} to queries (after
 * {@code payTimeout} any {@code origRespCode} but {@code 00} is a failure, §3.4) [I]; other codes are accepted
 * ({@code respCode=00}) and succeed at once. Codes other than 00/03/04/05/11/12/34 are chosen for the simulator [I].
 *
 * <p>Back notifications of a successful transaction carry, as the gateway's do, {@code queryId}, {@code traceNo}
 * (system trace audit number, 6 digits), {@code traceTime} ({@code MMddHHmmss}), {@code settleAmt} (= {@code txnAmt}),
 * {@code settleCurrencyCode} ({@code 156}) and {@code settleDate} ({@code MMdd}, the Beijing day); a query of a
 * successful transaction answers them too.
 *
 * <p>Faults: {@link #processing(String, int)}, {@link #delayNextAnswers(int, Duration)},
 * {@link #dropNextAnswers(int)}, {@link #failNext(int, int)}, {@link #tamperNextAnswer()},
 * {@link #duplicateNotifications(int)}, {@link #delayNotifications(Duration)}, {@link #holdNotifications()} with
 * {@link #releaseHeldNotifications(boolean)}, {@link #badNextNotificationSignature()}, and a payment after the merchant
 * closed the order ({@link #payerPaysLate(String)}).
 *
 * <p>Thread-safe; create one per test and close it. Faults may be set from any thread while requests are served;
 * each applies to the answers and notifications that are made after the call returns.
 *
 * @since 0.1
 */
public final class UnionPaySimulator implements AutoCloseable {

    /** A payment code the simulator declines with {@code respCode=64} (余额不足). */
    public static final String DECLINED_QR_NO = "6299999999999999999";

    /**
     * The subject CN of the generated signing certificate.
     *
     * @since 0.1
     */
    public enum SignerCnLayout {
        /** The plain organisation name, {@value UnionPayClient#DEFAULT_SIGNER_CN}. */
        PLAIN(UnionPayClient.DEFAULT_SIGNER_CN),
        /**
         * UnionPay's layout (the default), fields separated by {@code @}:
         * {@code 041@Z12@中国银联股份有限公司@00000001} (certificate type, issuing code, organisation name as the third
         * field, sequence). A client that compares the whole CN with the organisation name rejects it; one that reads
         * the third field accepts it.
         */
        GATEWAY("041@Z12@" + UnionPayClient.DEFAULT_SIGNER_CN + "@00000001");

        private final String cn;

        SignerCnLayout(String cn) {
            this.cn = cn;
        }

        /**
         * Returns the CN this layout gives.
         *
         * @return the CN
         */
        public String commonName() {
            return cn;
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter SETTLE_DATE = DateTimeFormatter.ofPattern("MMdd");
    private static final String TEXT_TYPE = "text/plain;charset=UTF-8";

    private final String merId;
    private final SignMethod signMethod;
    private final X509Certificate merchantCert;
    private final String keyDigest;
    private final Clock clock;
    private final AcpCertificates.Issued root;
    private final AcpCertificates.Issued middle;
    private final AcpCertificates.Issued signer;
    private final String signerPem;
    private final LoopbackHttpServer server;
    private final ScheduledExecutorService notifier = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "unionpay-simulator-notify");
        t.setDaemon(true);
        return t;
    });
    private final SimulatorFaults faults = new SimulatorFaults(notifier);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger seq = new AtomicInteger();
    private final AtomicInteger notificationsSent = new AtomicInteger();
    private final AtomicInteger notificationsAcknowledged = new AtomicInteger();
    private final Object lock = new Object();
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, Order> byQueryId = new HashMap<>();
    private final List<Map<String, String>> requests = new ArrayList<>();
    private boolean tamper;
    private String processingAnswer;
    private int processingQueries;

    private static final class Order {
        final String orderId;
        final String txnType;
        final String txnTime;
        final String queryId;
        final Money amount;
        final URI backUrl;
        final String origQryId;
        /** The {@code payTimeout} sent, or {@code null}. */
        LocalDateTime payTimeout;
        String status;
        String traceNo;
        String traceTime;
        String settleDate;
        long refundedFen;
        boolean cancelled;
        int queries;
        int remaining;

        Order(String orderId, String txnType, String txnTime, String queryId, Money amount, URI backUrl,
                String origQryId, String status) {
            this.orderId = orderId;
            this.txnType = txnType;
            this.txnTime = txnTime;
            this.queryId = queryId;
            this.amount = amount;
            this.backUrl = backUrl;
            this.origQryId = origQryId;
            this.status = status;
        }
    }

    /** One notification delivery: where it goes and the signed (or deliberately mis-signed) form body. */
    private record Notification(URI target, String form) {
    }

    private UnionPaySimulator(Builder b) throws IOException {
        this.merId = b.merId;
        this.signMethod = b.signMethod;
        this.merchantCert = b.merchantCert;
        this.keyDigest = b.secureKey == null ? null : AcpSigning.digestHex(b.signMethod.code(), b.secureKey);
        this.clock = b.clock;
        Instant now = clock.instant();
        Instant from = now.minus(1, ChronoUnit.DAYS);
        Instant to = now.plus(30, ChronoUnit.DAYS);
        root = AcpCertificates.issue("Simulated UnionPay Root", AcpCertificates.rsaKeys(), null, true,
                BigInteger.ONE, from, to.plus(3650, ChronoUnit.DAYS));
        middle = AcpCertificates.issue("Simulated UnionPay Middle", AcpCertificates.rsaKeys(), root, true,
                BigInteger.TWO, from, to.plus(365, ChronoUnit.DAYS));
        signer = AcpCertificates.issue(b.signerCn, AcpCertificates.rsaKeys(), middle, false,
                new BigInteger("69026276696"), from, to);
        signerPem = AcpCertificates.toPem(signer.certificate());
        try {
            server = LoopbackHttpServer.start("unionpay-simulator", b.port, this::route);
        } catch (IOException e) {
            notifier.shutdownNow();
            throw e;
        }
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
     * Returns the base URI.
     *
     * @return {@code http://127.0.0.1:port/}
     */
    public URI baseUri() {
        return URI.create(server.baseUri() + "/");
    }

    /**
     * Returns the back-transaction URL.
     *
     * @return {@code …/gateway/api/backTransReq.do}
     */
    public URI backTransUrl() {
        return baseUri().resolve("gateway/api/backTransReq.do");
    }

    /**
     * Returns the query URL.
     *
     * @return {@code …/gateway/api/queryTrans.do}
     */
    public URI queryTransUrl() {
        return baseUri().resolve("gateway/api/queryTrans.do");
    }

    /**
     * Returns the generated root certificate a client trusts.
     *
     * @return the root
     */
    public X509Certificate rootCertificate() {
        return root.certificate();
    }

    /**
     * Returns the generated middle certificate a client trusts.
     *
     * @return the middle certificate
     */
    public X509Certificate middleCertificate() {
        return middle.certificate();
    }

    /**
     * Returns the generated signing certificate ({@code signPubKeyCert}).
     *
     * @return the signing certificate
     */
    public X509Certificate signingCertificate() {
        return signer.certificate();
    }

    /**
     * Makes the next barcode consumption answer {@code respCode} (accepted {@code 00}, or {@code 03}/{@code 04}/
     * {@code 05}: status unknown) while the transaction is processing: the next {@code queries} queries answer
     * {@code origRespCode=03}, the one after that {@code 00} (and the notification is sent).
     *
     * @param respCode {@code 00}, {@code 03}, {@code 04} or {@code 05}
     * @param queries how many queries still see {@code 03}
     */
    public void processing(String respCode, int queries) {
        synchronized (lock) {
            processingAnswer = respCode;
            processingQueries = queries;
        }
    }

    /**
     * Processes the next requests but closes the connection without an answer (the request took effect).
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

    /** Alters the next answer's {@code respMsg} after signing it (a man in the middle). */
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
     * late, so a client with a shorter request timeout sees a link failure while the transaction exists. A request
     * answered by {@link #failNext(int, int)} does not use up a delay; a dropped answer ({@link #dropNextAnswers(int)})
     * is dropped after the delay.
     *
     * @param count how many answers, at least 1
     * @param delay how late each answer is, positive
     * @throws InvalidInputException if {@code count} is below 1 or {@code delay} is not positive
     */
    public void delayNextAnswers(int count, Duration delay) {
        faults.delayNext(count, delay);
    }

    /**
     * Delays every following back notification by {@code delay} (late notifications); {@link Duration#ZERO} restores
     * prompt delivery. Notifications already scheduled keep their time.
     *
     * @param delay the delay, zero or positive
     * @throws InvalidInputException if {@code delay} is null or negative
     */
    public void delayNotifications(Duration delay) {
        faults.delayNotifications(delay);
    }

    /**
     * Holds every following back notification (each copy of a duplicated one included) instead of sending it, until
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
     * Signs the next back notification with a wrong {@code signature} (a well-formed signature of other content).
     * With {@link #duplicateNotifications(int)} only its first copy is spoiled; the others are signed correctly.
     */
    public void badNextNotificationSignature() {
        faults.badNextSignature();
    }

    /**
     * The payer scans and pays a QR order.
     *
     * @param orderId the QR order's {@code orderId}
     * @throws InvalidInputException if there is no such waiting order
     */
    public void payerPays(String orderId) {
        synchronized (lock) {
            Order o = orders.get(orderId);
            if (o == null || !"05".equals(o.status)) {
                throw new InvalidInputException("orderId", "no waiting QR order");
            }
            if (o.payTimeout != null && LocalDateTime.now(clock.withZone(ChinaTime.ZONE)).isAfter(o.payTimeout)) {
                throw new InvalidInputException("orderId", "the QR order timed out at its payTimeout");
            }
            settle(o, "00");
        }
    }

    /**
     * The payer pays a QR order although its {@code payTimeout} passed: a payment UnionPay took at the last moment,
     * reported after the merchant closed the order. The gateway should not let it happen; this is the case a merchant
     * must still handle (a payment after the close). The order succeeds and is notified.
     *
     * @param orderId the QR order's {@code orderId}
     * @throws InvalidInputException if there is no such waiting order
     */
    public void payerPaysLate(String orderId) {
        synchronized (lock) {
            Order o = orders.get(orderId);
            if (o == null || !"05".equals(o.status)) {
                throw new InvalidInputException("orderId", "no waiting QR order");
            }
            settle(o, "00");
        }
    }

    /**
     * Returns a snapshot of a transaction.
     *
     * @param orderId the {@code orderId}
     * @return the transaction, or empty if unknown
     */
    public Optional<SimulatedOrder> order(String orderId) {
        synchronized (lock) {
            Order o = orders.get(orderId);
            return o == null ? Optional.empty() : Optional.of(new SimulatedOrder(o.orderId, o.txnType, o.queryId,
                    o.status, o.amount, Money.ofFen(o.refundedFen), o.cancelled, o.queries));
        }
    }

    /**
     * Returns the fields of every request received, in order (signature checked or not).
     *
     * @return copies of the field maps
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
     * Returns how many notification deliveries the back URL acknowledged with HTTP 200 or 302.
     *
     * @return the count, duplicates included
     */
    public int notificationsAcknowledged() {
        return notificationsAcknowledged.get();
    }

    /**
     * Signs a field set as the simulator signs answers and notifications; for tests that build their own.
     *
     * @param fields the fields without {@code signature}
     * @return a copy with {@code signPubKeyCert} (mode 01) and {@code signature}
     */
    public Map<String, String> sign(Map<String, String> fields) {
        Map<String, String> out = new TreeMap<>(fields);
        out.remove(AcpSigning.SIGNATURE);
        out.put("signMethod", signMethod.code());
        if (signMethod == SignMethod.RSA) {
            out.put("certId", signer.certificate().getSerialNumber().toString());
            out.put("signPubKeyCert", signerPem);
            out.put(AcpSigning.SIGNATURE, AcpSigning.rsaSign(signer.keys().getPrivate(), out));
        } else {
            out.put(AcpSigning.SIGNATURE, AcpSigning.secureKeySign(signMethod.code(), keyDigest, out));
        }
        return out;
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
        boolean query;
        if ("/gateway/api/backTransReq.do".equals(exchange.rawPath())) {
            query = false;
        } else if ("/gateway/api/queryTrans.do".equals(exchange.rawPath())) {
            query = true;
        } else {
            return Answer.of(404, null, new byte[0]);
        }
        SimulatorFaults.Answer fault = faults.nextAnswer();
        if (fault.status() != null) {
            return Answer.of(fault.status(), null, new byte[0]);
        }
        Map<String, String> fields;
        try {
            fields = AcpForms.parseForm(exchange.text());
        } catch (IllegalArgumentException e) {
            fields = Map.of();
        }
        String answer = process(fields, query);
        Duration delay = faults.nextAnswerDelay();
        if (delay != null) {
            Thread.sleep(delay.toMillis()); // interrupted only when the simulator closes
        }
        if (fault.drop()) {
            return Answer.DROP;
        }
        return Answer.text(200, TEXT_TYPE, answer);
    }

    private boolean signatureValid(Map<String, String> f) {
        if (!signMethod.code().equals(f.get("signMethod"))) {
            return false;
        }
        if (signMethod == SignMethod.RSA) {
            return merchantCert.getSerialNumber().toString().equals(f.get("certId"))
                    && AcpSigning.rsaVerify(merchantCert.getPublicKey(), f);
        }
        return AcpSigning.secureKeyVerify(signMethod.code(), keyDigest, f);
    }

    private String process(Map<String, String> f, boolean query) {
        synchronized (lock) {
            requests.add(f);
        }
        if (!signatureValid(f)) {
            Map<String, String> a = new TreeMap<>();
            a.put("respCode", "11");
            a.put("respMsg", "验证签名失败");
            return AcpForms.encodeRaw(a);
        }
        Map<String, String> a = new TreeMap<>();
        for (String k : List.of("version", "encoding", "txnType", "txnSubType", "bizType", "accessType", "merId",
                "orderId", "txnTime")) {
            if (f.containsKey(k)) {
                a.put(k, f.get(k));
            }
        }
        if (!merId.equals(f.get("merId"))) {
            fail(a, "32", "无此交易权限");
        } else if (!"5.1.0".equals(f.get("version")) || !"UTF-8".equals(f.get("encoding"))
                || !"0".equals(f.get("accessType")) || !f.getOrDefault("orderId", "").matches("[0-9A-Za-z]{8,40}")
                || !validTime(f.get("txnTime"))) {
            fail(a, "30", "报文格式错误");
        } else {
            synchronized (lock) {
                dispatch(f, query, a);
            }
        }
        Map<String, String> signed = sign(a);
        synchronized (lock) {
            if (tamper) {
                tamper = false;
                signed.put("respMsg", signed.getOrDefault("respMsg", "") + "!");
            }
        }
        return AcpForms.encodeRaw(signed);
    }

    private static boolean validTime(String t) {
        try {
            LocalDateTime.parse(t == null ? "" : t, TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void fail(Map<String, String> a, String code, String msg) {
        a.put("respCode", code);
        a.put("respMsg", msg);
    }

    private void dispatch(Map<String, String> f, boolean query, Map<String, String> a) {
        String kind = f.get("txnType") + "/" + f.get("txnSubType") + "/" + f.get("bizType")
                + (query ? "" : "/" + f.get("channelType"));
        String orderId = f.get("orderId");
        if (query) {
            if (!"00/00/000201".equals(kind)) {
                fail(a, "30", "报文格式错误");
                return;
            }
            query(orderId, f.get("txnTime"), a);
            return;
        }
        if (orders.containsKey(orderId)) {
            fail(a, "12", "重复交易");
            return;
        }
        Money amount;
        URI backUrl;
        try {
            amount = Money.ofFen(Long.parseLong(f.getOrDefault("txnAmt", "")));
            backUrl = URI.create(f.getOrDefault("backUrl", ""));
        } catch (IllegalArgumentException e) {
            fail(a, "30", "报文格式错误");
            return;
        }
        if (!amount.isPositive() || !"156".equals(f.get("currencyCode"))) {
            fail(a, "30", "报文格式错误");
            return;
        }
        switch (kind) {
            case "01/06/000000/08" -> consume(f, amount, backUrl, a);
            case "01/07/000000/08" -> {
                LocalDateTime payTimeout = null;
                if (f.containsKey("payTimeout")) {
                    if (!validTime(f.get("payTimeout"))) {
                        fail(a, "30", "报文格式错误");
                        return;
                    }
                    payTimeout = LocalDateTime.parse(f.get("payTimeout"), TIME);
                }
                Order o = newOrder(f, amount, backUrl, null, "05");
                o.payTimeout = payTimeout;
                ok(a, o);
                a.put("qrCode", "https://qr.95516.com/00010000/sim" + o.queryId);
            }
            case "31/00/000000/08" -> cancel(f, amount, backUrl, a);
            case "04/00/000000/08" -> refund(f, amount, backUrl, a);
            default -> fail(a, "30", "报文格式错误");
        }
    }

    private void consume(Map<String, String> f, Money amount, URI backUrl, Map<String, String> a) {
        String qrNo = f.getOrDefault("qrNo", "");
        if (qrNo.isEmpty()) {
            fail(a, "13", "报文交易要素缺失");
            return;
        }
        if (DECLINED_QR_NO.equals(qrNo)) {
            newOrder(f, amount, backUrl, null, "64");
            fail(a, "64", "余额不足");
            return;
        }
        if (processingAnswer != null) {
            Order o = newOrder(f, amount, backUrl, null, "03");
            o.remaining = processingQueries;
            String code = processingAnswer;
            processingAnswer = null;
            if ("00".equals(code)) {
                ok(a, o);
            } else {
                fail(a, code, "交易状态未明");
            }
            return;
        }
        Order o = newOrder(f, amount, backUrl, null, "03");
        ok(a, o);
        settle(o, "00");
    }

    private void cancel(Map<String, String> f, Money amount, URI backUrl, Map<String, String> a) {
        Order orig = byQueryId.get(f.getOrDefault("origQryId", ""));
        if (orig == null || !"01".equals(orig.txnType) || !"00".equals(orig.status)) {
            fail(a, "35", "原交易不存在或状态不正确");
            return;
        }
        if (orig.cancelled) {
            fail(a, "12", "重复交易");
            return;
        }
        LocalDate origDay = LocalDateTime.parse(orig.txnTime, TIME).toLocalDate();
        if (!origDay.equals(LocalDate.now(clock.withZone(ChinaTime.ZONE))) || orig.refundedFen > 0
                || !amount.equals(orig.amount)) {
            fail(a, "35", "原交易状态不正确，不能撤销");
            return;
        }
        orig.cancelled = true;
        Order o = newOrder(f, amount, backUrl, orig.queryId, "03");
        ok(a, o);
        settle(o, "00");
    }

    private void refund(Map<String, String> f, Money amount, URI backUrl, Map<String, String> a) {
        Order orig = byQueryId.get(f.getOrDefault("origQryId", ""));
        if (orig == null || !"01".equals(orig.txnType) || !"00".equals(orig.status) || orig.cancelled) {
            fail(a, "35", "原交易不存在或状态不正确");
            return;
        }
        if (orig.refundedFen + amount.fen() > orig.amount.fen()) {
            fail(a, "35", "退货金额超过原交易可退金额");
            return;
        }
        orig.refundedFen += amount.fen();
        Order o = newOrder(f, amount, backUrl, orig.queryId, "03");
        ok(a, o);
        settle(o, "00");
    }

    private void query(String orderId, String txnTime, Map<String, String> a) {
        Order o = orders.get(orderId);
        if (o == null || !o.txnTime.equals(txnTime)) {
            fail(a, "34", "查无此交易");
            return;
        }
        o.queries++;
        if ("03".equals(o.status)) {
            if (o.remaining > 0) {
                o.remaining--;
            } else {
                settle(o, "00");
            }
        }
        fail(a, "00", "成功[0000000]");
        a.put("origRespCode", o.status);
        a.put("origRespMsg", "00".equals(o.status) ? "成功[0000000]" : "交易处理中");
        a.put("queryId", o.queryId);
        a.put("txnAmt", Long.toString(o.amount.fen()));
        a.put("currencyCode", "156");
        if (o.origQryId != null) {
            a.put("origQryId", o.origQryId);
        }
        if ("00".equals(o.status) && o.traceNo != null) {
            settlementFields(o, a);
        }
    }

    /** The fields of a settled transaction, in notifications and query answers. */
    private static void settlementFields(Order o, Map<String, String> a) {
        a.put("traceNo", o.traceNo);
        a.put("traceTime", o.traceTime);
        a.put("settleAmt", Long.toString(o.amount.fen()));
        a.put("settleCurrencyCode", "156");
        a.put("settleDate", o.settleDate);
    }

    private static void ok(Map<String, String> a, Order o) {
        fail(a, "00", "成功[0000000]");
        a.put("queryId", o.queryId);
        a.put("txnAmt", Long.toString(o.amount.fen()));
        a.put("currencyCode", "156");
    }

    private Order newOrder(Map<String, String> f, Money amount, URI backUrl, String origQryId, String status) {
        String queryId = String.format("%s%08d", f.get("txnTime").substring(0, 8), seq.incrementAndGet());
        Order o = new Order(f.get("orderId"), f.get("txnType"), f.get("txnTime"), queryId, amount, backUrl,
                origQryId, status);
        orders.put(o.orderId, o);
        byQueryId.put(queryId, o);
        return o;
    }

    private void settle(Order o, String status) {
        o.status = status;
        if ("00".equals(status) && o.traceNo == null) {
            LocalDateTime now = LocalDateTime.now(clock.withZone(ChinaTime.ZONE));
            o.traceNo = String.format("%06d", seq.incrementAndGet() % 1_000_000);
            o.traceTime = TIME.format(now).substring(4);
            o.settleDate = SETTLE_DATE.format(now);
        }
        if (o.backUrl == null || o.backUrl.getScheme() == null) {
            return;
        }
        Map<String, String> n = new TreeMap<>();
        n.put("version", "5.1.0");
        n.put("encoding", "UTF-8");
        n.put("txnType", o.txnType);
        n.put("txnSubType", "01".equals(o.txnType) ? "06" : "00");
        n.put("bizType", "000000");
        n.put("accessType", "0");
        n.put("merId", merId);
        n.put("orderId", o.orderId);
        n.put("txnTime", o.txnTime);
        n.put("queryId", o.queryId);
        n.put("respCode", status);
        n.put("respMsg", "Success!");
        n.put("txnAmt", Long.toString(o.amount.fen()));
        n.put("currencyCode", "156");
        if (o.traceNo != null) {
            settlementFields(o, n);
        } else {
            n.put("traceTime", TIME.format(LocalDateTime.now(clock.withZone(ChinaTime.ZONE))).substring(4));
        }
        if (o.origQryId != null) {
            n.put("origQryId", o.origQryId);
        }
        enqueue(o.backUrl, n);
    }

    /** Signs and sends (or holds) a notification with its copies; called with {@code lock} held. */
    private void enqueue(URI target, Map<String, String> fields) {
        String good = AcpForms.encodeForm(sign(fields));
        String bad = null;
        if (faults.takeBadSignature()) {
            Map<String, String> other = new TreeMap<>(fields);
            other.put("respMsg", fields.getOrDefault("respMsg", "") + "?");
            Map<String, String> spoiled = sign(fields);
            spoiled.put(AcpSigning.SIGNATURE, sign(other).get(AcpSigning.SIGNATURE));
            bad = AcpForms.encodeForm(spoiled);
        }
        for (int i = 0, copies = faults.copies(); i < copies; i++) {
            Notification n = new Notification(target, i == 0 && bad != null ? bad : good);
            faults.send(() -> deliver(n));
        }
    }

    private void deliver(Notification n) {
        notificationsSent.incrementAndGet();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(n.target()).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(n.form())).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200 || r.statusCode() == 302) {
                notificationsAcknowledged.incrementAndGet();
            }
        } catch (IOException | IllegalArgumentException e) {
            // the merchant did not answer; UnionPay would retry later, the simulator does not
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns {@code UnionPaySimulator[baseUri, merId]}. */
    @Override
    public String toString() {
        return "UnionPaySimulator[" + baseUri() + ", " + merId + "]";
    }

    /**
     * Builds and starts a {@link UnionPaySimulator}.
     *
     * <p>Not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private String merId;
        private SignMethod signMethod;
        private X509Certificate merchantCert;
        private String secureKey;
        private String signerCn = SignerCnLayout.GATEWAY.commonName();
        private Clock clock = ChinaTime.systemClock();
        private int port;

        private Builder() {
        }

        /**
         * Sets the merchant number requests must carry.
         *
         * @param merId the {@code merId}
         * @return this builder
         */
        public Builder merId(String merId) {
            this.merId = merId;
            return this;
        }

        /**
         * Selects signMethod 01: requests are verified with this merchant certificate.
         *
         * @param certificate the merchant signing certificate
         * @return this builder
         */
        public Builder merchantCertificate(X509Certificate certificate) {
            this.signMethod = SignMethod.RSA;
            this.merchantCert = certificate;
            this.secureKey = null;
            return this;
        }

        /**
         * Selects a secure-key sign method for requests, answers and notifications.
         *
         * @param method {@link SignMethod#SHA256_SECURE_KEY} or {@link SignMethod#SM3_SECURE_KEY}
         * @param secureKey the shared secure key
         * @return this builder
         */
        public Builder secureKey(SignMethod method, String secureKey) {
            this.signMethod = method;
            this.secureKey = secureKey;
            this.merchantCert = null;
            return this;
        }

        /**
         * Sets the subject CN of the generated signing certificate (default that of {@link SignerCnLayout#GATEWAY});
         * another value lets tests check the client's CN check.
         *
         * @param cn the CN
         * @return this builder
         */
        public Builder signerCommonName(String cn) {
            this.signerCn = cn;
            return this;
        }

        /**
         * Sets the subject CN of the generated signing certificate from a layout (default
         * {@link SignerCnLayout#GATEWAY}, the {@code @}-separated CN of UnionPay's real certificates;
         * {@link SignerCnLayout#PLAIN} gives the bare organisation name). The later of this and
         * {@link #signerCommonName(String)} wins.
         *
         * @param layout the layout
         * @return this builder
         */
        public Builder signerCnLayout(SignerCnLayout layout) {
            this.signerCn = layout == null ? null : layout.commonName();
            return this;
        }

        /**
         * Sets the clock of certificate validity and the same-day cancel rule.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the port (default 0: any free one).
         *
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Generates the certificate chain and starts the server.
         *
         * @return the running simulator
         * @throws IOException if the port cannot be bound
         * @throws InvalidInputException if a setting is missing
         */
        public UnionPaySimulator start() throws IOException {
            if (merId == null || merId.isEmpty()) {
                throw new InvalidInputException("merId", "must not be empty");
            }
            if (signMethod == null || signMethod == SignMethod.RSA && merchantCert == null
                    || signMethod != SignMethod.RSA && (secureKey == null || secureKey.isEmpty())) {
                throw new InvalidInputException("signMethod", "call merchantCertificate or secureKey");
            }
            if (signerCn == null || signerCn.isEmpty() || clock == null) {
                throw new InvalidInputException("signerCommonName", "CN and clock must be set");
            }
            return new UnionPaySimulator(this);
        }
    }
}
