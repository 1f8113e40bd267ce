package io.yikatong.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.JournalEvent;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.journal.RefundState;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.NotificationRejectedException;
import io.yikatong.payment.spi.PaymentErrorCode;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.testkit.payment.wechat.SimulatedOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaymentClientTest {

    @TempDir
    Path dir;
    WechatFixture f;
    PaymentClient client;

    @BeforeEach
    void start() throws Exception {
        f = new WechatFixture(dir);
        client = f.client;
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    static BarcodePayment barcode(String no, long fen, String code) {
        return new BarcodePayment("wechat", no, Money.ofFen(fen), "挂号费", code);
    }

    @Test
    void paidAtOnceAndTheNotificationChangesNothing() throws Exception {
        String no = WechatFixture.no();
        // held until the answer is recorded: otherwise the notification may race the answer and win (then the answer
        // is the duplicate; either way exactly one change, asserted below)
        f.sim.holdNotifications();
        PaymentOutcome o = client.barcodePay(barcode(no, 1230, WechatFixture.AUTH_CODE));
        f.sim.releaseHeldNotifications(false);
        PaymentOutcome.Paid paid = assertInstanceOf(PaymentOutcome.Paid.class, o);
        SimulatedOrder order = f.sim.order(no).orElseThrow();
        assertEquals(order.transactionId(), paid.channelTradeNo());
        assertEquals(Money.ofFen(1230), paid.amount());
        assertEquals("paid", o.status());
        assertEquals(PaymentState.PAID, f.journal.find(no).orElseThrow().state());
        assertTrue(f.sleeps.isEmpty());
        f.awaitNotifications(1);
        assertEquals(1, f.handled.size());
        assertFalse(f.handled.get(0).changed());
        assertEquals(no, f.handled.get(0).merchantOrderNo());
        assertEquals(1, f.changesTo(no, "PAID"));
        assertEquals(1, f.changesTo(no, "SENT"));
        assertEquals(o, client.query(no));
    }

    @Test
    void userPayingResolvesAfterQueriesWithBackoff() throws Exception {
        f.sim.nextCodepayUserPaying(3, "SUCCESS");
        String no = WechatFixture.no();
        PaymentOutcome o = client.barcodePay(barcode(no, 800, WechatFixture.AUTH_CODE));
        assertInstanceOf(PaymentOutcome.Paid.class, o);
        assertEquals(3, f.sim.order(no).orElseThrow().queries());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(7500)), f.sleeps);
        assertEquals(1, f.changesTo(no, "PENDING"));
        assertEquals(1, f.changesTo(no, "PAID"));
    }

    @Test
    void userPayingThatResolvesToPayErrorIsDeclined() {
        f.sim.nextCodepayUserPaying(2, "PAYERROR");
        String no = WechatFixture.no();
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class,
                client.barcodePay(barcode(no, 800, WechatFixture.AUTH_CODE)));
        assertEquals(DeclineReason.PAYMENT_FAILED, d.reason());
        assertEquals(PaymentState.DECLINED, f.journal.find(no).orElseThrow().state());
    }

    @Test
    void neverResolvingIsReversedAtTheDeadlineRetryingAUserPayingReverse() {
        f.sim.nextCodepayUserPaying(1000, "SUCCESS");
        f.sim.nextReverseUserPaying();
        String no = WechatFixture.no();
        java.time.Instant start = f.clock.instant();
        PaymentOutcome o = client.barcodePay(barcode(no, 990, WechatFixture.AUTH_CODE));
        PaymentOutcome.Closed c = assertInstanceOf(PaymentOutcome.Closed.class, o);
        assertTrue(c.reversed());
        assertEquals("REVOKED", f.sim.order(no).orElseThrow().tradeState());
        assertEquals(PaymentState.REVERSED, f.journal.find(no).orElseThrow().state());
        // queries at 5, 10, 17.5, 27.5 s; nothing after the 30 s deadline; then one reverse retry 5 s later
        assertEquals(4, f.sim.order(no).orElseThrow().queries());
        assertEquals(Duration.ofSeconds(5), f.sleeps.get(f.sleeps.size() - 1));
        assertEquals(Duration.ofMillis(32_500), Duration.between(start, f.clock.instant()));
        assertEquals(1, f.changesTo(no, "REVERSED"));
    }

    @Test
    void reverseThatNeverSucceedsLeavesPendingForResume() {
        f.sim.nextCodepayUserPaying(1000, "SUCCESS");
        for (int i = 0; i < 20; i++) {
            f.sim.nextReverseUserPaying();
        }
        String no = WechatFixture.no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.barcodePay(barcode(no, 990, WechatFixture.AUTH_CODE)));
        assertEquals(PendingReason.UNKNOWN, p.reason());
        assertEquals(PaymentState.PENDING, f.journal.find(no).orElseThrow().state());
    }

    @Test
    void droppedBarcodeAnswerIsQueriedAndPaidOnce() {
        f.sim.holdNotifications(); // else the notification may settle it before the first query
        f.sim.dropNextResponses(1);
        String no = WechatFixture.no();
        PaymentOutcome o = client.barcodePay(barcode(no, 500, WechatFixture.AUTH_CODE));
        assertInstanceOf(PaymentOutcome.Paid.class, o);
        assertEquals(List.of(Duration.ofSeconds(5)), f.sleeps);
        assertEquals(1, f.sim.orders().stream().filter(x -> x.outTradeNo().equals(no)).count());
        assertEquals(1, f.changesTo(no, "PAID"));
    }

    @Test
    void droppedQrAnswerIsPendingThenResolvedByQuery() {
        f.sim.dropNextResponses(1);
        String no = WechatFixture.no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费")));
        assertEquals(PendingReason.UNKNOWN, p.reason());
        assertNull(p.codeUrl());
        assertEquals(PaymentState.SENT, f.journal.find(no).orElseThrow().state());
        PaymentOutcome.Pending q = assertInstanceOf(PaymentOutcome.Pending.class, client.query(no));
        assertEquals(PendingReason.USER_PAYING, q.reason());
        f.sim.payNative(no);
        assertInstanceOf(PaymentOutcome.Paid.class, client.query(no));
        assertEquals(1, f.changesTo(no, "PAID"));
    }

    @Test
    void qrPayShowsACodeAndCloseEndsIt() {
        String no = WechatFixture.no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费")));
        assertEquals(PendingReason.USER_PAYING, p.reason());
        assertTrue(p.codeUrl().startsWith("weixin://"));
        QrPayment again = new QrPayment("wechat", no, Money.ofFen(2000), "检查费");
        assertEquals(p, client.qrPay(again)); // not sent again; the recorded code is shown again
        assertEquals(p, client.query(no));
        assertEquals(1, f.sim.orders().stream().filter(x -> x.outTradeNo().equals(no)).count());
        PaymentOutcome.Closed c = assertInstanceOf(PaymentOutcome.Closed.class, client.close(no));
        assertFalse(c.reversed());
        assertEquals("CLOSED", f.sim.order(no).orElseThrow().tradeState());
        assertEquals(PaymentState.CLOSED, f.journal.find(no).orElseThrow().state());
    }

    @Test
    void fiveHundredsAreUnknownNeverDeclined() {
        f.sim.failNextResponses(1, 503);
        String no = WechatFixture.no();
        PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                client.qrPay(new QrPayment("wechat", no, Money.ofFen(100), "药费")));
        assertEquals(PendingReason.UNKNOWN, p.reason());
        assertEquals(PaymentState.SENT, f.journal.find(no).orElseThrow().state());
        // the 503 was not processed: the channel never saw the order; resume retires a QR order the channel does not
        // know only once the expiry sent with it has passed (before that, a late request could still create it)
        f.clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(new PaymentOutcome.Pending(no, PendingReason.UNKNOWN, null)), client.resumePending());
        f.clock.advance(Duration.ofMinutes(15));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
    }

    @Test
    void declinedAndItsDuplicateReturnTheRecordedDecline() {
        String no = WechatFixture.no();
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class,
                client.barcodePay(barcode(no, 100, WechatFixture.DECLINED_CODE)));
        assertEquals(DeclineReason.PAYMENT_FAILED, d.reason());
        assertEquals("PAYERROR", d.channelCode());
        assertEquals("declined", d.status());
        assertEquals(PaymentState.DECLINED, f.journal.find(no).orElseThrow().state());
        assertEquals(d, client.barcodePay(barcode(no, 100, WechatFixture.DECLINED_CODE)));
        assertEquals(1, f.sim.orders().stream().filter(x -> x.outTradeNo().equals(no)).count());
    }

    @Test
    void invalidPaymentCodeIsDeclinedByTheChannel() {
        String no = WechatFixture.no();
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class,
                client.barcodePay(barcode(no, 100, "999")));
        assertEquals("PARAM_ERROR", d.channelCode());
        assertEquals(DeclineReason.INVALID_REQUEST, d.reason());
    }

    @Test
    void duplicateSubmissionChargesOnce() {
        String no = WechatFixture.no();
        PaymentOutcome first = client.barcodePay(barcode(no, 1500, WechatFixture.AUTH_CODE));
        PaymentOutcome second = client.barcodePay(barcode(no, 1500, WechatFixture.AUTH_CODE));
        assertEquals(first, second);
        assertEquals(1, f.sim.orders().stream().filter(x -> x.outTradeNo().equals(no)).count());
        assertEquals(1, f.changesTo(no, "PAID"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> client.barcodePay(barcode(no, 1501, WechatFixture.AUTH_CODE)));
        assertEquals("merchantOrderNo", e.field());
    }

    @Test
    void partialRefundsAndOverRefundRefused() throws Exception {
        String no = WechatFixture.no();
        assertInstanceOf(PaymentOutcome.Paid.class, client.barcodePay(barcode(no, 1000, WechatFixture.AUTH_CODE)));
        f.awaitNotifications(1);
        f.sim.holdNotifications(); // refund notifications come after the answers, so PROCESSING is seen first
        PaymentOutcome r1 = client.refund(new RefundRequest(no, "R" + no, Money.ofFen(300), "退号"));
        // the simulator answers PROCESSING, then settles
        PaymentOutcome.Pending pending = assertInstanceOf(PaymentOutcome.Pending.class, r1);
        assertEquals(PendingReason.PROCESSING, pending.reason());
        PaymentOutcome.Refunded done = assertInstanceOf(PaymentOutcome.Refunded.class, client.refundQuery("R" + no));
        assertEquals(Money.ofFen(300), done.amount());
        assertNotNull(done.channelRefundNo());
        client.refund(new RefundRequest(no, "S" + no, Money.ofFen(700), null));
        PaymentOutcome.Declined over = assertInstanceOf(PaymentOutcome.Declined.class,
                client.refund(new RefundRequest(no, "U" + no, Money.ofFen(1), null)));
        assertEquals(DeclineReason.REFUND_EXCEEDS_PAID, over.reason());
        assertEquals(1000, f.sim.order(no).orElseThrow().refundedFen());
        assertEquals(Money.ofFen(1000), f.journal.find(no).orElseThrow().refunded());
        assertTrue(f.journal.findRefund("U" + no).isEmpty());
        // a retried refund number is not sent again
        assertInstanceOf(PaymentOutcome.Refunded.class,
                client.refund(new RefundRequest(no, "R" + no, Money.ofFen(300), "退号")));
        assertThrows(InvalidInputException.class,
                () -> client.refund(new RefundRequest(no, "R" + no, Money.ofFen(301), "退号")));
        f.sim.releaseHeldNotifications(false);
        f.awaitNotifications(3);
        assertEquals(3, f.handled.size());
        assertTrue(f.rejected.isEmpty(), f.rejected::toString);
        assertEquals(RefundState.SUCCEEDED, f.journal.findRefund("S" + no).orElseThrow().state());
        assertEquals(1000, f.sim.order(no).orElseThrow().refundedFen());
    }

    @Test
    void refundOfAnUnpaidOrderIsNotRefundable() {
        String no = WechatFixture.no();
        client.barcodePay(barcode(no, 100, WechatFixture.DECLINED_CODE));
        PaymentOutcome.Declined d = assertInstanceOf(PaymentOutcome.Declined.class,
                client.refund(new RefundRequest(no, "R" + no, Money.ofFen(50), null)));
        assertEquals(DeclineReason.NOT_REFUNDABLE, d.reason());
        assertThrows(InvalidInputException.class,
                () -> client.refund(new RefundRequest("NOSUCHORDER1", "R2" + no, Money.ofFen(50), null)));
    }

    @Test
    void duplicateAndOutOfOrderNotificationsMakeOneChange() throws Exception {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(4000), "住院押金"));
        f.sim.holdNotifications();
        f.sim.duplicateNotifications(3);
        f.sim.payNative(no);
        f.sim.holdNotifications();
        assertInstanceOf(PaymentOutcome.Paid.class, client.query(no));
        client.refund(new RefundRequest(no, "R" + no, Money.ofFen(1000), null));
        f.sim.releaseHeldNotifications(true); // refund notifications first, then the payment's
        f.awaitNotifications(6);
        assertEquals(6, f.handled.size(), f.rejected::toString);
        assertEquals(1, f.handled.stream().filter(NotificationResult::changed).count());
        assertEquals(1, f.changesTo(no, "PAID"));
        assertEquals(RefundState.SUCCEEDED, f.journal.findRefund("R" + no).orElseThrow().state());
        NotificationResult refundChange = f.handled.stream().filter(NotificationResult::changed).findFirst()
                .orElseThrow();
        assertEquals("R" + no, refundChange.merchantRefundNo());
        assertInstanceOf(PaymentOutcome.Refunded.class, refundChange.outcome());
    }

    @Test
    void unverifiedNotificationIsRejectedAndChangesNothing() throws Exception {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(4000), "住院押金"));
        f.sim.badNextNotificationSignature();
        f.sim.payNative(no);
        f.awaitNotifications(1);
        assertEquals(1, f.rejected.size());
        assertInstanceOf(NotificationRejectedException.class, f.rejected.get(0));
        assertEquals(PaymentState.PENDING, f.journal.find(no).orElseThrow().state());
        assertThrows(NotificationRejectedException.class, () -> client.handleNotification("wechat",
                Map.of("Wechatpay-Serial", "x"), "{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidInputException.class, () -> client.handleNotification("alipay", Map.of(), new byte[0]));
    }

    @Test
    void aBadSignatureSurvivesHoldingAndOnlyTheGoodCopyIsApplied() throws Exception {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(2500), "门诊缴费"));
        f.sim.holdNotifications();
        f.sim.duplicateNotifications(2);
        f.sim.badNextNotificationSignature();
        f.sim.payNative(no);
        f.sim.releaseHeldNotifications(true); // the good copy first, then the badly signed one
        f.awaitNotifications(2);
        assertEquals(1, f.rejected.size(), f.rejected.toString());
        assertInstanceOf(NotificationRejectedException.class, f.rejected.get(0));
        assertEquals(1, f.handled.size());
        assertTrue(f.handled.get(0).changed());
        assertEquals(PaymentState.PAID, f.journal.find(no).orElseThrow().state());
        assertEquals(1, f.changesTo(no, "PAID"));
    }

    /** A second till with its own journal reuses an order number the channel already holds, paid, for 5.00. */
    @Test
    void aSecondTillReusingAPaidOrderNumberIsAMismatchNeverPaid(@TempDir Path till2Dir) {
        String no = WechatFixture.no();
        assertInstanceOf(PaymentOutcome.Paid.class, client.barcodePay(barcode(no, 500, WechatFixture.AUTH_CODE)));
        try (JdbcPaymentJournal journal2 = JdbcPaymentJournal.embedded(till2Dir, f.clock, "till-2")) {
            PaymentClient till2 = f.newClient(journal2, f.channel);
            PaymentOutcome o = till2.barcodePay(barcode(no, 999, "134567890123450000"));
            assertEquals("mismatch", o.status(), o::toString);
            PaymentOutcome.Mismatch m = assertInstanceOf(PaymentOutcome.Mismatch.class, o);
            assertEquals(Money.ofFen(999), m.expected());
            assertEquals(Money.ofFen(500), m.reported());
            assertEquals(f.sim.order(no).orElseThrow().transactionId(), m.channelNo());
            assertNull(m.merchantRefundNo());
            assertEquals(PaymentState.DECLINED, journal2.find(no).orElseThrow().state());
            assertEquals(Money.ofFen(500), journal2.find(no).orElseThrow().mismatch().reported());
            assertEquals(1, journal2.events(no).stream().filter(e -> e.kind() == JournalEvent.Kind.MISMATCH).count());
            assertEquals("mismatch", till2.query(no).status());
            assertEquals("mismatch", till2.barcodePay(barcode(no, 999, "134567890123450000")).status(),
                    "the recorded outcome");
            assertEquals(List.of(), till2.resumePending(), "settled: nothing to resume, nothing to reverse");
        }
        SimulatedOrder order = f.sim.order(no).orElseThrow();
        assertEquals("SUCCESS", order.tradeState(), "the first till's payment is untouched");
        assertEquals(0, order.refundedFen());
        assertInstanceOf(PaymentOutcome.Paid.class, client.query(no));
    }

    /** The other till's order is still being paid: the second till must not reverse it at its deadline. */
    @Test
    void aSecondTillNeverReversesTheOtherTillsOrderStillBeingPaid(@TempDir Path till2Dir) throws Exception {
        String no = WechatFixture.no();
        f.sim.nextCodepayUserPaying(1000, "SUCCESS");
        f.wire.codepay(no, 500, "挂号费", WechatFixture.AUTH_CODE); // the first till's payment, still USERPAYING
        try (JdbcPaymentJournal journal2 = JdbcPaymentJournal.embedded(till2Dir, f.clock, "till-2")) {
            PaymentClient till2 = f.newClient(journal2, f.channel);
            PaymentOutcome o = till2.barcodePay(barcode(no, 999, "134567890123450000"));
            assertEquals("mismatch", o.status(), o::toString);
            assertEquals(PaymentState.DECLINED, journal2.find(no).orElseThrow().state());
        }
        assertEquals("USERPAYING", f.sim.order(no).orElseThrow().tradeState(), "not reversed by the second till");
    }

    @Test
    void aSecondTillReusingAQrOrderNumberLearnsTheMismatchByQuery(@TempDir Path till2Dir) {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(500), "检查费"));
        f.sim.payNative(no);
        try (JdbcPaymentJournal journal2 = JdbcPaymentJournal.embedded(till2Dir, f.clock, "till-2")) {
            PaymentClient till2 = f.newClient(journal2, f.channel);
            PaymentOutcome.Pending p = assertInstanceOf(PaymentOutcome.Pending.class,
                    till2.qrPay(new QrPayment("wechat", no, Money.ofFen(999), "检查费")));
            assertEquals(PendingReason.UNKNOWN, p.reason(), "OUT_TRADE_NO_USED: not shown a code");
            assertEquals("mismatch", till2.query(no).status());
            assertEquals(PaymentState.DECLINED, journal2.find(no).orElseThrow().state());
        }
    }

    /** The second till gives up its order: it must not close the first till's order, still open, at the channel. */
    @Test
    void aSecondTillClosingAReusedOrderNumberNeverClosesTheOtherTillsOrder(@TempDir Path till2Dir) {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(500), "检查费")); // the first till's code, shown
        try (JdbcPaymentJournal journal2 = JdbcPaymentJournal.embedded(till2Dir, f.clock, "till-2")) {
            PaymentClient till2 = f.newClient(journal2, f.channel);
            till2.qrPay(new QrPayment("wechat", no, Money.ofFen(999), "检查费"));
            PaymentOutcome o = till2.close(no);
            assertEquals("mismatch", o.status(), o::toString);
        }
        assertEquals("NOTPAY", f.sim.order(no).orElseThrow().tradeState(), "the first till's code is still payable");
        f.sim.payNative(no);
        assertInstanceOf(PaymentOutcome.Paid.class, client.query(no));
    }

    /** Two tills' refunds under one refund number: the second learns the channel's refund is another one. */
    @Test
    void aRefundNumberTheChannelHoldsForAnotherRefundIsAMismatchNeverRefunded(@TempDir Path till2Dir)
            throws Exception {
        String first = WechatFixture.no();
        String refundNo = "R" + first;
        assertInstanceOf(PaymentOutcome.Paid.class, client.barcodePay(barcode(first, 500, WechatFixture.AUTH_CODE)));
        client.refund(new RefundRequest(first, refundNo, Money.ofFen(100), null));
        assertInstanceOf(PaymentOutcome.Refunded.class, client.refundQuery(refundNo));
        try (JdbcPaymentJournal journal2 = JdbcPaymentJournal.embedded(till2Dir, f.clock, "till-2")) {
            PaymentClient till2 = f.newClient(journal2, f.channel);
            String second = WechatFixture.no();
            assertInstanceOf(PaymentOutcome.Paid.class, till2.barcodePay(barcode(second, 500,
                    WechatFixture.AUTH_CODE)));
            f.sim.dropNextResponses(1); // the refund's answer is lost
            assertInstanceOf(PaymentOutcome.Pending.class,
                    till2.refund(new RefundRequest(second, refundNo, Money.ofFen(200), null)));
            PaymentOutcome o = till2.refundQuery(refundNo);
            assertEquals("mismatch", o.status(), o::toString);
            PaymentOutcome.Mismatch m = assertInstanceOf(PaymentOutcome.Mismatch.class, o);
            assertEquals(refundNo, m.merchantRefundNo());
            assertEquals(second, m.merchantOrderNo());
            assertEquals(Money.ofFen(200), m.expected());
            assertEquals(Money.ofFen(100), m.reported());
            assertEquals(RefundState.FAILED, journal2.findRefund(refundNo).orElseThrow().state());
            assertEquals(Money.ZERO, journal2.find(second).orElseThrow().refunded(), "its amount is released");
            assertEquals("mismatch", till2.refundQuery(refundNo).status(), "the recorded outcome");
        }
    }

    // ---------------------------------------------------------------- QR expiry at the channel

    private String lastNativeBody() {
        return f.sim.requests().stream().filter(r -> r.url().endsWith("/v3/pay/transactions/native"))
                .reduce((a, b) -> b).orElseThrow().body();
    }

    private static String rfc3339(java.time.Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
                .withZone(java.time.ZoneOffset.ofHours(8)).format(t);
    }

    @Test
    void aQrOrderCarriesTheClientsExpiryToTheChannel() {
        String no = WechatFixture.no();
        java.time.Instant expiry = f.clock.instant().plus(Duration.ofMinutes(15)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS);
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费"));
        String body = lastNativeBody();
        assertTrue(body.contains("\"time_expire\":\"" + rfc3339(expiry) + "\""), body);
        assertEquals(expiry, f.journal.find(no).orElseThrow().expiresAt(), "the journal keeps what was sent");
    }

    @Test
    void theQrValidityIsABuilderOption() {
        PaymentClient fiveMinutes = PaymentClient.builder().journal(f.journal).channel(f.channel).clock(f.clock)
                .qrValidity(Duration.ofMinutes(5)).build();
        String no = WechatFixture.no();
        java.time.Instant expiry = f.clock.instant().plus(Duration.ofMinutes(5)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS);
        fiveMinutes.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费"));
        assertTrue(lastNativeBody().contains("\"time_expire\":\"" + rfc3339(expiry) + "\""), lastNativeBody());
        assertEquals(expiry, f.journal.find(no).orElseThrow().expiresAt());
        assertEquals(Duration.ofMinutes(15), PaymentClient.DEFAULT_QR_VALIDITY);
        assertThrows(InvalidInputException.class, () -> PaymentClient.builder().qrValidity(Duration.ofSeconds(59)));
        assertThrows(InvalidInputException.class, () -> PaymentClient.builder().qrValidity(Duration.ofDays(1)
                .plusSeconds(1)));
        assertThrows(InvalidInputException.class, () -> PaymentClient.builder().qrValidity(null));
    }

    @Test
    void anExpiredQrOrderCannotBePaidAtTheChannel() {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费"));
        f.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThrows(InvalidInputException.class, () -> f.sim.payNative(no));
        assertEquals("NOTPAY", f.sim.order(no).orElseThrow().tradeState());
    }

    @Test
    void aQrOrderPastItsExpiryIsClosedAtTheChannelThenInTheJournal() {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费"));
        f.clock.advance(Duration.ofMinutes(10));
        assertEquals(List.of(new PaymentOutcome.Pending(no, PendingReason.USER_PAYING, "weixin://wxpay/bizpayurl?pr="
                + no)), client.resumePending(), "still payable: left alone");
        f.clock.advance(Duration.ofMinutes(6));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
        assertEquals("CLOSED", f.sim.order(no).orElseThrow().tradeState(), "closed at the channel first");
        assertEquals(PaymentState.CLOSED, f.journal.find(no).orElseThrow().state());
    }

    // ---------------------------------------------------------------- payments after the close

    /** Closed at the channel and in the journal past its expiry; the patient's payment goes through anyway. */
    @Test
    void aCodePaidAfterItsExpiryAndCloseIsRecordedAndRefundedOnce() throws Exception {
        String no = WechatFixture.no();
        client.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费"));
        f.clock.advance(Duration.ofMinutes(16));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), client.resumePending());
        f.sim.duplicateNotifications(3);
        f.sim.payLate(no);
        f.awaitNotifications(6); // three of the payment, three of its refund
        assertTrue(f.rejected.isEmpty(), f.rejected::toString);
        List<NotificationResult> payments = f.handled.stream().filter(h -> h.merchantRefundNo() == null).toList();
        assertEquals(3, payments.size(), f.handled::toString);
        assertEquals(1, payments.stream().filter(NotificationResult::changed).count());
        for (NotificationResult h : payments) {
            PaymentOutcome.PaidAfterClose late = assertInstanceOf(PaymentOutcome.PaidAfterClose.class, h.outcome());
            assertEquals(Money.ofFen(2000), late.amount());
            assertEquals(f.sim.order(no).orElseThrow().transactionId(), late.channelTradeNo());
            assertNotNull(late.refund(), "refunded by the default policy");
        }
        String refundNo = PaymentClient.lateRefundNo(no);
        assertEquals(no + "L", refundNo);
        assertEquals(2000, f.sim.order(no).orElseThrow().refundedFen(), "refunded in full, once");
        assertEquals(2000, f.sim.refund(refundNo).orElseThrow().refundFen());
        assertEquals(RefundState.SUCCEEDED, f.journal.findRefund(refundNo).orElseThrow().state());
        assertEquals(List.of(refundNo), f.journal.refunds(no).stream().map(r -> r.merchantRefundNo()).toList());
        io.yikatong.payment.journal.PaymentEntry e = f.journal.find(no).orElseThrow();
        assertEquals(PaymentState.CLOSED, e.state(), "never PAID");
        assertEquals(io.yikatong.payment.journal.EventSource.NOTIFICATION, e.latePayment().source());
        assertEquals(1, f.journal.events(no).stream().filter(x -> x.kind() == JournalEvent.Kind.LATE_PAYMENT)
                .count());
        PaymentOutcome.PaidAfterClose q = assertInstanceOf(PaymentOutcome.PaidAfterClose.class, client.query(no));
        assertInstanceOf(PaymentOutcome.Refunded.class, q.refund());
        assertEquals("paid_after_close", q.status());
        assertEquals(2000, f.sim.order(no).orElseThrow().refundedFen());
    }

    /** Found by a query (no notification arrives): recorded only, the amount left for an operator to refund. */
    @Test
    void aLatePaymentFoundByQueryIsOnlyRecordedUnderRecordOnly() {
        PaymentClient recordOnly = PaymentClient.builder().journal(f.journal).channel(f.channel).clock(f.clock)
                .latePaymentPolicy(LatePaymentPolicy.RECORD_ONLY).build();
        String no = WechatFixture.no();
        recordOnly.qrPay(new QrPayment("wechat", no, Money.ofFen(2000), "检查费"));
        f.clock.advance(Duration.ofMinutes(16));
        assertEquals(List.of(new PaymentOutcome.Closed(no, false)), recordOnly.resumePending());
        f.sim.holdNotifications();
        f.sim.payLate(no);
        PaymentOutcome.PaidAfterClose late = assertInstanceOf(PaymentOutcome.PaidAfterClose.class,
                recordOnly.query(no));
        assertNull(late.refund());
        assertEquals(Money.ofFen(2000), late.amount());
        assertEquals(late, recordOnly.query(no));
        assertEquals(0, f.sim.order(no).orElseThrow().refundedFen(), "not refunded");
        assertTrue(f.journal.refunds(no).isEmpty());
        assertEquals(io.yikatong.payment.journal.EventSource.QUERY, f.journal.find(no).orElseThrow().latePayment()
                .source());
        assertEquals(Money.ofFen(2000), f.journal.find(no).orElseThrow().refundable());
        // the operator may refund it through the ordinary path
        assertInstanceOf(PaymentOutcome.Pending.class,
                recordOnly.refund(new RefundRequest(no, "M" + no, Money.ofFen(2000), "operator")));
        assertEquals(2000, f.sim.order(no).orElseThrow().refundedFen());
        assertThrows(InvalidInputException.class, () -> PaymentClient.builder().latePaymentPolicy(null));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(InvalidInputException.class, () -> barcode("short", 100, WechatFixture.AUTH_CODE));
        assertThrows(InvalidInputException.class, () -> barcode("with_underscore1", 100, WechatFixture.AUTH_CODE));
        assertThrows(InvalidInputException.class, () -> barcode(WechatFixture.no(), 0, WechatFixture.AUTH_CODE));
        assertThrows(InvalidInputException.class, () -> client.query("UNKNOWN12345"));
        assertThrows(InvalidInputException.class, () -> client.barcodePay(
                new BarcodePayment("alipay", WechatFixture.no(), Money.ofFen(1), "x", WechatFixture.AUTH_CODE)));
        assertThrows(InvalidInputException.class, () -> PaymentClient.builder().build());
        assertFalse(barcode(WechatFixture.no(), 1, WechatFixture.AUTH_CODE).toString()
                .contains(WechatFixture.AUTH_CODE));
    }

    @Test
    void reconcileDownloadsTheVerifiedBillAndComparesItWithTheJournal() throws Exception {
        String a = WechatFixture.no();
        String b = WechatFixture.no();
        assertInstanceOf(PaymentOutcome.Paid.class, client.barcodePay(barcode(a, 1230, WechatFixture.AUTH_CODE)));
        assertInstanceOf(PaymentOutcome.Paid.class, client.barcodePay(barcode(b, 500, WechatFixture.AUTH_CODE)));
        java.time.LocalDate today = java.time.LocalDate.ofInstant(f.clock.instant(), io.yikatong.core.time.ChinaTime.ZONE);
        io.yikatong.payment.journal.ReconciliationReport clean = client.reconcile("wechat", today);
        assertEquals(2, clean.matched(), clean.toString());
        assertTrue(clean.isClean(), clean.toString());

        f.sim.corruptNextBill();
        PaymentException e = assertThrows(PaymentException.class, () -> client.reconcile("wechat", today));
        assertEquals(PaymentErrorCode.BILL_UNAVAILABLE, e.errorCode());
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> client.reconcile("alipay", today));
        PaymentClient noBills = f.newClient(new DelegatingAdapter(f.channel));
        io.yikatong.core.InvalidInputException none = assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> noBills.reconcile("wechat", today));
        assertTrue(none.getMessage().contains("offers no bill download"), none.getMessage());
    }
}
