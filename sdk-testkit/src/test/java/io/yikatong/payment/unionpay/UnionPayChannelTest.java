package io.yikatong.payment.unionpay;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelResult;
import io.yikatong.payment.spi.ChannelStatus;
import io.yikatong.payment.spi.DeclineReason;
import io.yikatong.payment.spi.PaymentErrorCode;
import io.yikatong.payment.spi.PaymentException;
import io.yikatong.payment.spi.RefundResult;
import io.yikatong.payment.spi.ReverseResult;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UnionPayChannel mapping against the simulator: nothing unknown is ever declined. */
class UnionPayChannelTest {

    private static final String QR_NO = UnionPayClientTest.QR_NO;
    private final SettableClock clock = SettableClock.of(Instant.now());
    private UnionPaySimulator sim;
    private UnionPayClient client;
    private UnionPayChannel channel;

    @BeforeEach
    void start() throws Exception {
        sim = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).clock(clock).start();
        client = UnionPayClient.builder().backTransUrl(sim.backTransUrl()).queryTransUrl(sim.queryTransUrl())
                .merId(UnionPayTestKeys.MER_ID).rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(),
                        UnionPayTestKeys.merchant().certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(URI.create("http://127.0.0.1:1/n"))
                .clock(clock).requestTimeout(Duration.ofSeconds(5)).build();
        channel = UnionPayChannel.create(client, TxnTimeLookup.inMemory());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String no() {
        return UnionPayClientTest.no();
    }

    @Test
    void acceptedBarcodeIsUserPayingUntilTheQuerySaysPaid() {
        String no = no();
        ChannelResult r = channel.barcodePay(no, Money.ofFen(1230), "挂号费", QR_NO);
        assertEquals(ChannelStatus.USER_PAYING, r.status());
        ChannelResult q = channel.query(no);
        assertEquals(ChannelStatus.PAID, q.status());
        assertEquals(Money.ofFen(1230), q.amount());
        assertEquals(sim.order(no).orElseThrow().queryId(), q.channelTradeNo());
    }

    @Test
    void processingCodesAndLinkFailuresAreNeverDeclined() {
        for (String code : new String[] {"03", "04", "05"}) {
            sim.processing(code, 1);
            String no = no();
            assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(no, Money.ofFen(1), "x", QR_NO).status());
            assertEquals(ChannelStatus.USER_PAYING, channel.query(no).status());
            assertEquals(ChannelStatus.PAID, channel.query(no).status());
        }
        sim.failNext(1, 502);
        assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(no(), Money.ofFen(1), "x", QR_NO).status());
        sim.dropNextAnswers(1);
        String dropped = no();
        assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(dropped, Money.ofFen(1), "x", QR_NO).status());
        assertEquals(ChannelStatus.PAID, channel.query(dropped).status());
        sim.tamperNextAnswer();
        String tampered = no();
        assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(tampered, Money.ofFen(1), "x", QR_NO).status());
        sim.tamperNextAnswer();
        assertEquals(ChannelStatus.UNKNOWN, channel.query(tampered).status());
        assertEquals(ChannelStatus.UNKNOWN, channel.barcodePay(tampered, Money.ofFen(1), "x", QR_NO).status(),
                "12 duplicate is unknown");
    }

    @Test
    void businessRefusalIsDeclinedWithTheRespCode() {
        String no = no();
        ChannelResult r = channel.barcodePay(no, Money.ofFen(100), "x", UnionPaySimulator.DECLINED_QR_NO);
        assertEquals(ChannelStatus.DECLINED, r.status());
        assertEquals("64", r.code());
        assertEquals(DeclineReason.INSUFFICIENT_FUNDS, r.declineReason());
        ChannelResult q = channel.query(no);
        assertEquals(ChannelStatus.DECLINED, q.status());
        assertEquals("64", q.code());
    }

    @Test
    void queryWithoutKnownTxnTimeIsUnknownAndMissingOrderIsNotFound() {
        assertEquals(ChannelStatus.UNKNOWN, channel.query(no()).status());
        assertEquals(ReverseResult.Status.UNKNOWN, channel.reverse(no()).status());
        assertEquals(RefundResult.Status.UNKNOWN, channel.queryRefund(no(), no()).status());
        String no = no();
        UnionPayChannel journalLike = UnionPayChannel.create(client, TxnTimeLookup.of(id -> Optional.of(
                clock.instant())));
        assertEquals(ChannelStatus.NOT_FOUND, journalLike.query(no).status());
        assertEquals(ReverseResult.Status.NOT_FOUND, journalLike.reverse(no).status());
        assertEquals(RefundResult.Status.NOT_FOUND, journalLike.queryRefund(no, no()).status());
    }

    @Test
    void restartWithAFunctionLookupFindsTheOrder() {
        Instant sentAt = clock.instant();
        String no = no();
        UnionPayChannel first = UnionPayChannel.create(client, TxnTimeLookup.of(id -> Optional.of(sentAt)));
        first.barcodePay(no, Money.ofFen(5), "x", QR_NO);
        clock.advance(Duration.ofSeconds(7));
        UnionPayChannel afterRestart = UnionPayChannel.create(client, TxnTimeLookup.of(id -> Optional.of(sentAt)));
        assertEquals(ChannelStatus.PAID, afterRestart.query(no).status());
        UnionPayChannel forgetful = UnionPayChannel.create(client, TxnTimeLookup.inMemory());
        assertEquals(ChannelStatus.UNKNOWN, forgetful.query(no).status());
    }

    @Test
    void qrOrderWaitsThenPaysOrClosesAfterPayTimeout() {
        String no = no();
        ChannelResult r = channel.qrPay(no, Money.ofFen(2000), "药费");
        assertEquals(ChannelStatus.NOT_PAID, r.status());
        assertTrue(r.codeUrl().startsWith("https://qr.95516.com/"));
        assertEquals(ChannelStatus.USER_PAYING, channel.query(no).status());
        sim.payerPays(no);
        assertEquals(ChannelStatus.PAID, channel.close(no).status());
        String unpaid = no();
        channel.qrPay(unpaid, Money.ofFen(1), "x");
        clock.advance(Duration.ofMinutes(7));
        assertEquals(ChannelStatus.CLOSED, channel.close(unpaid).status());
    }

    @Test
    void reverseCancelsSameDayAndIsIdempotent() {
        String no = no();
        channel.barcodePay(no, Money.ofFen(700), "x", QR_NO);
        assertEquals(ReverseResult.Status.REVERSED, channel.reverse(no).status());
        assertTrue(sim.order(no).orElseThrow().cancelled());
        assertEquals("31", sim.order(no + "C").orElseThrow().txnType());
        assertEquals(ReverseResult.Status.REVERSED, channel.reverse(no).status());
        String processing = no();
        sim.processing("03", 5);
        channel.barcodePay(processing, Money.ofFen(1), "x", QR_NO);
        assertEquals(ReverseResult.Status.RETRY, channel.reverse(processing).status());
        String declined = no();
        channel.barcodePay(declined, Money.ofFen(1), "x", UnionPaySimulator.DECLINED_QR_NO);
        assertEquals(ReverseResult.Status.REVERSED, channel.reverse(declined).status());
        String yesterday = no();
        channel.barcodePay(yesterday, Money.ofFen(1), "x", QR_NO);
        clock.advance(Duration.ofDays(1));
        ReverseResult failed = channel.reverse(yesterday);
        assertEquals(ReverseResult.Status.FAILED, failed.status());
        assertEquals("35", failed.code());
        sim.failNext(1, 500);
        assertEquals(ReverseResult.Status.UNKNOWN, channel.reverse(yesterday).status());
    }

    @Test
    void refundsArePartialNeverAbovePaidAndQueryable() {
        String no = no();
        channel.barcodePay(no, Money.ofFen(1000), "x", QR_NO);
        String r1 = no();
        RefundResult ok = channel.refund(no, r1, Money.ofFen(400), Money.ofFen(1000), "退号");
        assertEquals(RefundResult.Status.SUCCEEDED, ok.status());
        assertEquals(sim.order(r1).orElseThrow().queryId(), ok.channelRefundNo());
        assertEquals(RefundResult.Status.SUCCEEDED, channel.refund(no, r1, Money.ofFen(400), Money.ofFen(1000),
                null).status(), "a repeated refund number is answered from the query, not refunded twice");
        assertEquals(Money.ofFen(400), sim.order(no).orElseThrow().refunded());
        RefundResult over = channel.refund(no, no(), Money.ofFen(601), Money.ofFen(1000), null);
        assertEquals(RefundResult.Status.FAILED, over.status());
        assertEquals("35", over.code());
        assertEquals(RefundResult.Status.SUCCEEDED, channel.queryRefund(no, r1).status());
        assertEquals(RefundResult.Status.UNKNOWN, channel.queryRefund(no, no()).status());
        sim.dropNextAnswers(1);
        assertEquals(RefundResult.Status.UNKNOWN, channel.refund(no, no(), Money.ofFen(600), Money.ofFen(1000),
                null).status(), "the payment query before the refund lost its answer");
        assertEquals(Money.ofFen(400), sim.order(no).orElseThrow().refunded());
    }

    @Test
    void refundWhoseAnswerWasDroppedIsFoundByQueryAndNotRefundedTwice() throws Exception {
        Instant sentAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        UnionPayChannel c = UnionPayChannel.create(client, TxnTimeLookup.of(id -> Optional.of(sentAt)));
        String no = no();
        c.barcodePay(no, Money.ofFen(1000), "x", QR_NO);
        String qid = client.query(no, sentAt).queryId();
        String r = no();
        sim.dropNextAnswers(1);
        assertChannelThrows(ChannelLinkException.class, "unionpay",
                () -> client.refund(r, sentAt, qid, Money.ofFen(250)));
        sim.failNext(1, 503);
        assertEquals(RefundResult.Status.UNKNOWN, c.queryRefund(no, r).status());
        assertEquals(RefundResult.Status.SUCCEEDED, c.queryRefund(no, r).status());
        assertEquals(RefundResult.Status.SUCCEEDED,
                c.refund(no, r, Money.ofFen(250), Money.ofFen(1000), null).status());
        assertEquals(Money.ofFen(250), sim.order(no).orElseThrow().refunded());
    }

    @Test
    void rejectedCredentialsAreAMisconfiguration() {
        AcpCertificates.Issued impostor = AcpCertificates.issue("impostor", AcpCertificates.rsaKeys(), null, false,
                UnionPayTestKeys.SERIAL, Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(1, ChronoUnit.DAYS));
        UnionPayClient wrong = UnionPayClient.builder().backTransUrl(sim.backTransUrl())
                .queryTransUrl(sim.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                .rsaSigning(impostor.keys().getPrivate(), impostor.certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(URI.create("http://127.0.0.1:1/n"))
                .clock(clock).build();
        UnionPayChannel c = UnionPayChannel.create(wrong, TxnTimeLookup.inMemory());
        PaymentException e = assertThrows(PaymentException.class,
                () -> c.barcodePay(no(), Money.ofFen(1), "x", QR_NO));
        assertEquals(PaymentErrorCode.CHANNEL_MISCONFIGURED, e.errorCode());
        assertEquals("unionpay", c.channelId());
    }
}
