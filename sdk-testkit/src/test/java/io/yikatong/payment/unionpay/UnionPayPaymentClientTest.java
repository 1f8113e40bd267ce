package io.yikatong.payment.unionpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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

/** PaymentClient with UnionPayChannel against the simulator, an H2 journal and a sleeper that advances a test clock. */
class UnionPayPaymentClientTest {

    private static final String QR_NO = UnionPayClientTest.QR_NO;

    @TempDir
    Path dir;

    private final SettableClock clock = SettableClock.of(Instant.now());
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<NotificationResult> handled = new CopyOnWriteArrayList<>();
    private final List<Exception> rejected = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private HttpServer receiver;
    private UnionPaySimulator sim;
    private JdbcPaymentJournal journal;
    private UnionPayClient wire;
    private PaymentClient client;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                int status;
                try {
                    handled.add(client.handleNotification("unionpay", Map.of(), body));
                    status = 200;
                } catch (NotificationRejectedException | RuntimeException e) {
                    rejected.add(e);
                    status = 400;
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        receiver.setExecutor(pool);
        receiver.start();
        URI backUrl = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify");
        sim = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).clock(clock).start();
        wire = UnionPayClient.builder().backTransUrl(sim.backTransUrl()).queryTransUrl(sim.queryTransUrl())
                .merId(UnionPayTestKeys.MER_ID).rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(),
                        UnionPayTestKeys.merchant().certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(backUrl).clock(clock)
                .requestTimeout(Duration.ofSeconds(5)).build();
        journal = JdbcPaymentJournal.embedded(dir, clock, "test");
        client = newClient();
    }

    private PaymentClient newClient() {
        return PaymentClient.builder().journal(journal)
                .channel(UnionPayChannel.create(wire, TxnTimeLookup.fromJournal(journal))).clock(clock)
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
        return UnionPayClientTest.no();
    }

    private void awaitNotifications(int atLeast) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (handled.size() + rejected.size() < atLeast && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }

    @Test
    void barcodeProcessingForTwoQueriesThenSucceeds() {
        sim.processing("00", 2);
        String no = no();
        PaymentOutcome o = client.barcodePay(new BarcodePayment("unionpay", no, Money.ofFen(1230), "挂号费", QR_NO));
        PaymentOutcome.Paid paid = assertInstanceOf(PaymentOutcome.Paid.class, o);
        assertEquals(Money.ofFen(1230), paid.amount());
        assertEquals(sim.order(no).orElseThrow().queryId(), paid.channelTradeNo());
        assertEquals(3, sim.order(no).orElseThrow().queries());
        assertEquals(3, sleeps.size());
        assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
        String sentTxnTime = sim.requests().get(0).get("txnTime");
        assertEquals(UnionPayClient.txnTime(journal.find(no).orElseThrow().createdAt()), sentTxnTime);
    }

    @Test
    void statusUnknownAnswerIsRecoveredByQueryNotDeclined() {
        sim.processing("04", 1);
        String no = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("unionpay", no, Money.ofFen(10), "x", QR_NO)));
        sim.dropNextAnswers(1);
        String dropped = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("unionpay", dropped, Money.ofFen(10), "x", QR_NO)));
        assertFalse(sleeps.isEmpty());
    }

    @Test
    void partialRefundsNeverAbovePaid() throws Exception {
        String no = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("unionpay", no, Money.ofFen(1000), "挂号费", QR_NO)));
        String r1 = "R" + no;
        PaymentOutcome.Refunded r = assertInstanceOf(PaymentOutcome.Refunded.class,
                client.refund(new RefundRequest(no, r1, Money.ofFen(300), "退号")));
        assertEquals(Money.ofFen(300), r.amount());
        assertEquals(RefundState.SUCCEEDED, journal.findRefund(r1).orElseThrow().state());
        assertInstanceOf(PaymentOutcome.Refunded.class,
                client.refund(new RefundRequest(no, "S" + no, Money.ofFen(200), null)));
        assertEquals(Money.ofFen(500), sim.order(no).orElseThrow().refunded());
        assertInstanceOf(PaymentOutcome.Refunded.class, client.refundQuery(r1));
        PaymentOutcome.Declined over = assertInstanceOf(PaymentOutcome.Declined.class,
                client.refund(new RefundRequest(no, "U" + no, Money.ofFen(501), null)));
        assertEquals(DeclineReason.REFUND_EXCEEDS_PAID, over.reason());
        assertEquals(Money.ofFen(500), sim.order(no).orElseThrow().refunded());
        awaitNotifications(3); // the consumption and the two refunds
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(3, handled.size());
        assertEquals(List.of(r1, "S" + no), handled.stream().map(NotificationResult::merchantRefundNo)
                .filter(java.util.Objects::nonNull).sorted().toList());
    }

    @Test
    void declinedBarcodeKeepsTheRespCode() {
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class, client.barcodePay(
                new BarcodePayment("unionpay", no(), Money.ofFen(100), "x", UnionPaySimulator.DECLINED_QR_NO)));
        assertEquals("64", d.channelCode());
        assertEquals(DeclineReason.INSUFFICIENT_FUNDS, d.reason());
    }

    @Test
    void qrPaymentPaidByDuplicatedNotificationsChangesOnce() throws Exception {
        sim.duplicateNotifications(3);
        String no = no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("unionpay", no, Money.ofFen(2000), "药费")));
        assertTrue(p.codeUrl().startsWith("https://qr.95516.com/"));
        sim.payerPays(no);
        awaitNotifications(3);
        assertTrue(rejected.isEmpty(), rejected::toString);
        assertEquals(3, handled.size());
        assertEquals(1, handled.stream().filter(NotificationResult::changed).count());
        assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
    }

    /**
     * A second till with its own journal reuses an order number in the same second (so with the same
     * {@code txnTime}, which a UnionPay query needs): the channel holds the first till's 5.00.
     */
    @Test
    void aSecondTillReusingAPaidOrderNumberIsAMismatchNeverPaid(@TempDir Path till2Dir) {
        String no = no();
        assertInstanceOf(PaymentOutcome.Paid.class,
                client.barcodePay(new BarcodePayment("unionpay", no, Money.ofFen(500), "挂号费", QR_NO)));
        clock.set(journal.find(no).orElseThrow().createdAt()); // the same second as the first till's txnTime
        try (JdbcPaymentJournal journal2 = JdbcPaymentJournal.embedded(till2Dir, clock, "till-2")) {
            PaymentClient till2 = PaymentClient.builder().journal(journal2)
                    .channel(UnionPayChannel.create(wire, TxnTimeLookup.fromJournal(journal2))).clock(clock)
                    .sleeper(d -> clock.advance(d)).build();
            PaymentOutcome o = till2.barcodePay(new BarcodePayment("unionpay", no, Money.ofFen(999), "挂号费",
                    "6222000000000000000"));
            assertEquals("mismatch", o.status(), o::toString);
            assertEquals(PaymentState.DECLINED, journal2.find(no).orElseThrow().state());
            assertEquals("mismatch", till2.query(no).status());
        }
        assertEquals("00", sim.order(no).orElseThrow().status());
        assertFalse(sim.order(no).orElseThrow().cancelled(), "the first till's payment is not cancelled");
        assertEquals(Money.ZERO, sim.order(no).orElseThrow().refunded());
    }

    // ---------------------------------------------------------------- QR expiry at the channel

    @Test
    void aQrOrderCarriesTheClientsExpiryAsPayTimeoutAndIsPayableUntilThen() throws Exception {
        String no = no();
        Instant expiry = clock.instant().plus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        client.qrPay(new QrPayment("unionpay", no, Money.ofFen(2000), "药费"));
        Map<String, String> request = sim.requests().stream().filter(r -> "07".equals(r.get("txnSubType")))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(UnionPayClient.txnTime(expiry), request.get("payTimeout"));
        assertEquals(expiry, journal.find(no).orElseThrow().expiresAt());
        clock.advance(Duration.ofMinutes(10)); // past the client's own payTimeout (5 min), not the order's
        assertInstanceOf(PaymentOutcome.Pending.class, client.query(no));
        sim.payerPays(no);
        assertInstanceOf(PaymentOutcome.Paid.class, client.query(no));
    }

    @Test
    void anExpiredQrOrderCannotBePaidAndIsRetired() {
        String no = no();
        client.qrPay(new QrPayment("unionpay", no, Money.ofFen(2000), "药费"));
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> sim.payerPays(no));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
    }

    /** UnionPay has no close: the order times out at the payTimeout sent, so the client may close it locally. */
    @Test
    void closeBeforeTheExpiryClosesInTheJournal() {
        String no = no();
        client.qrPay(new QrPayment("unionpay", no, Money.ofFen(2000), "药费"));
        assertEquals(new PaymentOutcome.Closed(no, false), client.close(no));
        assertEquals(PaymentState.CLOSED, journal.find(no).orElseThrow().state());
    }

    // ---------------------------------------------------------------- payments after the close

    /** UnionPay has no close: closed in the journal before its payTimeout, the code is paid anyway. */
    @Test
    void aCodePaidAfterTheCloseIsRecordedAndRefundedOnce() throws Exception {
        String no = no();
        client.qrPay(new QrPayment("unionpay", no, Money.ofFen(1800), "药费"));
        assertEquals(new PaymentOutcome.Closed(no, false), client.close(no));
        sim.duplicateNotifications(2);
        sim.payerPays(no);
        awaitNotifications(2);
        assertTrue(rejected.isEmpty(), rejected::toString);
        List<NotificationResult> payments = handled.stream().filter(h -> h.merchantRefundNo() == null).toList();
        assertEquals(2, payments.size(), handled::toString);
        for (NotificationResult h : payments) {
            assertEquals("paid_after_close", h.outcome().status(), h::toString);
        }
        assertEquals(1, payments.stream().filter(NotificationResult::changed).count());
        assertEquals(PaymentState.CLOSED, journal.find(no).orElseThrow().state(), "never PAID");
        assertEquals(Money.ofFen(1800), sim.order(no).orElseThrow().refunded(), "refunded, once");
        assertEquals("paid_after_close", client.query(no).status());
    }

    /** Retired past its payTimeout by resumePending; the patient's payment goes through anyway (simulator control). */
    @Test
    void aCodePaidAfterItsExpiryAndCloseIsRecordedAndRefunded() throws Exception {
        String no = no();
        client.qrPay(new QrPayment("unionpay", no, Money.ofFen(2500), "药费"));
        clock.advance(Duration.ofMinutes(17));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
        sim.payerPaysLate(no);
        awaitNotifications(2); // the payment's and its refund's
        assertTrue(rejected.isEmpty(), rejected::toString);
        NotificationResult payment = handled.stream().filter(h -> h.merchantRefundNo() == null).findFirst()
                .orElseThrow();
        PaymentOutcome.PaidAfterClose late = assertInstanceOf(PaymentOutcome.PaidAfterClose.class,
                payment.outcome());
        assertTrue(payment.changed());
        assertEquals(sim.order(no).orElseThrow().queryId(), late.channelTradeNo());
        assertNotNull(late.refund());
        assertEquals(Money.ofFen(2500), sim.order(no).orElseThrow().refunded());
        assertEquals(RefundState.SUCCEEDED, journal.findRefund(PaymentClient.lateRefundNo(no)).orElseThrow().state());
        assertEquals(PaymentState.CLOSED, journal.find(no).orElseThrow().state());
        assertInstanceOf(PaymentOutcome.Refunded.class, assertInstanceOf(PaymentOutcome.PaidAfterClose.class,
                client.query(no)).refund());
    }

    @Test
    void aLatePaymentFoundByQueryIsOnlyRecordedUnderRecordOnly() {
        PaymentClient recordOnly = PaymentClient.builder().journal(journal)
                .channel(UnionPayChannel.create(wire, TxnTimeLookup.fromJournal(journal))).clock(clock)
                .latePaymentPolicy(io.yikatong.payment.LatePaymentPolicy.RECORD_ONLY).build();
        String no = no();
        recordOnly.qrPay(new QrPayment("unionpay", no, Money.ofFen(2500), "药费"));
        clock.advance(Duration.ofMinutes(17));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), recordOnly.resumePending());
        sim.holdNotifications();
        sim.payerPaysLate(no);
        PaymentOutcome.PaidAfterClose late = assertInstanceOf(PaymentOutcome.PaidAfterClose.class,
                recordOnly.query(no));
        assertEquals(null, late.refund());
        assertEquals(Money.ZERO, sim.order(no).orElseThrow().refunded());
        assertEquals(Money.ofFen(2500), journal.find(no).orElseThrow().refundable());
    }

    @Test
    void aRestartedClientQueriesWithTheJournalsTxnTime() {
        sim.processing("03", 1);
        String no = no();
        clock.advance(Duration.ofSeconds(3));
        PaymentClient first = PaymentClient.builder().journal(journal)
                .channel(UnionPayChannel.create(wire, TxnTimeLookup.fromJournal(journal))).clock(clock)
                .sleeper(d -> {
                    throw new InterruptedException("crash while polling");
                }).build();
        try {
            first.barcodePay(new BarcodePayment("unionpay", no, Money.ofFen(66), "x", QR_NO));
        } catch (RuntimeException expected) {
            // the process "crashed" while polling
        }
        Thread.interrupted(); // PaymentClient restores the interrupt; the "restarted process" starts clean
        clock.advance(Duration.ofSeconds(5));
        PaymentClient restarted = newClient();
        assertInstanceOf(PaymentOutcome.Pending.class, restarted.query(no));
        assertInstanceOf(PaymentOutcome.Paid.class, restarted.query(no));
        assertEquals(2, sim.order(no).orElseThrow().queries(), "the restarted client found the order");
        assertEquals(PaymentState.PAID, journal.find(no).orElseThrow().state());
    }
}
