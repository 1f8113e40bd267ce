package io.yikatong.payment.medicalinsurance;

import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_ID;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_SECRET;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.testkit.SettableClock;
import io.yikatong.payment.BarcodePolicy;
import io.yikatong.payment.PaymentClient;
import io.yikatong.payment.PaymentOutcome;
import io.yikatong.payment.journal.JdbcPaymentJournal;
import io.yikatong.payment.journal.PaymentEntry;
import io.yikatong.payment.journal.PaymentState;
import io.yikatong.payment.journal.RefundState;
import io.yikatong.testkit.payment.medicalinsurance.MedicalInsurancePaymentSimulator;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.WechatPayChannel;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.testkit.payment.wechat.WechatPaySimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MedicalInsuranceCheckout against the medical-insurance simulator and the WeChat Pay simulator (self-pay share by barcode), one H2
 * journal, and a sleeper that advances a test clock.
 */
class MedicalInsuranceCheckoutTest {

    private static final String MCHID = "1900000001";
    private static final String PAY_CODE = "134567890123456789";
    private static KeyPair merchant;

    @TempDir
    Path dir;

    private final SettableClock clock = SettableClock.of(Instant.now());
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private MedicalInsurancePaymentSimulator sim;
    private WechatPaySimulator wechat;
    private JdbcPaymentJournal journal;
    private PaymentClient payments;
    private MedicalInsuranceCheckout checkout;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        merchant = g.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        // 100.00 yuan → fund 70.00, personal account 10.00 (the balance), self-pay 20.00
        sim = MedicalInsurancePaymentSimulator.builder().appId(APP_ID).appSecret(APP_SECRET)
                .channelPublicKey(CHANNEL.publicKey()).fundPercent(70).accountBalance(Money.ofFen(1_000)).start();
        wechat = WechatPaySimulator.builder().mchid(MCHID).merchantRsaKey("MSERIAL", merchant.getPublic())
                .apiV3Key("0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII))
                .notifyUrl(URI.create("http://127.0.0.1:9/notify")).start(0);
        WechatPayV3Client wire = WechatPayV3Client.builder().baseUri(wechat.baseUri()).appid("wxd678efh567hg6787")
                .signer(MerchantSigner.rsa(MCHID, "MSERIAL", merchant.getPrivate()))
                .verifier(wechat.platformVerifier())
                .apiV3Key("0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII))
                .requestTimeout(Duration.ofSeconds(5)).build();
        journal = JdbcPaymentJournal.embedded(dir, clock, "test");
        payments = PaymentClient.builder().journal(journal)
                .channel(WechatPayChannel.create(wire, URI.create("http://127.0.0.1:9/notify"))).clock(clock)
                .sleeper(this::sleep).build();
        checkout = newCheckout(Duration.ofSeconds(30));
    }

    private void sleep(Duration d) {
        sleeps.add(d);
        clock.advance(d);
    }

    private MedicalInsuranceCheckout newCheckout(Duration deadline) {
        MedicalInsurancePaymentClient client = MedicalInsurancePaymentClientTest.builder(sim.baseUri(), sim).clock(clock).build();
        return MedicalInsuranceCheckout.builder().insurance(client).journal(journal).payments(payments).clock(clock)
                .sleeper(this::sleep).pollPolicy(new BarcodePolicy(Duration.ofSeconds(2), Duration.ofSeconds(3),
                        Duration.ofSeconds(5), deadline, 1, Duration.ZERO)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
        wechat.close();
        journal.close();
    }

    private static MedicalInsuranceCheckoutRequest request(String no) {
        return new MedicalInsuranceCheckoutRequest(MedicalInsurancePaymentClientTest.upload(no, 6_000, 4_000), "门诊缴费",
                SelfPay.barcode("wechat", PAY_CODE));
    }

    @Test
    void settlesInsuranceThenSelfPayByBarcodeAndTheJournalShowsBoth() {
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckoutResult r = checkout.checkout(request(no));
        assertEquals(PaymentState.PAID, r.state());
        assertEquals(new MedicalInsuranceSplit(Money.ofFen(10_000), Money.ofFen(7_000), Money.ofFen(1_000),
                Money.ofFen(2_000)), r.split());
        assertInstanceOf(PaymentOutcome.Paid.class, r.selfPay());
        assertEquals(Money.ofFen(2_000), ((PaymentOutcome.Paid) r.selfPay()).amount());
        assertTrue(r.complete());

        PaymentEntry insurance = journal.find(no).orElseThrow();
        assertEquals("medical-insurance", insurance.channel());
        assertEquals(PaymentState.PAID, insurance.state());
        assertEquals(sim.order(no).orElseThrow().payOrdId(), insurance.channelTradeNo());
        PaymentEntry cash = journal.find(MedicalInsuranceCheckout.selfPayOrderNo(no)).orElseThrow();
        assertEquals("wechat", cash.channel());
        assertEquals(PaymentState.PAID, cash.state());
        assertEquals(Money.ofFen(2_000), cash.amount());
        assertEquals(2_000, wechat.order(MedicalInsuranceCheckout.selfPayOrderNo(no)).orElseThrow().totalFen());
        assertEquals(MedicalInsuranceOrderState.SETTLED, sim.order(no).orElseThrow().state());
        assertEquals(List.of("6201", "6202"), sim.functionsCalled());
        assertEquals(List.of(), sleeps);

        // the same medOrgOrd again: nothing is uploaded or charged twice
        MedicalInsuranceCheckoutResult again = checkout.checkout(request(no));
        assertEquals(PaymentState.PAID, again.state());
        assertInstanceOf(PaymentOutcome.Paid.class, again.selfPay());
        assertEquals(List.of("6201", "6202"), sim.functionsCalled());
        assertEquals(1, wechat.orders().size());
        assertThrows(InvalidInputException.class, () -> checkout.checkout(new MedicalInsuranceCheckoutRequest(
                MedicalInsurancePaymentClientTest.upload(no, 6_000), "门诊缴费", SelfPay.barcode("wechat", PAY_CODE))));
        assertThrows(InvalidInputException.class, () -> checkout.resume(MedicalInsuranceCheckout.selfPayOrderNo(no)));
    }

    @Test
    void nonTerminalStatusIsPolledWithBackoffUntilSettled() {
        sim.settleAfterQueries(2);
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckoutResult r = checkout.checkout(request(no));
        assertEquals(PaymentState.PAID, r.state());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(3)), sleeps);
        assertEquals(List.of("6201", "6202", "6301", "6301"), sim.functionsCalled());
        assertTrue(r.complete());
    }

    @Test
    void timeoutIsPendingNeverFailedAndARestartResumesIt() {
        sim.settleAfterQueries(3);
        checkout = newCheckout(Duration.ofSeconds(4));
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckoutResult r = checkout.checkout(request(no));
        assertEquals(PaymentState.PENDING, r.state());
        assertNull(r.split());
        assertNull(r.selfPay());
        assertTrue(journal.find(MedicalInsuranceCheckout.selfPayOrderNo(no)).isEmpty(), "no self-pay before settlement");

        MedicalInsuranceCheckout restarted = newCheckout(Duration.ofSeconds(600));
        assertEquals(PaymentState.PENDING, restarted.resumePending().get(0).state());
        MedicalInsuranceCheckoutResult resumed = restarted.resume(no);
        assertEquals(PaymentState.PAID, resumed.state());
        assertEquals(Money.ofFen(2_000), resumed.split().selfPay());
        assertNull(resumed.selfPay(), "no payment code after a restart");
        MedicalInsuranceCheckoutResult collected = restarted.collectSelfPay(no, "门诊缴费", SelfPay.barcode("wechat", PAY_CODE));
        assertTrue(collected.complete());
        assertEquals(List.of(), restarted.resumePending());
    }

    @Test
    void droppedUploadAnswerIsPendingAndUndoneAfterTheDeadline() {
        sim.dropNextAnswers(1);
        checkout = newCheckout(Duration.ofSeconds(4));
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckoutResult r = checkout.checkout(request(no));
        assertEquals(PaymentState.PENDING, r.state());
        assertEquals(sim.order(no).orElseThrow().payOrdId(), r.payOrdId(), "learned from 6301");
        clock.advance(Duration.ofSeconds(10));
        MedicalInsuranceCheckoutResult resumed = checkout.resume(no);
        assertEquals(PaymentState.CLOSED, resumed.state());
        assertEquals(MedicalInsuranceOrderState.UNDONE, sim.order(no).orElseThrow().state());
        assertTrue(sim.functionsCalled().contains("6401"));
    }

    @Test
    void theRecoveryLoopUndoesAnExpiredOrderThroughTheCheckoutAndSkipsItWithout() {
        sim.dropNextAnswers(1);
        checkout = newCheckout(Duration.ofSeconds(4));
        String no = MedicalInsurancePaymentClientTest.no();
        assertEquals(PaymentState.PENDING, checkout.checkout(request(no)).state());
        clock.advance(Duration.ofSeconds(10));
        io.yikatong.payment.RecoveryRun without = io.yikatong.payment.PaymentRecovery.builder(payments).build()
                .runOnce();
        assertEquals(List.of(), without.entries(), "not the payment client's channel: skipped");
        assertEquals(PaymentState.PENDING, journal.find(no).orElseThrow().state());
        io.yikatong.payment.RecoveryRun run = io.yikatong.payment.PaymentRecovery.builder(payments).checkout(checkout)
                .build().runOnce();
        assertEquals(1, run.entries().size());
        assertEquals(no, run.entries().get(0).merchantOrderNo());
        assertEquals("closed", run.entries().get(0).status());
        assertEquals(PaymentState.CLOSED, run.entries().get(0).checkout().state());
        assertEquals(MedicalInsuranceOrderState.UNDONE, sim.order(no).orElseThrow().state());
        assertEquals(1, sim.functionsCalled().stream().filter("6401"::equals).count());
        assertEquals(List.of(), io.yikatong.payment.PaymentRecovery.builder(payments).checkout(checkout).build()
                .runOnce().entries());
    }

    @Test
    void undoBeforeSettlementClosesTheOrder() {
        sim.settleAfterQueries(50);
        checkout = newCheckout(Duration.ofSeconds(4));
        String no = MedicalInsurancePaymentClientTest.no();
        assertEquals(PaymentState.PENDING, checkout.checkout(request(no)).state());
        MedicalInsuranceCheckoutResult undone = checkout.undo(no);
        assertEquals(PaymentState.CLOSED, undone.state());
        assertEquals(MedicalInsuranceOrderState.UNDONE, sim.order(no).orElseThrow().state());
        assertEquals(PaymentState.CLOSED, checkout.resume(no).state());
        assertTrue(journal.find(MedicalInsuranceCheckout.selfPayOrderNo(no)).isEmpty());
    }

    @Test
    void undoAfterSettlementIsRefusedAndRefundReturnsBothShares() {
        String no = MedicalInsurancePaymentClientTest.no();
        checkout.checkout(request(no));
        assertThrows(InvalidInputException.class, () -> checkout.undo(no));

        String refundNo = "RF" + no;
        MedicalInsuranceRefundResult r = checkout.refund(no, refundNo, "患者退费");
        assertEquals(RefundState.SUCCEEDED, r.insuranceState());
        assertEquals(Money.ofFen(8_000), r.insuranceAmount());
        // WeChat refunds are asynchronous: PROCESSING first, then SUCCESS on query
        assertInstanceOf(PaymentOutcome.Pending.class, r.selfPay());
        PaymentOutcome.Refunded cashBack = assertInstanceOf(PaymentOutcome.Refunded.class,
                payments.refundQuery(MedicalInsuranceCheckout.selfPayRefundNo(refundNo)));
        assertEquals(Money.ofFen(2_000), cashBack.amount());
        assertEquals(MedicalInsuranceOrderState.REFUNDED, sim.order(no).orElseThrow().state());
        assertEquals(Money.ofFen(8_000), sim.order(no).orElseThrow().refunded());
        assertEquals(2_000, wechat.order(MedicalInsuranceCheckout.selfPayOrderNo(no)).orElseThrow().refundedFen());
        assertEquals(Money.ofFen(8_000), journal.find(no).orElseThrow().refunded());
        assertEquals(Money.ofFen(2_000), journal.find(MedicalInsuranceCheckout.selfPayOrderNo(no)).orElseThrow().refunded());

        // retry with the same number: refunded once
        MedicalInsuranceRefundResult again = checkout.refund(no, refundNo, "患者退费");
        assertEquals(RefundState.SUCCEEDED, again.insuranceState());
        assertInstanceOf(PaymentOutcome.Refunded.class, again.selfPay());
        assertEquals(Money.ofFen(8_000), sim.order(no).orElseThrow().refunded());
        assertEquals(2_000, wechat.order(MedicalInsuranceCheckout.selfPayOrderNo(no)).orElseThrow().refundedFen());
        // another number cannot refund again
        assertThrows(InvalidInputException.class, () -> checkout.refund(no, "RX" + no, null));
    }

    @Test
    void failedSettlementIsDeclinedAndNoSelfPayIsTaken() {
        sim.failNextSettlement();
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckoutResult r = checkout.checkout(request(no));
        assertEquals(PaymentState.DECLINED, r.state());
        assertFalse(r.complete());
        assertTrue(journal.find(MedicalInsuranceCheckout.selfPayOrderNo(no)).isEmpty());
        assertEquals(Collections.emptyList(), wechat.orders());
    }

    @Test
    void refusedUploadIsDeclinedWithThePlatformMessage() {
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsurancePaymentClient wrongKey = MedicalInsurancePaymentClientTest.builder(sim.baseUri(), sim).clock(clock)
                .channelPrivateKey(MedicalInsuranceTestKeys.OTHER.privateKey()).build();
        MedicalInsuranceCheckout bad = MedicalInsuranceCheckout.builder().insurance(wrongKey).journal(journal).payments(payments)
                .clock(clock).sleeper(this::sleep).build();
        MedicalInsuranceCheckoutResult r = bad.checkout(request(no));
        assertEquals(PaymentState.DECLINED, r.state());
        assertTrue(r.detail().startsWith("6201 code -1"), r.detail());
    }

    @Test
    void allInsuranceNoSelfPay() throws Exception {
        String no = MedicalInsurancePaymentClientTest.no();
        MedicalInsuranceCheckoutResult r = checkout.checkout(new MedicalInsuranceCheckoutRequest(new FeeUpload(no, "B1", "AUTH1",
                null, null, true, Money.ofFen(1_000), List.of(new FeeDetail("1", "C1", "挂号费", BigDecimal.ONE,
                Money.ofFen(1_000)))), "挂号", SelfPay.qr("wechat")));
        // 7.00 fund + 3.00 account
        assertEquals(Money.ZERO, r.split().selfPay());
        assertNull(r.selfPay());
        assertTrue(r.complete());
        assertNull(checkout.refund(no, "RF" + no, null).selfPay());
    }
}
