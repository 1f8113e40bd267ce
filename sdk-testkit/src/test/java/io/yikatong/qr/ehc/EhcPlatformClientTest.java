package io.yikatong.qr.ehc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yikatong.core.ErrorCategory;
import io.yikatong.core.domain.Gender;
import io.yikatong.core.domain.IdDocumentType;
import io.yikatong.core.domain.Nation;
import io.yikatong.testkit.SettableClock;
import io.yikatong.qr.ehc.internal.EhcSigner;
import io.yikatong.testkit.qr.ehc.EhcPlatformSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EhcPlatformClientTest {

    private static final String SECRET = "app-secret-0123456789";
    private static final String ID_NUMBER = "11010519491231002X";

    private final SettableClock clock = SettableClock.of(Instant.parse("2024-03-01T02:00:00Z"));
    private EhcPlatformSimulator sim;
    private EhcPlatformClient client;

    @BeforeEach
    void start() throws Exception {
        sim = EhcPlatformSimulator.builder().appId("app-1").appSecret(SECRET).clock(clock).seed(42)
                .dynamicCodeValidity(Duration.ofMinutes(5)).build().start(0);
        client = client(SECRET, sim.baseUri()).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private EhcPlatformClient.Builder client(String secret, URI base) {
        return EhcPlatformClient.builder().baseUri(base).appId("app-1").appSecret(secret).hospitalId("H001")
                .channel(PlatformChannel.SCAN_TERMINAL).clock(clock).requestTimeout(Duration.ofSeconds(5))
                .retryBackoff(Duration.ofMillis(1));
    }

    private static HealthCardRegistration zhang(String idNumber) {
        return new HealthCardRegistration("张三", Gender.FEMALE, Nation.HAN, LocalDate.of(1949, 12, 31),
                IdDocumentType.RESIDENT_ID_CARD, idNumber, "北京市朝阳区", "13800138000",
                java.util.Optional.of("PAT-7"), java.util.Optional.empty());
    }

    @Test
    void registerThenLookUpByStaticCode() throws Exception {
        RegisteredHealthCard reg = client.registerHealthCard(zhang(ID_NUMBER));
        assertTrue(reg.qrCodeText().matches("[0-9A-F]{64}:1"), "static shape");
        assertEquals(1, sim.cardCount());
        HealthCard card = client.getHealthCardByQRCode(reg.qrCodeText());
        assertEquals(reg.healthCardId(), card.healthCardId());
        assertEquals("张三", card.name());
        assertEquals(Gender.FEMALE, card.gender());
        assertEquals(Nation.HAN, card.nation().orElseThrow());
        assertEquals(LocalDate.of(1949, 12, 31), card.birthday().orElseThrow());
        assertEquals(IdDocumentType.RESIDENT_ID_CARD, card.idType());
        assertEquals(ID_NUMBER, card.idNumber());
        assertEquals("13800138000", card.phone());
        assertEquals("PAT-7", card.patid());
        assertEquals(reg.phid(), card.phid());
        assertFalse(card.toString().contains(ID_NUMBER));
        assertFalse(card.toString().contains("张三"));
        assertFalse(card.toString().contains("13800138000"));
    }

    @Test
    void registeringTheSameDocumentTwiceIsRefused() throws Exception {
        client.registerHealthCard(zhang(ID_NUMBER));
        EhcPlatformException e = assertThrows(EhcPlatformException.class,
                () -> client.registerHealthCard(zhang(ID_NUMBER)));
        assertEquals(EhcResultCode.CARD_ALREADY_REGISTERED, e.knownResult().orElseThrow());
        assertEquals(ErrorCategory.REFUSED, e.category());
        assertEquals(1, sim.cardCount());
    }

    @Test
    void dynamicCodeVerifiesThenExpires() throws Exception {
        RegisteredHealthCard reg = sim.preload(zhang(ID_NUMBER));
        sim.setColor(reg.healthCardId(), QrColor.YELLOW);
        DynamicQrCode code = client.getDynamicQRCode(reg.healthCardId(), IdDocumentType.RESIDENT_ID_CARD, ID_NUMBER,
                QrCodeType.DYNAMIC);
        assertTrue(code.qrCodeText().matches("[0-9A-F]{64}:0:[0-9A-F]{32}"), "dynamic shape");
        assertEquals(99, code.qrCodeText().length());
        assertEquals(reg.qrCodeText().substring(0, 64), code.qrCodeText().substring(0, 64));
        assertEquals(QrColor.YELLOW, code.color().orElseThrow());
        byte[] png = code.png().orElseThrow().toByteArray();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);

        QrVerification v = new QrVerification(code.qrCodeText(), "H001-0001", UseScene.SAME_DAY_REGISTRATION,
                CardChannel.STAFFED_COUNTER);
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertEquals(reg.healthCardId(), client.verifyQRCode(v).healthCardId());
        assertEquals(reg.healthCardId(), client.getHealthCardByQRCode(code.qrCodeText()).healthCardId());

        clock.advance(Duration.ofSeconds(1));
        EhcPlatformException e = assertThrows(EhcPlatformException.class, () -> client.verifyQRCode(v));
        assertEquals(3004, e.resultCode());
        assertEquals("有效时间已过期", e.errMsg());
        assertEquals(EhcResultCode.DYNAMIC_CODE_EXPIRED, e.knownResult().orElseThrow());
        assertEquals(3004, assertThrows(EhcPlatformException.class,
                () -> client.getHealthCardByQRCode(code.qrCodeText())).resultCode());
    }

    @Test
    void reApplyingWhileValidIsRefusedThenAllowedAfterExpiry() throws Exception {
        RegisteredHealthCard reg = sim.preload(zhang(ID_NUMBER));
        DynamicQrCode first = client.getDynamicQRCode(reg.healthCardId(), IdDocumentType.RESIDENT_ID_CARD,
                ID_NUMBER, QrCodeType.DYNAMIC);
        clock.advance(Duration.ofMinutes(2));
        EhcPlatformException e = assertThrows(EhcPlatformException.class, () -> client.getDynamicQRCode(
                reg.healthCardId(), IdDocumentType.RESIDENT_ID_CARD, ID_NUMBER, QrCodeType.DYNAMIC));
        assertEquals(EhcResultCode.DYNAMIC_CODE_STILL_VALID, e.knownResult().orElseThrow());
        assertEquals(2006, e.resultCode());
        // a static code is always available
        DynamicQrCode stat = client.getDynamicQRCode(reg.healthCardId(), IdDocumentType.RESIDENT_ID_CARD, ID_NUMBER,
                QrCodeType.STATIC);
        assertEquals(reg.qrCodeText(), stat.qrCodeText());
        clock.advance(Duration.ofMinutes(3));
        DynamicQrCode second = client.getDynamicQRCode(reg.healthCardId(), IdDocumentType.RESIDENT_ID_CARD,
                ID_NUMBER, QrCodeType.DYNAMIC);
        assertNotEquals(first.qrCodeText(), second.qrCodeText());
        assertEquals(reg.healthCardId(), client.getHealthCardByQRCode(second.qrCodeText()).healthCardId());
    }

    @Test
    void forgedAndForeignCodesAreRefused() throws Exception {
        RegisteredHealthCard a = sim.preload(zhang(ID_NUMBER));
        RegisteredHealthCard b = sim.preload(zhang(idNumber(37)));
        DynamicQrCode code = client.getDynamicQRCode(a.healthCardId(), IdDocumentType.RESIDENT_ID_CARD, ID_NUMBER,
                QrCodeType.DYNAMIC);
        String suffix = code.qrCodeText().substring(67);
        // a's suffix on b's token
        assertEquals(3001, verifyCode(b.qrCodeText().substring(0, 64) + ":0:" + suffix));
        // one flipped hex digit in the suffix
        char c = suffix.charAt(5);
        String flipped = suffix.substring(0, 5) + (c == 'A' ? 'B' : 'A') + suffix.substring(6);
        assertEquals(3001, verifyCode(a.qrCodeText().substring(0, 64) + ":0:" + flipped));
        // unknown token
        assertEquals(EhcResultCode.CARD_NOT_FOUND.code(), verifyCode("0".repeat(64) + ":1"));
        // wrong shapes
        assertEquals(3001, verifyCode(a.qrCodeText().toLowerCase()));
        assertEquals(3001, verifyCode(a.qrCodeText().substring(0, 64) + ":1:" + suffix));
        assertEquals(3001, verifyCode(a.qrCodeText().substring(0, 64) + ":0"));
    }

    private int verifyCode(String text) {
        return assertThrows(EhcPlatformException.class, () -> client.verifyQRCode(new QrVerification(text, "T1",
                UseScene.APPOINTMENT_REGISTRATION, CardChannel.SELF_SERVICE_KIOSK))).resultCode();
    }

    @Test
    void reportIsRecorded() throws Exception {
        RegisteredHealthCard reg = sim.preload(zhang(ID_NUMBER));
        LocalDateTime at = LocalDateTime.of(2024, 3, 1, 10, 15, 30);
        CardUseReport report = new CardUseReport(reg.qrCodeText(), ID_NUMBER, "张三", at, UseScene.GUIDED_TRIAGE,
                CardChannel.WECHAT_MINI_PROGRAM, "0300", "11");
        client.reportHISData(report);
        assertEquals(List.of(report), sim.reportedUses());
        assertFalse(report.toString().contains(ID_NUMBER));
    }

    @Test
    void unknownCardForDynamicCodeIsRefused() {
        EhcPlatformException e = assertThrows(EhcPlatformException.class, () -> client.getDynamicQRCode("NOPE",
                IdDocumentType.RESIDENT_ID_CARD, ID_NUMBER, QrCodeType.DYNAMIC));
        assertEquals(EhcResultCode.CARD_NOT_FOUND, e.knownResult().orElseThrow());
    }

    @Test
    void wrongSecretIsRefusedAsSignatureMismatchAndNeverShown() {
        EhcPlatformClient bad = client("wrong-secret-xyz", sim.baseUri()).build();
        EhcPlatformException e = assertThrows(EhcPlatformException.class,
                () -> bad.getHealthCardByQRCode("0".repeat(64) + ":1"));
        assertEquals(EhcResultCode.INVALID_SIGNATURE, e.knownResult().orElseThrow());
        assertEquals("getAppToken", e.operation());
        assertFalse(e.getMessage().contains("wrong-secret-xyz"));
        assertFalse(bad.toString().contains("wrong-secret-xyz"));
        assertFalse(client.toString().contains(SECRET));
    }

    @Test
    void tamperedRequestIsRefusedBySignature() throws Exception {
        String token = client.appToken();
        ObjectNode commonIn = EhcResponses.JSON.createObjectNode().put("requestId", "r").put("hospitalId", "H001")
                .put("channelNum", 4).put("timestamp", "1").put("appToken", token);
        ObjectNode req = EhcResponses.JSON.createObjectNode().put("qrCodeText", "0".repeat(64) + ":1");
        commonIn.put("sign", EhcSigner.sign(commonIn, req, SECRET));
        assertEquals(EhcResultCode.CARD_NOT_FOUND.code(), rawCall(commonIn, req));
        req.put("qrCodeText", "1".repeat(64) + ":1");
        assertEquals(EhcResultCode.INVALID_SIGNATURE.code(), rawCall(commonIn, req));
        commonIn.remove("sign");
        assertEquals(EhcResultCode.INVALID_SIGNATURE.code(), rawCall(commonIn, req));
    }

    private int rawCall(ObjectNode commonIn, ObjectNode req) throws Exception {
        ObjectNode root = EhcResponses.JSON.createObjectNode();
        root.set("commonIn", commonIn);
        root.set("req", req);
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUri()
                + "/rest/auth/HealthCard/HealthOpenPlatform/ISVOpenObj/getHealthCardByQRCode"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(EhcResponses.JSON.writeValueAsBytes(root))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        JsonNode out = EhcResponses.JSON.readTree(r.body());
        return out.path("commonOut").path("resultCode").intValue();
    }

    @Test
    void tokenIsCachedAndRefreshedBeforeExpiry() throws Exception {
        String t1 = client.appToken();
        client.getDynamicQRCode(sim.preload(zhang(ID_NUMBER)).healthCardId(), IdDocumentType.RESIDENT_ID_CARD,
                ID_NUMBER, QrCodeType.STATIC);
        assertEquals(t1, client.appToken());
        assertEquals(1, sim.requestCount("getAppToken"));
        clock.advance(Duration.ofMinutes(107)); // < 90% of 2 h
        assertEquals(t1, client.appToken());
        assertEquals(1, sim.requestCount("getAppToken"));
        clock.advance(Duration.ofMinutes(1)); // 108 min = 90%
        String t2 = client.appToken();
        assertNotEquals(t1, t2);
        assertEquals(2, sim.requestCount("getAppToken"));
    }

    @Test
    void rejectedTokenIsRefreshedAndTheCallRepeatedOnce() throws Exception {
        RegisteredHealthCard reg = sim.preload(zhang(ID_NUMBER));
        client.getHealthCardByQRCode(reg.qrCodeText());
        sim.revokeAppTokens();
        assertEquals(reg.healthCardId(), client.getHealthCardByQRCode(reg.qrCodeText()).healthCardId());
        assertEquals(2, sim.requestCount("getAppToken"));
        assertEquals(3, sim.requestCount("getHealthCardByQRCode"));
        // a non-idempotent call is also repeated after a token refusal, because the refused call was not carried out
        sim.revokeAppTokens();
        client.reportHISData(new CardUseReport(reg.qrCodeText(), ID_NUMBER, "张三", LocalDateTime.now(clock),
                UseScene.SAME_DAY_REGISTRATION, CardChannel.STAFFED_COUNTER, "0300", "11"));
        assertEquals(1, sim.reportedUses().size());
        assertEquals(2, sim.requestCount("reportHISData"));
    }

    @Test
    void serverThatNeverAnswersIsALinkFailureWithinTheTimeout() throws Exception {
        try (StubServer stub = new StubServer((op, n) -> op.equals("getAppToken")
                ? StubServer.Reply.ok(StubServer.TOKEN_OK) : StubServer.Reply.hanging())) {
            EhcPlatformClient c = client(SECRET, stub.baseUri()).requestTimeout(Duration.ofMillis(300))
                    .maxAttempts(2).build();
            long t0 = System.nanoTime();
            EhcLinkException e = assertThrows(EhcLinkException.class,
                    () -> c.getHealthCardByQRCode("0".repeat(64) + ":1"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 600 && ms < 5000, "took " + ms + " ms");
            assertEquals(ErrorCategory.LINK_FAILED, e.category());
            assertEquals(2, e.attempts());
            assertEquals(0, e.httpStatus());
            assertEquals(2, stub.count("getHealthCardByQRCode"));
            // never repeated: verify
            assertThrows(EhcLinkException.class, () -> c.verifyQRCode(new QrVerification("0".repeat(64) + ":1", "T",
                    UseScene.SAME_DAY_REGISTRATION, CardChannel.STAFFED_COUNTER)));
            assertEquals(1, stub.count("verifyQRCode"));
        }
    }

    @Test
    void retriesOnlyRepeatableCalls() throws Exception {
        try (StubServer stub = new StubServer((op, n) -> op.equals("getAppToken")
                ? StubServer.Reply.ok(StubServer.TOKEN_OK) : StubServer.Reply.status(503))) {
            EhcPlatformClient c = client(SECRET, stub.baseUri()).maxAttempts(3).build();
            EhcLinkException e = assertThrows(EhcLinkException.class,
                    () -> c.getHealthCardByQRCode("0".repeat(64) + ":1"));
            assertEquals(503, e.httpStatus());
            assertEquals(3, stub.count("getHealthCardByQRCode"));
            assertThrows(EhcLinkException.class, () -> c.getDynamicQRCode("X", IdDocumentType.RESIDENT_ID_CARD,
                    ID_NUMBER, QrCodeType.STATIC));
            assertEquals(3, stub.count("getDynamicQRCode"));
            assertThrows(EhcLinkException.class, () -> c.getDynamicQRCode("X", IdDocumentType.RESIDENT_ID_CARD,
                    ID_NUMBER, QrCodeType.DYNAMIC));
            assertEquals(4, stub.count("getDynamicQRCode"));
            assertThrows(EhcLinkException.class, () -> c.registerHealthCard(zhang(ID_NUMBER)));
            assertEquals(1, stub.count("registerHealthCard"));
            assertThrows(EhcLinkException.class, () -> c.reportHISData(new CardUseReport("A:1", ID_NUMBER, "张三",
                    LocalDateTime.now(clock), UseScene.SAME_DAY_REGISTRATION, CardChannel.STAFFED_COUNTER, "0300",
                    "11")));
            assertEquals(1, stub.count("reportHISData"));
            assertThrows(EhcLinkException.class, () -> c.verifyQRCode(new QrVerification("A:1", "T",
                    UseScene.SAME_DAY_REGISTRATION, CardChannel.STAFFED_COUNTER)));
            assertEquals(1, stub.count("verifyQRCode"));
            assertEquals(1, stub.count("getAppToken"));
        }
    }

    @Test
    void transientFailureIsRecoveredByRetry() throws Exception {
        String card = "{\"commonOut\":{\"resultCode\":0},\"rsp\":{\"card\":{\"healthCardId\":\"C1\",\"name\":\"李四\","
                + "\"gender\":\"男\",\"idType\":\"01\",\"idNumber\":\"110105194912310037\"}}}";
        try (StubServer stub = new StubServer((op, n) -> op.equals("getAppToken")
                ? StubServer.Reply.ok(StubServer.TOKEN_OK)
                : n <= 2 ? StubServer.Reply.status(502) : StubServer.Reply.ok(card))) {
            HealthCard c = client(SECRET, stub.baseUri()).build().getHealthCardByQRCode("Q:1");
            assertEquals("C1", c.healthCardId());
            assertEquals("Q:1", c.qrCodeText());
            assertTrue(c.nation().isEmpty());
            assertEquals(3, stub.count("getHealthCardByQRCode"));
        }
    }

    @Test
    void http4xxIsALinkFailureWithoutRetry() throws Exception {
        try (StubServer stub = new StubServer((op, n) -> op.equals("getAppToken")
                ? StubServer.Reply.ok(StubServer.TOKEN_OK) : StubServer.Reply.status(404))) {
            EhcLinkException e = assertThrows(EhcLinkException.class,
                    () -> client(SECRET, stub.baseUri()).build().getHealthCardByQRCode("Q:1"));
            assertEquals(404, e.httpStatus());
            assertEquals(1, stub.count("getHealthCardByQRCode"));
        }
    }

    @Test
    void connectionRefusedIsALinkFailure() throws Exception {
        URI dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        EhcLinkException e = assertThrows(EhcLinkException.class,
                () -> client(SECRET, dead).maxAttempts(2).build().appToken());
        assertEquals(2, e.attempts());
        assertEquals("getAppToken", e.operation());
    }

    @Test
    void garbageAnswersAreMalformed() throws Exception {
        String[] bodies = {"not json", "", "[]", "{}", "{\"commonOut\":5}", "{\"commonOut\":{}}",
            "{\"commonOut\":{\"resultCode\":\"x\"}}", "{\"commonOut\":{\"resultCode\":0},\"rsp\":[]}",
            "{\"commonOut\":{\"resultCode\":0},\"rsp\":{}}", "{\"commonOut\":{\"resultCode\":0},\"rsp\":{\"card\":{}}}",
            "{\"commonOut\":{\"resultCode\":0},\"rsp\":{\"card\":{\"healthCardId\":\"C\",\"name\":\"N\","
                + "\"gender\":\"?\",\"idType\":\"01\",\"idNumber\":\"1\"}}}",
            "{\"commonOut\":{\"resultCode\":0}} trailing"};
        for (String body : bodies) {
            try (StubServer stub = new StubServer((op, n) -> op.equals("getAppToken")
                    ? StubServer.Reply.ok(StubServer.TOKEN_OK) : StubServer.Reply.ok(body))) {
                EhcMalformedResponseException e = assertThrows(EhcMalformedResponseException.class,
                        () -> client(SECRET, stub.baseUri()).build().getHealthCardByQRCode("Q:1"), body);
                assertEquals(ErrorCategory.MALFORMED_RESPONSE, e.category());
                assertEquals(1, stub.count("getHealthCardByQRCode"), "malformed is not retried: " + body);
            }
        }
    }

    @Test
    void badTokenAnswerIsMalformed() throws Exception {
        try (StubServer stub = new StubServer((op, n) -> StubServer.Reply.ok(
                "{\"commonOut\":{\"resultCode\":0},\"rsp\":{\"appToken\":\"T\",\"expiresIn\":-5}}"))) {
            EhcMalformedResponseException e = assertThrows(EhcMalformedResponseException.class,
                    () -> client(SECRET, stub.baseUri()).build().appToken());
            assertEquals("rsp.expiresIn", e.field());
        }
    }

    @Test
    void simulatorServesEightThreads() throws Exception {
        int threads = 8;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String id = idNumber(thread * 100 + i);
                        RegisteredHealthCard reg = client.registerHealthCard(zhang(id));
                        DynamicQrCode code = client.getDynamicQRCode(reg.healthCardId(),
                                IdDocumentType.RESIDENT_ID_CARD, id, QrCodeType.DYNAMIC);
                        HealthCard card = client.verifyQRCode(new QrVerification(code.qrCodeText(), "T" + thread,
                                UseScene.SAME_DAY_REGISTRATION, CardChannel.STAFFED_COUNTER));
                        assertEquals(id, card.idNumber());
                        client.reportHISData(new CardUseReport(code.qrCodeText(), id, "张三",
                                LocalDateTime.now(clock), UseScene.SAME_DAY_REGISTRATION,
                                CardChannel.STAFFED_COUNTER, "0300", "11"));
                        ids.add(reg.healthCardId());
                    }
                    return ids;
                }));
            }
            Set<String> all = ConcurrentHashMap.newKeySet();
            for (Future<List<String>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(threads * perThread, all.size());
            assertEquals(threads * perThread, sim.cardCount());
            assertEquals(threads * perThread, sim.reportedUses().size());
            assertEquals(1, sim.requestCount("getAppToken"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A valid resident ID number with sequence {@code n}. */
    private static String idNumber(int n) {
        String first17 = "11010519800101" + String.format("%03d", n);
        return first17 + io.yikatong.core.domain.ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void seededSimulatorsIssueTheSameCodes() throws Exception {
        EhcPlatformSimulator other = EhcPlatformSimulator.builder().appId("app-1").appSecret(SECRET).clock(clock)
                .seed(42).build();
        assertEquals(sim.preload(zhang(ID_NUMBER)), other.preload(zhang(ID_NUMBER)));
    }

    @Test
    void builderRejectsMissingSettings() {
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> EhcPlatformClient.builder().build());
        assertThrows(io.yikatong.core.InvalidInputException.class,
                () -> EhcPlatformClient.builder().baseUri(URI.create("ftp://x")));
        assertThrows(io.yikatong.core.InvalidInputException.class, () -> EhcPlatformClient.builder().maxAttempts(0));
    }
}
