package io.yikatong.samples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yikatong.card.CardLinkException;
import io.yikatong.card.pcsc.CardPresence;
import io.yikatong.card.pcsc.PcscReaders;
import io.yikatong.testkit.card.VpcdCardBridge;
import io.yikatong.testkit.card.VirtualHealthCards;
import io.yikatong.samples.cli.AgentCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in PC/SC mode against a virtual card served to the real pcscd through vpcd (needs
 * {@code bash sdk-testkit/src/test/scripts/pcscd-stack.sh start}; skipped without it, failed without it when CI=true):
 * insert and pull events over the WebSocket, a read with the development SAM, no_card after the pull.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AgentPcscTest {

    private static final String SLOT0 = "Virtual PCD 00 00";
    private static final String SLOT1 = "Virtual PCD 00 01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static PcscReaders stack() {
        String problem;
        try {
            PcscReaders readers = PcscReaders.open();
            if (readers.list().stream().anyMatch(r -> r.name().equals(SLOT0))) {
                return readers;
            }
            problem = "pcscd runs without the vpcd reader";
        } catch (CardLinkException e) {
            problem = "pcscd is not reachable: " + e.getMessage();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the PC/SC stack is required: " + problem);
        }
        assumeTrue(false, problem);
        return null;
    }

    @Test
    void servesAPcscReaderWithEvents() throws Exception {
        PcscReaders readers = stack();
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
        HttpClient http = HttpClient.newHttpClient();
        try (AgentServer agent = AgentCommand.start(List.of("--port", "0", "--reader", SLOT0, "--dev-sam",
                "development", "--token-file", dir.resolve("token").toString(), "--journal",
                dir.resolve("journal").toString()), l -> { })) {
            String token = Files.readString(dir.resolve("token")).strip();
            URI base = URI.create("http://127.0.0.1:" + agent.port());
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + agent.port() + "/v1/events"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            try {
                                events.add(JSON.readTree(data.toString()));
                            } catch (java.io.IOException e) {
                                events.add(JSON.createObjectNode().put("type", "unparsable"));
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertEquals("hello", events.poll(10, TimeUnit.SECONDS).get("type").asText());
            HttpRequest read = HttpRequest.newBuilder(base.resolve("/v1/card/read"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(404, http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode());
            try (VpcdCardBridge bridge = VpcdCardBridge.start(
                    VirtualHealthCards.transport(VirtualHealthCards.example()), VpcdCardBridge.DEFAULT_PORT)) {
                assertTrue(bridge.awaitConnected(10_000));
                JsonNode inserted = events.poll(15, TimeUnit.SECONDS);
                assertEquals("card-inserted", inserted == null ? null : inserted.get("type").asText());
                assertEquals(SLOT0, inserted.get("reader").asText());
                HttpResponse<String> r = http.send(read, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(io.yikatong.core.Redaction.name(AgentServerTest.expectedName()),
                        JSON.readTree(r.body()).at("/holder/name").asText(), "masked by default");
            }
            JsonNode removed = events.poll(15, TimeUnit.SECONDS);
            assertEquals("card-removed", removed == null ? null : removed.get("type").asText());
            HttpResponse<String> empty = http.send(read, HttpResponse.BodyHandlers.ofString());
            assertEquals(404, empty.statusCode(), empty.body());
            assertEquals("no_card", JSON.readTree(empty.body()).at("/error/code").asText());
            ws.abort();
        }
    }

    private static HttpResponse<String> call(HttpClient http, URI base, String token, String method, String path,
            String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(java.time.Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Issue 15: {@code card serve --example ssc} served to pcscd was 502 malformed_card_response in the agent. */
    @Test
    void readsASocialSecurityCardThroughPcscd() throws Exception {
        PcscReaders readers = stack();
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
        String expectedName;
        try (io.yikatong.card.CardSession direct = io.yikatong.card.CardSession.builder(
                io.yikatong.testkit.card.VirtualSocialSecurityCards.transport(
                        io.yikatong.testkit.card.VirtualSocialSecurityCards.example())).readChunk(256).build()) {
            expectedName = io.yikatong.card.social.SocialSecurityCardReader.of(
                    io.yikatong.card.social.InsecureSoftwareSocialSecurityModule.development()).read(direct)
                    .holder().name();
        }
        HttpClient http = HttpClient.newHttpClient();
        try (AgentServer agent = AgentCommand.start(List.of("--port", "0", "--reader", SLOT0, "--dev-sam",
                "development", "--token-file", dir.resolve("token").toString(), "--journal",
                dir.resolve("journal").toString()), l -> { });
                VpcdCardBridge bridge = VpcdCardBridge.start(io.yikatong.testkit.card.VirtualSocialSecurityCards
                        .transport(io.yikatong.testkit.card.VirtualSocialSecurityCards.example()),
                        VpcdCardBridge.DEFAULT_PORT)) {
            assertTrue(bridge.awaitConnected(10_000));
            assertTrue(readers.waitForCard(SLOT0, CardPresence.PRESENT, Duration.ofSeconds(15)));
            String token = Files.readString(dir.resolve("token")).strip();
            URI base = URI.create("http://127.0.0.1:" + agent.port());
            HttpResponse<String> full = call(http, base, token, "POST", "/v1/card/read?full=true&reader="
                    + java.net.URLEncoder.encode(SLOT0, StandardCharsets.UTF_8), null);
            assertEquals(200, full.statusCode(), full.body());
            JsonNode card = JSON.readTree(full.body());
            assertEquals("socialSecurityCard", card.get("cardType").asText());
            assertEquals(expectedName, card.at("/holder/name").asText());
            String ssn = card.at("/holder/socialSecurityNumber").asText();
            HttpResponse<String> masked = call(http, base, token, "POST", "/v1/card/read", null);
            assertEquals(200, masked.statusCode(), masked.body());
            assertFalse(masked.body().contains(ssn), "the social security number is masked by default");
            assertTrue(JSON.readTree(masked.body()).get("masked").asBoolean());
        }
    }

    /** A real PSAM (the virtual SAM through pcscd) in the second reader signs a visit record; its reader is not served. */
    @Test
    void aPsamInTheSecondReaderReadsTheCardAndSignsVisitRecords() throws Exception {
        PcscReaders readers = stack();
        assertTrue(readers.waitForCard(SLOT0, CardPresence.ABSENT, Duration.ofSeconds(10)));
        assertTrue(readers.waitForCard(SLOT1, CardPresence.ABSENT, Duration.ofSeconds(10)));
        Path pin = dir.resolve("sam-pin");
        Files.writeString(pin, "123456\n");
        Path root = dir.resolve("root.pem");
        Files.writeString(root, io.yikatong.testkit.card.InsecureDevelopmentPki.rootPublicKey().toX509Pem());
        HttpClient http = HttpClient.newHttpClient();
        try (VpcdCardBridge sam = VpcdCardBridge.start(io.yikatong.testkit.card.VirtualSam.transport(
                        io.yikatong.testkit.card.VirtualSam.example()), VpcdCardBridge.SECOND_SLOT_PORT);
                VpcdCardBridge card = VpcdCardBridge.start(VirtualHealthCards.transport(VirtualHealthCards.example()),
                        VpcdCardBridge.DEFAULT_PORT)) {
            assertTrue(sam.awaitConnected(10_000));
            assertTrue(card.awaitConnected(10_000));
            assertTrue(readers.waitForCard(SLOT1, CardPresence.PRESENT, Duration.ofSeconds(15)));
            assertTrue(readers.waitForCard(SLOT0, CardPresence.PRESENT, Duration.ofSeconds(15)));
            try (AgentServer agent = AgentCommand.start(List.of("--port", "0", "--sam-reader", SLOT1,
                    "--sam-pin-file", pin.toString(), "--record-root", root.toString(), "--token-file",
                    dir.resolve("token").toString(), "--journal", dir.resolve("journal").toString()), l -> { })) {
                String token = Files.readString(dir.resolve("token")).strip();
                URI base = URI.create("http://127.0.0.1:" + agent.port());
                HttpResponse<String> list = call(http, base, token, "GET", "/v1/readers", null);
                assertEquals(200, list.statusCode(), list.body());
                assertFalse(list.body().contains(SLOT1), "the PSAM's reader is not offered as a card reader: "
                        + list.body());
                assertEquals(SLOT0, JSON.readTree(list.body()).get("default").asText());
                HttpResponse<String> read = call(http, base, token, "POST", "/v1/card/read", null);
                assertEquals(200, read.statusCode(), read.body());
                assertEquals(io.yikatong.core.Redaction.name(AgentServerTest.expectedName()),
                        JSON.readTree(read.body()).at("/holder/name").asText(), "masked by default");
                HttpResponse<String> written = call(http, base, token, "POST", "/v1/card/visits",
                        "{\"institutionName\":\"一卡通虚拟医院\",\"institutionCode\":\"YKT0000001\","
                        + "\"visitTime\":\"2026-11-02T09:15:00\"}");
                assertEquals(200, written.statusCode(), written.body());
                int slot = JSON.readTree(written.body()).get("slot").asInt();
                HttpResponse<String> back = call(http, base, token, "GET", "/v1/card/visits/" + slot, null);
                assertEquals(200, back.statusCode(), back.body());
                assertTrue(JSON.readTree(back.body()).at("/signature/verified").asBoolean(), back.body());
                assertEquals("2026-11-02T09:15", JSON.readTree(back.body()).get("visitTime").asText());
            }
        }
    }
}
