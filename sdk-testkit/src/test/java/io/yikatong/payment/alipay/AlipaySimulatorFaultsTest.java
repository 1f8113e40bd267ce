package io.yikatong.payment.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.BarcodePayment;
import io.yikatong.payment.NotificationResult;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.PendingReason;
import io.yikatong.payment.QrPayment;
import io.yikatong.payment.RefundRequest;
import io.yikatong.payment.journal.EventSource;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.journal.RefundState;
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

/**
 * The simulator's answer and notification faults (slow answers, late, held and reversed, badly signed notifications)
 * driven through PaymentClient with AlipayChannel, an H2 journal and a sleeper that advances a test clock.
 */
class AlipaySimulatorFaultsTest {

    private static final String CODE = "281234567890123456";
    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    private static final Duration SLOW = Duration.ofMillis(4000);

    @TempDir
    Path dir;

    private final SettableClock clock = SettableClock.of(Instant.now());
    private final List<NotificationResult> handled = new CopyOnWriteArrayList<>();
    private final List<Exception> rejected = new CopyOnWriteArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private HttpServer receiver;
    private AlipaySimulator sim;
    private JdbcPaymentJournal journal;
    private PaymentClient client;

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
                answers.add(answer);
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
        // the default notify URL makes barcode trades (sent without notify_url) notify too
        sim = AlipaySimulator.start(AlipayTestKeys.APP_ID, AlipayTestKeys.merchant().getPublic(), notifyUrl, 0);
        AlipayClient wire = AlipayClient.builder().gateway(sim.gateway()).appId(AlipayTestKeys.APP_ID)
                .appPrivateKey(AlipayTestKeys.merchant().getPrivate()).alipayPublicKey(sim.alipayPublicKey())
                .clock(clock).requestTimeout(TIMEOUT).build();
        journal = JdbcPaymentJournal.embedded(dir, clock, "test");
        client = PaymentClient.builder().journal(journal).channel(AlipayChannel.create(wire, notifyUrl)).clock(clock)
                .sleeper(clock::advance).build();
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
        Thread.sleep(150);
    }

    private List<JournalEvent> changesTo(String no, String refundNo, String state) {
        return journal.events(no).stream().filter(e -> e.kind() == JournalEvent.Kind.CHANGED)
                .filter(e -> state.equals(e.toState()))
                .filter(e -> refundNo == null ? e.merchantRefundNo() == null : refundNo.equals(e.merchantRefundNo()))
                .toList();
    }

    private void assertNoAnomaly(String no) {
        assertTrue(journal.events(no).stream().noneMatch(e -> e.kind() == JournalEvent.Kind.ANOMALY),
                () -> journal.events(no).toString());
    }

    @Test
    void slowPayAnswerBeyondTheTimeoutIsResolvedPaidByQueryNeverDeclined() throws Exception {
        sim.holdNotifications();
        sim.delayNextAnswers(1, SLOW);
        String no = no();
        long started = System.nanoTime();
        PaymentOutcome o = client.barcodePay(new BarcodePayment("alipay", no, Money.ofFen(880), "挂号费", CODE));
        assertTrue(System.nanoTime() - started < SLOW.toNanos(), "the client gave up before the late answer");
        PaymentOutcome.Paid paid = assertInstanceOf(PaymentOutcome.Paid.class, o);
        assertEquals(sim.trade(no).orElseThrow().tradeNo(), paid.channelTradeNo());
        assertEquals("TRADE_SUCCESS", sim.trade(no).orElseThrow().tradeStatus(), "the slow request took effect");
        assertTrue(sim.trade(no).orElseThrow().queries() >= 1, "resolved by a query");
        List<JournalEvent> paidChanges = changesTo(no, null, "PAID");
        assertEquals(1, paidChanges.size());
        assertEquals(EventSource.QUERY, paidChanges.get(0).source());

        sim.releaseHeldNotifications(false);
        awaitNotifications(1);
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(1, handled.size());
        assertFalse(handled.get(0).changed());
        assertEquals(1, changesTo(no, null, "PAID").size());
        assertNoAnomaly(no);
    }

    @Test
    void slowPrecreateAnswerIsPendingThenPaidByResume() throws Exception {
        sim.holdNotifications();
        sim.delayNextAnswers(1, SLOW);
        String no = no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("alipay", no, Money.ofFen(2000), "药费")));
        assertEquals(PendingReason.UNKNOWN, p.reason());
        assertNull(p.codeUrl());
        assertTrue(journal.find(no).orElseThrow().state().isUnresolved());
        sim.buyerPays(no); // the trade exists: the request took effect although its answer came too late
        List<PaymentOutcome> resumed = client.resumePending();
        assertEquals(1, resumed.size());
        assertInstanceOf(PaymentOutcome.Paid.class, resumed.get(0));
        assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
        assertEquals(1, changesTo(no, null, "PAID").size());

        sim.releaseHeldNotifications(false);
        awaitNotifications(1);
        assertEquals(1, handled.size());
        assertFalse(handled.get(0).changed());
        assertEquals(1, changesTo(no, null, "PAID").size());
        assertTrue(journal.events(no).stream().noneMatch(e -> e.toState() != null
                && e.toState().equals("DECLINED")), "never declined");
    }

    @Test
    void refundNotificationBeforeThePaymentsLeavesOneChangePerFact() throws Exception {
        sim.notifyRefunds(true);
        sim.holdNotifications();
        String no = no();
        String refundNo = "R" + no;
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("alipay", no, Money.ofFen(1000), "挂号费", CODE)));
        assertInstanceOf(PaymentOutcome.Refunded.class,
                client.refund(new RefundRequest(no, refundNo, Money.ofFen(400), "退号")));
        assertEquals(0, sim.notificationsSent(), "both notifications are held");

        sim.releaseHeldNotifications(true);
        awaitNotifications(2);
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(2, handled.size());
        assertEquals(refundNo, handled.get(0).merchantRefundNo(), "the refund's notification came first");
        assertNull(handled.get(1).merchantRefundNo());
        assertInstanceOf(PaymentOutcome.Refunded.class, handled.get(0).outcome());
        assertInstanceOf(PaymentOutcome.Paid.class, handled.get(1).outcome());
        assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
        assertEquals(RefundState.SUCCEEDED, journal.findRefund(refundNo).orElseThrow().state());
        assertEquals(1, changesTo(no, null, "PAID").size());
        assertEquals(1, changesTo(no, refundNo, "SUCCEEDED").size());
        assertNoAnomaly(no);
        assertEquals(2, sim.notificationsAcknowledged());
    }

    @Test
    void duplicatedNotificationsOfTwoOrdersReleasedReversedChangeEachOrderOnce() throws Exception {
        sim.holdNotifications();
        sim.duplicateNotifications(2);
        String first = no();
        String second = "Q" + first.substring(1);
        for (String no : List.of(first, second)) {
            assertInstanceOf(PaymentOutcome.Pending.class,
                    client.qrPay(new QrPayment("alipay", no, Money.ofFen(1500), "药费")));
        }
        sim.buyerPays(first);
        sim.buyerPays(second);
        sim.releaseHeldNotifications(true);
        awaitNotifications(4);
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(List.of(second, second, first, first),
                handled.stream().map(NotificationResult::merchantOrderNo).toList());
        assertEquals(List.of(true, false, true, false), handled.stream().map(NotificationResult::changed).toList());
        for (String no : List.of(first, second)) {
            assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
            List<JournalEvent> paid = changesTo(no, null, "PAID");
            assertEquals(1, paid.size());
            assertEquals(EventSource.NOTIFICATION, paid.get(0).source());
        }
    }

    @Test
    void lateNotificationAfterTheQuerySettledChangesNothing() throws Exception {
        sim.delayNotifications(Duration.ofMillis(700));
        String no = no();
        assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("alipay", no, Money.ofFen(3300), "检查费")));
        sim.buyerPays(no);
        assertInstanceOf(PaymentOutcome.Paid.class, client.query(no));
        assertEquals(0, sim.notificationsSent(), "the notification is still on its way");
        awaitNotifications(1);
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(1, handled.size());
        assertFalse(handled.get(0).changed());
        assertInstanceOf(PaymentOutcome.Paid.class, handled.get(0).outcome());
        List<JournalEvent> paid = changesTo(no, null, "PAID");
        assertEquals(1, paid.size());
        assertEquals(EventSource.QUERY, paid.get(0).source());
    }

    @Test
    void badlySignedNotificationIsRejectedAndTheJournalIsUnchanged() throws Exception {
        sim.badNextNotificationSignature();
        String no = no();
        assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("alipay", no, Money.ofFen(1200), "药费")));
        List<JournalEvent> before = journal.events(no);
        sim.buyerPays(no);
        awaitNotifications(1);
        assertTrue(handled.isEmpty());
        assertEquals(1, rejected.size());
        assertInstanceOf(NotificationRejectedException.class, rejected.get(0));
        assertEquals(List.of("fail"), answers);
        assertEquals(1, sim.notificationsSent());
        assertEquals(0, sim.notificationsAcknowledged());
        assertEquals(before, journal.events(no));
        assertTrue(journal.find(no).orElseThrow().state().isUnresolved());
        assertInstanceOf(PaymentOutcome.Paid.class, client.query(no), "a query still finds the payment");
    }

    @Test
    void onlyTheFirstCopyOfABadlySignedNotificationIsSpoiled() throws Exception {
        sim.duplicateNotifications(2);
        sim.badNextNotificationSignature();
        String no = no();
        assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("alipay", no, Money.ofFen(1200), "药费")));
        sim.buyerPays(no);
        awaitNotifications(2);
        assertEquals(List.of("fail", "success"), answers);
        assertEquals(1, handled.size());
        assertTrue(handled.get(0).changed());
        assertEquals(1, changesTo(no, null, "PAID").size());
        assertEquals(1, sim.notificationsAcknowledged());
    }

    @Test
    void faultArgumentsAreChecked() {
        assertThrows(InvalidInputException.class, () -> sim.delayNextAnswers(0, SLOW));
        assertThrows(InvalidInputException.class, () -> sim.delayNextAnswers(1, Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> sim.delayNextAnswers(1, null));
        assertThrows(InvalidInputException.class, () -> sim.delayNotifications(Duration.ofMillis(-1)));
        assertThrows(InvalidInputException.class, () -> sim.delayNotifications(null));
    }
}
