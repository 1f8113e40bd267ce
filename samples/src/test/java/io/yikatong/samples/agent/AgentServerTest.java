package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.CardSession;
import io.yikatong.card.health.HealthCard;
import io.yikatong.card.health.HealthCardService;
import io.yikatong.testkit.card.InsecureDevelopmentPki;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.samples.cli.AgentCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real HTTP client (java.net.http) against the agent serving a virtual health card. */
class AgentServerTest {

    static final String PAYING_CODE = "134567890123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    AgentServer agent;
    String token;
    URI base;
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        agent = AgentCommand.start(List.of("--port", "0", "--token-file", dir.resolve("token").toString(),
                "--journal", dir.resolve("journal").toString(), "--allow-origin", "http://his.example:8080"), log::add);
        token = Files.readString(dir.resolve("token")).strip();
        base = URI.create("http://127.0.0.1:" + agent.port());
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    static String expectedName() throws Exception {
        try (HealthCardService s = HealthCardService.builder(CardSession.builder(VirtualHealthCards.transport(
                VirtualHealthCards.example())).readChunk(256).build())
                .securityModule(InsecureDevelopmentPki.securityModule()).build()) {
            HealthCard c = s.read();
            return c.holder().name();
        }
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void tokenFileIsCreatedOwnerOnlyAndReused() throws Exception {
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 bytes Base64url");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dir.resolve("token")));
        assertEquals(token, AgentToken.loadOrCreate(dir.resolve("token")));
        assertNotEquals(token, AgentToken.loadOrCreate(dir.resolve("other-token")));
    }

    @Test
    void readsTheCardMaskedByDefaultAndFullOnRequest() throws Exception {
        HttpResponse<String> r = send(post("/v1/card/read", ""));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode card = json(r);
        assertEquals(io.yikatong.core.Redaction.name(expectedName()), card.at("/holder/name").asText());
        assertEquals("residentHealthCard", card.get("cardType").asText());
        assertTrue(card.get("masked").asBoolean());
        String masked = card.at("/holder/idNumber").asText();
        // the masking policy: birth date and check character hidden, the birth date shows its year only
        assertTrue(masked.matches("[0-9]{6}\\*{8}[0-9]{3}\\*"), masked);
        assertEquals(masked, card.at("/issuer/cardNumber").asText());
        assertTrue(card.at("/holder/birthDate").asText().matches("[0-9]{4}-\\*\\*-\\*\\*"), r.body());
        JsonNode full = json(send(post("/v1/card/read?full=true", "")));
        String birth = full.at("/holder/birthDate").asText();
        for (String hidden : List.of(birth, birth.replace("-", ""), birth.substring(5), birth.substring(5).replace("-",
                ""), birth.replace("-", "/"), full.at("/holder/name").asText())) {
            assertFalse(r.body().contains(hidden), hidden + " appears in the masked answer: " + r.body());
        }
        assertEquals(18, full.at("/holder/idNumber").asText().length());
        assertFalse(full.at("/holder/idNumber").asText().contains("*"));
        assertEquals(masked.substring(0, 6), full.at("/holder/idNumber").asText().substring(0, 6));
        assertFalse(r.body().contains(full.at("/holder/idNumber").asText()), "the full ID appears nowhere: " + r.body());
        assertFalse(r.body().contains(full.at("/contact/phone1").asText()), "the phone appears nowhere");
        assertEquals(400, send(post("/v1/card/read?full=yes", "")).statusCode());
        // the log names method, path, status and time only: no name, no ID number, no token
        String all = String.join("\n", log);
        assertTrue(all.contains("POST /v1/card/read 200"), all);
        assertFalse(all.contains(expectedName()) || all.contains(full.at("/holder/idNumber").asText())
                || all.contains(token), all);
    }

    @Test
    void healthAndOpenapiNeedNoTokenButTheApiDoes() throws Exception {
        HttpResponse<String> h = send(HttpRequest.newBuilder(base.resolve("/v1/health")));
        assertEquals(200, h.statusCode());
        assertEquals("virtual", json(h).get("mode").asText());
        HttpResponse<String> spec = send(HttpRequest.newBuilder(base.resolve("/openapi.yaml")));
        assertEquals(200, spec.statusCode());
        assertTrue(spec.body().startsWith("openapi: 3.0"));
        for (String path : List.of("/v1/card/read", "/v1/readers", "/v1/payments/A1")) {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
            if (path.equals("/v1/card/read")) {
                b.POST(HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = send(b);
            assertEquals(401, r.statusCode(), path);
            assertEquals("unauthorized", json(r).at("/error/code").asText());
            assertEquals(401, send(b.header("Authorization", "Bearer " + token.substring(1) + "x")).statusCode());
        }
        HttpResponse<String> readers = send(HttpRequest.newBuilder(base.resolve("/v1/readers"))
                .header("Authorization", "Bearer " + token));
        assertEquals(200, readers.statusCode());
        assertTrue(json(readers).at("/readers/0/cardPresent").asBoolean());
    }

    @Test
    void theOpenapiDocumentCoversEveryRouteAndErrorCode() throws Exception {
        String spec = send(HttpRequest.newBuilder(base.resolve("/openapi.yaml"))).body();
        for (String route : agent.routes()) {
            String path = route.substring(route.indexOf(' ') + 1);
            String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
            String documented = path.equals("/demo") || path.equals("/demo/index.html") ? "/demo/" : path;
            int at = spec.indexOf("\n  " + documented + ":\n");
            assertTrue(at >= 0, "openapi.yaml lacks " + documented);
            int next = spec.indexOf("\n  /", at + 3);
            String block = spec.substring(at, next < 0 ? spec.length() : next);
            assertTrue(block.contains("\n    " + method + ":"), "openapi.yaml lacks " + route);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ApiException\\(\\d{3}, \"([a-z_]+)\"")
                .matcher("");
        int codes = 0;
        try (java.util.stream.Stream<Path> sources = Files.list(Path.of("src/main/java/io/yikatong/samples/agent"))) {
            for (Path source : sources.toList()) {
                m.reset(Files.readString(source));
                while (m.find()) {
                    codes++;
                    assertTrue(spec.contains(m.group(1)), "openapi.yaml lacks the error code " + m.group(1));
                }
            }
        }
        assertTrue(codes > 20, "found " + codes + " error codes in the sources");
    }

    @Test
    void foreignOriginsAreRefusedAndAllowedOnesGetCors() throws Exception {
        HttpResponse<String> evil = send(post("/v1/card/read", "").header("Origin", "http://evil.example"));
        assertEquals(403, evil.statusCode());
        assertEquals("origin_not_allowed", json(evil).at("/error/code").asText());
        HttpResponse<String> evilPreflight = send(HttpRequest.newBuilder(base.resolve("/v1/card/read"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(403, evilPreflight.statusCode());
        assertTrue(evilPreflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(base.resolve("/v1/card/read"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://his.example:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization"));
        assertEquals(204, preflight.statusCode());
        assertEquals("http://his.example:8080", preflight.headers().firstValue("Access-Control-Allow-Origin")
                .orElseThrow());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
        HttpResponse<String> allowed = send(post("/v1/card/read", "").header("Origin", "http://his.example:8080"));
        assertEquals(200, allowed.statusCode());
        assertEquals("http://his.example:8080", allowed.headers().firstValue("Access-Control-Allow-Origin")
                .orElseThrow());
    }

    @Test
    void foreignHostHeaderIsRefused() throws Exception {
        String answer = raw("GET /v1/health HTTP/1.1\r\nHost: attacker.example:" + agent.port() + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
        assertTrue(answer.contains("host_not_allowed"), answer);
    }

    @Test
    void oversizedBodyAndHeadersAreRefused() throws Exception {
        HttpResponse<String> big = send(post("/v1/qr/classify", "{\"text\":\"" + "a".repeat(70_000) + "\"}"));
        assertEquals(413, big.statusCode());
        assertEquals("body_too_large", json(big).at("/error/code").asText());
        String answer = raw("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nX-Big: "
                + "b".repeat(9000) + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
    }

    @Test
    void badJsonAndBadFieldsAre400NamingTheField() throws Exception {
        HttpResponse<String> broken = send(post("/v1/qr/classify", "{\"text\": "));
        assertEquals(400, broken.statusCode());
        assertEquals("body", json(broken).at("/error/field").asText());
        HttpResponse<String> wrongType = send(post("/v1/qr/classify", "{\"text\": 5}"));
        assertEquals(400, wrongType.statusCode());
        assertEquals("text", json(wrongType).at("/error/field").asText());
        assertTrue(json(wrongType).at("/error/message").asText().contains("text"));
        HttpResponse<String> amount = send(post("/v1/payments/barcode", "{\"amount\": 12.3, \"code\": \""
                + PAYING_CODE + "\"}"));
        assertEquals(400, amount.statusCode());
        assertEquals("amount", json(amount).at("/error/field").asText());
        assertEquals("code", json(send(post("/v1/payments/barcode", "{\"amount\": \"1.00\"}"))).at("/error/field")
                .asText());
        assertEquals("channel", json(send(post("/v1/payments/barcode", "{\"channel\":\"bitcoin\",\"amount\":\"1.00\","
                + "\"code\":\"" + PAYING_CODE + "\"}"))).at("/error/field").asText());
        assertEquals("amount", json(send(post("/v1/payments/barcode", "{\"amount\":\"1.234\",\"code\":\""
                + PAYING_CODE + "\"}"))).at("/error/field").asText());
        assertEquals(405, send(HttpRequest.newBuilder(base.resolve("/v1/card/read"))
                .header("Authorization", "Bearer " + token)).statusCode());
        assertEquals(404, send(post("/v1/nothing", "{}")).statusCode());
    }

    @Test
    void classifiesScannedCodes() throws Exception {
        HttpResponse<String> r = send(post("/v1/qr/classify", "{\"text\":\"" + PAYING_CODE + "\"}"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("wechat", json(r).get("channel").asText());
        assertFalse(r.body().contains(PAYING_CODE), "the payment code is masked");
    }

    @Test
    void verifiesSignedCodesAgainstTheTrustListItWasStartedWith() throws Exception {
        assertEquals(404, send(post("/v1/qr/verify", "{\"text\":\"YKT1:x\"}")).statusCode(), "no --trust: off");
        io.yikatong.core.crypto.Sm2KeyPair hospital = io.yikatong.core.crypto.Sm2KeyPair.generate(
                new java.security.SecureRandom());
        Path trust = dir.resolve("trust.json");
        Files.writeString(trust, "{\"issuers\":[{\"id\":\"YKT-BJ\",\"keys\":[{\"kid\":\"k1\",\"publicKeyPem\":\""
                + hospital.publicKey().toX509Pem().replace("\n", "\\n") + "\"}]}]}");
        agent.close();
        agent = AgentCommand.start(List.of("--port", "0", "--token-file", dir.resolve("token").toString(),
                "--journal", dir.resolve("journal3").toString(), "--trust", trust.toString()), log::add);
        base = URI.create("http://127.0.0.1:" + agent.port());
        String pass = io.yikatong.qr.token.TokenIssuer.builder().signingKey(hospital.privateKey()).issuer("YKT-BJ")
                .keyId("k1").clock(java.time.Clock.systemUTC()).random(new java.security.SecureRandom()).build()
                .issue(io.yikatong.qr.token.TokenClaims.builder()
                        .type(io.yikatong.qr.token.CredentialType.VISIT_PASS).subject("EMPI-1")
                        .ttl(Duration.ofMinutes(5)).oneTime(true).build());
        HttpResponse<String> ok = send(post("/v1/qr/verify", "{\"text\":\"" + pass + "\"}"));
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(json(ok).get("valid").asBoolean(), ok.body());
        assertEquals("EMPI-1", json(ok).get("subject").asText());
        HttpResponse<String> again = send(post("/v1/qr/verify", "{\"text\":\"" + pass + "\"}"));
        assertFalse(json(again).get("valid").asBoolean(), again.body());
        assertEquals("replayed", json(again).get("reason").asText());
        HttpResponse<String> forged = send(post("/v1/qr/verify", "{\"text\":\"" + pass.substring(0, pass.length() - 2)
                + "AA\"}"));
        assertFalse(json(forged).get("valid").asBoolean(), forged.body());
    }

    @Test
    void writesAnOutpatientVisitRecordAndReadsItBackVerified() throws Exception {
        HttpResponse<String> written = send(post("/v1/card/visits", "{\"institutionName\":\"一卡通虚拟医院\","
                + "\"institutionCode\":\"YKT0000001\",\"visitTime\":\"2026-11-01T08:30:00\",\"items\":{\"217\":\"内科\"}}"));
        assertEquals(200, written.statusCode(), written.body());
        JsonNode w = json(written);
        int slot = w.get("slot").asInt();
        assertTrue(slot >= 1 && slot <= 5, written.body());
        assertTrue(w.at("/signature/verified").asBoolean(), written.body());
        assertEquals("2026-11-01T08:30", w.get("visitTime").asText());
        HttpResponse<String> read = send(HttpRequest.newBuilder(base.resolve("/v1/card/visits/" + slot))
                .header("Authorization", "Bearer " + token));
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("一卡通虚拟医院", json(read).get("institutionName").asText());
        assertEquals("YKT0000001", json(read).get("institutionCode").asText());
        assertTrue(json(read).at("/signature/verified").asBoolean());
        assertFalse(json(read).at("/signature/signerName").asText().isEmpty());
        // bad input names its field; a slot out of range is 400
        HttpResponse<String> bad = send(post("/v1/card/visits", "{\"institutionName\":\"x\",\"institutionCode\":\"y\","
                + "\"visitTime\":\"yesterday\"}"));
        assertEquals(400, bad.statusCode());
        assertEquals("visitTime", json(bad).at("/error/field").asText());
        assertEquals(400, send(HttpRequest.newBuilder(base.resolve("/v1/card/visits/9"))
                .header("Authorization", "Bearer " + token)).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(base.resolve("/v1/card/visits/1"))).statusCode());
    }

    @Test
    void readersAreListedAndAddressedByName() throws Exception {
        HttpResponse<String> readers = send(HttpRequest.newBuilder(base.resolve("/v1/readers"))
                .header("Authorization", "Bearer " + token));
        assertEquals(VirtualCardSource.READER_NAME, json(readers).get("default").asText());
        assertEquals(VirtualCardSource.READER_NAME, json(readers).at("/readers/0/name").asText());
        HttpResponse<String> named = send(post("/v1/card/read?reader="
                + java.net.URLEncoder.encode(VirtualCardSource.READER_NAME, StandardCharsets.UTF_8), ""));
        assertEquals(200, named.statusCode(), named.body());
        assertEquals(VirtualCardSource.READER_NAME, json(named).get("reader").asText());
        HttpResponse<String> unknown = send(post("/v1/card/read?reader=nope", ""));
        assertEquals(404, unknown.statusCode());
        assertEquals("unknown_reader", json(unknown).at("/error/code").asText());
    }

    @Test
    void noCardIsTypedError() throws Exception {
        assertEquals(200, send(post("/v1/virtual/card", "{\"present\":false}")).statusCode());
        HttpResponse<String> r = send(post("/v1/card/read", ""));
        assertEquals(404, r.statusCode());
        assertEquals("no_card", json(r).at("/error/code").asText());
        assertEquals(400, send(post("/v1/virtual/card", "{\"present\":\"no\"}")).statusCode());
        assertEquals(200, send(post("/v1/virtual/card", "{\"present\":true}")).statusCode());
        assertEquals(200, send(post("/v1/card/read", "")).statusCode());
    }

    @Test
    void cardErrorsMapToDistinctCodes() {
        assertEquals("no_card", AgentServer.cardError(new io.yikatong.card.CardLinkException(
                io.yikatong.card.CardErrorCode.CARD_REMOVED, "x", null)).code());
        assertEquals("link_failed", AgentServer.cardError(new io.yikatong.card.CardLinkException(
                io.yikatong.card.CardErrorCode.LINK_FAILED, "x", null)).code());
        assertEquals("reader_unavailable", AgentServer.cardError(new io.yikatong.card.CardLinkException(
                io.yikatong.card.CardErrorCode.READER_UNAVAILABLE, "x", null)).code());
        assertEquals(422, AgentServer.cardError(new io.yikatong.card.CardRefusedException(
                io.yikatong.card.CommandApdu.of(0x00, 0xA4, 0x00, 0x00, new byte[] {(byte) 0xEF, 0x05}), io.yikatong.card.StatusWord.of(0x6A, 0x82), "select EF05")).status());
        assertEquals("malformed_card_response", AgentServer.cardError(
                new io.yikatong.card.MalformedCardResponseException("EF05", 0, 3, "bad tag", null)).code());
    }

    @Test
    void twentyConcurrentReadsAllSucceedSerialised() throws Exception {
        String name = io.yikatong.core.Redaction.name(expectedName());   // masked by default
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(http.sendAsync(post("/v1/card/read", "").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(90, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(name, json(r).at("/holder/name").asText());
        }
        VirtualCardSource card = virtualCard();
        assertEquals(20, card.sessionCount());
        assertEquals(1, card.maxConcurrentSessions(), "the card saw overlapping sessions");
    }

    private VirtualCardSource virtualCard() {
        return (VirtualCardSource) agent.cardSource();
    }

    @Test
    void aCallerThatWaitsTooLongGetsBusy() throws Exception {
        agent.close();
        agent = AgentCommand.start(List.of("--port", "0", "--token-file", dir.resolve("token").toString(),
                "--journal", dir.resolve("journal2").toString(), "--lock-timeout-ms", "0"), log::add);
        base = URI.create("http://127.0.0.1:" + agent.port());
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(http.sendAsync(post("/v1/card/read", "").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        int ok = 0;
        int busy = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(90, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(409, r.statusCode(), r.body());
                assertEquals("busy", json(r).at("/error/code").asText());
                busy++;
            }
        }
        assertTrue(ok >= 1 && busy >= 1, ok + " ok, " + busy + " busy");
        assertEquals(1, virtualCard().maxConcurrentSessions());
    }

    @Test
    void webSocketReceivesCardEvents() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + agent.port()
                + "/v1/events?token=" + token), new WebSocket.Listener() {
                    final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            messages.add(part.toString());
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        JsonNode hello = JSON.readTree(messages.poll(10, TimeUnit.SECONDS));
        assertEquals("hello", hello.get("type").asText());
        assertTrue(hello.get("cardPresent").asBoolean());
        assertEquals(200, send(post("/v1/virtual/card", "{\"present\":false}")).statusCode());
        JsonNode removed = JSON.readTree(messages.poll(10, TimeUnit.SECONDS));
        assertEquals("card-removed", removed.get("type").asText());
        assertEquals(VirtualCardSource.READER_NAME, removed.get("reader").asText());
        assertTrue(removed.get("at").asText().endsWith("Z"));
        assertEquals(200, send(post("/v1/virtual/card", "{\"present\":true}")).statusCode());
        assertEquals("card-inserted", JSON.readTree(messages.poll(10, TimeUnit.SECONDS)).get("type").asText());
        // ping is answered with pong; close is echoed
        ws.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1, 2})).get(5, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertNull(messages.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void webSocketWithoutTokenIsRefused() throws Exception {
        String answer = raw("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
    }

    @Test
    void webSocketAcceptFollowsRfc6455() throws Exception {
        // the example of RFC 6455 section 1.3, through the agent's handshake
        try (Socket s = new Socket("127.0.0.1", agent.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /v1/events?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + agent.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head);
        }
    }

    @Test
    void paymentsGoToTheChannelTheAgentWasStartedWith() throws Exception {
        agent.close();
        agent = AgentCommand.start(List.of("--port", "0", "--token-file", dir.resolve("token").toString(),
                "--journal", dir.resolve("journal4").toString(), "--channel", "alipay"), log::add);
        base = URI.create("http://127.0.0.1:" + agent.port());
        HttpResponse<String> paid = send(post("/v1/payments/barcode", "{\"channel\":\"alipay\",\"amount\":\"8.00\","
                + "\"code\":\"281234567890123456\"}"));
        assertEquals(200, paid.statusCode(), paid.body());
        assertEquals("paid", json(paid).get("status").asText());
        assertEquals(800, json(paid).get("amountFen").asLong());
        HttpResponse<String> wrong = send(post("/v1/payments/barcode", "{\"channel\":\"wechat\",\"amount\":\"8.00\","
                + "\"code\":\"" + PAYING_CODE + "\"}"));
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertEquals("channel", json(wrong).get("error").get("field").asText());
        Exception medicalInsurance = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> AgentCommand.start(List.of("--port", "0", "--token-file", dir.resolve("token").toString(),
                        "--channel", "medical-insurance"), log::add));
        assertTrue(medicalInsurance.getMessage().contains("agent payments take"), medicalInsurance.getMessage());
    }

    @Test
    void barcodePaymentIsPaidThroughTheSimulatorAndQueryable() throws Exception {
        HttpResponse<String> r = send(post("/v1/payments/barcode", "{\"channel\":\"wechat\",\"amount\":\"12.30\","
                + "\"code\":\"" + PAYING_CODE + "\"}"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode paid = json(r);
        assertEquals("paid", paid.get("status").asText());
        assertEquals(1230, paid.get("amountFen").asLong());
        String orderNo = paid.get("orderNo").asText();
        HttpResponse<String> q = send(HttpRequest.newBuilder(base.resolve("/v1/payments/" + orderNo))
                .header("Authorization", "Bearer " + token));
        assertEquals(200, q.statusCode(), q.body());
        assertEquals("paid", json(q).get("status").asText());
        assertEquals(orderNo, json(q).get("orderNo").asText());
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(base.resolve("/v1/payments/NOSUCHORDER1"))
                .header("Authorization", "Bearer " + token));
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void refundsClosesAndQrPaymentsGoThroughThePaymentClient() throws Exception {
        JsonNode paid = json(send(post("/v1/payments/barcode", "{\"amount\":\"20.00\",\"code\":\"" + PAYING_CODE
                + "\"}")));
        String orderNo = paid.get("orderNo").asText();
        HttpResponse<String> refund = send(post("/v1/payments/" + orderNo + "/refund", "{\"amount\":\"5.00\","
                + "\"reason\":\"退药\"}"));
        assertEquals(200, refund.statusCode(), refund.body());
        // WeChat Pay refunds are asynchronous: refunded now, or pending until the refund query says so
        assertTrue(List.of("refunded", "pending").contains(json(refund).get("status").asText()), refund.body());
        String refundNo = json(refund).get("refundNo").asText();
        HttpResponse<String> refundQuery = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            refundQuery = send(HttpRequest.newBuilder(base.resolve("/v1/refunds/" + refundNo))
                    .header("Authorization", "Bearer " + token));
            assertEquals(200, refundQuery.statusCode(), refundQuery.body());
        } while (!"refunded".equals(json(refundQuery).get("status").asText()) && System.nanoTime() < deadline
                && sleep(200));
        assertEquals("refunded", json(refundQuery).get("status").asText(), refundQuery.body());
        assertEquals(500, json(refundQuery).get("amountFen").asLong());
        HttpResponse<String> tooMuch = send(post("/v1/payments/" + orderNo + "/refund", "{\"amount\":\"99.00\"}"));
        assertTrue(tooMuch.statusCode() == 400 || "declined".equals(json(tooMuch).path("status").asText()),
                tooMuch.body());
        assertEquals(400, send(post("/v1/payments/" + orderNo + "/refund", "{\"amount\":5}")).statusCode());
        assertEquals(404, send(post("/v1/payments/NOSUCHORDER1/refund", "{\"amount\":\"1.00\"}")).statusCode());

        HttpResponse<String> qr = send(post("/v1/payments/qr", "{\"amount\":\"3.50\",\"description\":\"挂号费\"}"));
        assertEquals(200, qr.statusCode(), qr.body());
        assertEquals("pending", json(qr).get("status").asText(), qr.body());
        assertTrue(json(qr).get("codeUrl").asText().length() > 5, qr.body());
        String qrOrder = json(qr).get("orderNo").asText();
        HttpResponse<String> closed = send(post("/v1/payments/" + qrOrder + "/close", ""));
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals("closed", json(closed).get("status").asText(), closed.body());
        assertEquals(405, send(HttpRequest.newBuilder(base.resolve("/v1/payments/" + qrOrder + "/close"))
                .header("Authorization", "Bearer " + token)).statusCode());
    }

    @Test
    void fuzzedRequestsAreAnswered4xxOrClosedWithoutLeaks() throws Exception {
        Random random = new Random(6);
        String[] pieces = {"GET ", "POST ", "/v1/health", "/v1/card/read", " HTTP/1.1", "\r\n", "\n", "\r",
            "Host: 127.0.0.1:" + agent.port(), "Content-Length: ", "99999999", "5", ": ", "Transfer-Encoding: chunked",
            "\u0000", "\u00ff", "{", " ", "Authorization: Bearer " + token};
        for (int i = 0; i < 200; i++) {
            String request;
            if (random.nextBoolean()) {
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                request = new String(b, StandardCharsets.ISO_8859_1);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int k = random.nextInt(12); k >= 0; k--) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                request = sb.toString() + "\r\n\r\n";
            }
            String answer = raw(request);
            if (!answer.isEmpty()) {
                int status = Integer.parseInt(answer.substring(9, 12));
                assertTrue(status < 500, answer);
                assertFalse(answer.contains("Exception") || answer.contains("\tat "), answer);
            }
        }
        // all connection threads end (none stuck on a half-sent request beyond the read time-out)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (agent.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, agent.activeConnections());
        assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/v1/health"))).statusCode());
        assertFalse(log.stream().anyMatch(l -> l.contains("internal error")), String.join("\n", log));
    }

    @Test
    void closeStopsServingAndEndsItsThreads() throws Exception {
        int port = agent.port();
        assertEquals(200, send(post("/v1/card/read", "")).statusCode());
        agent.close();
        agent.close();
        assertTrue(raw(port, "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").isEmpty());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (agentThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, agentThreads());
    }

    private static long agentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("yikatong-agent-")).count();
    }

    @Test
    void unmaskedAndOversizedClientFramesCloseTheWebSocket() throws Exception {
        for (byte[] frame : List.of(new byte[] {(byte) 0x81, 0x02, 'h', 'i'},
                // a 2 GB frame header and the first payload bytes (Jetty checks the size when the payload starts)
                new byte[] {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0x7F, 0, 0, 0, 1, 2, 3, 4, 'x', 'y', 'z', 'w'})) {
            try (Socket s = new Socket("127.0.0.1", agent.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET /v1/events?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:"
                        + agent.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 101 "), head);
                assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head);
                int hello = in.read();
                assertEquals(0x81, hello);
                in.readNBytes(in.read());
                s.getOutputStream().write(frame);
                assertEquals(0x88, in.read(), "a close frame");
                int len = in.read();
                byte[] payload = in.readNBytes(len);
                int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                assertEquals(frame[1] == 0x02 ? 1002 : 1009, code);
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    String raw(String request) throws IOException {
        return raw(agent.port(), request);
    }

    /** Sends raw bytes, half-closes, returns the whole answer ("" if refused or closed without one). */
    static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.shutdownOutput();
            } catch (IOException e) {
                // the agent answered and closed early (413, 431)
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (IOException e) {
                // reset after the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (java.net.ConnectException e) {
            return "";
        }
    }
}
