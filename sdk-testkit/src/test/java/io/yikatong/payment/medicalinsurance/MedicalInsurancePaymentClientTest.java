package io.yikatong.payment.medicalinsurance;

import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_ID;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.APP_SECRET;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.CHANNEL;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.ORG_CODE;
import static io.yikatong.payment.medicalinsurance.MedicalInsuranceTestKeys.OTHER;
import static io.yikatong.payment.spi.ChannelFailures.assertChannelThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.yikatong.core.InvalidInputException;
import io.yikatong.core.Money;
import io.yikatong.payment.medicalinsurance.internal.MedicalInsuranceEnvelope;
import io.yikatong.payment.spi.ChannelException;
import io.yikatong.payment.spi.ChannelLinkException;
import io.yikatong.payment.spi.ChannelMalformedResponseException;
import io.yikatong.payment.spi.ChannelRefusedException;
import io.yikatong.payment.spi.ChannelSignatureException;
import io.yikatong.payment.spi.TransportProbe;
import io.yikatong.testkit.payment.medicalinsurance.MedicalInsurancePaymentSimulator;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MedicalInsurancePaymentClient against the simulator for every function and fault. */
class MedicalInsurancePaymentClientTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private MedicalInsurancePaymentSimulator sim;
    private MedicalInsurancePaymentClient client;

    static String no() {
        return "H" + (System.nanoTime() % 1_000_000_000_000L) + "N" + SEQ.incrementAndGet();
    }

    static FeeUpload upload(String no, long... lineFen) {
        List<FeeDetail> lines = new java.util.ArrayList<>();
        long total = 0;
        for (int i = 0; i < lineFen.length; i++) {
            lines.add(new FeeDetail(String.valueOf(i + 1), "XB01AC" + i, "阿莫西林胶囊", BigDecimal.ONE,
                    Money.ofFen(lineFen[i])));
            total += lineFen[i];
        }
        return new FeeUpload(no, "B" + no, "AUTH" + no, "PSN0001", "OTP01", true, Money.ofFen(total), lines);
    }

    static MedicalInsurancePaymentClient.Builder builder(URI base, MedicalInsurancePaymentSimulator sim) {
        return MedicalInsurancePaymentClient.builder().baseUri(base).appId(APP_ID).appSecret(APP_SECRET).orgCode(ORG_CODE)
                .channelPrivateKey(CHANNEL.privateKey()).platformPublicKey(sim.platformPublicKey())
                .clock(Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC))
                .requestTimeout(Duration.ofSeconds(5));
    }

    @BeforeEach
    void start() throws Exception {
        sim = MedicalInsurancePaymentSimulator.start(APP_ID, APP_SECRET, CHANNEL.publicKey());
        client = builder(sim.baseUri(), sim).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void uploadOrderQueryRefundWithExactSplit() throws Exception {
        String no = no();
        FeeUploadResult up = client.uploadFees(upload(no, 10_001, 2_333));   // 123.34 yuan
        assertTrue(up.payOrdId().startsWith("ORD"));
        assertFalse(up.toString().contains(up.payToken()));
        MedicalInsuranceOrder o = client.placeOrder(no, up, "AUTH" + no);
        assertEquals(MedicalInsuranceOrderState.SETTLED, o.state());
        assertEquals(up.payOrdId(), o.payOrdId());
        MedicalInsuranceSplit s = o.split();
        // 70 % of 12334 fen = 8633 (floor), account min(10000, 3701) = 3701, own 0
        assertEquals(new MedicalInsuranceSplit(Money.ofFen(12_334), Money.ofFen(8_633), Money.ofFen(3_701), Money.ZERO), s);
        assertEquals(o, client.query(no, up.payOrdId()));
        assertEquals(o, client.query(no, null));

        MedicalInsuranceRefund r = client.refund(no, up.payOrdId(), "R" + no, Money.ofFen(1_000), "退药");
        assertEquals(Money.ofFen(1_000), r.amount());
        assertEquals("R" + no, r.refundNo());
        // same number again: idempotent, refunded once
        client.refund(no, up.payOrdId(), "R" + no, Money.ofFen(1_000), "退药");
        assertEquals(Money.ofFen(1_000), sim.order(no).orElseThrow().refunded());
        // never above the insurance share
        ChannelRefusedException tooMuch = assertChannelThrows(ChannelRefusedException.class, "medical-insurance", () ->
                client.refund(no, up.payOrdId(), "R2" + no, Money.ofFen(11_335), null));
        assertEquals("6203", tooMuch.operation());
        assertEquals(MedicalInsurancePaymentSimulator.REFUSED_CODE, tooMuch.channelCode());
        client.refund(no, up.payOrdId(), "R3" + no, Money.ofFen(11_334), null);
        assertEquals(MedicalInsuranceOrderState.REFUNDED, client.query(no, null).state());
        // undo after settlement is refused
        assertChannelThrows(ChannelRefusedException.class, "medical-insurance",
                () -> client.undo(no, up.payOrdId(), "B" + no));
        assertEquals(List.of("6201", "6202", "6301", "6301", "6203", "6203", "6203", "6203", "6301", "6401"),
                sim.functionsCalled());
    }

    @Test
    void accountBalanceCapsPersonalAccountAndRestIsSelfPay() throws Exception {
        sim.close();
        sim = MedicalInsurancePaymentSimulator.builder().appId(APP_ID).appSecret(APP_SECRET)
                .channelPublicKey(CHANNEL.publicKey()).fundPercent(50).accountBalance(Money.ofFen(1_000)).start();
        client = builder(sim.baseUri(), sim).build();
        String no = no();
        FeeUploadResult up = client.uploadFees(upload(no, 10_000));
        MedicalInsuranceSplit s = client.placeOrder(no, up, "AUTH" + no).split();
        assertEquals(Money.ofFen(5_000), s.fundPay());
        assertEquals(Money.ofFen(1_000), s.accountPay());
        assertEquals(Money.ofFen(4_000), s.selfPay());
        assertEquals(Money.ofFen(6_000), s.insuranceShare());
    }

    @Test
    void undoBeforeSettlementThenOrderIsRefused() throws Exception {
        String no = no();
        FeeUploadResult up = client.uploadFees(upload(no, 500));
        assertChannelThrows(ChannelRefusedException.class, "medical-insurance",
                () -> client.undo(no, up.payOrdId(), "wrongbatch"));
        client.undo(no, up.payOrdId(), "B" + no);
        assertEquals(MedicalInsuranceOrderState.UNDONE, client.query(no, up.payOrdId()).state());
        assertChannelThrows(ChannelRefusedException.class, "medical-insurance",
                () -> client.placeOrder(no, up, "AUTH" + no));
        assertChannelThrows(ChannelRefusedException.class, "medical-insurance", () ->
                client.refund(no, up.payOrdId(), "R" + no, Money.ofFen(1), null));
    }

    @Test
    void nonTerminalStatusUntilQueriesThenSettled() throws Exception {
        sim.settleAfterQueries(2);
        String no = no();
        FeeUploadResult up = client.uploadFees(upload(no, 900));
        MedicalInsuranceOrder first = client.placeOrder(no, up, "AUTH" + no);
        assertEquals(MedicalInsuranceOrderState.PROCESSING, first.state());
        assertEquals(MedicalInsuranceOrderState.PROCESSING, client.query(no, up.payOrdId()).state());
        MedicalInsuranceOrder settled = client.query(no, up.payOrdId());
        assertEquals(MedicalInsuranceOrderState.SETTLED, settled.state());
        assertEquals("4", settled.ordStas());
    }

    @Test
    void failedSettlementIsTerminalFailed() throws Exception {
        sim.failNextSettlement();
        String no = no();
        FeeUploadResult up = client.uploadFees(upload(no, 900));
        assertEquals(MedicalInsuranceOrderState.FAILED, client.placeOrder(no, up, "AUTH" + no).state());
    }

    @Test
    void droppedAnswerAnd5xxAreLinkFailuresAndTheUploadIsIdempotent() throws Exception {
        String no = no();
        sim.dropNextAnswers(1);
        assertChannelThrows(ChannelLinkException.class, "medical-insurance", () -> client.uploadFees(upload(no, 700)));
        assertTrue(sim.order(no).isPresent(), "the dropped request was processed");
        FeeUploadResult up = client.uploadFees(upload(no, 700));
        assertEquals(sim.order(no).orElseThrow().payOrdId(), up.payOrdId());
        sim.failNext(1, 503);
        assertChannelThrows(ChannelLinkException.class, "medical-insurance",
                () -> client.placeOrder(no, up, "AUTH" + no));
        assertEquals(MedicalInsuranceOrderState.PROCESSING, sim.order(no).orElseThrow().state());
        sim.failNext(1, 404);
        // a 404 is not the platform's answer (it answers 200 to everything): a link failure that says so (since 0.2)
        assertEquals(io.yikatong.payment.spi.ChannelErrorCode.Kind.NOT_GATEWAY, assertChannelThrows(
                ChannelLinkException.class, "medical-insurance", () -> client.query(no, null)).kind());
        assertEquals(MedicalInsuranceOrderState.SETTLED, client.placeOrder(no, up, "AUTH" + no).state());
    }

    @Test
    void tamperedAnswerIsASignatureFailure() throws Exception {
        String no = no();
        sim.tamperNextAnswer();
        ChannelSignatureException e = assertChannelThrows(ChannelSignatureException.class, "medical-insurance", () ->
                client.uploadFees(upload(no, 700)));
        assertTrue(e.getMessage().startsWith("6201"));
    }

    @Test
    void answersSignedByAnotherKeyAreRejected() throws Exception {
        MedicalInsurancePaymentClient wrongPlatformKey = builder(sim.baseUri(), sim).platformPublicKey(OTHER.publicKey())
                .build();
        assertChannelThrows(ChannelSignatureException.class, "medical-insurance",
                () -> wrongPlatformKey.uploadFees(upload(no(), 700)));
    }

    @Test
    void requestsWithAWrongSignatureAreRefusedByTheSimulator() throws Exception {
        MedicalInsurancePaymentClient wrongKey = builder(sim.baseUri(), sim).channelPrivateKey(OTHER.privateKey()).build();
        ChannelRefusedException e = assertChannelThrows(ChannelRefusedException.class, "medical-insurance", () ->
                wrongKey.uploadFees(upload(no(), 700)));
        assertTrue(e.channelMessage().contains("签名"), e.channelMessage());
        MedicalInsurancePaymentClient der = builder(sim.baseUri(), sim).signatureEncoding(SignatureEncoding.DER).build();
        assertChannelThrows(ChannelException.class, "medical-insurance", () -> der.uploadFees(upload(no(), 700)));
        MedicalInsurancePaymentClient wrongSecret = builder(sim.baseUri(), sim).appSecret("AnotherSecret999").build();
        assertChannelThrows(ChannelException.class, "medical-insurance",
                () -> wrongSecret.uploadFees(upload(no(), 700)));
    }

    @Test
    void configurablePathsAndLowerCaseHex() throws Exception {
        sim.close();
        MedicalInsuranceProfile p = MedicalInsuranceProfile.defaults()
                .withFunction(MedicalInsuranceFunction.FEE_UPLOAD, "6201", "/org/local/api/hos/uldFeeInfo")
                .withStatus("9", MedicalInsuranceOrderState.SETTLED);
        sim = MedicalInsurancePaymentSimulator.builder().appId(APP_ID).appSecret(APP_SECRET).profile(p)
                .channelPublicKey(CHANNEL.publicKey()).upperCaseHex(false).start();
        client = builder(sim.baseUri(), sim).profile(p).upperCaseHex(false).build();
        String no = no();
        FeeUploadResult up = client.uploadFees(upload(no, 700));
        assertEquals(MedicalInsuranceOrderState.SETTLED, client.placeOrder(no, up, "AUTH" + no).state());
        // the simulator answers the smallest code that reads SETTLED: "4"
        assertEquals("4", client.query(no, null).ordStas());
        assertEquals(MedicalInsuranceOrderState.PROCESSING, p.state("unmapped"));
    }

    @Test
    void splitThatDoesNotAddUpAndRoundedAmountsAreMalformed() throws Exception {
        Sm2Platform fake = new Sm2Platform();
        try (fake) {
            MedicalInsurancePaymentClient c = MedicalInsurancePaymentClient.builder().baseUri(fake.uri()).appId(APP_ID)
                    .appSecret(APP_SECRET).orgCode(ORG_CODE).channelPrivateKey(CHANNEL.privateKey())
                    .platformPublicKey(OTHER.publicKey()).build();
            String no = "H1234567";
            FeeUploadResult up = new FeeUploadResult("ORD1", "TOK1");
            fake.data.set("{\"ordStas\":\"4\",\"feeSumamt\":\"10.00\",\"fundPay\":\"7.00\",\"psnAcctPay\":\"2.00\","
                    + "\"ownPayAmt\":\"0.99\"}");
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.placeOrder(no, up, "A"));
            fake.data.set("{\"ordStas\":\"4\",\"feeSumamt\":\"10.001\",\"fundPay\":\"7.001\",\"psnAcctPay\":\"3\"}");
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.placeOrder(no, up, "A"));
            fake.data.set("{\"ordStas\":\"4\",\"feeSumamt\":10.0,\"fundPay\":7,\"psnAcctPay\":\"-1.00\","
                    + "\"ownPayAmt\":\"4.00\"}");
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.placeOrder(no, up, "A"));
            fake.data.set("{\"ordStas\":\"4\"}");
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.placeOrder(no, up, "A"));
            fake.data.set("{\"ordStas\":\"4\",\"medOrgOrd\":\"OTHER123\",\"feeSumamt\":\"1.00\",\"fundPay\":\"1\"}");
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.placeOrder(no, up, "A"));
            fake.data.set("{\"payOrdId\":\"X\"}");
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.uploadFees(upload(no, 100)));
            // numbers are read exactly, never through double
            fake.data.set("{\"ordStas\":\"4\",\"feeSumamt\":0.3,\"fundPay\":0.1,\"psnAcctPay\":0.2,"
                    + "\"ownPayAmt\":\"0\"}");
            assertEquals(Money.ofFen(30), c.placeOrder(no, up, "A").split().total());
            fake.data.set(null);
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.placeOrder(no, up, "A"));
            fake.raw.set("not json");
            assertChannelThrows(ChannelMalformedResponseException.class, "medical-insurance",
                    () -> c.placeOrder(no, up, "A"));
        }
    }

    @Test
    void fuzzedSignedAnswersGiveResultsOrTypedRejectionsOnly() throws Exception {
        String[] keys = {"ordStas", "feeSumamt", "fundPay", "psnAcctPay", "ownPayAmt", "payOrdId", "payToken",
            "medOrgOrd", "appRefdSn", "totlRefdAmt"};
        Object[] values = {"4", "0", "1", "10.00", "3.33", "-1.00", "1e400", "92233720368547758.07", "abc", "",
            1, 0.1, 10.005, true, null, List.of(), Map.of("a", 1), "H1234567", Long.MAX_VALUE};
        java.util.Random random = new java.util.Random(6201L);
        Sm2Platform fake = new Sm2Platform();
        int results = 0;
        int rejections = 0;
        try (fake) {
            MedicalInsurancePaymentClient c = MedicalInsurancePaymentClient.builder().baseUri(fake.uri()).appId(APP_ID)
                    .appSecret(APP_SECRET).orgCode(ORG_CODE).channelPrivateKey(CHANNEL.privateKey())
                    .platformPublicKey(OTHER.publicKey()).build();
            FeeUploadResult up = new FeeUploadResult("ORD1", "TOK1");
            for (int i = 0; i < 300; i++) {
                Map<String, Object> d = new java.util.HashMap<>();
                for (String k : keys) {
                    if (random.nextInt(3) > 0) {
                        d.put(k, values[random.nextInt(values.length)]);
                    }
                }
                fake.data.set(MedicalInsuranceEnvelope.json().writeValueAsString(d));
                try {
                    switch (i % 4) {
                        case 0 -> c.placeOrder("H1234567", up, "A");
                        case 1 -> c.query("H1234567", null);
                        case 2 -> c.uploadFees(upload("H1234567", 100));
                        default -> c.refund("H1234567", "ORD1", "R1234567", Money.ofFen(1), null);
                    }
                    results++;
                } catch (ChannelMalformedResponseException e) {
                    assertEquals("medical-insurance", e.channel());
                    rejections++;
                }
            }
        }
        assertTrue(results > 0 && rejections > 0, results + " results, " + rejections + " rejections");
    }

    @Test
    void invalidInputIsRejectedBeforeSending() {
        assertThrows(InvalidInputException.class, () -> upload("short", 100));
        assertThrows(InvalidInputException.class, () -> new FeeUpload(no(), "B", "A", null, null, true,
                Money.ofFen(101), List.of(new FeeDetail("1", "C", "N", BigDecimal.ONE, Money.ofFen(100)))));
        assertThrows(InvalidInputException.class, () -> client.refund(no(), "ORD", "R1", Money.ofFen(1), null));
        assertThrows(InvalidInputException.class, () -> client.refund(no(), "ORD", "R1234567", Money.ZERO, null));
        assertThrows(InvalidInputException.class, () -> builder(sim.baseUri(), sim).appId("SHORTAPPID").build());
        assertFalse(upload(no(), 100).toString().contains("AUTH"));
        assertThrows(InvalidInputException.class, () -> new MedicalInsuranceSplit(Money.ofFen(3), Money.ofFen(1),
                Money.ofFen(1), Money.ofFen(0)));
    }

    /** A platform stub that signs whatever data the test sets, with OTHER's key. */
    private static final class Sm2Platform implements AutoCloseable {
        final AtomicReference<String> data = new AtomicReference<>();
        final AtomicReference<String> raw = new AtomicReference<>();
        final HttpServer server;
        final MedicalInsuranceEnvelope env = new MedicalInsuranceEnvelope(APP_ID, APP_SECRET, OTHER.privateKey(),
                CHANNEL.publicKey(), SignatureEncoding.RAW, true);

        Sm2Platform() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            server.createContext("/", ex -> {
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    String d = data.get();
                    String body = raw.get() != null ? raw.get() : env.seal(d == null ? null
                            : MedicalInsuranceEnvelope.json().readTree(d), 1L, Map.of("code", "0", "message", "成功",
                            "success", true));
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(b);
                    }
                }
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void anInjectedHttpClientCarriesEveryRequestAndTheRequestTimeoutStillApplies() throws Exception {
        try (TransportProbe probe = new TransportProbe()) {
            MedicalInsurancePaymentClient viaProbe = builder(sim.baseUri(), sim).httpClient(probe.client()).build();
            String no = no();
            FeeUploadResult up = viaProbe.uploadFees(upload(no, 1_000));
            assertEquals(MedicalInsuranceOrderState.SETTLED, viaProbe.placeOrder(no, up, "AUTH" + no).state());
            assertEquals(2, probe.requests().stream().distinct().count(), probe.requests()::toString);
            assertTrue(probe.requests().stream().allMatch(u -> u.getPort() == sim.baseUri().getPort()));
            MedicalInsurancePaymentClient silent = builder(probe.silentServer(), sim).httpClient(probe.client())
                    .requestTimeout(Duration.ofMillis(300)).build();
            ChannelLinkException e = assertChannelThrows(ChannelLinkException.class, "medical-insurance",
                    () -> silent.uploadFees(upload(no(), 1_000)));
            assertTrue(e.getMessage().contains("timed out after 300 ms (outcome unknown)"), e.getMessage());
        }
    }
}
