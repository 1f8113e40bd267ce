package io.yikatong.testkit.payment.wechat;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yikatong.core.InvalidInputException;
import io.yikatong.core.crypto.Sm2KeyPair;
import io.yikatong.core.crypto.Sm2SignatureFormat;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.TransportProbe;
import io.yikatong.payment.wechat.MerchantSigner;
import io.yikatong.payment.wechat.Refund;
import io.yikatong.payment.wechat.RefundNotification;
import io.yikatong.payment.wechat.TradeBill;
import io.yikatong.payment.wechat.Transaction;
import io.yikatong.payment.wechat.TransactionNotification;
import io.yikatong.payment.wechat.WechatPayNotification;
import io.yikatong.payment.wechat.WechatPayV3Client;
import io.yikatong.testkit.SettableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WechatPaySimulatorTest {

    static final byte[] API_V3_KEY = "0123456789abcdefghijABCDEFGHIJ01".getBytes(StandardCharsets.US_ASCII);
    static final String AUTH_CODE = "134567890123456789";
    static KeyPair merchant;
    static final AtomicInteger SEQ = new AtomicInteger();

    WechatPaySimulator sim;
    NotificationReceiver receiver;
    WechatPayV3Client client;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, new SecureRandom());
        merchant = g.generateKeyPair();
    }

    static String no() {
        return "YKT" + System.nanoTime() % 1_000_000_000L + "_" + SEQ.incrementAndGet();
    }

    @BeforeEach
    void start() throws Exception {
        receiver = new NotificationReceiver();
        sim = WechatPaySimulator.builder().mchid("1900000001").merchantRsaKey("MSERIAL", merchant.getPublic())
                .apiV3Key(API_V3_KEY).notifyUrl(receiver.uri()).start(0);
        client = clientFor(sim, MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate()),
                Duration.ofSeconds(3));
    }

    static WechatPayV3Client clientFor(WechatPaySimulator s, MerchantSigner signer, Duration timeout) {
        return WechatPayV3Client.builder().baseUri(s.baseUri()).appid("wxd678efh567hg6787").signer(signer)
                .verifier(s.platformVerifier()).apiV3Key(API_V3_KEY).requestTimeout(timeout).build();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void codepayPaysAndNotifies() throws Exception {
        String no = no();
        Transaction t = client.codepay(no, 1230, "挂号费", AUTH_CODE);
        assertEquals("SUCCESS", t.tradeState());
        assertTrue(t.paid() && t.isFinal());
        assertEquals(1230, t.totalFen());
        assertEquals(no, t.outTradeNo());
        assertFalse(t.transactionId().isEmpty());
        NotificationReceiver.Received r = receiver.take();
        WechatPayNotification n = client.parseNotification(r.headers(), r.body());
        TransactionNotification tn = assertInstanceOf(TransactionNotification.class, n);
        assertEquals("TRANSACTION.SUCCESS", tn.eventType());
        assertEquals(no, tn.transaction().outTradeNo());
        assertEquals(1230, tn.transaction().totalFen());
        assertEquals("SUCCESS", client.queryByOutTradeNo(no).tradeState());
    }

    @Test
    void aNativeOrderPastItsTimeExpireCannotBePaidAndReportsTheConfiguredState() throws Exception {
        io.yikatong.testkit.SettableClock clock = io.yikatong.testkit.SettableClock.of(java.time.Instant.now());
        try (WechatPaySimulator closing = WechatPaySimulator.builder().mchid("1900000001")
                .merchantRsaKey("MSERIAL", merchant.getPublic()).apiV3Key(API_V3_KEY).notifyUrl(receiver.uri())
                .clock(clock).expiredTradeState("CLOSED").start(0)) {
            WechatPayV3Client c = WechatPayV3Client.builder().baseUri(closing.baseUri()).appid("wxd678efh567hg6787")
                    .signer(MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate()))
                    .verifier(closing.platformVerifier()).apiV3Key(API_V3_KEY).clock(clock).build();
            String no = no();
            java.time.Instant expiry = clock.instant().plusSeconds(600);
            c.nativePrepay(no, 100, "药费", receiver.uri(), expiry);
            assertEquals("NOTPAY", c.queryByOutTradeNo(no).tradeState());
            clock.advance(Duration.ofSeconds(600));
            assertEquals("CLOSED", c.queryByOutTradeNo(no).tradeState());
            assertThrows(io.yikatong.core.InvalidInputException.class, () -> closing.payNative(no));
            ChannelRefusedException past = assertChannelThrows(ChannelRefusedException.class, "wechat",
                    () -> c.nativePrepay(no(), 100, "药费", receiver.uri(), clock.instant().minusSeconds(1)));
            assertEquals("PARAM_ERROR", past.channelCode());
        }
        assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> WechatPaySimulator.builder().expiredTradeState("REVOKED"));
    }

    @Test
    void declinedCodeIsPayErrorNotAnException() throws Exception {
        Transaction t = client.codepay(no(), 100, "药费", "139912345678901234");
        assertEquals("PAYERROR", t.tradeState());
        assertFalse(t.paid());
        assertTrue(t.isFinal());
    }

    @Test
    void duplicateOutTradeNoIsRefusedAndNeverChargesTwice() throws Exception {
        String no = no();
        client.codepay(no, 500, "药费", AUTH_CODE);
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                () -> client.codepay(no, 500, "药费", AUTH_CODE));
        assertEquals(400, e.httpStatus());
        assertEquals("OUT_TRADE_NO_USED", e.channelCode());
        assertTrue(e.channelMessage().contains("重复"));
        assertFalse(e.outcomeUnknown());
        assertEquals(1, sim.orders().stream().filter(o -> o.outTradeNo().equals(no)).count());
    }

    @Test
    void userPayingResolvesAfterQueriesToSuccessOrPayError() throws Exception {
        for (String fin : List.of("SUCCESS", "PAYERROR")) {
            sim.nextCodepayUserPaying(3, fin);
            String no = no();
            Transaction t = client.codepay(no, 800, "检查费", AUTH_CODE);
            assertEquals("USERPAYING", t.errorCode());
            assertEquals("", t.tradeState());
            assertFalse(t.isFinal());
            assertEquals("USERPAYING", client.queryByOutTradeNo(no).tradeState());
            assertEquals("USERPAYING", client.queryByOutTradeNo(no).tradeState());
            assertEquals(fin, client.queryByOutTradeNo(no).tradeState());
            assertEquals(3, sim.order(no).orElseThrow().queries());
        }
    }

    @Test
    void reverseRetriesAfterUserPaying() throws Exception {
        sim.nextCodepayUserPaying(10, "SUCCESS");
        String no = no();
        client.codepay(no, 800, "检查费", AUTH_CODE);
        sim.nextReverseUserPaying();
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                () -> client.reverse(no));
        assertEquals("USERPAYING", e.channelCode());
        assertTrue(e.outcomeUnknown());
        assertFalse(client.reverse(no));
        assertEquals("REVOKED", client.queryByOutTradeNo(no).tradeState());
    }

    @Test
    void reverseOfPaidOrderRefundsIt() throws Exception {
        String no = no();
        client.codepay(no, 300, "挂号费", AUTH_CODE);
        client.reverse(no);
        SimulatedOrder o = sim.order(no).orElseThrow();
        assertEquals("REVOKED", o.tradeState());
        assertEquals(300, o.refundedFen());
    }

    @Test
    void nativeOrderPaidByScanAndClosedWhenUnpaid() throws Exception {
        String paid = no();
        String url = client.nativePrepay(paid, 2000, "住院预交金", receiver.uri());
        assertTrue(url.startsWith("weixin://wxpay/bizpayurl?pr="));
        assertEquals("NOTPAY", client.queryByOutTradeNo(paid).tradeState());
        sim.payNative(paid);
        NotificationReceiver.Received r = receiver.take();
        TransactionNotification n = (TransactionNotification) client.parseNotification(r.headers(), r.body());
        assertEquals(paid, n.transaction().outTradeNo());
        String unpaid = no();
        client.nativePrepay(unpaid, 100, "挂号费", receiver.uri());
        client.close(unpaid);
        assertEquals("CLOSED", client.queryByOutTradeNo(unpaid).tradeState());
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                () -> client.close(paid));
        assertEquals("ORDERPAID", e.channelCode());
    }

    @Test
    void severalPartialRefundsNeverExceedThePaidAmount() throws Exception {
        String no = no();
        client.codepay(no, 1000, "药费", AUTH_CODE);
        receiver.take();
        Refund r1 = client.refund(no, no + "R1", 400, 1000, "退药", null);
        assertEquals("PROCESSING", r1.status());
        assertEquals(400, r1.refundFen());
        RefundNotification rn = (RefundNotification) parse(receiver.take());
        assertEquals("REFUND.SUCCESS", rn.eventType());
        assertEquals(no + "R1", rn.refund().outRefundNo());
        assertTrue(rn.refund().succeeded());
        // a retry with the same refund number is idempotent
        assertEquals(r1.refundId(), client.refund(no, no + "R1", 400, 1000, "退药", null).refundId());
        client.refund(no, no + "R2", 600, 1000, null, null);
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                () -> client.refund(no, no + "R3", 1, 1000, null, null));
        assertEquals("INVALID_REQUEST", e.channelCode());
        assertEquals(1000, sim.order(no).orElseThrow().refundedFen());
        assertEquals("REFUND", client.queryByOutTradeNo(no).tradeState());
        Refund q = client.queryRefund(no + "R2");
        assertEquals("SUCCESS", q.status());
        assertEquals(600, q.refundFen());
        ChannelRefusedException missing = assertChannelThrows(ChannelRefusedException.class, "wechat",
                () -> client.queryRefund("NOSUCHREFUND"));
        assertEquals(404, missing.httpStatus());
        assertEquals("RESOURCE_NOT_EXISTS", missing.channelCode());
        assertThrows(InvalidInputException.class, () -> client.refund(no, no + "R4", 1001, 1000, null, null));
    }

    @Test
    void queryOfUnknownOrderIsOrderNotExists() {
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                () -> client.queryByOutTradeNo("UNKNOWN_ORDER_1"));
        assertEquals(404, e.httpStatus());
        assertEquals("ORDER_NOT_EXISTS", e.channelCode());
        assertFalse(e.outcomeUnknown());
    }

    @Test
    void tradeBillIsCheckedAgainstItsDigest() throws Exception {
        String no = no();
        client.codepay(no, 1234, "药费", AUTH_CODE);
        TradeBill bill = client.tradeBill(LocalDate.of(2024, 6, 1));
        assertEquals("SHA1", bill.hashType());
        assertTrue(bill.text().contains("`" + no + ","), bill.text());
        assertTrue(bill.text().contains("`12.34"));
        sim.corruptNextBill();
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> client.tradeBill(LocalDate.of(2024, 6, 1)));
    }

    @Test
    void slowAnswerIsALinkFailureAndThePaymentIsFoundByQuery() throws Exception {
        WechatPayV3Client impatient = clientFor(sim, MerchantSigner.rsa("1900000001", "MSERIAL",
                merchant.getPrivate()), Duration.ofMillis(300));
        sim.delayNextResponses(1, Duration.ofMillis(1500));
        String no = no();
        ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "wechat",
                () -> impatient.codepay(no, 500, "药费", AUTH_CODE));
        assertTrue(e.getMessage().contains("outcome unknown"));
        assertEquals("SUCCESS", client.queryByOutTradeNo(no).tradeState());
    }

    @Test
    void droppedAnswerIsALinkFailureAndThePaymentIsFoundByQuery() throws Exception {
        sim.dropNextResponses(1);
        String no = no();
        assertChannelThrows(ChannelLinkException.class, "wechat", () -> client.codepay(no, 500, "药费", AUTH_CODE));
        assertEquals("SUCCESS", client.queryByOutTradeNo(no).tradeState());
    }

    @Test
    void serverErrorIsUnknownNotDeclined() throws Exception {
        sim.failNextResponses(1, 500);
        String no = no();
        Transaction t = client.codepay(no, 500, "药费", AUTH_CODE);
        assertEquals("SYSTEM_ERROR", t.errorCode());
        assertFalse(t.isFinal());
        assertFalse(t.paid());
        sim.failNextResponses(1, 503);
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                () -> client.queryByOutTradeNo(no));
        assertEquals(503, e.httpStatus());
        assertTrue(e.outcomeUnknown());
        // the 5xx was answered before processing: the order was never created
        assertTrue(sim.order(no).isEmpty());
    }

    @Test
    void gatewayRejectsWrongKeyWrongSerialAndStaleTimestamp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        WechatPayV3Client wrongKey = clientFor(sim, MerchantSigner.rsa("1900000001", "MSERIAL",
                g.generateKeyPair().getPrivate()), Duration.ofSeconds(3));
        WechatPayV3Client wrongSerial = clientFor(sim, MerchantSigner.rsa("1900000001", "OTHER",
                merchant.getPrivate()), Duration.ofSeconds(3));
        WechatPayV3Client wrongMchid = clientFor(sim, MerchantSigner.rsa("1900000002", "MSERIAL",
                merchant.getPrivate()), Duration.ofSeconds(3));
        SettableClock stale = SettableClock.of(Instant.now().minus(Duration.ofMinutes(6)));
        WechatPayV3Client staleClient = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wx1")
                .signer(MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate()))
                .verifier(sim.platformVerifier()).apiV3Key(API_V3_KEY).clock(stale).build();
        for (WechatPayV3Client c : List.of(wrongKey, wrongSerial, wrongMchid)) {
            ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                    () -> c.queryByOutTradeNo("ANY_ORDER_1"));
            assertEquals(401, e.httpStatus());
            assertEquals("SIGN_ERROR", e.channelCode());
        }
        // the gateway refuses the stale request; its signed answer is then 6 minutes off the stale client's clock
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> staleClient.queryByOutTradeNo("ANY_ORDER_1"));
        assertEquals(4, sim.signErrors());
    }

    @Test
    void answerSignedByAnotherPlatformKeyIsRejected() throws Exception {
        try (WechatPaySimulator other = WechatPaySimulator.builder().merchantRsaKey("MSERIAL", merchant.getPublic())
                .apiV3Key(API_V3_KEY).start(0)) {
            WechatPayV3Client confused = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wx1")
                    .signer(MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate()))
                    .verifier(other.platformVerifier()).apiV3Key(API_V3_KEY).build();
            assertChannelThrows(ChannelSignatureException.class, "wechat",
                    () -> confused.codepay(no(), 1, "x", AUTH_CODE));
        }
    }

    @Test
    void clientRejectsAnswersOutsideTheSkewWindow() throws Exception {
        SettableClock ahead = SettableClock.of(Instant.now().plus(Duration.ofMinutes(4)));
        WechatPayV3Client c = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wx1")
                .signer(MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate()))
                .verifier(sim.platformVerifier()).apiV3Key(API_V3_KEY).clock(ahead).build();
        // the request is fresh enough for the gateway (4 min) but its answer is checked against the same clock
        c.nativePrepay(no(), 1, "x", receiver.uri());
        ahead.advance(Duration.ofMinutes(2));
        int before = sim.signErrors();
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> c.nativePrepay(no(), 1, "x", receiver.uri()));
        assertEquals(before + 1, sim.signErrors());
    }

    @Test
    void duplicateLateAndOutOfOrderNotificationsAllVerify() throws Exception {
        sim.duplicateNotifications(2);
        String no = no();
        client.codepay(no, 100, "x", AUTH_CODE);
        WechatPayNotification a = parse(receiver.take());
        WechatPayNotification b = parse(receiver.take());
        assertEquals(a.id(), b.id());
        sim.duplicateNotifications(1);

        sim.delayNotifications(Duration.ofMillis(700));
        String late = no();
        client.codepay(late, 100, "x", AUTH_CODE);
        assertNull(receiver.poll(200));
        assertEquals(late, ((TransactionNotification) parse(receiver.take())).transaction().outTradeNo());
        sim.delayNotifications(Duration.ZERO);

        sim.holdNotifications();
        String first = no();
        String second = no();
        client.codepay(first, 100, "x", AUTH_CODE);
        client.codepay(second, 100, "x", AUTH_CODE);
        sim.releaseHeldNotifications(true);
        assertEquals(second, ((TransactionNotification) parse(receiver.take())).transaction().outTradeNo());
        assertEquals(first, ((TransactionNotification) parse(receiver.take())).transaction().outTradeNo());
    }

    @Test
    void badNotificationSignatureIsRejectedBeforeDecryption() throws Exception {
        sim.badNextNotificationSignature();
        client.codepay(no(), 100, "x", AUTH_CODE);
        NotificationReceiver.Received r = receiver.take();
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> client.parseNotification(r.headers(), r.body()));
    }

    @Test
    void wrongApiV3KeyFailsDecryptionAsVerificationFailure() throws Exception {
        client.codepay(no(), 100, "x", AUTH_CODE);
        NotificationReceiver.Received r = receiver.take();
        byte[] wrong = API_V3_KEY.clone();
        wrong[0] ^= 1;
        WechatPayV3Client c = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wx1")
                .signer(MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate()))
                .verifier(sim.platformVerifier()).apiV3Key(wrong).build();
        assertChannelThrows(ChannelSignatureException.class, "wechat",
                () -> c.parseNotification(r.headers(), r.body()));
    }

    @Test
    void certificateModeWorksEndToEnd() throws Exception {
        try (WechatPaySimulator certSim = WechatPaySimulator.builder().merchantRsaKey("MSERIAL", merchant.getPublic())
                .apiV3Key(API_V3_KEY).certificateMode(true).notifyUrl(receiver.uri()).start(0)) {
            assertTrue(certSim.platformCertificate().isPresent());
            assertEquals(certSim.platformCertificate().get().getSerialNumber().toString(16).toUpperCase(),
                    certSim.platformSerial());
            WechatPayV3Client c = clientFor(certSim, MerchantSigner.rsa("1900000001", "MSERIAL",
                    merchant.getPrivate()), Duration.ofSeconds(3));
            String no = no();
            assertEquals("SUCCESS", c.codepay(no, 100, "x", AUTH_CODE).tradeState());
            assertEquals(no, ((TransactionNotification) parse(c, receiver.take())).transaction().outTradeNo());
        }
    }

    @Test
    void sm2SchemeWorksEndToEndWithSm4Notifications() throws Exception {
        for (Sm2SignatureFormat format : Sm2SignatureFormat.values()) {
            Sm2KeyPair pair = Sm2KeyPair.generate(new SecureRandom());
            try (WechatPaySimulator smSim = WechatPaySimulator.builder()
                    .merchantSm2Key("SM2SERIAL", pair.publicKey(), format).apiV3Key(API_V3_KEY)
                    .notifyUrl(receiver.uri()).start(0)) {
                WechatPayV3Client c = clientFor(smSim, MerchantSigner.sm2("1900000001", "SM2SERIAL",
                        pair.privateKey(), format), Duration.ofSeconds(3));
                String no = no();
                assertEquals("SUCCESS", c.codepay(no, 100, "x", AUTH_CODE).tradeState());
                NotificationReceiver.Received r = receiver.take();
                assertEquals("WECHATPAY2-SM2-WITH-SM3", r.headers().get("Wechatpay-Signature-Type"));
                assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("AEAD_SM4_GCM"));
                assertEquals(no, ((TransactionNotification) c.parseNotification(r.headers(), r.body()))
                        .transaction().outTradeNo());
                c.refund(no, no + "R", 100, 100, null, null);
                assertEquals("SUCCESS", c.queryRefund(no + "R").status());
                parse(c, receiver.take());
                // an RSA client cannot talk to an SM2 gateway
                ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "wechat",
                        () -> clientFor(smSim,
                        MerchantSigner.rsa("1900000001", "SM2SERIAL", merchant.getPrivate()), Duration.ofSeconds(3))
                        .queryByOutTradeNo(no));
                assertEquals("SIGN_ERROR", e.channelCode());
            }
        }
    }

    @Test
    void concurrentPaymentsAndRefundsKeepTheLedgerConsistent() throws Exception {
        int threads = 6;
        Set<String> paid = java.util.Collections.synchronizedSet(new HashSet<>());
        List<Thread> workers = new java.util.ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int k = 0; k < 5; k++) {
                        String no = no();
                        if (client.codepay(no, 300, "x", AUTH_CODE).paid()) {
                            paid.add(no);
                            for (int j = 0; j < 4; j++) {
                                try {
                                    client.refund(no, no + "R" + j, 100, 300, null, null);
                                } catch (ChannelRefusedException e) {
                                    assertEquals("wechat", e.channel());
                                    assertEquals("INVALID_REQUEST", e.channelCode());
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(threads * 5, paid.size());
        for (String no : paid) {
            SimulatedOrder o = sim.order(no).orElseThrow();
            assertEquals(300, o.refundedFen());
            assertEquals("REFUND", o.tradeState());
        }
    }

    /** The control endpoint pays an unpaid Native order as a patient would, and refuses anything else. */
    @Test
    void controlEndpointPaysNativeOrdersOnly() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> pay = no -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(sim.baseUri().resolve(
                        "/simulator/pay?out_trade_no=" + no)).POST(java.net.http.HttpRequest.BodyPublishers
                        .noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        String q = no();
        client.nativePrepay(q, 700, "检查费", receiver.uri());
        java.net.http.HttpResponse<String> ok = pay.apply(q);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"trade_state\":\"SUCCESS\""), ok.body());
        assertEquals("SUCCESS", client.queryByOutTradeNo(q).tradeState());
        TransactionNotification n = assertInstanceOf(TransactionNotification.class, parse(receiver.take()));
        assertEquals(q, n.transaction().outTradeNo());
        assertTrue(n.transaction().successTime().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00"),
                n.transaction().successTime());
        assertEquals(409, pay.apply(q).statusCode(), "already paid");
        assertEquals(404, pay.apply("NOSUCHORDER1").statusCode());
        String barcode = no();
        client.codepay(barcode, 100, "药费", AUTH_CODE);
        assertEquals(409, pay.apply(barcode).statusCode(), "not a Native order");
        assertEquals(2, sim.requests().stream().filter(r -> r.url().startsWith("/v3/pay/transactions/")
                && r.method().equals("POST")).count(), "control calls are not gateway requests");
    }

    WechatPayNotification parse(NotificationReceiver.Received r) throws Exception {
        return client.parseNotification(r.headers(), r.body());
    }

    static WechatPayNotification parse(WechatPayV3Client c, NotificationReceiver.Received r) throws Exception {
        return c.parseNotification(r.headers(), r.body());
    }

    @Test
    void anInjectedHttpClientCarriesEveryRequestAndTheRequestTimeoutStillApplies() throws Exception {
        MerchantSigner signer = MerchantSigner.rsa("1900000001", "MSERIAL", merchant.getPrivate());
        try (TransportProbe probe = new TransportProbe()) {
            WechatPayV3Client viaProbe = WechatPayV3Client.builder().baseUri(sim.baseUri()).appid("wxd678efh567hg6787")
                    .signer(signer).verifier(sim.platformVerifier()).apiV3Key(API_V3_KEY).httpClient(probe.client())
                    .requestTimeout(Duration.ofSeconds(3)).build();
            String no = no();
            assertEquals("SUCCESS", viaProbe.codepay(no, 100, "挂号费", AUTH_CODE).tradeState());
            assertEquals("SUCCESS", viaProbe.queryByOutTradeNo(no).tradeState());
            assertEquals(List.of("/v3/pay/transactions/codepay", "/v3/pay/transactions/out-trade-no/" + no),
                    probe.requests().stream().map(URI::getPath).distinct().toList());
            WechatPayV3Client silent = WechatPayV3Client.builder().baseUri(probe.silentServer())
                    .appid("wxd678efh567hg6787").signer(signer).verifier(sim.platformVerifier()).apiV3Key(API_V3_KEY)
                    .httpClient(probe.client()).requestTimeout(Duration.ofMillis(300)).build();
            ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "wechat",
                    () -> silent.queryByOutTradeNo(no));
            assertTrue(e.getMessage().contains("timed out after 300 ms (outcome unknown)"), e.getMessage());
        }
    }
}
