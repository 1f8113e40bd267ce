package io.yikatong.payment.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.NotificationResult;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.RefundRequest;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.journal.RefundState;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.payment.alipay.AlipaySimulator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PaymentClient with AlipayChannel against the simulator, an H2 journal and a sleeper that advances a test clock. */
class AlipayPaymentClientTest {

    private static final String CODE = "281234567890123456";

    @TempDir
    Path dir;

    private final SettableClock clock = SettableClock.of(Instant.now());
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<NotificationResult> handled = new CopyOnWriteArrayList<>();
    private final List<Exception> rejected = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private HttpServer receiver;
    private AlipaySimulator sim;
    private JdbcPaymentJournal journal;
    private PaymentClient client;
    private AlipayChannel channel;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                String answer;
                try {
                    handled.add(client.handleNotification("alipay", Map.of(), body));
                    answer = "success";
                } catch (NotificationRejectedException | RuntimeException e) {
                    rejected.add(e);
                    answer = "fail";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        receiver.setExecutor(pool);
        receiver.start();
        URI notifyUrl = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify");
        sim = AlipaySimulator.start(AlipayTestKeys.APP_ID, AlipayTestKeys.merchant().getPublic(), null, 0, clock);
        AlipayClient wire = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(AlipayTestKeys.merchant().getPrivate()).alipayPublicKey(sim.alipayPublicKey())
                .clock(clock).requestTimeout(Duration.ofSeconds(5)).build();
        journal = JdbcPaymentJournal.embedded(dir, clock, "test");
        channel = AlipayChannel.create(wire, notifyUrl);
        client = PaymentClient.builder().journal(journal).channel(channel).clock(clock)
                .sleeper(d -> {
                    sleeps.add(d);
                    clock.advance(d);
                }).build();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.stop(0);
        pool.shutdownNow();
        journal.close();
    }

    private static String no() {
        return "P" + System.nanoTime() % 1_000_000_000L;
    }

    private void awaitNotifications(int atLeast) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (handled.size() + rejected.size() < atLeast && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }

    @Test
    void barcodeWaitsForTheUserForTwoQueriesThenSucceeds() {
        sim.waitBuyerPay(2, "TRADE_SUCCESS");
        String no = no();
        PaymentOutcome o = client.barcodePay(new BarcodePayment("alipay", no, Money.ofFen(1230), "挂号费", CODE));
        PaymentOutcome.Paid paid = assertInstanceOf(PaymentOutcome.Paid.class, o);
        assertEquals(Money.ofFen(1230), paid.amount());
        assertEquals(sim.trade(no).orElseThrow().tradeNo(), paid.channelTradeNo());
        assertEquals(3, sim.trade(no).orElseThrow().queries());
        assertEquals(3, sleeps.size());
        assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
    }

    @Test
    void partialRefundThenOverRefundDeclined() {
        String no = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("alipay", no, Money.ofFen(1000), "挂号费", CODE)));
        PaymentOutcome.Refunded r = assertInstanceOf(PaymentOutcome.Refunded.class,
                client.refund(new RefundRequest(no, "R" + no, Money.ofFen(300), "退号")));
        assertEquals(Money.ofFen(300), r.amount());
        assertEquals(RefundState.SUCCEEDED, journal.findRefund("R" + no).orElseThrow().state());
        assertEquals(Money.ofFen(300), sim.trade(no).orElseThrow().refunded());
        assertInstanceOf(PaymentOutcome.Refunded.class, client.refundQuery("R" + no));
        PaymentOutcome.Declined over = assertInstanceOf(PaymentOutcome.Declined.class,
                client.refund(new RefundRequest(no, "U" + no, Money.ofFen(701), null)));
        assertEquals(DeclineReason.REFUND_EXCEEDS_PAID, over.reason());
        assertEquals(Money.ofFen(300), sim.trade(no).orElseThrow().refunded());
    }

    @Test
    void reconcileDownloadsTheTradeBillAndMatchesPaymentsAndRefunds() {
        String a = no();
        String b = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("alipay", a, Money.ofFen(1000), "挂号费", CODE)));
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("alipay", b, Money.ofFen(2500), "诊金", CODE)));
        assertInstanceOf(PaymentOutcome.Refunded.class,
                client.refund(new RefundRequest(a, "R" + a, Money.ofFen(300), "退号")));
        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(),
                io.yikatong.core.time.ChinaTime.ZONE);
        io.yikatong.payment.journal.ReconciliationReport report = client.reconcile("alipay", today);
        assertEquals(3, report.matched(), report.toString());
        assertTrue(report.isClean(), report.toString());
    }

    @Test
    void declinedBarcodeKeepsTheSubCode() {
        String no = no();
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class, client.barcodePay(
                new BarcodePayment("alipay", no, Money.ofFen(100), "x", AlipaySimulator.DECLINED_AUTH_CODE)));
        assertEquals("ACQ.BUYER_BALANCE_NOT_ENOUGH", d.channelCode());
        assertEquals(DeclineReason.INSUFFICIENT_FUNDS, d.reason());
    }

    @Test
    void droppedAnswerIsRecoveredByQueryNotDeclined() {
        // the payment's notification is held, so only the query can settle it (an early notification raced the
        // query before: the journal was PAID before the client had to wait, 1 run in 3 under load)
        sim.holdNotifications();
        sim.dropNextAnswers(1);
        String no = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("alipay", no, Money.ofFen(500), "x", CODE)));
        assertFalse(sleeps.isEmpty());
    }

    /** A second till with its own journal reuses an order number Alipay holds, paid, for another amount. */
    @Test
    void aSecondTillReusingAPaidOrderNumberIsAMismatchNeverPaid(@TempDir Path till2Dir) {
        String no = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("alipay", no, Money.ofFen(500), "挂号费", CODE)));
        try (JdbcPaymentJournal journal2 = JdbcPaymentJournal.embedded(till2Dir, clock, "till-2")) {
            PaymentClient till2 = PaymentClient.builder().journal(journal2).channel(channel).clock(clock)
                    .sleeper(d -> clock.advance(d)).build();
            PaymentOutcome o = till2.barcodePay(new BarcodePayment("alipay", no, Money.ofFen(999), "挂号费",
                    "289876543210987654"));
            assertEquals("mismatch", o.status(), o::toString);
            assertEquals(PaymentState.DECLINED, journal2.find(no).orElseThrow().state());
            assertEquals(1, journal2.events(no).stream()
                    .filter(e -> e.kind() == io.yikatong.payment.journal.JournalEvent.Kind.MISMATCH).count());
            assertEquals("mismatch", till2.query(no).status());
        }
        assertEquals("TRADE_SUCCESS", sim.trade(no).orElseThrow().tradeStatus());
        assertEquals(Money.ZERO, sim.trade(no).orElseThrow().refunded());
    }

    // ---------------------------------------------------------------- QR expiry at the channel

    private static final java.time.format.DateTimeFormatter ALIPAY_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.of("Asia/Shanghai"));

    @Test
    void aQrOrderCarriesTheClientsExpiryToAlipay() throws Exception {
        String no = no();
        Instant expiry = clock.instant().plus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        client.qrPay(new QrPayment("alipay", no, Money.ofFen(2000), "药费"));
        Map<String, String> request = sim.requests().stream()
                .filter(r -> "alipay.trade.precreate".equals(r.get("method"))).reduce((a, b) -> b).orElseThrow();
        com.fasterxml.jackson.databind.JsonNode biz = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(request.get("biz_content"));
        assertEquals(ALIPAY_TIME.format(expiry), biz.path("time_expire").asText(), biz.toString());
        assertEquals("15m", biz.path("timeout_express").asText(), biz.toString());
        assertEquals(expiry, journal.find(no).orElseThrow().expiresAt());
    }

    /** An unscanned precreate has no trade (ACQ.TRADE_NOT_EXIST) until its expiry, and is payable until then. */
    @Test
    void anUnscannedQrOrderIsNotRetiredBeforeItsExpiryAndCannotBePaidAfterIt() {
        String no = no();
        client.qrPay(new QrPayment("alipay", no, Money.ofFen(2000), "药费"));
        clock.advance(Duration.ofMinutes(2));
        assertInstanceOf(PaymentOutcome.Pending.class, client.resumePending().get(0), "still payable");
        assertEquals(PaymentState.PENDING, journal.find(no).orElseThrow().state());
        clock.advance(Duration.ofMinutes(14));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> sim.buyerPays(no),
                "Alipay honours the expiry sent");
        assertTrue(sim.trade(no).isEmpty());
    }

    @Test
    void aScannedQrOrderPastItsExpiryIsClosedByAlipay() {
        String no = no();
        client.qrPay(new QrPayment("alipay", no, Money.ofFen(2000), "药费"));
        sim.buyerScans(no);
        clock.advance(Duration.ofMinutes(16));
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> sim.buyerPays(no));
        assertEquals("TRADE_CLOSED", sim.trade(no).orElseThrow().tradeStatus());
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
    }

    /** A QR order journalled without an expiry (by an earlier version) is not retired on "not found" for a day. */
    @Test
    void aQrOrderWithoutARecordedExpiryIsRetiredOnlyAfterADay() throws Exception {
        String no = no();
        journal.create(io.yikatong.payment.journal.NewPayment.of(no, "alipay", Money.ofFen(300), "药费")
                .withKind(io.yikatong.payment.journal.PaymentKind.QR));
        journal.transition(no, java.util.EnumSet.of(PaymentState.CREATED), io.yikatong.payment.journal.StateChange
                .to(PaymentState.SENT, io.yikatong.payment.journal.EventSource.SUBMIT));
        clock.advance(Duration.ofMinutes(30));
        assertInstanceOf(PaymentOutcome.Pending.class, client.resumePending().get(0));
        assertInstanceOf(PaymentOutcome.Pending.class, client.close(no), "no expiry was sent: not closed locally");
        clock.advance(Duration.ofDays(1));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
    }

    // ---------------------------------------------------------------- payments after the close

    /** Closed before its expiry while unscanned ("not found"): the patient scans the code shown and pays anyway. */
    @Test
    void aCodeScannedAndPaidAfterTheCloseIsRecordedAndRefundedOnce() throws Exception {
        String no = no();
        client.qrPay(new QrPayment("alipay", no, Money.ofFen(1800), "药费"));
        assertEquals(new PaymentOutcome.Closed(no, false), client.close(no));
        sim.duplicateNotifications(2);
        sim.buyerPays(no);
        awaitNotifications(2);
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(2, handled.size());
        for (NotificationResult h : handled) {
            assertEquals("paid_after_close", h.outcome().status(), h::toString);
        }
        assertEquals(1, handled.stream().filter(NotificationResult::changed).count());
        assertEquals(PaymentState.CLOSED, journal.find(no).orElseThrow().state(), "never PAID");
        assertEquals(Money.ofFen(1800), sim.trade(no).orElseThrow().refunded(), "refunded, once");
        assertEquals("paid_after_close", client.query(no).status());
    }

    /** Retired past its expiry by resumePending; the patient's payment goes through anyway (simulator control). */
    @Test
    void aCodePaidAfterItsExpiryAndCloseIsRecordedAndRefunded() throws Exception {
        String no = no();
        client.qrPay(new QrPayment("alipay", no, Money.ofFen(2500), "药费"));
        clock.advance(Duration.ofMinutes(16));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
        sim.buyerPaysLate(no);
        awaitNotifications(1);
        assertTrue(rejected.isEmpty(), rejected::toString);
        PaymentOutcome.PaidAfterClose late = assertInstanceOf(PaymentOutcome.PaidAfterClose.class,
                handled.get(0).outcome());
        assertTrue(handled.get(0).changed());
        assertEquals(sim.trade(no).orElseThrow().tradeNo(), late.channelTradeNo());
        PaymentOutcome.Refunded refunded = assertInstanceOf(PaymentOutcome.Refunded.class, late.refund());
        assertEquals(PaymentClient.lateRefundNo(no), refunded.merchantRefundNo());
        assertEquals(Money.ofFen(2500), refunded.amount());
        assertEquals(Money.ofFen(2500), sim.trade(no).orElseThrow().refunded());
        assertEquals(PaymentState.CLOSED, journal.find(no).orElseThrow().state());
        assertEquals(late, client.query(no));
    }

    @Test
    void aLatePaymentFoundByQueryIsOnlyRecordedUnderRecordOnly() {
        PaymentClient recordOnly = PaymentClient.builder().journal(journal).channel(channel).clock(clock)
                .latePaymentPolicy(io.yikatong.payment.LatePaymentPolicy.RECORD_ONLY).build();
        String no = no();
        recordOnly.qrPay(new QrPayment("alipay", no, Money.ofFen(2500), "药费"));
        clock.advance(Duration.ofMinutes(16));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), recordOnly.resumePending());
        sim.holdNotifications();
        sim.buyerPaysLate(no);
        PaymentOutcome.PaidAfterClose late = assertInstanceOf(PaymentOutcome.PaidAfterClose.class,
                recordOnly.query(no));
        assertEquals(null, late.refund());
        assertEquals(Money.ZERO, sim.trade(no).orElseThrow().refunded());
        assertEquals(Money.ofFen(2500), journal.find(no).orElseThrow().refundable());
    }

    @Test
    void qrPaymentPaidByDuplicatedNotificationsChangesOnce() throws Exception {
        sim.duplicateNotifications(3);
        String no = no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("alipay", no, Money.ofFen(2000), "药费")));
        assertTrue(p.codeUrl().startsWith("https://qr.alipay.com/"));
        sim.buyerPays(no);
        awaitNotifications(3);
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(3, handled.size());
        assertEquals(1, handled.stream().filter(NotificationResult::changed).count());
        assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
    }
}
