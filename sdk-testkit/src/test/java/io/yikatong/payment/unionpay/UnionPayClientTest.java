package io.yikatong.payment.unionpay;

import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.TransportProbe;
import io.yikatong.payment.unionpay.internal.AcpCertificates;
import io.yikatong.testkit.SettableClock;
import io.yikatong.testkit.payment.unionpay.UnionPaySimulator;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UnionPayClient (signMethod 01) against the simulator: every operation and fault, chain failures. */
class UnionPayClientTest {

    static final String QR_NO = "6225881234567890123";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final SettableClock clock = SettableClock.of(Instant.now());
    private final List<byte[]> notifications = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private URI backUrl;
    private UnionPaySimulator sim;
    private UnionPayClient client;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                notifications.add(in.readAllBytes());
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        backUrl = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify");
        sim = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).clock(clock).start();
        client = clientFor(sim.middleCertificate(), sim.rootCertificate(), UnionPayClient.DEFAULT_SIGNER_CN);
    }

    private UnionPayClient clientFor(java.security.cert.X509Certificate middle,
            java.security.cert.X509Certificate root, String cn) {
        return UnionPayClient.builder().backTransUrl(sim.backTransUrl()).queryTransUrl(sim.queryTransUrl())
                .merId(UnionPayTestKeys.MER_ID).rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(),
                        UnionPayTestKeys.merchant().certificate())
                .trust(middle, root).expectedSignerCn(cn).backUrl(backUrl).clock(clock)
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.stop(0);
    }

    static String no() {
        return "U" + System.nanoTime() % 1_000_000_000L + "x" + SEQ.incrementAndGet();
    }

    private void awaitNotifications(int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (notifications.size() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void applyQrCodeSendsTheOrdersOwnPayTimeoutOfOneMinuteToOneDay() throws Exception {
        Instant t = client.now();
        client.applyQrCode(no(), t, Money.ofFen(100), t.plus(Duration.ofMinutes(30)));
        assertEquals(UnionPayClient.txnTime(t.plus(Duration.ofMinutes(30))),
                sim.requests().get(sim.requests().size() - 1).get("payTimeout"));
        client.applyQrCode(no(), t, Money.ofFen(100));
        assertEquals(UnionPayClient.txnTime(t.plus(client.payTimeout())),
                sim.requests().get(sim.requests().size() - 1).get("payTimeout"), "without one, the client's");
        org.junit.jupiter.api.Assertions.assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> client.applyQrCode(no(), t, Money.ofFen(100), t.plusSeconds(59)));
        org.junit.jupiter.api.Assertions.assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> client.applyQrCode(no(), t, Money.ofFen(100), t.plus(Duration.ofDays(1)).plusSeconds(1)));
    }

    @Test
    void requestCarriesTheDocumentedFieldsAndTheDecimalCertId() throws Exception {
        String no = no();
        Instant t = client.now();
        UnionPayAnswer a = client.barcodeConsume(no, t, Money.ofFen(1230), QR_NO);
        assertEquals("00", a.respCode());
        Map<String, String> req = sim.requests().get(0);
        assertEquals("5.1.0", req.get("version"));
        assertEquals("UTF-8", req.get("encoding"));
        assertEquals("01", req.get("signMethod"));
        assertEquals(UnionPayTestKeys.SERIAL.toString(), req.get("certId"));
        assertEquals("01", req.get("txnType"));
        assertEquals("06", req.get("txnSubType"));
        assertEquals("000000", req.get("bizType"));
        assertEquals("08", req.get("channelType"));
        assertEquals("0", req.get("accessType"));
        assertEquals("1230", req.get("txnAmt"));
        assertEquals("156", req.get("currencyCode"));
        assertEquals(QR_NO, req.get("qrNo"));
        assertEquals(backUrl.toString(), req.get("backUrl"));
        assertEquals(UnionPayClient.txnTime(t), req.get("txnTime"));
        assertEquals(UnionPayClient.txnTime(t.plus(Duration.ofMinutes(5))), req.get("payTimeout"));
        assertEquals(java.time.LocalDateTime.ofInstant(t, java.time.ZoneId.of("Asia/Shanghai"))
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")), req.get("txnTime"));
    }

    @Test
    void consumeQueryRefundAndCancelRules() throws Exception {
        String no = no();
        Instant t = client.now();
        UnionPayAnswer accepted = client.barcodeConsume(no, t, Money.ofFen(1000), QR_NO);
        UnionPayAnswer q = client.query(no, t);
        assertTrue(q.succeeded());
        assertEquals(accepted.queryId(), q.queryId());
        assertEquals(Money.ofFen(1000), q.txnAmt());
        String r1 = no();
        client.refund(r1, client.now(), q.queryId(), Money.ofFen(300));
        assertTrue(client.query(r1, client.now()).succeeded());
        assertEquals(Money.ofFen(300), sim.order(no).orElseThrow().refunded());
        ChannelRefusedException over = assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.refund(no(), client.now(), q.queryId(), Money.ofFen(701)));
        assertEquals("35", over.channelCode());
        assertFalse(over.outcomeUnknown());
        assertEquals(Money.ofFen(300), sim.order(no).orElseThrow().refunded());
        ChannelRefusedException cancelAfterRefund = assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.cancel(no + "C", client.now(), q.queryId(), Money.ofFen(1000)));
        assertEquals("35", cancelAfterRefund.channelCode());
        client.refund(no(), client.now(), q.queryId(), Money.ofFen(700));
        assertEquals(Money.ofFen(1000), sim.order(no).orElseThrow().refunded());
        assertEquals("12", assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.refund(r1, client.now(), q.queryId(), Money.ofFen(1))).channelCode());
    }

    @Test
    void sameDayCancelOnlyOnceAndNotOnAnotherDay() throws Exception {
        String no = no();
        Instant t = client.now();
        String qid = client.barcodeConsume(no, t, Money.ofFen(500), QR_NO).queryId();
        assertEquals("35", assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.cancel(no + "C", client.now(), qid, Money.ofFen(499))).channelCode());
        client.cancel(no + "D", client.now(), qid, Money.ofFen(500));
        assertTrue(sim.order(no).orElseThrow().cancelled());
        assertEquals("12", assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.cancel(no + "E", client.now(), qid, Money.ofFen(500))).channelCode());
        assertEquals("35", assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.refund(no(), client.now(), qid, Money.ofFen(1))).channelCode());
        String other = no();
        String qid2 = client.barcodeConsume(other, client.now(), Money.ofFen(500), QR_NO).queryId();
        clock.advance(Duration.ofDays(1));
        assertEquals("35", assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.cancel(other + "C", client.now(), qid2, Money.ofFen(500))).channelCode());
    }

    @Test
    void qrApplyThenPayerPays() throws Exception {
        String no = no();
        Instant t = client.now();
        UnionPayAnswer a = client.applyQrCode(no, t, Money.ofFen(2000));
        assertTrue(a.qrCode().startsWith("https://qr.95516.com/"));
        assertEquals("07", sim.requests().get(0).get("txnSubType"));
        UnionPayAnswer waiting = client.query(no, t);
        assertFalse(waiting.succeeded());
        assertTrue(waiting.processing());
        sim.payerPays(no);
        assertTrue(client.query(no, t).succeeded());
    }

    @Test
    void queryUnknownOrderOrWrongTxnTimeIs34() {
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.query(no(), client.now()));
        assertTrue(e.notFound());
        assertEquals("00/00/000201", sim.requests().get(0).get("txnType") + "/" + sim.requests().get(0)
                .get("txnSubType") + "/" + sim.requests().get(0).get("bizType"));
        assertFalse(sim.requests().get(0).containsKey("channelType"));
    }

    @Test
    void wrongTxnTimeIsNotFound() throws Exception {
        String no = no();
        Instant t = client.now();
        client.barcodeConsume(no, t, Money.ofFen(1), QR_NO);
        assertTrue(assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.query(no, t.plusSeconds(1))).notFound());
    }

    @Test
    void declinedCodeIsARefusal() {
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.barcodeConsume(no(), client.now(), Money.ofFen(100), UnionPaySimulator.DECLINED_QR_NO));
        assertEquals("64", e.channelCode());
        assertFalse(e.outcomeUnknown());
        assertFalse(e.toString().contains(UnionPaySimulator.DECLINED_QR_NO));
    }

    @Test
    void processingFaultAnswers03ThenQueriesSee03ThenSuccess() throws Exception {
        sim.processing("03", 2);
        String no = no();
        Instant t = client.now();
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> client.barcodeConsume(no, t, Money.ofFen(100), QR_NO));
        assertTrue(e.outcomeUnknown());
        assertTrue(client.query(no, t).processing());
        assertTrue(client.query(no, t).processing());
        assertTrue(client.query(no, t).succeeded());
        assertEquals(3, sim.order(no).orElseThrow().queries());
    }

    @Test
    void droppedAnswerTookEffect() throws Exception {
        sim.dropNextAnswers(1);
        String no = no();
        Instant t = client.now();
        assertChannelThrows(ChannelLinkException.class, "unionpay",
                () -> client.barcodeConsume(no, t, Money.ofFen(100), QR_NO));
        assertTrue(client.query(no, t).succeeded());
    }

    @Test
    void http5xxIsALinkFailureAndNotProcessed() {
        sim.failNext(1, 503);
        String no = no();
        Instant t = client.now();
        assertChannelThrows(ChannelLinkException.class, "unionpay",
                () -> client.barcodeConsume(no, t, Money.ofFen(100), QR_NO));
        assertTrue(sim.order(no).isEmpty());
    }

    @Test
    void tamperedAnswerIsASignatureFailure() {
        sim.tamperNextAnswer();
        assertChannelThrows(ChannelSignatureException.class, "unionpay",
                () -> client.barcodeConsume(no(), client.now(), Money.ofFen(100), QR_NO));
    }

    @Test
    void untrustedRootIsRejected() throws Exception {
        Instant now = Instant.now();
        AcpCertificates.Issued root = AcpCertificates.issue("Other root", AcpCertificates.rsaKeys(), null, true,
                BigInteger.TEN, now.minus(1, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS));
        AcpCertificates.Issued middle = AcpCertificates.issue("Other middle", AcpCertificates.rsaKeys(), root, true,
                BigInteger.TWO, now.minus(1, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS));
        UnionPayClient other = clientFor(middle.certificate(), root.certificate(), UnionPayClient.DEFAULT_SIGNER_CN);
        assertChannelThrows(ChannelSignatureException.class, "unionpay",
                () -> other.barcodeConsume(no(), other.now(), Money.ofFen(100), QR_NO));
        UnionPayClient mixed = clientFor(sim.middleCertificate(), root.certificate(),
                UnionPayClient.DEFAULT_SIGNER_CN);
        assertChannelThrows(ChannelSignatureException.class, "unionpay",
                () -> mixed.barcodeConsume(no(), mixed.now(), Money.ofFen(100), QR_NO));
    }

    @Test
    void wrongCommonNameIsRejected() throws Exception {
        UnionPayClient other = clientFor(sim.middleCertificate(), sim.rootCertificate(), "某某科技有限公司");
        assertChannelThrows(ChannelSignatureException.class, "unionpay",
                () -> other.barcodeConsume(no(), other.now(), Money.ofFen(100), QR_NO));
        try (UnionPaySimulator fake = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                .merchantCertificate(UnionPayTestKeys.merchant().certificate()).signerCommonName("假冒银联")
                .clock(clock).start()) {
            UnionPayClient c = UnionPayClient.builder().backTransUrl(fake.backTransUrl())
                    .queryTransUrl(fake.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                    .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(),
                            UnionPayTestKeys.merchant().certificate())
                    .trust(fake.middleCertificate(), fake.rootCertificate()).backUrl(backUrl).clock(clock).build();
            assertChannelThrows(ChannelSignatureException.class, "unionpay",
                    () -> c.barcodeConsume(no(), c.now(), Money.ofFen(100), QR_NO));
        }
    }

    @Test
    void expiredSignerPerClockIsRejected() throws Exception {
        String no = no();
        Instant t = client.now();
        client.barcodeConsume(no, t, Money.ofFen(100), QR_NO);
        clock.advance(Duration.ofDays(40));
        assertChannelThrows(ChannelSignatureException.class, "unionpay", () -> client.query(no, t));
        clock.set(t.minus(Duration.ofDays(2)));
        assertChannelThrows(ChannelSignatureException.class, "unionpay", () -> client.query(no, t));
    }

    @Test
    void ourWrongSignatureIsRefusedWith11AndCredentialsRejected() throws Exception {
        AcpCertificates.Issued impostor = AcpCertificates.issue("impostor", AcpCertificates.rsaKeys(), null, false,
                UnionPayTestKeys.SERIAL, Instant.now().minus(1, ChronoUnit.DAYS),
                Instant.now().plus(1, ChronoUnit.DAYS));
        UnionPayClient wrong = UnionPayClient.builder().backTransUrl(sim.backTransUrl())
                .queryTransUrl(sim.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                .rsaSigning(impostor.keys().getPrivate(), impostor.certificate())
                .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(backUrl).clock(clock).build();
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "unionpay",
                () -> wrong.barcodeConsume(no(), wrong.now(), Money.ofFen(100), QR_NO));
        assertEquals("11", e.channelCode());
        assertTrue(e.credentialsRejected());
    }

    @Test
    void notificationsAreVerifiedThenDecodedAndDuplicated() throws Exception {
        sim.duplicateNotifications(2);
        String no = no();
        Instant t = client.now();
        client.barcodeConsume(no, t, Money.ofFen(880), QR_NO);
        awaitNotifications(2);
        assertEquals(2, notifications.size());
        for (byte[] body : notifications) {
            UnionPayNotification n = client.parseNotification(body);
            assertEquals(no, n.orderId());
            assertEquals("01", n.txnType());
            assertEquals("00", n.respCode());
            assertEquals(Money.ofFen(880), n.txnAmt());
            assertEquals(UnionPayClient.txnTime(t), n.txnTime());
        }
        byte[] tampered = new String(notifications.get(0), java.nio.charset.StandardCharsets.UTF_8)
                .replace("txnAmt=880", "txnAmt=1").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertChannelThrows(ChannelSignatureException.class, "unionpay", () -> client.parseNotification(tampered));
        assertChannelThrows(ChannelMalformedResponseException.class, "unionpay",
                () -> client.parseNotification(new byte[0]));
        assertChannelThrows(ChannelMalformedResponseException.class, "unionpay",
                () -> client.parseNotification("%zz".getBytes()));
    }

    @Test
    void invalidInputIsRejectedBeforeSending() {
        assertThrows(InvalidInputException.class, () -> client.query("short", client.now()));
        assertThrows(InvalidInputException.class, () -> client.query("a".repeat(41), client.now()));
        assertThrows(InvalidInputException.class, () -> client.query("bad_order_1", client.now()));
        assertThrows(InvalidInputException.class,
                () -> client.barcodeConsume(no(), client.now(), Money.ofFen(0), QR_NO));
        assertThrows(InvalidInputException.class,
                () -> client.barcodeConsume(no(), client.now(), Money.ofFen(1), "a&b"));
        assertTrue(sim.requests().isEmpty());
        assertThrows(InvalidInputException.class, () -> UnionPayClient.builder().merId("1")
                .secureKey(SignMethod.SM3_SECURE_KEY, "").backUrl(backUrl).build());
        assertThrows(InvalidInputException.class, () -> UnionPayClient.builder().merId("1")
                .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(),
                        UnionPayTestKeys.merchant().certificate()).backUrl(backUrl).build());
        assertFalse(client.toString().contains("PRIVATE"));
    }

    @Test
    void secureKeyModesWorkEndToEnd() throws Exception {
        for (SignMethod m : new SignMethod[] {SignMethod.SM3_SECURE_KEY, SignMethod.SHA256_SECURE_KEY}) {
            notifications.clear();
            try (UnionPaySimulator s = UnionPaySimulator.builder().merId(UnionPayTestKeys.MER_ID)
                    .secureKey(m, UnionPayTestKeys.SECURE_KEY).clock(clock).start()) {
                UnionPayClient c = UnionPayClient.builder().backTransUrl(s.backTransUrl())
                        .queryTransUrl(s.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                        .secureKey(m, UnionPayTestKeys.SECURE_KEY).backUrl(backUrl).clock(clock).build();
                String no = no();
                Instant t = c.now();
                c.barcodeConsume(no, t, Money.ofFen(10), QR_NO);
                assertEquals(m.code(), s.requests().get(0).get("signMethod"));
                assertFalse(s.requests().get(0).containsKey("certId"));
                assertTrue(c.query(no, t).succeeded());
                awaitNotifications(1);
                assertEquals(no, c.parseNotification(notifications.get(0)).orderId());
                s.tamperNextAnswer();
                assertChannelThrows(ChannelSignatureException.class, "unionpay", () -> c.query(no, t));
                UnionPayClient wrongKey = UnionPayClient.builder().backTransUrl(s.backTransUrl())
                        .queryTransUrl(s.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                        .secureKey(m, "another key").backUrl(backUrl).clock(clock).build();
                assertEquals("11", assertChannelThrows(ChannelRefusedException.class, "unionpay",
                        () -> wrongKey.query(no, t)).channelCode());
                assertChannelThrows(ChannelSignatureException.class, "unionpay",
                        () -> wrongKey.parseNotification(notifications.get(0)));
                assertInstanceOf(String.class, c.toString());
                assertFalse(c.toString().contains(UnionPayTestKeys.SECURE_KEY));
            }
        }
    }

    @Test
    void anInjectedHttpClientCarriesEveryRequestAndTheRequestTimeoutStillApplies() throws Exception {
        try (TransportProbe probe = new TransportProbe()) {
            UnionPayClient.Builder b = UnionPayClient.builder().backTransUrl(sim.backTransUrl())
                    .queryTransUrl(sim.queryTransUrl()).merId(UnionPayTestKeys.MER_ID)
                    .rsaSigning(UnionPayTestKeys.merchant().keys().getPrivate(),
                            UnionPayTestKeys.merchant().certificate())
                    .trust(sim.middleCertificate(), sim.rootCertificate()).backUrl(backUrl).clock(clock)
                    .httpClient(probe.client()).requestTimeout(Duration.ofSeconds(5));
            UnionPayClient viaProbe = b.build();
            String no = no();
            Instant t = viaProbe.now();
            assertEquals("00", viaProbe.barcodeConsume(no, t, Money.ofFen(1230), QR_NO).respCode());
            assertEquals("00", viaProbe.query(no, t).respCode());
            assertEquals(List.of(sim.backTransUrl(), sim.queryTransUrl()),
                    probe.requests().stream().distinct().toList());
            UnionPayClient silent = b.backTransUrl(probe.silentServer()).requestTimeout(Duration.ofMillis(300)).build();
            ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "unionpay",
                    () -> silent.barcodeConsume(no(), silent.now(), Money.ofFen(1230), QR_NO));
            assertTrue(e.getMessage().contains("timed out after 300 ms (outcome unknown)"), e.getMessage());
        }
    }
}
